import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
} from 'fastify';
import { createReceiver, type Dispatch } from './core';
import { routesOf } from './dispatch';
import type { ReplayStore } from './replay';
import type { HandlerRegistry, OperationSpec, ReceiverConfig } from './types';

export interface BuildAppOptions<H extends HandlerRegistry<H>> {
  operations: readonly OperationSpec[];
  handlers: H;
  config: ReceiverConfig;
  /** A pino logger to use instead of Fastify's own (created at `config.logLevel`). */
  logger?: FastifyBaseLogger;
  replayStore?: ReplayStore;
  dispatch?: Dispatch;
  /**
   * Serves `GET /readyz`: resolves when the receiver can take traffic, rejects (503) while a
   * dependency it needs (Redis) is unreachable. Without it there is no `/readyz`.
   */
  readiness?: () => Promise<void>;
}

/** An incoming `x-request-id` is kept only when it is short and plain; otherwise a fresh UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The id logged with every line of a request: the client's when it is safe to log, else a UUID. */
export function requestId(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Node enforces the header and request timeouts on a timer (every 30 s by default), so a
 * deadline could be overrun by that much: check at least four times per deadline, at most
 * once a second.
 */
function checkingInterval(config: ReceiverConfig): number {
  const shortest = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
  return Math.max(10, Math.min(1000, Math.floor(shortest / 4)));
}

export function buildApp<H extends HandlerRegistry<H>>(
  options: BuildAppOptions<H>,
): FastifyInstance {
  const { config, operations } = options;
  const app = Fastify({
    ...(options.logger
      ? { loggerInstance: options.logger }
      : { logger: { level: config.logLevel } }),
    bodyLimit: config.bodyLimit,
    // Fastify's per-request lines are replaced by one 'webhook handled' line per request.
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'requestId',
    }),
    // The client's id is logged on every line, so it is checked first (see requestId below).
    requestIdHeader: false,
    genReqId: (request) => requestId(request.headers['x-request-id']),
    // Slow clients are cut off: headers and the whole request (body included) have deadlines,
    // answered 408 by Node; idle keep-alive connections close after keepAliveTimeoutMs.
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: checkingInterval(config),
    },
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // On close, idle keep-alive connections are closed at once (see closeGracefully).
    forceCloseConnections: 'idle',
  });
  const receiver = createReceiver({ ...options, logger: app.log });

  app.removeAllContentTypeParsers();
  // Bodies of every type stay raw bytes: the signature is computed over them, and the core
  // decodes them (runtime/body.ts) once verified, answering 415 for a type a route does not take.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ error: 'internal error' });
    }
    request.log.info({ status, code: error.code }, 'request rejected');
    return reply.code(status).send({ error: error.message });
  });
  app.setNotFoundHandler((request, reply) => {
    request.log.info({ status: 404, method: request.method }, 'no such route');
    return reply.code(404).send({ error: 'not found' });
  });

  // Shutdown: Fastify closes idle keep-alive connections once, but one whose request was still
  // in flight becomes idle only after its answer, and would hold the close for the keep-alive
  // timeout. Reap those as they go idle until the server is closed.
  app.addHook('preClose', (done) => {
    const reaper = setInterval(() => app.server.closeIdleConnections(), 100).unref();
    app.server.once('close', () => clearInterval(reaper));
    done();
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  const { readiness } = options;
  if (readiness !== undefined) {
    app.get('/readyz', async (request, reply) => {
      try {
        await readiness();
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ reason: (error as Error).message }, 'not ready');
        return reply.code(503).send({ status: 'unavailable', reason: (error as Error).message });
      }
    });
  }

  // One route per method and path; operations that share one are dispatched by the core.
  for (const route of routesOf(operations)) {
    const { method, path } = route;
    // The operation a request goes to when the route has only one; with several, the core picks.
    const single = route.operations.length === 1 ? route.operations[0] : undefined;
    const operation = route.operations[0] as OperationSpec;
    app.route<{ Params: Record<string, string>; Body: Buffer | undefined }>({
      method,
      url: path,
      handler: async (request, reply) => {
        const result = await receiver.handle({
          operationId: operation.operationId,
          headers: request.headers,
          rawBody: request.body ?? Buffer.alloc(0),
          params: request.params,
          requestId: request.id,
          url: request.url,
        });
        request.log.info(
          {
            operationId: result.operationId ?? single?.operationId,
            messageName: result.messageName,
            status: result.status,
            durationMs: Math.round(reply.elapsedTime * 10) / 10,
          },
          'webhook handled',
        );
        return reply.code(result.status).send(result.body);
      },
    });
  }
  return app;
}

/** How a graceful close ended: everything finished, or the grace period ran out. */
export type CloseOutcome = 'drained' | 'cut';

/**
 * Stops accepting connections, closes idle keep-alive connections at once, and gives requests
 * in flight `graceMs` to finish; then cuts every connection that is still open. Requests that
 * arrive on an open connection meanwhile get 503 (Fastify's `return503OnClosing`).
 */
export async function closeGracefully(
  app: FastifyInstance,
  graceMs: number,
): Promise<CloseOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'cut'>((resolve) => {
    timer = setTimeout(() => resolve('cut'), graceMs);
  });
  const closed = app.close().then(() => 'drained' as const);
  const outcome = await Promise.race([closed, graceOver]);
  clearTimeout(timer);
  if (outcome === 'cut') app.server.closeAllConnections();
  return outcome;
}
