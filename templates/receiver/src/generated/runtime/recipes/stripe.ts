/**
 * Stripe: `stripe-signature: t=<unix>,v1=<hex>[,v1=<hex>...]`, HMAC-SHA256 of `<t>.<body>`.
 * Pairs may come in any order and keys other than `t` and `v1` are ignored; several `v1`
 * values (while Stripe rolls a secret) are each tried. A header without `t` is rejected.
 * The timestamp window applies both ways; the matched signature is the replay key.
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

export interface StripeSettings {
  /** The signature header (the document's, else `stripe-signature`). */
  header: string;
}

const V1 = /^[0-9a-f]{64}$/;

export function stripe(settings: StripeSettings): Verifier {
  return {
    recipe: 'stripe',
    keyKind: 'secret',
    needsPublicUrl: false,
    testKey: secretTestKey,
    prepare(values, options) {
      const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      const keys = utf8Secrets(values);
      return ({ headers, rawBody, nowSeconds: now }) => {
        const value = header(headers, settings.header);
        if (value === undefined) return fail('missing_signature');
        const timestamps: string[] = [];
        const signatures: Buffer[] = [];
        let otherSchemes = 0;
        for (const pair of value.split(',')) {
          const at = pair.indexOf('=');
          if (at < 1) continue;
          const key = pair.slice(0, at).trim();
          const item = pair.slice(at + 1).trim();
          if (key === 't') timestamps.push(item);
          else if (key === 'v1') {
            if (V1.test(item)) signatures.push(Buffer.from(item, 'hex'));
          } else if (/^v\d+$/.test(key)) otherSchemes += 1;
        }
        if (timestamps.length === 0) return fail('missing_timestamp');
        const timestamp = timestamps[0] as string;
        const signedAt = parseTimestamp(timestamp);
        if (timestamps.length > 1 || signedAt === undefined) return fail('malformed_timestamp');
        if (signatures.length === 0) {
          return fail(otherSchemes > 0 ? 'unsupported_version' : 'malformed_signature');
        }
        const matched = anyKeyMatches('sha256', keys, [`${timestamp}.`, rawBody], signatures);
        if (matched === undefined) return fail('bad_signature');
        const late = checkWindow(signedAt, now, toleranceSeconds);
        if (late !== undefined) return fail(late);
        return verifiedOnce(`stripe:${matched.toString('hex')}`, signedAt, toleranceSeconds);
      };
    },
    sign(rawBody, secret, options = {}) {
      const timestamp = String(options.timestamp ?? nowSeconds());
      const digest = hmac('sha256', Buffer.from(secret, 'utf8'), [
        `${timestamp}.`,
        Buffer.from(rawBody),
      ]);
      return { [settings.header]: `t=${timestamp},v1=${digest.toString('hex')}` };
    },
  };
}
