import { windowed, type RecipeDescriptor } from './descriptor';

export const standardWebhooks: RecipeDescriptor = {
  name: 'standard-webhooks',
  title: 'Standard Webhooks (Svix)',
  summary:
    '`webhook-signature: v1,<base64>` HMAC-SHA256 of `<id>.<timestamp>.<body>`, `whsec_` secret, replay by `webhook-id`',
  detect: [/^webhook-signature$/, /^svix-signature$/],
  defaultHeader: 'webhook-signature',
  unusableKey: 'whsec_%%%',
  keyKind: 'secret',
  readme:
    'Standard Webhooks (the scheme of Svix and the providers that use it) sends `webhook-id`, `webhook-timestamp` and `webhook-signature` (Svix: `svix-id`, `svix-timestamp`, `svix-signature`). The signature header is a space-separated list of `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`; any one matching is enough. The secret is the `whsec_...` value, base64-decoded. The `webhook-id` is recorded until the window ends (a captured message is accepted once) and is the handler\'s `deliveryId`.',
  facts: () =>
    windowed({
      headers: ['webhook-signature', 'webhook-id', 'webhook-timestamp', 'svix-*'],
      signedContent: '`<id>.<timestamp>.<body>`',
      replayKey: '`webhook-id`',
      deliveryId: '`webhook-id`',
      tests: [
        {
          title: 'rejects a message without its webhook-id',
          edits: [
            { header: 'webhook-id', remove: true },
            { header: 'svix-id', remove: true },
          ],
          reason: 'missing_id',
        },
        {
          title: 'rejects a signature list with only another version',
          edits: [{ header: '{signature}', replace: ['^v1,', 'v2,'] }],
          reason: 'unsupported_version',
        },
        {
          title: 'accepts a list where one of several signatures matches',
          edits: [
            {
              header: '{signature}',
              replace: ['^', 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc '],
            },
          ],
          reason: null,
        },
      ],
    }),
  runtime: { module: 'standard-webhooks', factory: 'standardWebhooks' },
  vectors: [
    {
      source:
        'standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts ("sign function works")',
      key: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      body: '{"test": 2432232314}',
      headers: {
        'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        'webhook-timestamp': '1614265330',
        'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      },
      nowSeconds: 1614265330,
    },
  ],
};
