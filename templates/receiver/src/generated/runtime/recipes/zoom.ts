/**
 * Zoom: `x-zm-signature: v0=<hex>`, HMAC-SHA256 of `v0:<x-zm-request-timestamp>:<body>`. The timestamp
 * window applies both ways; the matched signature is the replay key.
 */
import {
  anyKeyMatches,
  checkWindow,
  DEFAULT_TOLERANCE_SECONDS,
  fail,
  header,
  hmac,
  nowSeconds,
  parseTimestamp,
  secretTestKey,
  utf8Secrets,
  verifiedOnce,
  type Verifier,
} from '../signature';

export interface ZoomSettings {
  /** The signature header (the document's, else `x-zm-signature`). */
  header: string;
}

const TIMESTAMP = 'x-zm-request-timestamp';
const DIGEST = /^v0=([0-9a-f]{64})$/;

export function zoom(settings: ZoomSettings): Verifier {
  return {
    recipe: 'zoom',
    keyKind: 'secret',
    needsPublicUrl: false,
    testKey: secretTestKey,
    prepare(values, options) {
      const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      const keys = utf8Secrets(values);
      return ({ headers, rawBody, nowSeconds: now }) => {
        const signature = header(headers, settings.header);
        const timestamp = header(headers, TIMESTAMP);
        if (signature === undefined) return fail('missing_signature');
        if (timestamp === undefined) return fail('missing_timestamp');
        const signedAt = parseTimestamp(timestamp);
        if (signedAt === undefined) return fail('malformed_timestamp');
        const match = DIGEST.exec(signature);
        if (match === null) {
          // `v1=...` (a later version) is unsupported; a broken `v0=` value is malformed.
          const other = !signature.startsWith('v0=') && /^v\d+=/.test(signature);
          return fail(other ? 'unsupported_version' : 'malformed_signature');
        }
        const given = [Buffer.from(match[1] as string, 'hex')];
        const matched = anyKeyMatches('sha256', keys, [`v0:${timestamp}:`, rawBody], given);
        if (matched === undefined) return fail('bad_signature');
        const late = checkWindow(signedAt, now, toleranceSeconds);
        if (late !== undefined) return fail(late);
        return verifiedOnce(`zoom:${matched.toString('hex')}`, signedAt, toleranceSeconds);
      };
    },
    sign(rawBody, secret, options = {}) {
      const timestamp = String(options.timestamp ?? nowSeconds());
      const digest = hmac('sha256', Buffer.from(secret, 'utf8'), [
        `v0:${timestamp}:`,
        Buffer.from(rawBody),
      ]);
      return { [settings.header]: `v0=${digest.toString('hex')}`, [TIMESTAMP]: timestamp };
    },
  };
}
