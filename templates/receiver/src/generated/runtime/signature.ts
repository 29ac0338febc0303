import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHeaders, ProfileName } from './types';

export type SignatureFailure =
  | 'missing_signature'
  | 'missing_nonce'
  | 'missing_timestamp'
  | 'malformed_signature'
  | 'malformed_timestamp'
  | 'unsupported_algorithm'
  | 'bad_signature'
  | 'stale_timestamp'
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
  rawBody: Buffer;
  secrets: readonly string[];
  /** Signature header named by the document; each profile has a default. */
  header?: string;
  /** Accepted distance between the signed timestamp and now; 0 turns the check off. */
  toleranceSeconds: number;
  nowSeconds: number;
}

export interface SignOptions {
  header?: string;
  nonce?: string;
  timestamp?: number;
}

export interface SignatureProfile {
  verify(request: VerifyRequest): VerifyResult;
  /** Returns the headers that make `rawBody` verify with `secret`. */
  sign(rawBody: Buffer | string, secret: string, options?: SignOptions): Record<string, string>;
}

const fail = (reason: SignatureFailure): VerifyResult => ({ ok: false, reason });

/** A header's value; repeated or empty headers count as absent. */
function header(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function safeEqual(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const SINCH = {
  signature: 'x-sinch-webhook-signature',
  nonce: 'x-sinch-webhook-signature-nonce',
  timestamp: 'x-sinch-webhook-signature-timestamp',
  algorithm: 'x-sinch-webhook-signature-algorithm',
} as const;

/**
 * Header values are HMAC'd as the bytes that arrived: Node decodes header bytes one to one as
 * latin1, so encoding them back as latin1 restores them (UTF-8 would change any non-ASCII byte).
 */
function sinchDigest(rawBody: Buffer, nonce: string, timestamp: string, secret: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(rawBody)
    .update(`.${nonce}.${timestamp}`, 'latin1')
    .digest();
}

/** Sinch: base64 HMAC-SHA256 over `rawBody.nonce.timestamp`, plus timestamp window and nonce. */
function verifySinch(request: VerifyRequest): VerifyResult {
  const { headers } = request;
  const signature = header(headers, request.header ?? SINCH.signature);
  const nonce = header(headers, SINCH.nonce);
  const timestamp = header(headers, SINCH.timestamp);
  const algorithm = header(headers, SINCH.algorithm);
  if (signature === undefined) return fail('missing_signature');
  if (nonce === undefined) return fail('missing_nonce');
  if (timestamp === undefined) return fail('missing_timestamp');
  if (algorithm !== undefined && algorithm !== 'HmacSHA256') return fail('unsupported_algorithm');
  if (!/^\d{1,12}$/.test(timestamp)) return fail('malformed_timestamp');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) return fail('malformed_signature');

  const given = Buffer.from(signature, 'base64');
  const valid = request.secrets.some((secret) =>
    safeEqual(given, sinchDigest(request.rawBody, nonce, timestamp, secret)),
  );
  if (!valid) return fail('bad_signature');

  // Checked after the HMAC so that forged requests can neither probe the clock nor fill the store.
  const signedAt = Number(timestamp);
  const tolerance = request.toleranceSeconds;
  if (tolerance > 0 && Math.abs(request.nowSeconds - signedAt) > tolerance) {
    return fail('stale_timestamp');
  }
  const expiresAt = tolerance > 0 ? signedAt + tolerance : Infinity;
  return { ok: true, replay: { key: `sinch:${nonce}`, expiresAt }, deliveryId: nonce };
}

export function signSinch(
  rawBody: Buffer | string,
  secret: string,
  options: SignOptions = {},
): Record<string, string> {
  const nonce = options.nonce ?? randomUUID();
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const digest = sinchDigest(Buffer.from(rawBody), nonce, timestamp, secret);
  return {
    [options.header ?? SINCH.signature]: digest.toString('base64'),
    [SINCH.nonce]: nonce,
    [SINCH.timestamp]: timestamp,
    [SINCH.algorithm]: 'HmacSHA256',
  };
}

const HMAC_SHA256_HEADER = 'x-hub-signature-256';

function hmacSha256(rawBody: Buffer, secret: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(rawBody).digest();
}

/** Generic: hex HMAC-SHA256 of the raw body, optionally prefixed with `sha256=`. */
function verifyHmacSha256(request: VerifyRequest): VerifyResult {
  const signature = header(request.headers, request.header ?? HMAC_SHA256_HEADER);
  if (signature === undefined) return fail('missing_signature');
  const hex = signature.replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return fail('malformed_signature');
  const given = Buffer.from(hex, 'hex');
  const valid = request.secrets.some((secret) =>
    safeEqual(given, hmacSha256(request.rawBody, secret)),
  );
  return valid ? { ok: true } : fail('bad_signature');
}

export function signHmacSha256(
  rawBody: Buffer | string,
  secret: string,
  options: SignOptions = {},
): Record<string, string> {
  const hex = hmacSha256(Buffer.from(rawBody), secret).toString('hex');
  return { [options.header ?? HMAC_SHA256_HEADER]: `sha256=${hex}` };
}

export const profiles: Readonly<Record<ProfileName, SignatureProfile>> = {
  sinch: { verify: verifySinch, sign: signSinch },
  'hmac-sha256': { verify: verifyHmacSha256, sign: signHmacSha256 },
};
