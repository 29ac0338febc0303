import { Redis } from 'ioredis';
import { ConfigError } from './config';
import { ReplayStoreUnavailableError, type ReplayStore } from './replay';
import type { Logger } from './types';

type Env = Readonly<Record<string, string | undefined>>;

export interface RedisConfig {
  /** `REDIS_URL` (`redis://[user:password@]host:port[/db]`, `rediss://` for TLS); unset: no Redis. */
  readonly url: string | undefined;
  /** Prefix of every key the receiver and the queue write (`REDIS_PREFIX`). */
  readonly prefix: string;
  /** Longest wait for one Redis command (replay claim, enqueue, readiness ping) before 503. */
  readonly timeoutMs: number;
}

export function loadRedisConfig(env: Env = process.env): RedisConfig {
  const url = env.REDIS_URL?.trim() || undefined;
  if (url !== undefined && !/^rediss?:\/\//.test(url)) {
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://.');
  }
  const prefix = env.REDIS_PREFIX?.trim() || 'hookwright';
  return { url, prefix, timeoutMs: envInteger(env, 'REDIS_TIMEOUT_MS', 2000, 1) };
}

/** A positive integer from the environment, or the fallback when unset. */
export function envInteger(env: Env, name: string, fallback: number, min: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}; got "${value}".`);
  }
  return parsed;
}

/**
 * A Redis connection that reconnects by itself (every 0.2–2 s). `request` mode fails fast, so
 * that a request answers 503 instead of hanging (the receiver); `blocking` mode waits and
 * retries for ever, as BullMQ's workers need.
 */
export function connectRedis(config: RedisConfig, mode: 'request' | 'blocking'): Redis {
  if (config.url === undefined) throw new ConfigError('REDIS_URL is not set.');
  const request = mode === 'request';
  return new Redis(config.url, {
    // Without a connection, commands fail at once (503) rather than wait in memory.
    enableOfflineQueue: !request,
    maxRetriesPerRequest: request ? 1 : null,
    commandTimeout: request ? config.timeoutMs : undefined,
    connectTimeout: Math.max(config.timeoutMs, 1000),
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** Logs each change of the connection's state once, not once per failed reconnection. */
export function logRedisState(client: Redis, log: Logger): void {
  let down = false;
  client.on('ready', () => {
    if (down) log.info('redis connection back');
    down = false;
  });
  client.on('error', (error: Error) => {
    if (!down) log.error({ err: error }, 'redis unreachable; reconnecting');
    down = true;
  });
}

/** Resolves once `client` is connected, or after `timeoutMs` (false) so that start-up goes on. */
export async function waitForRedis(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const onReady = (): void => done(true);
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    client.once('ready', onReady);
  });
}

/** For `/readyz`: rejects unless Redis answers a PING in time. */
export function redisReadiness(client: Redis, timeoutMs: number): () => Promise<void> {
  return async () => {
    if (client.status !== 'ready') throw new Error(`redis ${client.status}`);
    await withTimeout(client.ping(), timeoutMs, 'redis did not answer PING');
  };
}

/**
 * Replay protection shared by every instance: one `SET key 1 NX PXAT expiry` per delivery, so
 * that exactly one instance records a key, and Redis forgets it when its window ends (nothing
 * is evicted early; give Redis `maxmemory-policy noeviction`, as BullMQ also needs).
 */
export class RedisReplayStore implements ReplayStore {
  readonly description = 'redis (shared by every instance)';

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  async claim(key: string, expiresAt: number): Promise<boolean> {
    const redisKey = this.keyOf(key);
    try {
      // No finite expiry (SIGNATURE_TOLERANCE_SECONDS=0): a replay is valid for ever, so is the key.
      const reply = Number.isFinite(expiresAt)
        ? await this.client.set(redisKey, '1', 'PXAT', Math.ceil(expiresAt * 1000), 'NX')
        : await this.client.set(redisKey, '1', 'NX');
      return reply === 'OK';
    } catch (error) {
      throw new ReplayStoreUnavailableError(`redis: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async release(key: string): Promise<void> {
    await this.client.del(this.keyOf(key));
  }

  private keyOf(key: string): string {
    return `${this.prefix}:replay:${key}`;
  }
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** `promise`, or a TimeoutError after `ms` (the work itself is not cancelled). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
