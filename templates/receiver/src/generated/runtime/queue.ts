import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { ConfigError } from './config';
import { DispatchUnavailableError, type Dispatch } from './core';
import { envInteger, withTimeout, type RedisConfig } from './redis';
import type {
  AnyHandler,
  HandlerContext,
  HandlerEntry,
  HandlerRegistry,
  IncomingHeaders,
  Logger,
  OperationSpec,
} from './types';

type Env = Readonly<Record<string, string | undefined>>;

/** What the receiver stores for each verified, valid delivery: all a handler needs. */
export interface WebhookJob {
  readonly operationId: string;
  readonly messageName: string;
  /** The validated payload, as JSON (a binary body as base64, see `payloadEncoding`). */
  readonly payload: unknown;
  /** `base64` when the payload is a binary body (a `Buffer` for the handler). */
  readonly payloadEncoding?: 'base64';
  /** Request headers, without credentials (`authorization`, `cookie`, `proxy-authorization`). */
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly params: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** When the receiver accepted the delivery (ISO 8601). */
  readonly receivedAt: string;
  readonly deliveryId?: string;
}

export interface QueueConfig {
  /** `QUEUE_NAME`: receivers and workers of one project must agree on it. */
  readonly name: string;
  /** `JOB_ATTEMPTS`: tries per job, the first included, before it fails for good. */
  readonly attempts: number;
  /** `JOB_BACKOFF_MS`: wait before the first retry; doubled for each later one. */
  readonly backoffMs: number;
  /** `JOB_KEEP_COMPLETED_SECONDS`: how long a done job (and so its delivery id) is kept. */
  readonly keepCompletedSeconds: number;
  /** `WORKER_CONCURRENCY`: jobs one worker process runs at once. */
  readonly concurrency: number;
  /** `JOB_LOCK_MS`: a job whose worker stops renewing its lock this long is handed to another. */
  readonly lockMs: number;
  /** `SHUTDOWN_GRACE_MS` (as for the receivers): on SIGTERM, how long to wait for jobs (and requests) in flight. */
  readonly shutdownTimeoutMs: number;
}

export function loadQueueConfig(env: Env, defaults: { name: string }): QueueConfig {
  const name = env.QUEUE_NAME?.trim() || defaults.name;
  if (name.includes(':')) throw new ConfigError('QUEUE_NAME must not contain ":".');
  return {
    name,
    attempts: envInteger(env, 'JOB_ATTEMPTS', 5, 1),
    backoffMs: envInteger(env, 'JOB_BACKOFF_MS', 1000, 0),
    keepCompletedSeconds: envInteger(env, 'JOB_KEEP_COMPLETED_SECONDS', 86_400, 0),
    concurrency: envInteger(env, 'WORKER_CONCURRENCY', 4, 1),
    lockMs: envInteger(env, 'JOB_LOCK_MS', 30_000, 1000),
    shutdownTimeoutMs: envInteger(env, 'SHUTDOWN_GRACE_MS', 10_000, 0),
  };
}

/** The queue receivers add to and the failed-jobs script reads. */
export function openQueue(
  connection: Redis,
  redis: RedisConfig,
  config: QueueConfig,
): Queue<WebhookJob> {
  return new Queue<WebhookJob>(config.name, { connection, prefix: redis.prefix });
}

/**
 * BullMQ refuses custom ids that are integers or contain ":". Such ids (and only they) are
 * written as `#` + their URI encoding, so that different delivery ids stay different job ids.
 */
export function jobIdFor(deliveryId: string): string {
  const safe = !/[:#%]/.test(deliveryId) && String(parseInt(deliveryId, 10)) !== deliveryId;
  return safe ? deliveryId : `#${encodeURIComponent(deliveryId)}`;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

function storedHeaders(headers: IncomingHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !CREDENTIAL_HEADERS.has(name)) kept[name] = value;
  }
  return kept;
}

/**
 * The receiver's dispatch in queue mode: store the delivery as a job and answer 202. The job
 * id is the delivery id where the signature recipe gives one, so a provider's duplicate
 * delivery becomes the same job. Not stored in time (Redis down or slow): 503, never 2xx.
 */
