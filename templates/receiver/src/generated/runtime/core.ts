import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  acceptedBodies,
  bodyKind,
  decodeBody,
  keyPolicy,
  mediaTypeOf,
  type AcceptedBodies,
  type BodyKind,
  type KeyPolicy,
} from './body';
import { ConfigError, prepareSignatures, signaturesOf } from './config';
import { pickMessage, routesOf } from './dispatch';
import { settleWithin } from './deadline';
import { MemoryReplayStore, type ReplayStore } from './replay';
import type {
  AnyHandler,
  HandlerContext,
  HandlerEntry,
  HandlerRegistry,
  IncomingHeaders,
  LogFn,
  Logger,
  MessageSpec,
  OperationSpec,
  ReceiverConfig,
  SchemaRegistry,
} from './types';

export interface IncomingWebhook {
  operationId: string;
  headers: IncomingHeaders;
  rawBody: Buffer;
  params: Readonly<Record<string, string>>;
  requestId: string;
  /** Path and query string as received (some recipes sign the URL); the route's path if absent. */
  url?: string;
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface WebhookResult {
  status: number;
  body: { [key: string]: JsonValue };
  /** The operation and message that were dispatched, for the adapter's logs. */
  operationId?: string;
  messageName?: string;
}

export interface ReceiverOptions<H extends HandlerRegistry<H>> {
  operations: readonly OperationSpec[];
  handlers: H;
  config: ReceiverConfig;
  logger: Logger;
  /** Where verified deliveries are remembered; an in-memory store by default. */
  replayStore?: ReplayStore;
  /** What happens to a verified, valid delivery; by default its handler runs in the request. */
  dispatch?: Dispatch;
}

/** A verified, validated delivery, ready for its handler. */
export interface Delivery {
  payload: unknown;
  context: HandlerContext;
  handler: AnyHandler;
  /** The provider's id for this delivery, where the signature recipe has one. */
  deliveryId?: string;
}

/**
 * Hands a delivery on: runs its handler, or stores it for later (a queue). Resolves once it is
 * done or safely stored, optionally with the answer to give; rejects with
 * `DispatchUnavailableError` when it cannot store it now (the receiver answers 503), with any
 * other error when the handler failed (500). Either way the provider retries.
 */
export type Dispatch = (delivery: Delivery) => Promise<DispatchAnswer | void>;

/** The answer a dispatch gives instead of `200 {"ok":true}` (a queue: `202` with the job id). */
export interface DispatchAnswer {
  status: number;
  body: { [key: string]: JsonValue };
}

export class DispatchUnavailableError extends Error {
  override readonly name = 'DispatchUnavailableError';
}

const inProcess: Dispatch = ({ handler, payload, context }) =>
  runHandler(handler, payload, context);

export interface Receiver {
  handle(request: IncomingWebhook): Promise<WebhookResult>;
}

interface CompiledMessage {
  spec: MessageSpec;
  operationId: string;
  kind: BodyKind;
  validate: ValidateFunction;
  handler: AnyHandler;
  fits(payload: unknown): boolean;
}

interface CompiledOperation {
  spec: OperationSpec;
  messages: CompiledMessage[];
  accepted: AcceptedBodies;
  /** Whether `__proto__` / `constructor.prototype` keys are accepted (a schema declares them). */
  keys: KeyPolicy;
}

const MAX_REPORTED_ERRORS = 20;

export function createReceiver<H extends HandlerRegistry<H>>(
  options: ReceiverOptions<H>,
): Receiver {
  const { config, logger } = options;
  // Throws a ConfigError naming the variable when a key is missing or unusable.
  const checks = prepareSignatures(config, options.operations);
  for (const { scheme, variable } of signaturesOf(options.operations)) {
    if (!checks.has(scheme)) {
      logger.warn(
        { scheme },
        `ALLOW_UNSIGNED=true and no ${variable}: signatures are NOT verified`,
      );
    }
  }

  // The named schemas the messages' schemas refer to: each validator holds them once.
  const registries = registriesOf(options.operations);
  const validator = (coerceTypes: false | 'array'): Ajv => {
    // strict: false because documents carry annotations (example, x-*) that Ajv's strict mode rejects.
    const made = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes }));
    for (const registry of registries) made.addSchema(registry);
    return made;
  };
  const ajv = validator(false);
  // Form values are strings: this one coerces them to the declared types, the way Ajv does.
  let coercing: Ajv | undefined;
  const validatorFor = (message: MessageSpec, kind: BodyKind): ValidateFunction => {
    if (kind !== 'form') return ajv.compile(message.schema);
    coercing ??= validator('array');
    return coercing.compile(message.schema);
  };
  const handlers: Readonly<Record<string, HandlerEntry | undefined>> = options.handlers;
  const operations = new Map<string, CompiledOperation>();
  for (const spec of options.operations) {
    const entry = handlers[spec.operationId];
    const messages = spec.messages.map((message) => {
      const handler = typeof entry === 'function' ? entry : entry?.[message.name];
      if (typeof handler !== 'function') {
        throw new ConfigError(`No handler for operation ${spec.operationId} (${message.name}).`);
      }
      const kind = bodyKind(mediaTypeOf(message.contentType) ?? 'application/json');
      const validate = validatorFor(message, kind);
      // Coercing a form body for a message that is not chosen must not change it for the one that is.
      const fits = (payload: unknown) =>
        validate(kind === 'form' ? structuredClone(payload) : payload) === true;
      return { spec: message, operationId: spec.operationId, kind, validate, handler, fits };
    });
    const accepted = acceptedBodies(spec.messages.map((message) => message.contentType));
    const keys = keyPolicy(
      spec.messages.map((message) => message.schema),
      registries,
    );
    operations.set(spec.operationId, { spec, messages, accepted, keys });
  }
  // Operations that share a route are dispatched among all their messages (runtime/dispatch.ts).
  for (const route of routesOf(options.operations)) {
    if (route.operations.length < 2) continue;
    const members = route.operations.map(
      (op) => operations.get(op.operationId) as CompiledOperation,
    );
    // The route verifies as its signed operations do (a provider signs everything it posts).
    const [first] = members;
    const signed = route.operations.find((op) => op.signature !== null);
    if (first === undefined) continue;
    const shared: CompiledOperation = {
      spec: signed ?? first.spec,
      messages: members.flatMap((member) => member.messages),
      accepted: acceptedBodies(
        route.operations.flatMap((op) => op.messages.map((m) => m.contentType)),
      ),
      keys: keyPolicy(
        route.operations.flatMap((op) => op.messages.map((m) => m.schema)),
        registries,
      ),
    };
    for (const op of route.operations) operations.set(op.operationId, shared);
  }
  const replayStore = options.replayStore ?? new MemoryReplayStore(config.replayMaxEntries);
  const dispatch = options.dispatch ?? inProcess;
  if (checks.size > 0) {
    logger.info({ replayStore: replayStore.description }, 'replay protection');
  }

  async function handle(request: IncomingWebhook): Promise<WebhookResult> {
    const operation = operations.get(request.operationId);
    if (operation === undefined) return { status: 404, body: { error: 'unknown operation' } };
    const { spec } = operation;
    const shared = operation.messages.some((m) => m.operationId !== spec.operationId);
    // Child loggers cost more than the rest of a request: made only when something logs.
    const log = lazyChild(
      logger,
      shared
        ? { requestId: request.requestId, route: `${spec.method} ${spec.path}` }
        : { requestId: request.requestId, operationId: spec.operationId },
    );

    const nowSeconds = Date.now() / 1000;
    let claimed: string | undefined;
    let deliveryId: string | undefined;
    const check = spec.signature === null ? undefined : checks.get(spec.signature.scheme);
    if (check !== undefined) {
      const verdict = check({
        headers: request.headers,
        rawBody: request.rawBody,
        url: request.url ?? spec.path,
        nowSeconds,
      });
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason }, 'signature rejected');
        return { status: 401, body: { error: 'invalid signature', reason: verdict.reason } };
      }
      if (verdict.replay !== undefined) {
        let fresh: boolean;
        try {
          fresh = await replayStore.claim(verdict.replay.key, verdict.replay.expiresAt, nowSeconds);
        } catch (err) {
          log.error({ err }, 'replay store unavailable');
          return { status: 503, body: { error: 'replay protection unavailable' } };
        }
        if (!fresh) {
          log.warn({ reason: 'replayed_nonce' }, 'signature rejected');
          return { status: 401, body: { error: 'invalid signature', reason: 'replayed_nonce' } };
        }
        claimed = verdict.replay.key;
      }
      deliveryId = verdict.deliveryId;
    }
    // Not handled: forget the delivery, so that the provider's retry of it is not a "replay".
    const unclaim = async (): Promise<void> => {
      if (claimed === undefined || replayStore.release === undefined) return;
      await replayStore.release(claimed).catch((err: unknown) => {
        log.error({ err }, 'replay store could not forget a failed delivery');
      });
    };

    const body = decodeBody(operation.accepted, request.headers, request.rawBody, operation.keys);
    if (!body.ok) {
      const { error, accepted } = body;
      return {
        status: body.status,
        body: accepted ? { error, accepted: [...accepted] } : { error },
      };
    }
    const payload = body.value;
    const candidates = operation.messages.filter((m) => m.kind === body.kind);
    const { message, alsoFits } = pickMessage(candidates, request.headers, payload);
    if (message === undefined) {
      // An event the document does not declare (providers add them over time): by default
      // acknowledged, so that the provider neither retries it nor disables the webhook.
      if (config.unmatchedEvents === 'ignore') {
        log.info({ status: 200 }, 'ignored: the request matches no event of the document');
        return { status: 200, body: { ok: true, ignored: true } };
      }
      const names = candidates.map((m) => m.spec.name);
      return { status: 400, body: { error: 'payload matches no message', candidates: names } };
    }
    const { operationId } = message;
    const messageName = message.spec.name;
    if (alsoFits.length > 0)
      log.warn(
        { operationId, messageName, alsoFits: alsoFits.map((m) => m.operationId) },
        'the document cannot tell these events apart: dispatched by schema to the first',
      );
    if (!message.validate(payload)) {
      const details = formatErrors(message.validate.errors ?? []);
      log.warn({ operationId, messageName, errors: details.length }, 'payload rejected');
      return { status: 400, body: { error: 'invalid payload', details }, operationId, messageName };
    }

    const context: HandlerContext = {
      operationId,
      messageName,
      headers: request.headers,
      params: request.params,
      log: lazyChild(log, shared ? { operationId, messageName } : { messageName }),
      receivedAt: new Date(),
      requestId: request.requestId,
      ...(deliveryId === undefined ? {} : { deliveryId }),
    };
    const timeoutMs = config.handlerTimeoutMs;
    const answered: { value?: DispatchAnswer } = {};
    const outcome = await settleWithin(
      dispatch({ payload, context, handler: message.handler, deliveryId }).then((answer) => {
        if (answer) answered.value = answer;
      }),
      timeoutMs,
      (ended) => {
        if (ended.state === 'rejected') {
          log.error(
            { err: ended.error, operationId, messageName },
            'handler failed after its deadline',
          );
        } else log.warn({ operationId, messageName }, 'handler finished after its deadline');
      },
    );
    if (outcome.state === 'late') {
      await unclaim();
      log.error(
        { operationId, messageName, timeoutMs },
        'handler deadline exceeded; answered 503, the handler keeps running',
      );
      return { status: 503, body: { error: 'handler timed out' }, operationId, messageName };
    }
    if (outcome.state === 'rejected') {
      await unclaim();
      if (outcome.error instanceof DispatchUnavailableError) {
        log.error({ err: outcome.error, operationId, messageName }, 'delivery not stored');
        return {
          status: 503,
          body: { error: 'temporarily unavailable' },
          operationId,
          messageName,
        };
      }
      log.error({ err: outcome.error, operationId, messageName }, 'handler failed');
      return { status: 500, body: { error: 'handler failed' }, operationId, messageName };
    }
    return { ...(answered.value ?? { status: 200, body: { ok: true } }), operationId, messageName };
  }

  return { handle };
}

