/**
 * What every signature recipe shares: the verifier contract, header lookup, constant-time
 * comparison, HMAC over raw bytes and the timestamp window. Each recipe is a module of its
 * own in `recipes/`; a project ships only the ones its document uses.
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import type { IncomingHeaders } from './types';

export type SignatureFailure =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'missing_nonce'
  | 'missing_id'
  | 'malformed_signature'
  | 'malformed_timestamp'
  | 'unsupported_algorithm'
  | 'unsupported_version'
  | 'bad_signature'
  | 'body_hash_mismatch'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'replayed_nonce';

/**
 * A verified request, with the key that replay protection records (until `expiresAt`, unix
 * seconds) and the provider's delivery id where the recipe carries one.
 */
export interface Verified {
  ok: true;
  replay?: { key: string; expiresAt: number };
  deliveryId?: string;
}

export type VerifyResult = Verified | { ok: false; reason: SignatureFailure };

export interface VerifyRequest {
  headers: IncomingHeaders;
  /** The body exactly as received: every recipe checks these bytes, never re-serialised JSON. */
  rawBody: Buffer;
  /** Path and query string as received (recipes that sign the URL append it to the public URL). */
  url: string;
  nowSeconds: number;
}

/** Checks one request; made by `Verifier.prepare` with the keys bound. Pure and synchronous. */
export type Check = (request: VerifyRequest) => VerifyResult;

/** Configuration a verifier is prepared with at start (from the environment). */
export interface PrepareOptions {
  /**
   * Accepted distance between a signed timestamp and now, either way; 0 turns the check off.
   * Undefined when not configured: the recipe's default applies.
   */
  toleranceSeconds?: number;
  /** The public base URL the provider calls (`WEBHOOK_PUBLIC_URL`), for recipes that sign it. */
  publicUrl?: string;
}

export interface SignOptions {
  /** Unix seconds to sign with (default: now). */
  timestamp?: number;
  nonce?: string;
  /** Delivery id (`webhook-id`, ...). */
  id?: string;
  /** Path and query string the request goes to (recipes that sign the URL). */
  url?: string;
  /** The public base URL (recipes that sign the URL). */
  publicUrl?: string;
}

export interface Verifier {
  /** The recipe's name, for logs and the README. */
  readonly recipe: string;
  /** What the key variable holds: shared secrets, or the provider's public keys. */
  readonly keyKind: 'secret' | 'public-key';
  /** True when the recipe needs `WEBHOOK_PUBLIC_URL`. */
  readonly needsPublicUrl: boolean;
  /** Where a signed request for `path` goes, when the recipe signs the URL (tests, samples). */
  readonly requestPath?: (path: string, rawBody: Buffer | string) => string;
  /**
   * Parses the key variable's values (several while rotating) and returns the check.
   * Throws `UnusableKeyError` when a value cannot be used.
   */
  prepare(keys: readonly string[], options: PrepareOptions): Check;
  /** Headers that make `rawBody` verify with `key` (a secret, or a private key in PEM). */
  sign(rawBody: Buffer | string, key: string, options?: SignOptions): Record<string, string>;
  /**
   * A key for tests and local development, derived from `seed`: the value of the key
   * variable, and what `sign` takes (the same secret, or the matching private key).
   */
  testKey(seed: string): TestKey;
}

export interface TestKey {
  /** The key variable's value. */
  verifyWith: string;
  /** What `sign` takes. */
  signWith: string;
}

/** A shared secret for tests: the seed itself. */
export const secretTestKey = (seed: string): TestKey => ({ verifyWith: seed, signWith: seed });

