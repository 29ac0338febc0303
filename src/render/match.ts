/**
 * Telling messages apart: when an operation accepts several messages, the receiver
 * decides which one a request is. For each message it looks for something that
 * separates it from every other message of the operation, in this order:
 *
 * 1. A header. The message declares the header (in its `headers` schema; names are
 *    compared case-insensitively and emitted lower-case) with a `const` or a one-value
 *    `enum` string, and no other message of the operation allows that same value for
 *    that header (a message that fixes the header to another value, or does not fix it,
 *    does not count as allowing it; a message whose `enum` lists the value does).
 *    Required headers are preferred, then the first in declaration order.
 * 2. Otherwise a payload property. A top-level property of the payload (after resolving
 *    `$ref` and `allOf` at the root) that is a `const` or a one-value `enum` (string,
 *    number, boolean or null), with a value no other message allows for that property.
 *    Required properties are preferred, then the first in property order.
 * 3. Otherwise a required property. A required top-level property of the payload that
 *    no other message's payload declares (neither in `properties` nor in `required`);
 *    the first in property order is enough.
 * 4. Otherwise a nested payload value. A property inside a top-level object property (after
 *    resolving `$ref` and `allOf` at each level, down to three levels), fixed like in 2 and
 *    with a value no other message allows at the same JSON pointer: Slack's `/event/type`
 *    inside its envelope. Emitted as a JSON pointer.
 * 5. Otherwise nothing: the receiver falls back to schema validation, in message order,
 *    and takes the first message whose schema validates.
 *
 * Each message is decided on its own: one message may be recognised by a header while
 * another needs a payload property or schema validation. A value that two messages share
 * is never used. An operation with a single message needs no rule. The same rules tell the
 * events of several operations apart when they share one URL (`routes.ts`).
 */
import type { JsonSchema, JsonValue, MessageIR } from '../plan/ir';
import {
  encodePointerToken,
  nestedProperties,
  objectShape,
  resolveSchema,
  type Defs,
} from '../schema';

export type MatchValue = string | number | boolean | null;

export interface MessageMatch {
  /** Header name (lower-case) → the value it must have. */
  headers?: Record<string, string>;
  /** Top-level payload property → the value it must have. */
  payload?: Record<string, MatchValue>;
  /** Top-level payload properties that must be present. */
  requiredKeys?: string[];
}

/** What one message says about one header or property. */
interface FieldInfo {
  /** Declared name as written (headers: lower-cased). */
  name: string;
  required: boolean;
  /** The single value it must have (`const`, one-value `enum`). */
  fixed?: MatchValue;
  /** Every value it may have, when `const` / `enum` limit it; undefined when any value is allowed. */
  allowed?: JsonValue[];
}

function isPrimitive(value: JsonValue | undefined): value is MatchValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

function fieldInfo(name: string, schema: JsonValue, required: boolean, defs: Defs): FieldInfo {
  const s = resolveSchema(schema, defs);
  const info: FieldInfo = { name, required };
  if ('const' in s && s.const !== undefined) {
    info.allowed = [s.const];
    if (isPrimitive(s.const)) info.fixed = s.const;
  } else if (Array.isArray(s.enum)) {
    info.allowed = s.enum;
    if (s.enum.length === 1 && isPrimitive(s.enum[0])) info.fixed = s.enum[0];
  }
  return info;
}

/** Top-level fields of an object schema, keyed by `keyOf(name)`, in property order then `required` order. */
function fields(
  schema: JsonSchema | undefined,
  defs: Defs,
  keyOf: (name: string) => string,
): Map<string, FieldInfo> {
  const out = new Map<string, FieldInfo>();
  if (schema === undefined) return out;
  const shape = objectShape(resolveSchema(schema, defs));
  const required = new Set(shape.required.map(keyOf));
  for (const [name, sub] of shape.properties) {
    const key = keyOf(name);
    if (!out.has(key)) out.set(key, fieldInfo(key, sub as JsonValue, required.has(key), defs));
  }
  for (const key of required) if (!out.has(key)) out.set(key, { name: key, required: true });
  return out;
}

