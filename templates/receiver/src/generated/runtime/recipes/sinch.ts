/**
 * Sinch: base64 HMAC-SHA256 of `rawBody.nonce.timestamp`, with a timestamp window and replay
 * protection by nonce (the nonce is also the delivery id).
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
  hmac,
  nowSeconds,
  parseTimestamp,
  secretTestKey,
  utf8Secrets,
  verifiedOnce,
  type Verifier,
} from '../signature';

export interface SinchSettings {
  /** The signature header (the document's, else `x-sinch-webhook-signature`). */
  header: string;
}

const NONCE = 'x-sinch-webhook-signature-nonce';
const TIMESTAMP = 'x-sinch-webhook-signature-timestamp';
const ALGORITHM = 'x-sinch-webhook-signature-algorithm';

export function sinch(settings: SinchSettings): Verifier {
  return {
    recipe: 'sinch',
    keyKind: 'secret',
    needsPublicUrl: false,
    testKey: secretTestKey,
    prepare(values, options) {
      const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      const keys = utf8Secrets(values);
      return ({ headers, rawBody, nowSeconds: now }) => {
        const signature = header(headers, settings.header);
        const nonce = header(headers, NONCE);
        const timestamp = header(headers, TIMESTAMP);
        const algorithm = header(headers, ALGORITHM);
        if (signature === undefined) return fail('missing_signature');
        if (nonce === undefined) return fail('missing_nonce');
        if (timestamp === undefined) return fail('missing_timestamp');
        if (algorithm !== undefined && algorithm !== 'HmacSHA256') {
          return fail('unsupported_algorithm');
        }
        const signedAt = parseTimestamp(timestamp);
        if (signedAt === undefined) return fail('malformed_timestamp');
        if (signature.length !== 44 || !BASE64.test(signature)) {
          return fail('malformed_signature');
        }
        const given = [Buffer.from(signature, 'base64')];
        const parts = [rawBody, headerBytes(`.${nonce}.${timestamp}`)];
        if (!anyKeyMatches('sha256', keys, parts, given)) return fail('bad_signature');
        // After the HMAC, so that forged requests can neither probe the clock nor fill the store.
        const late = checkWindow(signedAt, now, toleranceSeconds);
        if (late !== undefined) return fail(late);
        return verifiedOnce(`sinch:${nonce}`, signedAt, toleranceSeconds, nonce);
      };
    },
    sign(rawBody, secret, options = {}) {
      const nonce = options.nonce ?? randomUUID();
      const timestamp = String(options.timestamp ?? nowSeconds());
      const digest = hmac('sha256', Buffer.from(secret, 'utf8'), [
        Buffer.from(rawBody),
        headerBytes(`.${nonce}.${timestamp}`),
      ]);
      return {
        [settings.header]: digest.toString('base64'),
        [NONCE]: nonce,
        [TIMESTAMP]: timestamp,
        [ALGORITHM]: 'HmacSHA256',
      };
    },
  };
}
