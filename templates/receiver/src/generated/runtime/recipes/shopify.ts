/**
 * Shopify: `x-shopify-hmac-sha256`, a bare base64 HMAC-SHA256 of the raw body. Shopify signs
 * no timestamp, so there is no window and no replay store; `x-shopify-webhook-id` is the
 * delivery id, for idempotent handlers.
 */
import {
  anyKeyMatches,
  BASE64,
  fail,
  header,
  hmac,
  secretTestKey,
  utf8Secrets,
  type Verified,
  type Verifier,
} from '../signature';

export interface ShopifySettings {
  /** The signature header (the document's, else `x-shopify-hmac-sha256`). */
  header: string;
}

const DELIVERY = 'x-shopify-webhook-id';

export function shopify(settings: ShopifySettings): Verifier {
  return {
    recipe: 'shopify',
    keyKind: 'secret',
    needsPublicUrl: false,
    testKey: secretTestKey,
    prepare(values) {
      const keys = utf8Secrets(values);
      return ({ headers, rawBody }) => {
        const signature = header(headers, settings.header);
        if (signature === undefined) return fail('missing_signature');
        if (signature.length !== 44 || !BASE64.test(signature)) {
          return fail('malformed_signature');
        }
        const given = [Buffer.from(signature, 'base64')];
        if (!anyKeyMatches('sha256', keys, [rawBody], given)) return fail('bad_signature');
        const verified: Verified = { ok: true };
        const delivery = header(headers, DELIVERY);
        if (delivery !== undefined) verified.deliveryId = delivery;
        return verified;
      };
    },
    sign(rawBody, secret, options = {}) {
      const digest = hmac('sha256', Buffer.from(secret, 'utf8'), [Buffer.from(rawBody)]);
      const headers: Record<string, string> = { [settings.header]: digest.toString('base64') };
      if (options.id !== undefined) headers[DELIVERY] = options.id;
      return headers;
    },
  };
}
