/**
 * Routes that several operations share: every event of a provider that posts to one URL
 * (the `single` endpoint layout), or operations whose channels have the same address. The
 * receiver dispatches a request on such a route to one operation and message, with the
 * rules of `match.ts` applied across all the route's events, or with the user's
 * `--dispatch` rule. Events the document gives no way to tell apart (the same payload and
 * nothing that differs) share one combined handler, named in a warning and the README.
 */
import type { JsonValue, MessageIR, ReceiverIR } from '../plan/ir';
import { NameScope, camelCase, pascalCase } from '../plan/naming';
import { describeMatch, matchersFor, type MessageMatch } from './match';
import { conforms } from './samples/check';
import type { MessageContext, OperationContext } from './operations';

export interface SharedRouteContext {
  method: string;
  routePath: string;
  events: Array<{
    operation: string;
    messageName: string;
    payloadType: string;
    matchDescription: string;
  }>;
  /** Handlers that stand for several operations the document cannot tell apart. */
  combined: Array<{ name: string; operations: string[] }>;
}

export interface SharedRoutes {
  operations: OperationContext[];
  shared: SharedRouteContext[];
}

interface Event {
  op: OperationContext;
  index: number;
  message: MessageIR;
}

export function shareRoutes(
  operations: OperationContext[],
  ir: ReceiverIR,
  fingerprint: (message: MessageIR) => string,
  warnings: string[],
): SharedRoutes {
  const messages = new Map(ir.messages.map((m) => [m.key, m]));
  const groups = new Map<string, OperationContext[]>();
  for (const op of operations) {
    if (!op.route) continue;
    const key = `${op.method} ${op.routePath}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  const dispatchValues = new Map(
    (ir.dispatch?.values ?? []).map((v) => [`${v.operation}\u0000${v.message}`, v.value]),
  );
  const names = new NameScope(operations.map((op) => op.name));
  const replaced = new Map<string, OperationContext | null>();
  const shared: SharedRouteContext[] = [];

  for (const group of groups.values()) {
    const events: Event[] = group.flatMap((op) =>
      op.messages.map((m, index) => ({
        op,
        index,
        message: messages.get(m.messageKey) as MessageIR,
      })),
    );
    if (ir.dispatch) {
      for (const event of events) {
        const value = dispatchValues.get(`${event.op.name}\u0000${event.message.key}`);
        if (value === undefined) continue;
        setMatch(
          event,
          ir.dispatch.in === 'header'
            ? { headers: { [ir.dispatch.at]: value } }
            : { payload: { [ir.dispatch.at]: value } },
        );
      }
    } else if (group.length > 1) {
      const matches = matchersFor(
        events.map((e) => e.message),
        ir.schemas,
      );
      events.forEach((event, i) => setMatch(event, matches[i]));
    }
    if (group.length < 2) continue;

    // Events with no rule and the same payload: nothing in a request tells them apart.
    const alike = new Map<string, Event[]>();
    for (const event of events) {
      if (event.op.messages[event.index].match !== undefined) continue;
      const key = fingerprint(event.message);
      alike.set(key, [...(alike.get(key) ?? []), event]);
    }
    const combined: SharedRouteContext['combined'] = [];
    for (const same of alike.values()) {
      const ops = [...new Set(same.map((e) => e.op))];
      if (ops.length < 2) continue;
      const list = ops.map((op) => op.name);
      // Combined only when each operation is wholly one of these events.
      const whole = ops.every((op) => op.messages.length === 1);
      const first = same[0];
      const base =
        new Set(same.map((e) => e.message.key)).size === 1
          ? first.message.key
          : first.op.messages[first.index].payloadType;
      const name = whole ? names.claim(camelCase(`receive any ${base}`)).name : undefined;
      warnings.push(
        `operations ${list.join(', ')} share ${first.op.method} ${first.op.routePath} and the document cannot tell their requests apart (the same payload, and no header or value that differs)` +
          (name
            ? `: they go to one handler, ${name}. To give each its own, regenerate with --dispatch header:NAME or --dispatch body:/json/pointer (where the provider puts the event type).`
            : ': the receiver dispatches them by schema to the first and logs a warning. --dispatch header:NAME or body:/json/pointer tells them apart.'),
      );
      if (!name) continue;
      combined.push({ name, operations: list });
      const merged: OperationContext = {
        ...first.op,
        name,
        id: name,
        handlerType: `${pascalCase(name)}Handler`,
        summary: `Any of ${list.join(', ')}`,
        description: `The document cannot tell these operations' requests apart: ${list.join(', ')}.`,
        descriptionLines: [
          `One handler for ${list.join(', ')}: their requests carry the same payload and nothing`,
          'in the document tells them apart. To give each its own handler, regenerate with',
          '--dispatch header:NAME or --dispatch body:/json/pointer (where the provider puts the',
          'event type), and --dispatch-value if needed.',
        ],
        logMessage: `Received one of ${list.join(', ')}`,
        combines: list,
        signed: ops.some((op) => op.signed),
      };
      ops.forEach((op, i) => replaced.set(op.name, i === 0 ? merged : null));
    }

    // Events left to schema validation whose requests an earlier one's schema accepts too:
    // the receiver sends those to the earlier one (and logs it), so say so now.
    // A combined handler stands in for its operations, once.
    const schemaOnly = events
      .filter((e) => e.op.messages[e.index].match === undefined && replaced.get(e.op.name) !== null)
      .map((e) => ({ ...e, op: replaced.get(e.op.name) ?? e.op }));
    const shadowed: string[] = [];
    schemaOnly.forEach((event, i) => {
      const context = event.op.messages[event.index];
      const sample = JSON.parse(context.sample) as JsonValue;
      const earlier = schemaOnly
        .slice(0, i)
        .find(
          (other) =>
            other.op !== event.op &&
            (other.message.payload === undefined ||
              conforms(sample, other.message.payload, ir.schemas)),
        );
      if (!earlier) return;
      context.shadowedBy = earlier.op.name;
      context.matchDescription = `none: its requests also fit ${earlier.op.name}, which comes first`;
      shadowed.push(`${event.op.name} (fits ${earlier.op.name})`);
    });
    if (shadowed.length > 0)
      warnings.push(
        `on ${group[0].method} ${group[0].routePath}, nothing in the document tells these operations' requests apart from an earlier one's: ${shadowed.join(', ')}. The receiver sends such a request to the first operation whose schema it fits and logs a warning; --dispatch header:NAME or --dispatch body:/json/pointer tells them apart (or --endpoint per-channel, if the provider can post them to different URLs).`,
      );

    shared.push({
      method: group[0].method,
      routePath: group[0].routePath,
      events: events
        .filter((e) => !replaced.has(e.op.name))
        .map((e) => ({
          operation: e.op.name,
          messageName: e.op.messages[e.index].messageName,
          payloadType: e.op.messages[e.index].payloadType,
          matchDescription: e.op.messages[e.index].matchDescription,
        })),
      combined,
    });
  }

  const out: OperationContext[] = [];
  for (const op of operations) {
    const instead = replaced.get(op.name);
    if (instead === undefined) out.push(op);
    else if (instead !== null) out.push(instead);
  }
  return { operations: out, shared };
}

