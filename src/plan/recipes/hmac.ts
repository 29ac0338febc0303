import {
  REPLAY,
  TOLERANCE,
  WINDOW_TESTS,
  type RecipeDescriptor,
  type RecipeOptions,
} from './descriptor';
import { SLACK_DOCS_BODY } from './slack';

const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const has = (template: string | undefined, name: string) =>
  template?.includes(`{${name}}`) ?? false;

function timed(options: RecipeOptions): boolean {
  return has(options.value, 'timestamp') || options.timestampHeader !== undefined;
}

export const hmac: RecipeDescriptor = {
  name: 'hmac',
  title: 'generic HMAC',
  summary:
    'an HMAC configured field by field: algorithm, encoding, header value and signed content',
  detect: [],
  defaultHeader: 'x-signature',
  keyKind: 'secret',
  readme:
    "A generic HMAC, configured rather than guessed (with `--signature-option key=value` or the document's `x-hookwright-signature` extension): the receiver computes the HMAC of the signed content, over the raw body bytes, with each secret, and compares it in constant time with the value in the signature header.",
  options: {
    algorithm: { doc: 'HMAC hash', values: ['sha1', 'sha256', 'sha512'], default: 'sha256' },
    encoding: { doc: 'how the digest is written', values: ['hex', 'base64'], default: 'hex' },
    header: { doc: "the signature header (else the scheme's)", pattern: HEADER },
    value: {
      doc: 'the header value around the digest: {signature}, sha256={signature}, t={timestamp},v1={signature}',
      pattern: /^[^{}]*(\{(signature|timestamp)\}[^{}]*)+$/,
      default: '{signature}',
    },
    content: {
      doc: 'what is signed, over {body}, {timestamp}, {nonce} and {id}: {body}, {timestamp}.{body}',
      pattern: /^[^{}]*(\{(body|timestamp|nonce|id)\}[^{}]*)+$/,
      default: '{body}',
    },
    timestampHeader: { doc: 'the header carrying the signed unix timestamp', pattern: HEADER },
    nonceHeader: { doc: 'the header carrying a nonce (the replay key)', pattern: HEADER },
    idHeader: { doc: 'the header carrying the delivery id', pattern: HEADER },
    tolerance: {
      doc: 'the timestamp window in seconds, both ways (0 = off)',
      pattern: /^\d{1,9}$/,
      default: '300',
    },
  },
  checkOptions(options) {
    const { value = '', content = '' } = options;
    if (!has(value, 'signature')) return 'value must contain {signature}';
    if ((value.match(/\{signature\}/g) ?? []).length > 1)
      return 'value must contain {signature} once';
    if (!has(content, 'body')) return 'content must contain {body}';
    if (has(content, 'timestamp') && !timed(options)) {
      return '{timestamp} is signed: set timestampHeader, or put {timestamp} in value';
    }
    if (has(value, 'timestamp') && options.timestampHeader !== undefined) {
      return 'the timestamp comes from value or from timestampHeader, not both';
    }
    if (has(content, 'nonce') && options.nonceHeader === undefined)
      return '{nonce} is signed: set nonceHeader';
    if (has(content, 'id') && options.idHeader === undefined) return '{id} is signed: set idHeader';
    return undefined;
  },
  facts(options) {
    const window = timed(options);
    const replayKey =
      options.nonceHeader !== undefined
        ? `the nonce (\`${options.nonceHeader}\`)`
        : options.idHeader !== undefined
          ? `the id (\`${options.idHeader}\`)`
          : window
            ? 'the signature'
            : undefined;
    return {
      headers: [options.timestampHeader, options.nonceHeader, options.idHeader].filter(
        (name): name is string => name !== undefined,
      ),
      signedContent: `\`${options.content}\` (${options.algorithm}, ${options.encoding}), header value \`${options.value}\``,
      window,
      replayKey,
      deliveryId: options.idHeader ?? options.nonceHeader,
      environment: window
        ? [{ ...TOLERANCE, default: options.tolerance ?? '300' }, ...(replayKey ? [REPLAY] : [])]
        : replayKey
          ? [REPLAY]
          : [],
      tests:
        window && options.tolerance !== '0' ? windowTests(Number(options.tolerance ?? '300')) : [],
    };
  },
  settings(options) {
    const settings: Record<string, string | number> = {
      algorithm: options.algorithm ?? 'sha256',
      encoding: options.encoding ?? 'hex',
      value: options.value ?? '{signature}',
      content: options.content ?? '{body}',
    };
    if (options.timestampHeader) settings.timestampHeader = options.timestampHeader.toLowerCase();
    if (options.nonceHeader) settings.nonceHeader = options.nonceHeader.toLowerCase();
    if (options.idHeader) settings.idHeader = options.idHeader.toLowerCase();
    if (options.tolerance !== undefined) settings.toleranceSeconds = Number(options.tolerance);
    return settings;
  },
  runtime: { module: 'hmac', factory: 'hmac' },
  vectors: [
    {
      source: 'GitHub Docs, "Validating webhook deliveries", as generic fields',
      key: "It's a Secret to Everybody",
      body: 'Hello, World!',
      headers: {
        'x-signature': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      nowSeconds: 1700000000,
      settings: {
        algorithm: 'sha256',
        encoding: 'hex',
        value: 'sha256={signature}',
        content: '{body}',
      },
    },
    {
      source: 'Slack API docs, "Verifying requests from Slack", as generic fields',
      key: '8f742231b10e8888abcd99yyyzzz85a5',
      body: SLACK_DOCS_BODY,
      headers: {
        'x-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
        'x-slack-request-timestamp': '1531420618',
      },
      nowSeconds: 1531420618,
      settings: {
        algorithm: 'sha256',
        encoding: 'hex',
        value: 'v0={signature}',
        content: 'v0:{timestamp}:{body}',
        timestampHeader: 'x-slack-request-timestamp',
      },
    },
  ],
};

/** The window tests, for a configured tolerance. */
function windowTests(tolerance: number) {
  return WINDOW_TESTS.map((test) => ({
    ...test,
    timestampOffset:
      Math.sign(test.timestampOffset ?? 0) * (tolerance + (test.reason === null ? -10 : 1)),
  }));
}
