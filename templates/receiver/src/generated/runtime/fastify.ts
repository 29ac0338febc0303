import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
} from 'fastify';
import { createReceiver, type Dispatch } from './core';
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
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
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

  for (const operation of operations) {
    app.route<{ Params: Record<string, string>; Body: Buffer | undefined }>({
      method: operation.method,
      url: operation.path,
      handler: async (request, reply) => {
        const result = await receiver.handle({
          operationId: operation.operationId,
          headers: request.headers,
          rawBody: request.body ?? Buffer.alloc(0),
          params: request.params,
          requestId: request.id,
        });
        request.log.info(
          {
            operationId: operation.operationId,
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
