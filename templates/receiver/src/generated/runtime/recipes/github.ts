/**
 * GitHub: `x-hub-signature-256: sha256=<hex>`, HMAC-SHA256 of the raw body. The `sha256=`
 * prefix is required, and the legacy SHA-1 `x-hub-signature` is never accepted in its place.
 * GitHub signs no timestamp, so there is no window and no replay store: `x-github-delivery`
 * is the delivery id, for idempotent handlers.
 */
import {
  anyKeyMatches,
  fail,
  header,
  hmac,
  secretTestKey,
  utf8Secrets,
  type Verified,
  type Verifier,
} from '../signature';

export interface GithubSettings {
  /** The signature header (the document's, else `x-hub-signature-256`). */
  header: string;
}

const DELIVERY = 'x-github-delivery';
const DIGEST = /^sha256=([0-9a-f]{64})$/;

export function github(settings: GithubSettings): Verifier {
  return {
    recipe: 'github',
    keyKind: 'secret',
    needsPublicUrl: false,
    testKey: secretTestKey,
    prepare(values) {
      const keys = utf8Secrets(values);
      return ({ headers, rawBody }) => {
        const signature = header(headers, settings.header);
        if (signature === undefined) return fail('missing_signature');
        const match = DIGEST.exec(signature);
        if (match === null) {
          // `sha1=...` (or any other algorithm) is a version this recipe does not accept.
          const other = !signature.startsWith('sha256=') && /^[a-z0-9]+=/.test(signature);
          return fail(other ? 'unsupported_version' : 'malformed_signature');
        }
        const given = [Buffer.from(match[1] as string, 'hex')];
        if (!anyKeyMatches('sha256', keys, [rawBody], given)) return fail('bad_signature');
        const verified: Verified = { ok: true };
        const delivery = header(headers, DELIVERY);
        if (delivery !== undefined) verified.deliveryId = delivery;
        return verified;
      };
    },
    sign(rawBody, secret, options = {}) {
      const digest = hmac('sha256', Buffer.from(secret, 'utf8'), [Buffer.from(rawBody)]);
      const headers: Record<string, string> = {
        [settings.header]: `sha256=${digest.toString('hex')}`,
      };
      if (options.id !== undefined) headers[DELIVERY] = options.id;
      return headers;
    },
  };
}
