import type { RecipeDescriptor } from './descriptor';

export const github: RecipeDescriptor = {
  name: 'github',
  title: 'GitHub',
  summary:
    '`x-hub-signature-256: sha256=<hex>`, HMAC-SHA256 of the raw body; the prefix is required',
  detect: [/^x-hub-signature-256$/, /^x-hub-signature$/],
  defaultHeader: 'x-hub-signature-256',
  keyKind: 'secret',
  readme:
    "GitHub signs each delivery with the webhook's secret: `x-hub-signature-256` is `sha256=` and the hex HMAC-SHA256 of the raw body. The prefix is required, and the legacy SHA-1 `x-hub-signature` is never accepted in its place. GitHub signs no timestamp, so a captured delivery cannot be told from a redelivery by its signature: `x-github-delivery` (the same on a redelivery) is the handler's `deliveryId`; keep handlers idempotent on it.",
  adjustHeader(header, warnings) {
    if (header !== 'x-hub-signature') return header;
    warnings.push(
      "the document names GitHub's legacy SHA-1 header x-hub-signature; the receiver reads x-hub-signature-256 instead (SHA-1 signatures are never accepted)",
    );
    return 'x-hub-signature-256';
  },
  facts: () => ({
    headers: ['x-hub-signature-256', 'x-github-delivery'],
    signedContent: 'the raw body',
    window: false,
    deliveryId: '`x-github-delivery`',
    environment: [],
    tests: [
      {
        title: 'rejects the digest without its sha256= prefix',
        edits: [{ header: '{signature}', replace: ['^sha256=', ''] }],
        reason: 'malformed_signature',
      },
      {
        title: 'rejects a sha1= digest in the sha256 header',
        edits: [{ header: '{signature}', replace: ['^sha256=', 'sha1='] }],
        reason: 'unsupported_version',
      },
      {
        title: 'never accepts the legacy x-hub-signature in place of x-hub-signature-256',
        edits: [
          { header: '{signature}', remove: true },
          { header: 'x-hub-signature', set: 'sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0' },
        ],
        reason: 'missing_signature',
      },
      {
        title: 'rejects an upper-case prefix (GitHub sends sha256=)',
        edits: [{ header: '{signature}', replace: ['^sha256=', 'SHA256='] }],
        reason: 'malformed_signature',
      },
    ],
  }),
  runtime: { module: 'github', factory: 'github' },
  vectors: [
    {
      source:
        'GitHub Docs, "Validating webhook deliveries": testing the webhook payload validation',
      key: "It's a Secret to Everybody",
      body: 'Hello, World!',
      headers: {
        'x-hub-signature-256':
          'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      nowSeconds: 1700000000,
    },
  ],
};