export function queueDispatch(
  queue: Queue<WebhookJob>,
  config: QueueConfig,
  timeoutMs: number,
): Dispatch {
  return async ({ payload, context, deliveryId }) => {
    const data: WebhookJob = {
      operationId: context.operationId,
      messageName: context.messageName,
      ...(Buffer.isBuffer(payload)
        ? { payload: payload.toString('base64'), payloadEncoding: 'base64' as const }
        : { payload }),
      headers: storedHeaders(context.headers),
      params: context.params,
      requestId: context.requestId,
      receivedAt: context.receivedAt.toISOString(),
      ...(deliveryId !== undefined ? { deliveryId } : {}),
    };
    let job: Job<WebhookJob>;
    try {
      job = await withTimeout(
        queue.add(context.operationId, data, {
          ...(deliveryId !== undefined ? { jobId: jobIdFor(deliveryId) } : {}),
          attempts: config.attempts,
          backoff: { type: 'exponential', delay: config.backoffMs },
          removeOnComplete: { age: config.keepCompletedSeconds },
          removeOnFail: false,
        }),
        timeoutMs,
        'job not stored',
      );
    } catch (error) {
      throw new DispatchUnavailableError(`enqueue failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (job.id === undefined) throw new DispatchUnavailableError('enqueue returned no job id');
    return { status: 202, body: { ok: true, jobId: job.id } };
  };
}

export interface WorkerOptions<H extends HandlerRegistry<H>> {
  operations: readonly OperationSpec[];
  handlers: H;
  /** A connection in `blocking` mode (see `connectRedis`). */
  connection: Redis;
  redis: RedisConfig;
  config: QueueConfig;
  logger: Logger;
}

export interface WebhookWorker {
  readonly worker: Worker<WebhookJob>;
  /**
   * Stops taking jobs and waits (up to `shutdownTimeoutMs`) for the current ones; jobs still
   * running then are returned to the queue, so that another worker runs them at once.
   */
  shutdown(): Promise<void>;
}

/**
 * Runs queued deliveries through the same handlers, with the same context, as the receiver
 * does in-process. A handler that throws is retried with exponential backoff; after the last
 * attempt the job is kept in the failed set (`npm run failed-jobs`). A worker that dies
 * mid-job loses nothing: its lock lapses and BullMQ hands the job to the next worker.
 */
export function startWorker<H extends HandlerRegistry<H>>(
  options: WorkerOptions<H>,
): WebhookWorker {
  const { config, logger } = options;
  const handlers: Readonly<Record<string, HandlerEntry | undefined>> = options.handlers;
  const known = new Set(options.operations.map((op) => op.operationId));
  const handlerFor = (operationId: string, messageName: string): AnyHandler | undefined => {
    if (!known.has(operationId)) return undefined;
    const entry = handlers[operationId];
    return typeof entry === 'function' ? entry : entry?.[messageName];
  };
  const running = new Map<string, { job: Job<WebhookJob>; token: string | undefined }>();

  const worker = new Worker<WebhookJob>(
    config.name,
    async (job, token) => {
      const { operationId, messageName } = job.data;
      const handler = handlerFor(operationId, messageName);
      if (handler === undefined) {
        throw new UnrecoverableError(`no handler for ${operationId} (${messageName})`);
      }
      const context: HandlerContext = {
        operationId,
        messageName,
        headers: job.data.headers,
        params: job.data.params,
        log: logger.child({
          requestId: job.data.requestId,
          operationId,
          messageName,
          jobId: job.id,
          attempt: job.attemptsMade + 1,
        }),
        receivedAt: new Date(job.data.receivedAt),
        requestId: job.data.requestId,
      };
      const key = job.id ?? '';
      running.set(key, { job, token });
      try {
        const { payload, payloadEncoding } = job.data;
        const decoded =
          payloadEncoding === 'base64' && typeof payload === 'string'
            ? Buffer.from(payload, 'base64')
            : payload;
        await handler(decoded, context);
      } finally {
        running.delete(key);
      }
    },
    {
      connection: options.connection,
      prefix: options.redis.prefix,
      concurrency: config.concurrency,
      lockDuration: config.lockMs,
      stalledInterval: config.lockMs,
      maxStalledCount: 1,
    },
  );

  worker.on('completed', (job) => {
    logger.info({ jobId: job.id, operationId: job.data.operationId }, 'job done');
  });
  worker.on('failed', (job, error) => {
    if (job === undefined) return;
    const final =
      job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    const bindings = {
      jobId: job.id,
      operationId: job.data.operationId,
      attempt: job.attemptsMade,
      err: error,
    };
    if (final) logger.error(bindings, 'job failed for good; kept (npm run failed-jobs)');
    else logger.warn(bindings, 'job failed; will retry');
  });
  worker.on('stalled', (jobId) => {
    logger.warn({ jobId }, 'job stalled (its worker stopped); handed to the next worker');
  });
  worker.on('error', (error) => {
    logger.error({ err: error }, 'worker error');
  });

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      const finished = await Promise.race([
        worker.close().then(() => true),
        new Promise<false>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs, false)),
      ]);
      if (finished) return;
      // Past the grace period: hand the jobs back rather than leave them until their lock lapses.
      for (const { job, token } of running.values()) {
        logger.warn({ jobId: job.id }, 'job still running at shutdown; returned to the queue');
        await job.moveToWait(token).catch((error: unknown) => {
          logger.error({ err: error, jobId: job.id }, 'could not return the job; it will stall');
        });
      }
    })());
  return { worker, shutdown };
}
