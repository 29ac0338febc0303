import { windowed, type RecipeDescriptor } from './descriptor';

export const zoom: RecipeDescriptor = {
  name: 'zoom',
  title: 'Zoom',
  summary: '`x-zm-signature: v0=<hex>`, HMAC-SHA256 of `v0:<timestamp>:<body>`, window both ways',
  detect: [/^x-zm-signature$/],
  defaultHeader: 'x-zm-signature',
  keyKind: 'secret',
  readme:
    "Zoom signs each event with the app's **Secret Token** (Features → Access of the app): `x-zm-signature` is `v0=` and the hex HMAC-SHA256 of `v0:<x-zm-request-timestamp>:<body>`. Events outside the window, either way, and signatures already seen within it are rejected. Zoom's endpoint URL validation (`endpoint.url_validation`, answered with an HMAC of `plainToken`) is an event your handler answers; this receiver verifies it like any other event.",
  facts: () =>
    windowed({
      headers: ['x-zm-signature', 'x-zm-request-timestamp'],
      signedContent: '`v0:<timestamp>:<body>`',
      replayKey: 'the signature',
      tests: [
        {
          title: 'rejects another signature version',
          edits: [{ header: '{signature}', replace: ['^v0=', 'v1='] }],
          reason: 'unsupported_version',
        },
        {
          title: 'rejects a request without x-zm-request-timestamp',
          edits: [{ header: 'x-zm-request-timestamp', remove: true }],
          reason: 'missing_timestamp',
        },
      ],
    }),
  runtime: { module: 'zoom', factory: 'zoom' },
  vectors: [
    {
      source:
        'Zoom publishes no fixed vector: computed from the algorithm of the Zoom docs ("Verify webhook events") with Python\'s hmac module, independently of this code',
      key: 'zoom-secret-token',
      body: '{"event":"meeting.started","payload":{"account_id":"abc"},"event_ts":1700000000000}',
      headers: {
        'x-zm-signature': 'v0=1c9494d2b105ef8b80992271383c6d2d4f018b64072c2759bea68726d841b877',
        'x-zm-request-timestamp': '1700000000',
      },
      nowSeconds: 1700000000,
    },
  ],
};
