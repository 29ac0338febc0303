/**
 * Twilio: `x-twilio-signature`, base64 HMAC-SHA1 (keyed with the auth token) of the public
 * URL of the request followed by its form parameters, sorted by name, each written as
 * name + value. The public URL comes from `WEBHOOK_PUBLIC_URL` plus the path and query as
 * received, because proxies rewrite the host. A JSON body is signed through the URL instead:
 * Twilio adds `bodySHA256=<hex SHA-256 of the body>` to the query, which is checked too.
 * Twilio signs no timestamp (no window, no replay store); `i-twilio-idempotency-token` is
 * the delivery id.
 */
import { createHash } from 'node:crypto';
import {
  anyKeyMatches,
  BASE64,
  fail,
  header,
  hmac,
  safeEqual,
  secretTestKey,
  utf8Secrets,
  type Verified,
  type Verifier,
} from '../signature';
import type { IncomingHeaders } from '../types';

export interface TwilioSettings {
  /** The signature header (the document's, else `x-twilio-signature`). */
  header: string;
}

const DELIVERY = 'i-twilio-idempotency-token';
const FORM = /^application\/x-www-form-urlencoded(;|$)/i;

/** The form parameters as Twilio signs them: names sorted, each value once, values sorted. */
function formData(rawBody: Buffer): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const values = byName.get(name) ?? new Set<string>();
    values.add(value);
    byName.set(name, values);
  }
  let data = '';
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...(byName.get(name) as Set<string>)].sort()) data += name + value;
  }
  return data;
}

/** The URL as configured, and with the default port added or removed (Twilio signs either). */
function urlVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (match === null) return [url];
  const scheme = match[1] as string;
  const host = match[2] as string;
  const port = match[3];
  const rest = match[4] as string;
  const standard = scheme.toLowerCase() === 'https' ? ':443' : ':80';
  return port === undefined
    ? [url, `${scheme}://${host}${standard}${rest}`]
    : [url, `${scheme}://${host}${rest}`];
}

function signedParts(
  headers: IncomingHeaders,
  rawBody: Buffer,
  url: string,
): { data: string; bodyHash?: string } {
  const query = url.includes('?')
    ? new URLSearchParams(url.slice(url.indexOf('?') + 1))
    : undefined;
  const bodyHash = query?.get('bodySHA256') ?? undefined;
  if (bodyHash !== undefined) return { data: '', bodyHash };
  const type = header(headers, 'content-type') ?? '';
  return { data: FORM.test(type) ? formData(rawBody) : '' };
}

export function twilio(settings: TwilioSettings): Verifier {
  return {
    recipe: 'twilio',
    keyKind: 'secret',
    needsPublicUrl: true,
    testKey: secretTestKey,
    requestPath: withBodyHash,
    prepare(values, { publicUrl }) {
      const keys = utf8Secrets(values);
      if (publicUrl === undefined) throw new Error('twilio needs the public URL');
      const base = publicUrl.replace(/\/+$/, '');
      return ({ headers, rawBody, url }) => {
        const signature = header(headers, settings.header);
        if (signature === undefined) return fail('missing_signature');
        if (signature.length !== 28 || !BASE64.test(signature)) {
          return fail('malformed_signature');
        }
        const full = base + url;
        const { data, bodyHash } = signedParts(headers, rawBody, full);
        // Without bodySHA256 a body that is not a form would be unsigned: refuse it.
        if (bodyHash === undefined && data === '' && rawBody.length > 0) {
          return fail('body_hash_mismatch');
        }
        const given = [Buffer.from(signature, 'base64')];
        const valid = urlVariants(full).some(
          (candidate) => anyKeyMatches('sha1', keys, [candidate + data], given) !== undefined,
        );
        if (!valid) return fail('bad_signature');
        if (bodyHash !== undefined) {
          const actual = createHash('sha256').update(rawBody).digest('hex');
          if (!safeEqual(Buffer.from(bodyHash), Buffer.from(actual))) {
            return fail('body_hash_mismatch');
          }
        }
        const verified: Verified = { ok: true };
        const delivery = header(headers, DELIVERY);
        if (delivery !== undefined) verified.deliveryId = delivery;
        return verified;
      };
    },
    sign(rawBody, token, options = {}) {
      const body = Buffer.from(rawBody);
      const full = (options.publicUrl ?? '').replace(/\/+$/, '') + (options.url ?? '/');
      const { data } = signedParts(
        {
          'content-type': full.includes('bodySHA256=')
            ? 'application/json'
            : 'application/x-www-form-urlencoded',
        },
        body,
        full,
      );
      const digest = hmac('sha1', Buffer.from(token, 'utf8'), [full + data]);
      const headers: Record<string, string> = { [settings.header]: digest.toString('base64') };
      if (options.id !== undefined) headers[DELIVERY] = options.id;
      return headers;
    },
  };
}

/** The path to send a JSON body to: Twilio adds the body's SHA-256 to the query. */
export function withBodyHash(path: string, rawBody: Buffer | string): string {
  const hash = createHash('sha256').update(Buffer.from(rawBody)).digest('hex');
  return `${path}${path.includes('?') ? '&' : '?'}bodySHA256=${hash}`;
}
