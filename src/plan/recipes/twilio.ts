import type { RecipeDescriptor } from './descriptor';

export const twilio: RecipeDescriptor = {
  name: 'twilio',
  title: 'Twilio',
  summary:
    '`x-twilio-signature`, base64 HMAC-SHA1 of the public URL plus the sorted form parameters',
  detect: [/^x-twilio-signature$/],
  defaultHeader: 'x-twilio-signature',
  keyKind: 'secret',
  readme:
    "Twilio signs each request with the account's **Auth Token**: `x-twilio-signature` is the base64 HMAC-SHA1 of the full URL Twilio called followed by the form parameters, sorted by name, each as name and value. Proxies rewrite the host, so the receiver rebuilds the URL from `WEBHOOK_PUBLIC_URL` plus the path and query it received; it tries it with and without the default port, as Twilio's own library does. A JSON body is covered through the URL: Twilio adds `bodySHA256=<hex SHA-256 of the body>` to the query, and the receiver checks that hash too (a non-form body without it is rejected). Twilio signs no timestamp (no window); `i-twilio-idempotency-token` is the handler's `deliveryId`.",
  facts: () => ({
    headers: ['x-twilio-signature', 'i-twilio-idempotency-token'],
    signedContent:
      '`WEBHOOK_PUBLIC_URL` + path and query + sorted form `name` `value` pairs (JSON bodies: `bodySHA256` in the query)',
    window: false,
    deliveryId: '`i-twilio-idempotency-token`',
    environment: [
      {
        name: 'WEBHOOK_PUBLIC_URL',
        default: '',
        doc: 'The public origin Twilio calls (and any path prefix a proxy removes), for example https://hooks.example.com. Required: the signature covers the URL.',
      },
    ],
    tamperedBodyReason: 'body_hash_mismatch',
    tests: [
      {
        title: 'rejects a hex digest in place of base64',
        edits: [{ header: '{signature}', set: '0a4d55a8d778e5022fab701977c5d840bbc486d0' }],
        reason: 'malformed_signature',
      },
    ],
  }),
  runtime: { module: 'twilio', factory: 'twilio' },
  vectors: [
    {
      source:
        'TwilioDevEd/api-snippets security/signature_validation/signature_validation.2.x.js (the example of Twilio\'s "Webhooks security" docs)',
      key: '12345',
      body: 'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
      },
      nowSeconds: 1700000000,
      publicUrl: 'https://mycompany.com',
      url: '/myapp.php?foo=1&bar=2',
    },
  ],
};
