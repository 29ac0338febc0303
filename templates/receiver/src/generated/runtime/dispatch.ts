import type { IncomingHeaders, MessageSpec, OperationSpec } from './types';

/**
 * One HTTP route and the operations it serves. Operations that share a method and path
 * (every event of a provider that posts to one URL) share a route, and each request is
 * dispatched to one of their messages by the rules of `pickMessage`.
 */
export interface Route {
  readonly method: OperationSpec['method'];
  readonly path: string;
  readonly operations: readonly OperationSpec[];
}

/** The routes of an operation table, in table order. */
export function routesOf(operations: readonly OperationSpec[]): Route[] {
  const routes = new Map<
    string,
    { method: Route['method']; path: string; operations: OperationSpec[] }
  >();
  for (const operation of operations) {
    const key = `${operation.method} ${operation.path}`;
    const route = routes.get(key) ?? {
      method: operation.method,
      path: operation.path,
      operations: [],
    };
    route.operations.push(operation);
    routes.set(key, route);
  }
  return [...routes.values()];
}

/** What dispatch needs to know about a message; the core's compiled messages have it. */
export interface Dispatchable {
  readonly spec: MessageSpec;
  readonly operationId: string;
  /** Whether the payload fits the message's schema (without changing the payload). */
  fits(payload: unknown): boolean;
}

export interface Picked<M extends Dispatchable> {
  /** The message the request is, or undefined when it is none of them. */
  readonly message?: M;
  /**
   * Other operations' messages the payload fits as well, when the message was chosen by
   * schema alone: the document cannot tell them apart, and the receiver says so in its log.
   */
  readonly alsoFits: readonly M[];
}

/**
 * Which message a request is: the first rule that recognises one wins. 1. a header fixed to a
 * value; 2. payload values fixed by `const` (top-level keys or JSON pointers into nested
 * objects, such as an envelope's `/event/type`); 3. required keys only that message has;
 * 4. the first message whose schema the payload fits. The generator computes rules 1 to 3 so
 * that no other message of the route allows the same value.
 */
export function pickMessage<M extends Dispatchable>(
  messages: readonly M[],
  headers: IncomingHeaders,
  payload: unknown,
): Picked<M> {
  if (messages.length === 1) return { message: messages[0], alsoFits: [] };
  const rules: ((message: M) => boolean)[] = [
    ({ spec }) =>
      every(entries(spec.match?.headers), ([name, value]) => headerValue(headers, name) === value),
    ({ spec }) =>
      every(entries(spec.match?.payload), ([key, value]) => lookup(payload, key) === value),
    ({ spec }) => every(spec.match?.requiredKeys, (key) => lookup(payload, key) !== undefined),
  ];
  for (const rule of rules) {
    const found = messages.find(rule);
    if (found !== undefined) return { message: found, alsoFits: [] };
  }
  // Only messages without a rule of their own are left to schema validation: a message that
  // has a rule and did not match it is not this request.
  const fitting = messages.filter((message) => !hasRule(message.spec) && message.fits(payload));
  const [message, ...rest] = fitting;
  // Stryker disable next-line OptionalChaining: with no message, rest is empty and the callback never runs
  return { message, alsoFits: rest.filter((other) => other.operationId !== message?.operationId) };
}

function hasRule(spec: MessageSpec): boolean {
  const match = spec.match;
  return (
    match !== undefined &&
    (Object.keys(match.headers ?? {}).length > 0 ||
      Object.keys(match.payload ?? {}).length > 0 ||
      (match.requiredKeys ?? []).length > 0)
  );
}

/** A header's value; a header sent more than once counts as its first value. */
function headerValue(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function entries<V>(record?: Readonly<Record<string, V>>): [string, V][] | undefined {
  return record && Object.entries(record);
}

/** True when `items` is non-empty and every item passes `test`. */
function every<T>(items: readonly T[] | undefined, test: (item: T) => boolean): boolean {
  return items !== undefined && items.length > 0 && items.every(test);
}

/** Resolves a JSON pointer ("/a/b") or a top-level key ("a") in a parsed payload. */
export function lookup(payload: unknown, key: string): unknown {
  const path = key.startsWith('/')
    ? key
        .slice(1)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    : [key];
  let node = payload;
  for (const part of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