/** Whether no other message allows `value` for `key`. */
function separates(
  key: string,
  value: MatchValue,
  self: number,
  all: Array<Map<string, FieldInfo>>,
): boolean {
  return all.every((other, j) => {
    if (j === self) return true;
    const info = other.get(key);
    return !info || !info.allowed || !info.allowed.some((v) => v === value);
  });
}

/** The first fixed field that separates this message: required fields first, then in order. */
function distinguishing(
  self: number,
  all: Array<Map<string, FieldInfo>>,
  accept: (v: MatchValue) => boolean,
): [string, MatchValue] | undefined {
  const mine = [...all[self].values()].filter((f) => f.fixed !== undefined && accept(f.fixed));
  const ordered = [...mine.filter((f) => f.required), ...mine.filter((f) => !f.required)];
  for (const field of ordered) {
    if (separates(field.name, field.fixed as MatchValue, self, all))
      return [field.name, field.fixed as MatchValue];
  }
  return undefined;
}

/** For each message (same order), what tells it apart from the others; undefined when nothing does. */
export function matchersFor(messages: MessageIR[], defs: Defs): Array<MessageMatch | undefined> {
  if (messages.length < 2) return messages.map(() => undefined);
  const headers = messages.map((m) => fields(m.headers, defs, (n) => n.toLowerCase()));
  const payloads = messages.map((m) => fields(m.payload, defs, (n) => n));
  // Computed only when some message needs them.
  const nested: Array<Map<string, FieldInfo> | undefined> = messages.map(() => undefined);

  return messages.map((_, i) => {
    const header = distinguishing(i, headers, (v) => typeof v === 'string');
    if (header) return { headers: { [header[0]]: header[1] as string } };

    const property = distinguishing(i, payloads, () => true);
    // A top-level key that starts with "/" would read as a JSON pointer: written as one.
    if (property)
      return {
        payload: {
          [property[0].startsWith('/') ? pointerTo(property[0]) : property[0]]: property[1],
        },
      };

    for (const field of payloads[i].values()) {
      if (!field.required) continue;
      if (payloads.every((other, j) => j === i || !other.has(field.name)))
        return { requiredKeys: [field.name] };
    }

    nested[i] ??= nestedFields(messages[i].payload, defs);
    const all = messages.map((m, j) => (nested[j] ??= nestedFields(m.payload, defs)));
    const deep = distinguishing(i, all, () => true);
    if (deep) return { payload: { [deep[0]]: deep[1] } };
    return undefined;
  });
}

const NESTED_DEPTH = 3;

function pointerTo(key: string): string {
  return `/${encodePointerToken(key)}`;
}

/**
 * Properties below the top level, keyed by JSON pointer (`/event/type`), down to
 * `NESTED_DEPTH` levels; only fields that limit their values (const / enum) matter here.
 */
function nestedFields(schema: JsonSchema | undefined, defs: Defs): Map<string, FieldInfo> {
  const out = new Map<string, FieldInfo>();
  for (const at of nestedProperties(schema, defs, NESTED_DEPTH)) {
    if (at.depth < 2 || out.has(at.pointer)) continue;
    const info = fieldInfo(at.pointer, at.schema, at.required, defs);
    if (info.allowed) out.set(at.pointer, info);
  }
  return out;
}

/** The rule in words, for docs: `header x-event-type = "order.created"`, ... */
export function describeMatch(m: MessageMatch | undefined): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(m?.headers ?? {}))
    parts.push(`header ${name} = ${JSON.stringify(value)}`);
  for (const [name, value] of Object.entries(m?.payload ?? {}))
    parts.push(`payload ${name} = ${JSON.stringify(value)}`);
  const keys = m?.requiredKeys ?? [];
  if (keys.length === 1) parts.push(`has required property ${JSON.stringify(keys[0])}`);
  else if (keys.length > 1)
    parts.push(`has required properties ${keys.map((k) => JSON.stringify(k)).join(', ')}`);
  return parts.length > 0 ? parts.join(' and ') : 'the first whose schema validates';
}
