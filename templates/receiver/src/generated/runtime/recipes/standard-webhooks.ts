/**
 * Standard Webhooks (and Svix, whose headers are `svix-*`): `webhook-id`,
 * `webhook-timestamp`, and `webhook-signature` holding a space-separated list of
 * `v1,<base64>`, each an HMAC-SHA256 of `<id>.<timestamp>.<body>`. The secret is base64,
 * usually written with a `whsec_` prefix. The timestamp window applies both ways, and the
 * `webhook-id` is both the replay key and the delivery id.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  anyKeyMatches,
  BASE64,
  checkWindow,
  DEFAULT_TOLERANCE_SECONDS,
  fail,
  header,
  headerBytes,
  hmac,
  nowSeconds,
  parseTimestamp,
  UnusableKeyError,
  verifiedOnce,
  type Verifier,
} from '../signature';
import type { IncomingHeaders } from '../types';

export interface StandardWebhooksSettings {
  /** The signature header (the document's, else `webhook-signature`). */
  header: string;
}

/** `whsec_<base64>` (or bare base64) → the key bytes. */
export function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw new UnusableKeyError('a secret is not base64 (expected whsec_<base64>)');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16) throw new UnusableKeyError('a secret is shorter than 16 bytes');
  return key;
}

/**
 * The id or timestamp header of the signature header's brand (`svix-signature` → `svix-id`),
 * else the `webhook-*` one, else the `svix-*` one Svix sends.
 */
function pick(
  headers: IncomingHeaders,
  prefix: string,
  name: 'id' | 'timestamp',
): string | undefined {
  return (
    header(headers, `${prefix}${name}`) ??
    header(headers, `webhook-${name}`) ??
    header(headers, `svix-${name}`)
  );
}

export function standardWebhooks(settings: StandardWebhooksSettings): Verifier {
  const prefix = settings.header.startsWith('svix-') ? 'svix-' : 'webhook-';
  return {
    recipe: 'standard-webhooks',
    keyKind: 'secret',
    needsPublicUrl: false,
    testKey(seed) {
      const secret = `whsec_${createHash('sha256').update(seed).digest('base64')}`;
      return { verifyWith: secret, signWith: secret };
    },
    prepare(values, options) {
      const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      if (values.length === 0) throw new UnusableKeyError('no secret given');
      const keys = values.map(decodeSecret);
      return ({ headers, rawBody, nowSeconds: now }) => {
        const value = header(headers, settings.header);
        if (value === undefined) return fail('missing_signature');
        const id = pick(headers, prefix, 'id');
        const timestamp = pick(headers, prefix, 'timestamp');
        if (id === undefined) return fail('missing_id');
        if (timestamp === undefined) return fail('missing_timestamp');
        const signedAt = parseTimestamp(timestamp);
        if (signedAt === undefined) return fail('malformed_timestamp');
        const given: Buffer[] = [];
        let otherVersions = 0;
        for (const entry of value.split(' ')) {
          const comma = entry.indexOf(',');
          const version = entry.slice(0, comma);
          const signature = entry.slice(comma + 1);
          if (comma < 1) continue;
          if (version !== 'v1') otherVersions += 1;
          else if (BASE64.test(signature)) given.push(Buffer.from(signature, 'base64'));
        }
        if (given.length === 0) {
          return fail(otherVersions > 0 ? 'unsupported_version' : 'malformed_signature');
        }
        const parts = [headerBytes(`${id}.${timestamp}.`), rawBody];
        if (!anyKeyMatches('sha256', keys, parts, given)) return fail('bad_signature');
        const late = checkWindow(signedAt, now, toleranceSeconds);
        if (late !== undefined) return fail(late);
        return verifiedOnce(`standard-webhooks:${id}`, signedAt, toleranceSeconds, id);
      };
    },
    sign(rawBody, secret, options = {}) {
      const id = options.id ?? `msg_${randomUUID()}`;
      const timestamp = String(options.timestamp ?? nowSeconds());
      const digest = hmac('sha256', decodeSecret(secret), [
        headerBytes(`${id}.${timestamp}.`),
        Buffer.from(rawBody),
      ]);
      return {
        [`${prefix}id`]: id,
        [`${prefix}timestamp`]: timestamp,
        [settings.header]: `v1,${digest.toString('base64')}`,
      };
    },
  };
}
