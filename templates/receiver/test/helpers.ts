import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Handlers } from '../src/generated/handlers';
import { operations } from '../src/generated/operations';
import { loadConfig, signaturesOf } from '../src/generated/runtime/config';
import { buildApp } from '../src/generated/runtime/fastify';
import type { SignOptions, TestKey } from '../src/generated/runtime/signature';
import type {
  AnyHandler,
  HandlerContext,
  HandlerEntry,
  OperationSpec,
} from '../src/generated/runtime/types';

/** The seed of the tests' keys: a secret, or a key pair derived from it. */
export const SECRET = 'test-secret';
/** What the tests set `WEBHOOK_PUBLIC_URL` to (recipes that sign the URL). */
export const PUBLIC_URL = 'https://hooks.example.com';

/** The key `operation`'s signature is checked with, derived from `seed`. */
export function testKey(operation: OperationSpec, seed = SECRET): TestKey | undefined {
  return operation.signature?.verifier.testKey(seed);
}

/**
 * Environment that makes every signature verifiable: each key variable set to the key of
 * `seeds` (several: a rotation list), and the public URL where a recipe signs it.
 */
export function keyEnv(...seeds: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { variable, verifier } of signaturesOf(operations)) {
    env[variable] = (seeds.length > 0 ? seeds : [SECRET])
      .map((seed) => verifier.testKey(seed).verifyWith)
      .join(',');
    if (verifier.needsPublicUrl) env.WEBHOOK_PUBLIC_URL = PUBLIC_URL;
  }
  return env;
}

export interface Call {
  payload: unknown;
  context: HandlerContext;
}

/**
 * Who a recording handler is: the operation it is registered for, and for an operation
 * with several messages the message whose function it is (`operationId/messageName`).
 */
export function handlerIdentity(operation: OperationSpec, messageName: string): string {
  return operation.messages.length > 1
    ? `${operation.operationId}/${messageName}`
    : operation.operationId;
}

/**
 * Handlers that record what they receive. Each is its own function, one per operation
 * (one per message where an operation has several), and files its calls under its own
 * identity, never under what the runtime puts in `context`: a runtime that called the
 * wrong handler files the call under the wrong key.
 */
export function recordingHandlers(): { handlers: Handlers; calls: Map<string, Call[]> } {
  const calls = new Map<string, Call[]>();
  const recorder =
    (identity: string): AnyHandler =>
    async (payload, context) => {
      calls.set(identity, [...(calls.get(identity) ?? []), { payload, context }]);
    };
  const entries = operations.map((operation): [string, HandlerEntry] => [
    operation.operationId,
    operation.messages.length > 1
      ? Object.fromEntries(
          operation.messages.map(({ name }) => [name, recorder(handlerIdentity(operation, name))]),
        )
      : recorder(operation.operationId),
  ]);
  return {
    handlers: Object.fromEntries(entries) as Record<keyof Handlers, HandlerEntry> as Handlers,
    calls,
  };
}

/**
 * `handlers`, with the entry of `operationId` first logging `payload[field]` at info, the
 * way a handler logs an id: a field that is meant to reach the logs.
 */
export function loggingField(
  handlers: Handlers,
  operationId: keyof Handlers,
  field: string,
): Handlers {
  const wrap =
    (handler: AnyHandler): AnyHandler =>
    async (payload, context) => {
      const value = (payload as Record<string, unknown> | null)?.[field];
      context.log.info({ loggedField: value }, 'test handler logged a field');
      await handler(payload, context);
    };
  const all: Readonly<Record<keyof Handlers, HandlerEntry>> = handlers;
  const entry = all[operationId];
  const wrapped: HandlerEntry =
    typeof entry === 'function'
      ? wrap(entry)
      : Object.fromEntries(Object.entries(entry).map(([name, fn]) => [name, wrap(fn)]));
  return { ...all, [operationId]: wrapped } as Record<keyof Handlers, HandlerEntry> as Handlers;
}

/** A real pino logger (Fastify's own) at `level`, writing its raw JSON lines into `chunks`. */
export function rawLogger(chunks: Buffer[], level = 'info'): FastifyBaseLogger {
  const stream = { write: (line: string) => void chunks.push(Buffer.from(line, 'utf8')) };
  return Fastify({ logger: { level, stream } }).log;
}

