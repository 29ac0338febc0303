import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Handlers } from '../src/generated/handlers';
import { operations } from '../src/generated/operations';
import { loadConfig } from '../src/generated/runtime/config';
import { buildApp } from '../src/generated/runtime/fastify';
import { profiles, type SignOptions } from '../src/generated/runtime/signature';
import type { HandlerContext, OperationSpec } from '../src/generated/runtime/types';

export const SECRET = 'test-secret';

export interface Call {
  payload: unknown;
  context: HandlerContext;
}

/** Handlers that record what they receive, keyed by operationId. */
export function recordingHandlers(): { handlers: Handlers; calls: Map<string, Call[]> } {
  const calls = new Map<string, Call[]>();
  const record = async (payload: unknown, context: HandlerContext): Promise<void> => {
    const list = calls.get(context.operationId) ?? [];
    list.push({ payload, context });
    calls.set(context.operationId, list);
  };
  const entries = operations.map(({ operationId }) => [operationId, record] as const);
  return { handlers: Object.fromEntries(entries) as Record<keyof Handlers, typeof record>, calls };
}

export interface Running {
  app: FastifyInstance;
  url: string;
}

/** Builds the app from env-style settings and listens on an ephemeral loopback port. */
export async function start(
  env: Record<string, string>,
  handlers: Handlers,
  logger?: FastifyBaseLogger,
): Promise<Running> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env }, operations);
  const app = buildApp({ operations, handlers, config, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** Headers of a request to `operation`, signed the way its provider signs (if it does). */
export function signedHeaders(
  operation: OperationSpec,
  body: string,
  secret = SECRET,
  options?: SignOptions,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (operation.signature === null) return headers;
  const header = options?.header ?? operation.signatureHeader ?? undefined;
  return {
    ...headers,
    ...profiles[operation.signature].sign(body, secret, { ...options, header }),
  };
}

export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  method = 'POST',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : JSON.parse(text) };
}

export interface LogLine {
  level: string;
  bindings: Record<string, unknown>;
  message?: string;
}

/** A minimal pino-compatible logger that keeps every line in memory. */
export function captureLogger(
  lines: LogLine[],
  bindings: Record<string, unknown> = {},
): FastifyBaseLogger {
  const at =
    (level: string) =>
    (objOrMessage: unknown, message?: string): void => {
      const own = typeof objOrMessage === 'object' && objOrMessage !== null ? objOrMessage : {};
      const text = typeof objOrMessage === 'string' ? objOrMessage : message;
      lines.push({ level, bindings: { ...bindings, ...own }, message: text });
    };
  const logger: FastifyBaseLogger = {
    level: 'trace',
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    silent: () => undefined,
    child: (more: Record<string, unknown>) => captureLogger(lines, { ...bindings, ...more }),
  };
  return logger;
}
