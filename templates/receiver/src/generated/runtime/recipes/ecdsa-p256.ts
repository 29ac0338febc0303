/**
 * ECDSA P-256 public-key signatures, SendGrid-style: a base64 DER signature in
 * `x-twilio-email-event-webhook-signature` over
 * `<x-twilio-email-event-webhook-timestamp><body>`, SHA-256. The key is the provider's public
 * key (PEM, or SendGrid's base64 "verification key"), not a secret. The timestamp window
 * applies both ways; a digest of the signed content is the replay key (an ECDSA signature
 * can be re-encoded, the content cannot).
 */
import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as signWith,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  BASE64,
  checkWindow,
  contentDigest,
  DEFAULT_TOLERANCE_SECONDS,
  fail,
  header,
  nowSeconds,
  parseTimestamp,
  publicKey,
  UnusableKeyError,
  verifiedOnce,
  type Verifier,
} from '../signature';

export interface EcdsaP256Settings {
  /** The signature header (the document's, else `x-twilio-email-event-webhook-signature`). */
  header: string;
}

const TIMESTAMP = 'x-twilio-email-event-webhook-timestamp';

const rawToDer = (raw: string) => (BASE64.test(raw) ? Buffer.from(raw, 'base64') : undefined);

export function ecdsaP256(settings: EcdsaP256Settings): Verifier {
  return {
    recipe: 'ecdsa-p256',
    keyKind: 'public-key',
    needsPublicUrl: false,
    testKey(seed) {
      // A P-256 key pair derived from the seed: d = SHA-256(seed), the point from ECDH.
      const d = createHash('sha256').update(seed).digest();
      const ecdh = createECDH('prime256v1');
      ecdh.setPrivateKey(d);
      const point = ecdh.getPublicKey();
      const jwk = {
        kty: 'EC',
        crv: 'P-256',
        d: d.toString('base64url'),
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33, 65).toString('base64url'),
      };
      const key = createPrivateKey({ key: jwk, format: 'jwk' });
      const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
      return {
        verifyWith: der.toString('base64'),
        signWith: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
      };
    },
    prepare(values, options) {
      if (values.length === 0) throw new UnusableKeyError('no public key given');
      const keys: KeyObject[] = values.map((value) => {
        const key = publicKey(value, 'ec', rawToDer);
        if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
          throw new UnusableKeyError('a key is not on the P-256 curve');
        }
        return key;
      });
      const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      return ({ headers, rawBody, nowSeconds: now }) => {
        const signature = header(headers, settings.header);
        const timestamp = header(headers, TIMESTAMP);
        if (signature === undefined) return fail('missing_signature');
        if (timestamp === undefined) return fail('missing_timestamp');
        const signedAt = parseTimestamp(timestamp);
        if (signedAt === undefined) return fail('malformed_timestamp');
        if (!BASE64.test(signature) || signature.length > 200) return fail('malformed_signature');
        const given = Buffer.from(signature, 'base64');
        const content = Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]);
        const valid = keys.some((key) => {
          try {
            return verify('sha256', content, key, given);
          } catch {
            return false;
          }
        });
        if (!valid) return fail('bad_signature');
        const late = checkWindow(signedAt, now, toleranceSeconds);
        if (late !== undefined) return fail(late);
        return verifiedOnce(`ecdsa-p256:${contentDigest([content])}`, signedAt, toleranceSeconds);
      };
    },
    sign(rawBody, privateKeyPem, options = {}) {
      const timestamp = String(options.timestamp ?? nowSeconds());
      const content = Buffer.concat([Buffer.from(timestamp, 'utf8'), Buffer.from(rawBody)]);
      const signature = signWith('sha256', content, createPrivateKey(privateKeyPem));
      return { [settings.header]: signature.toString('base64'), [TIMESTAMP]: timestamp };
    },
  };
}
