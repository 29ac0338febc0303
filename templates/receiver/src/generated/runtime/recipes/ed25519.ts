/**
 * Ed25519 public-key signatures, Discord-style: `x-signature-ed25519` (hex) over
 * `<x-signature-timestamp><body>`. The key is the provider's public key (PEM, or Discord's
 * 64-character hex), not a secret. The timestamp window applies both ways; a digest of the
 * signed content is the replay key.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as signWith,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
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

export interface Ed25519Settings {
  /** The signature header (the document's, else `x-signature-ed25519`). */
  header: string;
}

const TIMESTAMP = 'x-signature-timestamp';
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** DER prefix of an Ed25519 PKCS#8 private key; the 32-byte seed follows. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const rawToDer = (raw: string) =>
  /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.concat([SPKI_PREFIX, Buffer.from(raw, 'hex')]) : undefined;

export function ed25519(settings: Ed25519Settings): Verifier {
  return {
    recipe: 'ed25519',
    keyKind: 'public-key',
    needsPublicUrl: false,
    testKey(seed) {
      const secret = createHash('sha256').update(seed).digest();
      const key = createPrivateKey({
        key: Buffer.concat([PKCS8_PREFIX, secret]),
        format: 'der',
        type: 'pkcs8',
      });
      return {
        verifyWith: createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString(),
        signWith: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
      };
    },
    prepare(values, options) {
      if (values.length === 0) throw new UnusableKeyError('no public key given');
      const keys: KeyObject[] = values.map((value) => publicKey(value, 'ed25519', rawToDer));
      const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      return ({ headers, rawBody, nowSeconds: now }) => {
        const signature = header(headers, settings.header);
        const timestamp = header(headers, TIMESTAMP);
        if (signature === undefined) return fail('missing_signature');
        if (timestamp === undefined) return fail('missing_timestamp');
        const signedAt = parseTimestamp(timestamp);
        if (signedAt === undefined) return fail('malformed_timestamp');
        if (!/^[0-9a-fA-F]{128}$/.test(signature)) return fail('malformed_signature');
        const given = Buffer.from(signature, 'hex');
        const content = Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]);
        if (!keys.some((key) => verify(null, content, key, given))) return fail('bad_signature');
        const late = checkWindow(signedAt, now, toleranceSeconds);
        if (late !== undefined) return fail(late);
        return verifiedOnce(`ed25519:${contentDigest([content])}`, signedAt, toleranceSeconds);
      };
    },
    sign(rawBody, privateKeyPem, options = {}) {
      const timestamp = String(options.timestamp ?? nowSeconds());
      const content = Buffer.concat([Buffer.from(timestamp, 'utf8'), Buffer.from(rawBody)]);
      const signature = signWith(null, content, createPrivateKey(privateKeyPem));
      return { [settings.header]: signature.toString('hex'), [TIMESTAMP]: timestamp };
    },
  };
}