/**
 * Every form in which `text` would show up in raw log bytes if something logged it: as is,
 * JSON-escaped once (a logged field) and twice (a logged body string), as a Buffer's byte
 * list, in hex, and in base64 and base64url at each of the three alignments.
 */
export function encodings(text: string): string[] {
  const escaped = JSON.stringify(text).slice(1, -1);
  const twice = JSON.stringify(escaped).slice(1, -1);
  const forms = new Set([text, escaped, twice]);
  for (const value of new Set([text, escaped])) {
    const bytes = Buffer.from(value, 'utf8');
    forms.add(Array.from(bytes).join(','));
    forms.add(bytes.toString('hex'));
    for (const offset of [0, 1, 2]) {
      const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
      for (const encoding of ['base64', 'base64url'] as const) {
        // Drop the characters that mix in the bytes before and after the text.
        const encoded = shifted.toString(encoding).replace(/=+$/, '');
        forms.add(encoded.slice(offset === 0 ? 0 : 4, -4));
      }
    }
  }
  return [...forms].filter((form) => form.length >= 8);
}

/** The encodings of `text` that occur in `raw` (none, when it was not logged). */
export function foundIn(raw: Buffer, text: string): string[] {
  return encodings(text).filter((form) => raw.includes(form, 0, 'utf8'));
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

/** The path of `operation` with its parameters filled in with `sample-<name>`. */
export function samplePath(operation: OperationSpec): string {
  return operation.path.replace(/:(\w+)/g, (_match, name: string) => `sample-${name}`);
}

export interface SignedRequest {
  /** Path and query (recipes that sign the URL may add to the query). */
  path: string;
  /** The content type (JSON unless a sample says otherwise) and the signature's headers. */
  headers: Record<string, string>;
  /** Only the headers the recipe signed with. */
  signature: Record<string, string>;
}

/** A request to `operation`, signed the way its provider signs (if it does) with `seed`'s key. */
export function signedRequest(
  operation: OperationSpec,
  body: string,
  seed = SECRET,
  options: SignOptions = {},
): SignedRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const path = samplePath(operation);
  const signature = operation.signature;
  if (signature === null) return { path, headers, signature: {} };
  const url = signature.verifier.requestPath?.(path, body) ?? path;
  const key = signature.verifier.testKey(seed).signWith;
  const signed = signature.verifier.sign(body, key, { url, publicUrl: PUBLIC_URL, ...options });
  return { path: url, headers: { ...headers, ...signed }, signature: signed };
}

/**
 * The headers of `signed` sent with `sample`: the sample's own headers (its content type, the
 * headers that pick its message) replace the defaults, and the signature's headers come last,
 * so an example's delivery id never replaces the signed one.
 */
export function withSample(
  signed: SignedRequest,
  sample: { readonly headers?: Readonly<Record<string, string>> },
): Record<string, string> {
  return { ...signed.headers, ...sample.headers, ...signed.signature };
}

/** Headers of a request to `operation`, signed the way its provider signs (if it does). */
export function signedHeaders(
  operation: OperationSpec,
  body: string,
  seed = SECRET,
  options?: SignOptions,
): Record<string, string> {
  return signedRequest(operation, body, seed, options).headers;
}

/** A change to a signed request's headers (from the recipe's test cases). */
export interface HeaderEdit {
  header: string;
  set?: string;
  remove?: true;
  replace?: readonly [string, string];
}

/** `headers` with `edits` applied; `{signature}` names the signature header. */
export function edited(
  headers: Readonly<Record<string, string>>,
  edits: readonly HeaderEdit[],
  signatureHeader: string,
): Record<string, string> {
  const out = { ...headers };
  for (const edit of edits) {
    const name = edit.header === '{signature}' ? signatureHeader : edit.header;
    if (edit.remove) delete out[name];
    if (edit.set !== undefined) out[name] = edit.set;
    if (edit.replace !== undefined) {
      const [pattern, replacement] = edit.replace;
      out[name] = (out[name] ?? '').replace(new RegExp(pattern), replacement);
    }
  }
  return out;
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