/** A key or secret that cannot be used; the configuration names the variable it came from. */
export class UnusableKeyError extends Error {
  override readonly name = 'UnusableKeyError';
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

export const fail = (reason: SignatureFailure): VerifyResult => ({ ok: false, reason });

/** A header's value; a repeated or empty header counts as absent. */
export function header(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Constant-time comparison, after a length check (lengths are not secret). */
export function safeEqual(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** HMAC of the parts in order; strings are UTF-8, buffers are taken as they are. */
export function hmac(algorithm: HmacAlgorithm, key: Buffer, parts: ReadonlyArray<Buffer | string>) {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Shared secrets as UTF-8 bytes; an empty list or an empty secret is unusable. */
export function utf8Secrets(values: readonly string[]): Buffer[] {
  if (values.length === 0) throw new UnusableKeyError('no secret given');
  return values.map((value) => {
    if (value === '') throw new UnusableKeyError('a secret is empty');
    return Buffer.from(value, 'utf8');
  });
}

/** True when any key's HMAC of the signed parts equals one of the given digests. */
export function anyKeyMatches(
  algorithm: HmacAlgorithm,
  keys: readonly Buffer[],
  parts: ReadonlyArray<Buffer | string>,
  given: readonly Buffer[],
): Buffer | undefined {
  for (const key of keys) {
    const expected = hmac(algorithm, key, parts);
    for (const candidate of given) if (safeEqual(candidate, expected)) return candidate;
  }
  return undefined;
}

/**
 * A header value as the bytes that arrived: Node decodes header bytes one to one as latin1, so
 * encoding them back as latin1 restores them (UTF-8 would change any non-ASCII byte).
 */
export const headerBytes = (value: string): Buffer => Buffer.from(value, 'latin1');

/** Unix seconds as the provider writes them: digits only. */
export function parseTimestamp(text: string): number | undefined {
  return /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

/**
 * The timestamp window, both ways: a signature older than the tolerance is stale, one
 * further ahead than the tolerance is from the future (a clock that ran ahead, or a
 * request prepared for later replay). Call it only after the signature verified.
 */
export function checkWindow(
  signedAt: number,
  nowSeconds: number,
  toleranceSeconds: number,
): 'stale_timestamp' | 'future_timestamp' | undefined {
  if (toleranceSeconds <= 0) return undefined;
  if (nowSeconds - signedAt > toleranceSeconds) return 'stale_timestamp';
  if (signedAt - nowSeconds > toleranceSeconds) return 'future_timestamp';
  return undefined;
}

/** Until when a replay key is kept: the end of the window (forever when the window is off). */
export function replayUntil(signedAt: number, toleranceSeconds: number): number {
  return toleranceSeconds > 0 ? signedAt + toleranceSeconds : Infinity;
}

/** Verified, with the replay key kept until the window of `signedAt` ends. */
export function verifiedOnce(
  key: string,
  signedAt: number,
  toleranceSeconds: number,
  deliveryId?: string,
): VerifyResult {
  const result: Verified = {
    ok: true,
    replay: { key, expiresAt: replayUntil(signedAt, toleranceSeconds) },
  };
  if (deliveryId !== undefined) result.deliveryId = deliveryId;
  return result;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
export const HEX = /^[0-9a-fA-F]+$/;

/**
 * A public key from configuration: PEM (with real or `\\n`-escaped line breaks), or the
 * provider's raw encoding turned into DER by `rawToDer`. Its type must be `type`.
 */
export function publicKey(
  value: string,
  type: 'ed25519' | 'ec',
  rawToDer: (raw: string) => Buffer | undefined,
): KeyObject {
  let key: KeyObject;
  try {
    if (value.includes('-----BEGIN')) {
      key = createPublicKey(value.replace(/\\n/g, '\n'));
    } else {
      const der = rawToDer(value.trim());
      if (der === undefined) throw new Error('not PEM and not the raw encoding');
      key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    }
  } catch {
    throw new UnusableKeyError(
      `a value is not a ${type === 'ec' ? 'P-256' : 'Ed25519'} public key`,
    );
  }
  if (key.asymmetricKeyType !== type) {
    throw new UnusableKeyError(`a key is ${key.asymmetricKeyType ?? 'unknown'}, not ${type}`);
  }
  return key;
}

/** A replay key for public-key signatures: a digest of what was signed (signatures can be re-encoded). */
export function contentDigest(parts: ReadonlyArray<Buffer | string>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
