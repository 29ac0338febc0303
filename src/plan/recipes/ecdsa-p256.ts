import { windowed, type RecipeDescriptor } from './descriptor';

export const ecdsaP256: RecipeDescriptor = {
  name: 'ecdsa-p256',
  title: 'ECDSA P-256 public key (SendGrid-style)',
  summary:
    '`x-twilio-email-event-webhook-signature` (base64 DER ECDSA/SHA-256) over `<timestamp><body>`, checked with a public key',
  detect: [/^x-twilio-email-event-webhook-signature$/],
  defaultHeader: 'x-twilio-email-event-webhook-signature',
  unusableKey: 'not a key',
  keyKind: 'public-key',
  readme:
    'The provider signs each request with its ECDSA P-256 private key; the receiver holds only the **public key** (SendGrid: the "Verification Key" shown when signed event webhooks are enabled, base64; PEM works too). `x-twilio-email-event-webhook-signature` is the base64 DER signature (SHA-256) of `<x-twilio-email-event-webhook-timestamp><body>`. Requests outside the window, either way, and content already seen within it are rejected (by a digest of the content: an ECDSA signature can be re-encoded, the content cannot).',
  facts: () =>
    windowed({
      headers: ['x-twilio-email-event-webhook-signature', 'x-twilio-email-event-webhook-timestamp'],
      signedContent: '`<timestamp><body>`',
      replayKey: 'a SHA-256 digest of the signed content',
      tests: [
        {
          title: 'rejects a request without the timestamp header',
          edits: [{ header: 'x-twilio-email-event-webhook-timestamp', remove: true }],
          reason: 'missing_timestamp',
        },
      ],
    }),
  runtime: { module: 'ecdsa-p256', factory: 'ecdsaP256' },
  vectors: [
    {
      source: 'sendgrid/sendgrid-nodejs packages/eventwebhook/src/eventwebhook.spec.js',
      key: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
      body: '{"category":"example_payload","event":"test_event","message_id":"message_id"}',
      headers: {
        'x-twilio-email-event-webhook-signature':
          'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
        'x-twilio-email-event-webhook-timestamp': '1588788367',
      },
      nowSeconds: 1588788367,
    },
  ],
};
