import { windowed, type RecipeDescriptor } from './descriptor';

export const stripe: RecipeDescriptor = {
  name: 'stripe',
  title: 'Stripe',
  summary: '`stripe-signature: t=<unix>,v1=<hex>`, HMAC-SHA256 of `<t>.<body>`, window both ways',
  detect: [/^stripe-signature$/],
  defaultHeader: 'stripe-signature',
  keyKind: 'secret',
  readme:
    'Stripe signs each event with the endpoint\'s signing secret (`whsec_...`, used as it is): `stripe-signature` holds `t=<unix time>` and one or more `v1=<hex HMAC-SHA256 of "<t>.<body>">` (several while Stripe rolls the secret), in any order, with other keys ignored. A header without `t`, a timestamp outside the window in either direction, and a signature already seen within the window are rejected.',
  facts: () =>
    windowed({
      headers: ['stripe-signature'],
      signedContent: '`<t>.<body>`',
      replayKey: 'the matched `v1` signature',
      tests: [
        {
          title: 'rejects a header without a timestamp',
          edits: [{ header: '{signature}', replace: ['^t=\\d+,', ''] }],
          reason: 'missing_timestamp',
        },
        {
          title: 'rejects a header with only another scheme version (v0)',
          edits: [{ header: '{signature}', replace: ['v1=', 'v0='] }],
          reason: 'unsupported_version',
        },
        {
          title: 'accepts pairs in any order, several v1 values and unknown keys',
          edits: [
            {
              header: '{signature}',
              replace: [
                '^(t=\\d+),(v1=[0-9a-f]+)$',
                'v1=0000000000000000000000000000000000000000000000000000000000000000,future=x,$2,$1',
              ],
            },
          ],
          reason: null,
        },
      ],
    }),
  runtime: { module: 'stripe', factory: 'stripe' },
  vectors: [
    {
      source:
        'stripe@23.1.0 webhooks.generateTestHeaderString (Stripe publishes no fixed vector; rechecked against the SDK in test/recipes.test.ts)',
      key: 'whsec_test_secret',
      body: '{"id":"evt_test_webhook","object":"event"}',
      headers: {
        'stripe-signature':
          't=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990',
      },
      nowSeconds: 1700000000,
    },
  ],
};
