import type { Verifier } from './signature';

/** Request headers with lower-cased names, as Node's http module gives them. */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** A JSON Schema object (draft-07 / 2019-09 subset that Ajv understands). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * Named schemas as one document (`schemas.ts`'s `definitions`): the validator holds it once,
 * by its `$id`, and message schemas refer into it (`<$id>#/$defs/<name>`).
 */
export interface SchemaRegistry {
  readonly $id: string;
  readonly $defs: Readonly<Record<string, JsonSchema>>;
}

export type JsonPrimitive = string | number | boolean | null;

/** How the requests of one security scheme of the document are verified. */
export interface SignatureSpec {
  /** The security scheme's name in the document. */
  readonly scheme: string;
  /** The environment variable holding its secrets or public keys (comma-separated). */
  readonly variable: string;
  readonly verifier: Verifier;
}

export type HttpMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';

/** How to tell a message apart when an operation accepts several. */
export interface MessageMatch {
  /** Headers (lower-cased names) the message declares with a fixed value. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Payload values fixed by `const`, keyed by JSON pointer ("/a/b") or top-level key ("a"). */
  readonly payload?: Readonly<Record<string, JsonPrimitive>>;
  /** Required top-level properties that only this message has. */
  readonly requiredKeys?: readonly string[];
}

export interface MessageSpec {
  readonly name: string;
  readonly schema: JsonSchema;
  /** The body's media type when it is not JSON (see `body.ts`); absent for JSON. */
  readonly contentType?: string;
  readonly match?: MessageMatch;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Route path in Fastify form, channel parameters as `:name`. */
  readonly path: string;
  /** Channel address as written in the document. */
  readonly address: string;
  readonly parameters: readonly string[];
  /** How its requests are verified, or null when the document declares no signature for it. */
  readonly signature: SignatureSpec | null;
  /** The named schemas its messages' schemas refer to, when they refer to any. */
  readonly definitions?: SchemaRegistry;
  readonly messages: readonly MessageSpec[];
}

export interface LogFn {
  (bindings: object, message?: string): void;
  (message: string): void;
}

/** The subset of pino's logger that the runtime and handlers use. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
  /** pino's: whether a level would be written (lets the runtime skip work for silent levels). */
  isLevelEnabled?(level: string): boolean;
}

export interface HandlerContext<Params extends object = Record<string, string>> {
  readonly operationId: string;
  readonly messageName: string;
  readonly headers: IncomingHeaders;
  readonly params: Params;
  /** Child logger bound to requestId, operationId and messageName. */
  readonly log: Logger;
  readonly receivedAt: Date;
  readonly requestId: string;
  /**
   * The provider's id of this delivery, where the signature recipe carries one (the Sinch
   * nonce, `webhook-id`, `x-github-delivery`, ...): the same on a retry, so a handler can
   * skip a delivery it already processed.
   */
  readonly deliveryId?: string;
}

/**
 * A handler of any operation. Method syntax makes the parameters bivariant, so the typed
 * handlers of `Handlers` fit here without casts.
 */
export type AnyHandler = {
  handle(payload: unknown, context: HandlerContext): Promise<void>;
}['handle'];

/** A handler for an operation: one function, or one function per message name. */
export type HandlerEntry = AnyHandler | { readonly [messageName: string]: AnyHandler };

/** The handler of an operation with one message: resolve when done, throw for a 500. */
export type Handler<Payload, Params extends object = Record<string, never>> = (
  payload: Payload,
  context: HandlerContext<Params>,
) => Promise<void>;

/**
 * The handler of an operation with several messages (`Messages` maps each message name
 * to its payload type): one function for all of them, or one function per message.
 */
export type MessagesHandler<Messages, Params extends object = Record<string, never>> =
  | Handler<Messages[keyof Messages], Params>
  | { readonly [Name in keyof Messages]: Handler<Messages[Name], Params> };

/** Constrains a generated `Handlers` interface: every operation maps to a handler entry. */
export type HandlerRegistry<H> = { readonly [K in keyof H]: HandlerEntry };

export interface ReceiverConfig {
  readonly host: string;
  readonly port: number;
  /**
   * Secrets or public keys by environment variable (`WEBHOOK_SECRET`, ...); more than one
   * while rotating. Only the variables the operations' signatures name are read.
   */
  readonly secrets: Readonly<Record<string, readonly string[]>>;
  /**
   * Accepted distance between a signed timestamp and now, either way; 0 turns the check
   * off. Undefined when not set: each recipe's default (300 s) applies.
   */
  readonly toleranceSeconds?: number;
  /** The public base URL the provider calls, for recipes that sign the URL (Twilio). */
  readonly publicUrl?: string;
  /** Run without verifying signatures when a key variable is not set (development only). */
  readonly allowUnsigned: boolean;
  readonly bodyLimit: number;
  readonly logLevel: string;
  /**
   * Most unexpired deliveries the in-memory replay store holds; past it the receiver answers
   * 503 rather than forget one.
   */
  readonly replayMaxEntries: number;
  /**
   * A request that matches no event of the document: `ignore` answers 200 and logs it as
   * ignored (providers add event types over time, and a 4xx makes them retry or disable the
   * webhook); `reject` answers 400.
   */
  readonly unmatchedEvents: 'ignore' | 'reject';
  /** Time a client has to send the request line and headers, from the connection's start. */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the whole request, body included: slow bodies are cut off (408). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
  /**
   * How long a handler may take. Past it the request answers 503 (so the provider retries) and
   * the timeout is logged; the handler's work is not cancelled and keeps running.
   */
  readonly handlerTimeoutMs: number;
  /** After SIGTERM/SIGINT: how long in-flight requests may take before connections are cut. */
  readonly shutdownGraceMs: number;
}
