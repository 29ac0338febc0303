import { windowed, type RecipeDescriptor } from './descriptor';

export const ed25519: RecipeDescriptor = {
  name: 'ed25519',
  title: 'Ed25519 public key (Discord-style)',
  summary:
    '`x-signature-ed25519` (hex) over `<x-signature-timestamp><body>`, checked with a public key',
  detect: [/^x-signature-ed25519$/],
  defaultHeader: 'x-signature-ed25519',
  unusableKey: 'not a key',
  keyKind: 'public-key',
  readme:
    'The provider signs each request with its Ed25519 private key; the receiver holds only the **public key** (Discord: "Public Key" on the application\'s General Information page, 64 hex characters; PEM works too). `x-signature-ed25519` is the hex signature of `<x-signature-timestamp><body>`. Requests outside the window, either way, and content already seen within it are rejected. No secret is shared: a leaked public key lets nobody sign.',
  facts: () =>
    windowed({
      headers: ['x-signature-ed25519', 'x-signature-timestamp'],
      signedContent: '`<timestamp><body>`',
      replayKey: 'a SHA-256 digest of the signed content',
      tests: [
        {
          title: 'rejects a request without x-signature-timestamp',
          edits: [{ header: 'x-signature-timestamp', remove: true }],
          reason: 'missing_timestamp',
        },
        {
          title: 'rejects a base64 signature in place of hex',
          edits: [{ header: '{signature}', set: 'c2lnbmF0dXJl' }],
          reason: 'malformed_signature',
        },
      ],
    }),
  runtime: { module: 'ed25519', factory: 'ed25519' },
  vectors: [
    {
      source:
        "Discord publishes no fixed vector (discord-interactions-js tests sign with fresh keys): the RFC 8032 TEST 1 key pair signing discord-interactions-js's PING body, checked with discord-interactions@4.4.0 verifyKey in test/recipes.test.ts",
      key: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      body: '{"id":"787053080478613555","token":"ThisIsATokenFromDiscordThatIsVeryLong","type":1,"version":1}',
      headers: {
        'x-signature-ed25519':
          'f0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed80b',
        'x-signature-timestamp': '1700000000',
      },
      nowSeconds: 1700000000,
    },
  ],
};