/** Calls a handler; a synchronous throw becomes a rejection like any other failure. */
async function runHandler(
  handler: AnyHandler,
  payload: unknown,
  context: HandlerContext,
): Promise<void> {
  await handler(payload, context);
}

/** A logger that becomes `parent.child(bindings)` the first time it is used. */
function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = (): Logger => (child ??= parent.child(bindings));
  const forward = (level: 'debug' | 'info' | 'warn' | 'error'): LogFn =>
    // One implementation for both overloads of LogFn.
    ((first: object | string, message?: string) => {
      if (parent.isLevelEnabled?.(level) === false) return;
      if (typeof first === 'string') real()[level](first);
      else real()[level](first, message);
    }) as LogFn;
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    child: (more) => real().child(more),
    isLevelEnabled: (level) => parent.isLevelEnabled?.(level) ?? true,
  };
}

/**
 * The schema registries of `operations`, each once. Two different registries under one
 * `$id` cannot both be what a reference to it means.
 */
function registriesOf(operations: readonly OperationSpec[]): SchemaRegistry[] {
  const byId = new Map<string, SchemaRegistry>();
  for (const { definitions } of operations) {
    if (definitions === undefined) continue;
    const known = byId.get(definitions.$id);
    if (known !== undefined && known !== definitions) {
      throw new ConfigError(`Two different schema registries have the $id ${definitions.$id}.`);
    }
    byId.set(definitions.$id, definitions);
  }
  return [...byId.values()];
}

function formatErrors(errors: readonly ErrorObject[]): string[] {
  return errors
    .slice(0, MAX_REPORTED_ERRORS)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