function setMatch(event: Event, match: MessageMatch | undefined): void {
  const context: MessageContext = event.op.messages[event.index];
  context.match = match;
  context.matchJson = match ? JSON.stringify(match) : undefined;
  context.matchDescription = describeMatch(match);
  const headers = JSON.parse(context.sampleHeaders ?? '{}') as Record<string, JsonValue>;
  for (const [name, value] of Object.entries(match?.headers ?? {})) headers[name] = value;
  context.sampleHeaders = Object.keys(headers).length > 0 ? JSON.stringify(headers) : undefined;
  if (match?.payload)
    context.sample = JSON.stringify(
      withValues(JSON.parse(context.sample) as JsonValue, match.payload),
    );
}

/** The sample with the dispatch values set, so that it reaches its own handler. */
function withValues(sample: JsonValue, values: Record<string, JsonValue>): JsonValue {
  let out = sample;
  for (const [key, value] of Object.entries(values)) {
    const path = key.startsWith('/')
      ? key
          .slice(1)
          .split('/')
          .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      : [key];
    out = setPath(out, path, value);
  }
  return out;
}

function setPath(node: JsonValue, path: string[], value: JsonValue): JsonValue {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const object: { [key: string]: JsonValue } =
    node !== null && typeof node === 'object' && !Array.isArray(node) ? { ...node } : {};
  Object.defineProperty(object, head, {
    value: setPath(object[head] ?? null, rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return object;
}
