import type { RecipeDescriptor } from './descriptor';

export const shopify: RecipeDescriptor = {
  name: 'shopify',
  title: 'Shopify',
  summary: '`x-shopify-hmac-sha256`, a bare base64 HMAC-SHA256 of the raw body',
  detect: [/^x-shopify-hmac-sha256$/],
  defaultHeader: 'x-shopify-hmac-sha256',
  keyKind: 'secret',
  readme:
    "Shopify signs each webhook with the app's client secret (or the secret shown with webhooks created in the admin): `x-shopify-hmac-sha256` is the base64 HMAC-SHA256 of the raw body, with no prefix. Shopify signs no timestamp, so there is no window; `x-shopify-webhook-id` is the handler's `deliveryId`, for idempotent handlers.",
  facts: () => ({
    headers: ['x-shopify-hmac-sha256', 'x-shopify-webhook-id'],
    signedContent: 'the raw body',
    window: false,
    deliveryId: '`x-shopify-webhook-id`',
    environment: [],
    tests: [
      {
        title: 'rejects a hex digest in place of base64',
        edits: [
          {
            header: '{signature}',
            set: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
          },
        ],
        reason: 'malformed_signature',
      },
      {
        title: 'rejects a prefixed digest',
        edits: [{ header: '{signature}', replace: ['^', 'sha256='] }],
        reason: 'malformed_signature',
      },
    ],
  }),
  runtime: { module: 'shopify', factory: 'shopify' },
  vectors: [
    {
      source:
        "RFC 4231 test case 2 (HMAC-SHA256) in Shopify's header form; Shopify publishes no fixed vector",
      key: 'Jefe',
      body: 'what do ya want for nothing?',
      headers: { 'x-shopify-hmac-sha256': 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=' },
      nowSeconds: 1700000000,
    },
  ],
};
