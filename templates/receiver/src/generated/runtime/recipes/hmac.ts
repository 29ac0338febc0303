/**
 * The generic HMAC recipe, configured rather than guessed: algorithm, encoding, the header
 * and the shape of its value, what is signed, and where a timestamp, a nonce or a delivery
 * id comes from. With a timestamp the window applies both ways; a nonce (else the id, else
 * the signature when there is a timestamp) is the replay key.
 */
import { randomUUID } from 'node:crypto';
import {
  anyKeyMatches,
  BASE64,
  checkWindow,
  DEFAULT_TOLERANCE_SECONDS,
  fail,
  header,
  headerBytes,
  HEX,
  hmac as hmacOf,
  nowSeconds,
  parseTimestamp,
  replayUntil,
  secretTestKey,
  utf8Secrets,
  type HmacAlgorithm,
  type Verified,
  type Verifier,
} from '../signature';

export interface HmacSettings {
  /** The signature header. */
  header: string;
  algorithm: HmacAlgorithm;
  encoding: 'hex' | 'base64';
  /** The header's value: `{signature}`, `sha256={signature}`, `t={timestamp},v1={signature}`. */
  value: string;
  /** The signed content, over `{body}`, `{timestamp}`, `{nonce}` and `{id}`: `{timestamp}.{body}`. */
  content: string;
  timestampHeader?: string;
  nonceHeader?: string;
  idHeader?: string;
  /** Default window in seconds when `SIGNATURE_TOLERANCE_SECONDS` is not set. */
  toleranceSeconds?: number;
}

const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };
const PLACEHOLDER = /\{(signature|timestamp|nonce|id|body)\}/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The value template as a regular expression with named groups. */
function valuePattern(template: string, encoding: HmacSettings['encoding']): RegExp {
  let source = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(template.slice(last, match.index));
    const name = match[1];
    if (name === 'signature')
      source +=
        encoding === 'hex' ? '(?<signature>[0-9a-fA-F]+)' : '(?<signature>[A-Za-z0-9+/]+={0,2})';
    else if (name === 'timestamp') source += '(?<timestamp>\\d{1,12})';
    else throw new Error(`{${name}} cannot appear in the signature header's value`);
    last = (match.index ?? 0) + match[0].length;
  }
  return new RegExp(`^${source}${escapeRegExp(template.slice(last))}$`);
}

/** The signed content's parts, with the raw body kept as bytes. */
function contentParts(
  template: string,
  rawBody: Buffer,
  fields: Readonly<Record<'timestamp' | 'nonce' | 'id', string>>,
): Array<Buffer | string> {
  const parts: Array<Buffer | string> = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index));
    const name = match[1] as 'signature' | 'timestamp' | 'nonce' | 'id' | 'body';
    if (name === 'body') parts.push(rawBody);
    else if (name === 'signature') throw new Error('{signature} cannot be signed');
    else parts.push(headerBytes(fields[name]));
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

export function hmac(settings: HmacSettings): Verifier {
  const pattern = valuePattern(settings.value, settings.encoding);
  const uses = (name: string) => settings.content.includes(`{${name}}`);
  const timestampInValue = settings.value.includes('{timestamp}');
  if (!settings.value.includes('{signature}')) throw new Error('the value needs {signature}');
  if (uses('timestamp') && !timestampInValue && settings.timestampHeader === undefined) {
    throw new Error('{timestamp} is signed but no timestamp header is configured');
  }
  if (uses('nonce') && settings.nonceHeader === undefined)
    throw new Error('{nonce} needs a nonce header');
  if (uses('id') && settings.idHeader === undefined) throw new Error('{id} needs an id header');
  const bytes = DIGEST_BYTES[settings.algorithm];

  return {
    recipe: 'hmac',
    keyKind: 'secret',
    needsPublicUrl: false,
    testKey: secretTestKey,
    prepare(values, options) {
      const keys = utf8Secrets(values);
      const tolerance =
        options.toleranceSeconds ?? settings.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      return ({ headers, rawBody, nowSeconds: now }) => {
        const value = header(headers, settings.header);
        if (value === undefined) return fail('missing_signature');
        const match = pattern.exec(value);
        const signature = match?.groups?.signature;
        if (signature === undefined) return fail('malformed_signature');
        const timestamp =
          match?.groups?.timestamp ??
          (settings.timestampHeader === undefined
            ? undefined
            : header(headers, settings.timestampHeader));
        const nonce =
          settings.nonceHeader === undefined ? undefined : header(headers, settings.nonceHeader);
        const id = settings.idHeader === undefined ? undefined : header(headers, settings.idHeader);
        const timed = timestampInValue || settings.timestampHeader !== undefined;
        if (timed && timestamp === undefined) return fail('missing_timestamp');
        if (settings.nonceHeader !== undefined && nonce === undefined) return fail('missing_nonce');
        if (settings.idHeader !== undefined && id === undefined) return fail('missing_id');
        const signedAt = timestamp === undefined ? undefined : parseTimestamp(timestamp);
        if (timestamp !== undefined && signedAt === undefined) return fail('malformed_timestamp');
        const valid = settings.encoding === 'hex' ? HEX.test(signature) : BASE64.test(signature);
        const given = Buffer.from(signature, settings.encoding);
        if (!valid || given.length !== bytes) return fail('malformed_signature');
        const fields = { timestamp: timestamp ?? '', nonce: nonce ?? '', id: id ?? '' };
        const parts = contentParts(settings.content, rawBody, fields);
        if (!anyKeyMatches(settings.algorithm, keys, parts, [given])) return fail('bad_signature');
        if (signedAt !== undefined) {
          const late = checkWindow(signedAt, now, tolerance);
          if (late !== undefined) return fail(late);
        }
        const verified: Verified = { ok: true };
        const replayKey =
          nonce ?? id ?? (signedAt === undefined ? undefined : given.toString('hex'));
        if (replayKey !== undefined) {
          const expiresAt = signedAt === undefined ? Infinity : replayUntil(signedAt, tolerance);
          verified.replay = { key: `hmac:${replayKey}`, expiresAt };
        }
        const deliveryId = id ?? nonce;
        if (deliveryId !== undefined) verified.deliveryId = deliveryId;
        return verified;
      };
    },
    sign(rawBody, secret, options = {}) {
      const timestamp = String(options.timestamp ?? nowSeconds());
      const nonce = options.nonce ?? randomUUID();
      const id = options.id ?? randomUUID();
      const parts = contentParts(settings.content, Buffer.from(rawBody), { timestamp, nonce, id });
      const digest = hmacOf(settings.algorithm, Buffer.from(secret, 'utf8'), parts);
      const headers: Record<string, string> = {
        [settings.header]: settings.value
          .replace('{signature}', digest.toString(settings.encoding))
          .replace('{timestamp}', timestamp),
      };
      if (settings.timestampHeader !== undefined && !timestampInValue) {
        headers[settings.timestampHeader] = timestamp;
      }
      if (settings.nonceHeader !== undefined) headers[settings.nonceHeader] = nonce;
      if (settings.idHeader !== undefined) headers[settings.idHeader] = id;
      return headers;
    },
  };
}
