import type { OperationSpec, ReceiverConfig } from './types';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the receiver's configuration from environment variables. With `operations`, a secret is
 * required only if one of them is signed; without, a secret is always required.
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
    secrets: (env.WEBHOOK_SECRET ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter((secret) => secret !== ''),
    toleranceSeconds: integer(env, 'SIGNATURE_TOLERANCE_SECONDS', 300, 0),
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
  assertSecrets(config, operations);
  return config;
}

/** Throws unless every signed operation can be verified (or unsigned mode was asked for). */
export function assertSecrets(config: ReceiverConfig, operations?: readonly OperationSpec[]): void {
  const signed = operations?.some((operation) => operation.signature !== null) ?? true;
  if (signed && config.secrets.length === 0 && !config.allowUnsigned) {
    throw new ConfigError(
      'WEBHOOK_SECRET is not set. Set it to the secret configured on your webhook ' +
        '(comma-separated to accept several while rotating), or set ALLOW_UNSIGNED=true ' +
        'to accept unsigned requests during local development.',
    );
  }
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
