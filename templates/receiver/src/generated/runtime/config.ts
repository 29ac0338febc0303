import { UnusableKeyError, type Check } from './signature';
import type { OperationSpec, ReceiverConfig, SignatureSpec } from './types';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the receiver's configuration from environment variables. With `operations`, the key
 * variable of each signature they use is read and checked (a missing or unusable one throws,
 * naming it); without, `WEBHOOK_SECRET` is always required.
 */
export function loadConfig(
  env: Env = process.env,
  operations?: readonly OperationSpec[],
): ReceiverConfig {
  const logLevel = text(env, 'LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`);
  }
  const config: ReceiverConfig = {
    host: text(env, 'HOST', '0.0.0.0'),
    port: integer(env, 'PORT', 3000, 0, 65535),
    secrets: Object.fromEntries(
      keyVariables(operations).map((name) => [name, list(env[name])] as const),
    ),
    toleranceSeconds: optionalInteger(env, 'SIGNATURE_TOLERANCE_SECONDS', 0),
    publicUrl: url(env, 'WEBHOOK_PUBLIC_URL'),
    allowUnsigned: boolean(env, 'ALLOW_UNSIGNED', false),
    bodyLimit: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1),
    logLevel,
    replayMaxEntries: integer(env, 'REPLAY_MAX_ENTRIES', 1_000_000, 1),
    unmatchedEvents: oneOf(env, 'UNMATCHED_EVENTS', ['ignore', 'reject'] as const, 'ignore'),
    headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 1),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1),
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000, 1),
    handlerTimeoutMs: integer(env, 'HANDLER_TIMEOUT_MS', 10_000, 1),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0),
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    // Node refuses a headers timeout longer than the request timeout: say so in our terms.
    throw new ConfigError(
      `HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS ` +
        `(${config.requestTimeoutMs}).`,
    );
  }
  if (operations === undefined) {
    if ((config.secrets.WEBHOOK_SECRET ?? []).length === 0 && !config.allowUnsigned) {
      throw notSet('WEBHOOK_SECRET', 'secret');
    }
  } else prepareSignatures(config, operations);
  return config;
}

/** The signatures the operations use, once each, in order. */
export function signaturesOf(operations: readonly OperationSpec[]): SignatureSpec[] {
  const seen = new Map<string, SignatureSpec>();
  for (const { signature } of operations) {
    if (signature !== null && !seen.has(signature.scheme)) seen.set(signature.scheme, signature);
  }
  return [...seen.values()];
}

function keyVariables(operations: readonly OperationSpec[] | undefined): string[] {
  if (operations === undefined) return ['WEBHOOK_SECRET'];
  return [...new Set(signaturesOf(operations).map((signature) => signature.variable))];
}

/**
 * The check of each security scheme, keyed by scheme name. A scheme whose variable is not
 * set is left out when ALLOW_UNSIGNED=true (its requests are then not verified); otherwise a
 * missing or unusable key throws a ConfigError that names the variable.
 */
export function prepareSignatures(
  config: ReceiverConfig,
  operations: readonly OperationSpec[],
): Map<string, Check> {
  const checks = new Map<string, Check>();
  for (const { scheme, variable, verifier } of signaturesOf(operations)) {
    const keys = config.secrets[variable] ?? [];
    if (keys.length === 0) {
      if (config.allowUnsigned) continue;
      throw notSet(variable, verifier.keyKind, scheme);
    }
    if (verifier.needsPublicUrl && config.publicUrl === undefined) {
      throw new ConfigError(
        `WEBHOOK_PUBLIC_URL is not set. The ${verifier.recipe} signature of security scheme ` +
          `"${scheme}" covers the URL the provider calls: set it to that URL's origin (and any ` +
          'path prefix a proxy removes), for example https://hooks.example.com.',
      );
    }
    try {
      checks.set(
        scheme,
        verifier.prepare(keys, {
          toleranceSeconds: config.toleranceSeconds,
          publicUrl: config.publicUrl,
        }),
      );
    } catch (error) {
      if (!(error instanceof UnusableKeyError)) throw error;
      throw new ConfigError(
        `${variable} is unusable: ${error.message} (security scheme "${scheme}").`,
      );
    }
  }
  return checks;
}

function notSet(variable: string, kind: 'secret' | 'public-key', scheme?: string): ConfigError {
  const what =
    kind === 'secret'
      ? 'the secret configured on your webhook (comma-separated to accept several while rotating)'
      : "the provider's public key (PEM, or the provider's own encoding; comma-separated while rotating)";
  const of = scheme === undefined ? '' : ` for security scheme "${scheme}"`;
  return new ConfigError(
    `${variable} is not set. Set it to ${what}${of}, or set ALLOW_UNSIGNED=true ` +
      'to accept unsigned requests during local development.',
  );
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function optionalInteger(env: Env, name: string, min: number): number | undefined {
  return text(env, name, '') === '' ? undefined : integer(env, name, 0, min);
}

function url(env: Env, name: string): string | undefined {
  const value = text(env, name, '');
  if (value === '') return undefined;
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(value)) {
    throw new ConfigError(
      `${name} must be an http(s) URL without query or fragment, like https://hooks.example.com; got "${value}".`,
    );
  }
  return value.replace(/\/+$/, '');
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max = Infinity): number {
  const value = text(env, name, '');
  if (value === '') return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
    throw new ConfigError(`${name} must be an integer ${range}; got "${value}".`);
  }
  return parsed;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const value = text(env, name, fallback).toLowerCase();
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) {
    throw new ConfigError(`${name} must be one of ${values.join(', ')}; got "${value}".`);
  }
  return found;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = text(env, name, '').toLowerCase();
  if (value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false; got "${value}".`);
}
