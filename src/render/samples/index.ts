/**
 * Sample payloads: a deterministic example instance for a JSON Schema, used as the
 * sample payload of generated tests and of `npm run send-sample`.
 *
 * The sample is meant to VALIDATE against the schema (draft-07, as Ajv with ajv-formats
 * checks it) and to look like real data, so handlers see realistic input:
 *
 * - What the schema gives wins: `const`, then `examples[0]` (or `example`), then
 *   `default`, then `enum[0]`. Given values are trusted, except that one whose JSON type
 *   does not fit `type`, or that is not in `enum`, is skipped.
 * - `$ref: '#/$defs/<key>'` resolves through the IR's named schemas (keywords beside
 *   `$ref` apply too, as in Ajv 8). `allOf` is merged (properties and `required`
 *   unioned, bounds tightened, enums intersected). `oneOf` / `anyOf` take the first
 *   option that is neither `null` nor recursive. For `oneOf` the sample must not match
 *   two options: optional properties that another option requires are left out; if the
 *   sample still matches another option (checked with Ajv, as the receiver validates), the
 *   other options are tried, and failing that an object sample gets a property that only
 *   the other option declares, with a value that option rejects (e.g. `key2: 0`).
 * - Objects get every required property, and their optional properties too while
 *   nesting is shallower than {@link OPTIONAL_DEPTH}. An optional property that would
 *   re-enter a named schema already being expanded is dropped, so recursion through
 *   `$ref` cycles terminates. A cycle through REQUIRED properties has no finite instance;
 *   it is cut at {@link MAX_DEPTH} with a minimal (invalid) value. `minProperties`,
 *   `maxProperties` and array-form `dependencies` are respected; `additionalProperties`
 *   adds keys only when `minProperties` needs them.
 * - Strings: a fixed value per `format` (date-time `2024-01-15T09:30:00Z`, email
 *   `user@example.com`, ...), otherwise `sample-<property name>` (or `string`), padded or
 *   truncated to `minLength` / `maxLength`. With a `pattern`, the value is checked with
 *   `new RegExp(pattern, 'u')`; when it does not match, strings generated from the
 *   pattern (simple regexes: literals, classes, groups, alternation, quantifiers) and a
 *   few plain candidates are tried. When none fits, the value is returned anyway: the
 *   sample then does NOT validate (only for patterns beyond that simple subset).
 * - Numbers: 0 when allowed, else the smallest allowed value (the largest, when only an
 *   upper bound excludes 0), honouring exclusive bounds and `multipleOf` the way Ajv
 *   checks it. Booleans are `true`, `null` is `null`. Arrays get one item, or `minItems`
 *   items (varied when `uniqueItems`); tuples get their positional items; `contains` is
 *   satisfied by the first item.
 * - `type` lists use the first non-null type. `nullable`, `not`, `if`/`then`/`else`,
 *   `propertyNames` and `patternProperties` on declared properties are not considered
 *   when generating; nor are `oneOf` options that overlap on plain values (`number` vs
 *   `integer`), and `uniqueItems` cannot vary single-valued items. Such samples (and
 *   contradictory schemas) may not validate.
 *
 * - Size: the sample's JSON is counted as it is built, and the first byte past the cap
 *   (`maxBytes`, {@link DEFAULT_MAX_SAMPLE_BYTES} by default) throws {@link SampleTooLarge}
 *   with where in the sample that was; a `minItems`, `minLength` or `minProperties` that alone
 *   needs more throws before anything is built (see `./budget.ts`).
 *
 * Deterministic: the same input always gives the same output. Pure: no I/O, no clock.
 */
import type { JsonSchema, JsonValue } from '../../plan/ir';
import {
  arrayShape,
  clone,
  conforms,
  finiteNumber as num,
  flatten,
  hasOwn,
  isObject,
  mentions,
  jsonKey,
  objectShape,
  propertySchema,
  setOwn,
  type Defs,
  type Flat,
  type JsonObject,
  type ObjectShape,
} from '../../schema';
import { DEFAULT_MAX_SAMPLE_BYTES, SampleBudget, jsonSizeWithin, type SamplePath } from './budget';
import { breakOthers, exactlyOne } from './check';
import { givenValue, minimal, pickType } from './given';
import { sampleNumber } from './numbers';
import { matchesPattern, patternStrings } from './patterns';
import { sampleString } from './strings';

/** Optional properties are added only to objects nested less deeply than this. */
export const OPTIONAL_DEPTH = 6;
/** Hard cap on nesting (required-only recursion): deeper values are minimal. */
export const MAX_DEPTH = 24;
/** After this many sampled values, optional properties and optional array items stop. */
const NODE_BUDGET = 5000;

interface Ctx {
  defs: Defs;
  /** Named schemas being expanded on the current path. */
  stack: string[];
  depth: number;
  /** Property name the value is for, for readable strings. */
  name?: string;
  /** Which variation of the value (for `uniqueItems`); 0 is the plain sample. */
  variant: number;
  /** Where the value goes in the sample (keys and indexes), for the size error. */
  path: SamplePath;
  shared: { nodes: number; budget: SampleBudget };
}

export interface SampleOptions {
  /** The cap of the sample's JSON, in bytes. */
  maxBytes?: number;
}

/**
 * A deterministic example instance of `schema` (`{}` for no schema). Throws `SampleTooLarge`
 * when its JSON would be larger than `maxBytes`.
 */
export function sampleFor(
  schema: JsonSchema | undefined,
  defs: Defs,
  options: SampleOptions = {},
): JsonValue {
  if (schema === undefined) return {};
  const budget = new SampleBudget(options.maxBytes ?? DEFAULT_MAX_SAMPLE_BYTES);
  return sampleNode(schema, {
    defs,
    stack: [],
    depth: 0,
    variant: 0,
    path: [],
    shared: { nodes: 0, budget },
  });
}

function sampleNode(node: JsonValue, ctx: Ctx): JsonValue {
  ctx.shared.nodes++;
  const { budget } = ctx.shared;
  const mark = budget.mark();
  const flat = flatten(node, ctx.defs, { stack: ctx.stack, choose: true });
  const first = sampleFlat(flat, ctx);
  const oneOfs = flat.choices.filter((c) => c.kind === 'oneOf');
  if (first.given || oneOfs.length === 0 || exactlyOne(first.value, oneOfs, ctx.defs))
    return first.value;
  const firstSize = budget.mark();

  // The sample also matches another `oneOf` option: try the other options instead...
  for (const choice of oneOfs) {
    for (let i = 0; i < choice.options.length; i++) {
      if (i === choice.index) continue;
      const other = flatten(node, ctx.defs, {
        stack: ctx.stack,
        choose: true,
        forced: new Map([[choice.options, i]]),
      });
      // A value tried and dropped is no part of the sample's size (it still counts as work).
      budget.reset(mark);
      const again = sampleFlat(other, ctx);
      const otherOneOfs = other.choices.filter((c) => c.kind === 'oneOf');
      if (exactlyOne(again.value, otherOneOfs, ctx.defs) && conforms(again.value, node, ctx.defs))
        return again.value;
    }
  }
  // ...else make the other options fail on a property only they declare.
  budget.reset(firstSize);
  const broken = breakOthers(first.value, node, flat, oneOfs, ctx.defs);
  if (broken === undefined) return first.value;
  // The broken property is one small value more.
  budget.spend(
    (jsonSizeWithin(broken, budget.limit) ?? Infinity) -
      (jsonSizeWithin(first.value, budget.limit) ?? 0),
    ctx.path,
  );
  return broken;
}

function sampleFlat(flat: Flat, ctx: Ctx): { value: JsonValue; given: boolean } {
  if (flat.never) return { value: null, given: false };
  const s = flat.schema;
  const c: Ctx = { ...ctx, stack: [...ctx.stack, ...flat.refs] };

  const given = givenValue(s, ctx.variant);
  if (given !== undefined) {
    // A value the document gives (`const`, `examples`...) is measured before it is copied.
    const { budget } = ctx.shared;
    budget.spend(jsonSizeWithin(given.value, budget.remaining) ?? Infinity, ctx.path);
    return { value: clone(given.value), given: true };
  }
  return { value: generate(s, flat, c), given: false };
}

function generate(s: JsonSchema, flat: Flat, c: Ctx): JsonValue {
  const type = pickType(s);
  const value = c.depth > MAX_DEPTH ? minimal(type) : build(type, s, flat, c);
  // Objects and arrays count their own punctuation and their members as they are built.
  if (c.depth > MAX_DEPTH || typeof value !== 'object' || value === null)
    c.shared.budget.spend(jsonSizeWithin(value, Infinity) ?? 0, c.path);
  return value;
}

function build(type: string | undefined, s: JsonSchema, flat: Flat, c: Ctx): JsonValue {
  switch (type) {
    case 'object':
      return sampleObject(s, flat, c);
    case 'array':
      return sampleArray(s, c);
    case 'string': {
      const { budget } = c.shared;
      const minLength = num(s.minLength) ?? 0;
      budget.need(minLength + 2, c.path, `minLength ${minLength}`);
      return sampleString(s, flat.patterns, c.name, c.variant, budget.remaining);
    }
    case 'integer':
      return sampleNumber(s, true, c.variant);
    case 'number':
      return sampleNumber(s, false, c.variant);
    case 'boolean':
      return c.variant % 2 === 0;
    case 'null':
      return null;
    default:
      c.shared.budget.spend(2, c.path);
      return {};
  }
}

function child(
  ctx: Ctx,
  name: string | undefined,
  segment: string | number,
  variant = ctx.variant,
): Ctx {
  return { ...ctx, depth: ctx.depth + 1, name, variant, path: [...ctx.path, segment] };
}

function sampleObject(s: JsonSchema, flat: Flat, ctx: Ctx): JsonValue {
  const shape = objectShape(s);
  const props = shape.properties;
  const required = shape.required;
  const maxProps = num(s.maxProperties) ?? Infinity;
  const minProps = num(s.minProperties) ?? 0;
  const optionalWanted = ctx.depth < OPTIONAL_DEPTH;

  const schemaFor = (key: string): JsonValue =>
    (propertySchema(shape, key, matchesPattern) as JsonValue | undefined) ?? {};
  const canAdd = (key: string, ignoreDepth: boolean): boolean =>
    (ignoreDepth || optionalWanted) &&
    props.get(key) !== false &&
    !flat.exclude.has(key) &&
    (flat.allowed === undefined || flat.allowed.has(key)) &&
    !mentions(props.get(key) as JsonValue | undefined, ctx.stack) &&
    ctx.shared.nodes < NODE_BUDGET;

  // Each property costs at least `"":0,` in the sample; `{}` is counted here.
  const bytes = ctx.shared.budget;
  bytes.need(2 + 5 * minProps, ctx.path, `minProperties ${minProps}`);
  bytes.spend(2, ctx.path);
  const out: JsonObject = {};
  const set = (key: string, schema: JsonValue): void => {
    // `"key":`, and a comma before every key but the first.
    const comma = Object.keys(out).length > 0 ? 1 : 0;
    bytes.spend(Buffer.byteLength(JSON.stringify(key)) + 1 + comma, [...ctx.path, key]);
    setOwn(out, key, sampleNode(schema, child(ctx, key, key)));
  };
  // What a key brings with it (list-form dependencies), itself included: the keys of every
  // required property and its dependants are reserved before optional ones are added.
  const brings = (keys: string[]): Set<string> => {
    const all = new Set(keys);
    for (const key of all)
      for (const [from, deps] of shape.dependentRequired)
        if (from === key) for (const dep of deps) all.add(dep);
    return all;
  };
  const reserved = brings(required);
  let budget = maxProps - reserved.size;
  for (const [key, sub] of props) {
    if (!reserved.has(key)) {
      const added = [...brings([key])].filter((k) => !reserved.has(k) && !hasOwn(out, k));
      if (budget < added.length || !canAdd(key, false)) continue;
      budget -= added.length;
      for (const k of added) reserved.add(k);
    }
    set(key, sub as JsonValue);
  }
  for (const key of reserved) if (!hasOwn(out, key)) set(key, schemaFor(key));

  // minProperties: declared properties left out first, then extra keys.
  if (Object.keys(out).length < minProps) {
    for (const [key, sub] of props) {
      if (Object.keys(out).length >= minProps) break;
      if (!hasOwn(out, key) && canAdd(key, true)) set(key, sub as JsonValue);
    }
    for (let i = 1; Object.keys(out).length < minProps && i <= minProps + 8; i++) {
      const key = extraKey(i, shape);
      if (key === undefined) break;
      if (!hasOwn(out, key)) set(key, schemaFor(key));
    }
  }
  return out;
}

/** The i-th extra property name: `key<i>`, or one matching a pattern when extra keys must. */
function extraKey(i: number, shape: ObjectShape): string | undefined {
  const plain = `key${i}`;
  if (shape.additional !== false) return plain;
  for (const [pattern] of shape.patterns) {
    const candidates = [...patternStrings(pattern, 0, i), plain, `${i}`, `x${i}`];
    const found = candidates.find((k) => matchesPattern(pattern, k));
    if (found !== undefined) return found;
  }
  return undefined;
}

function sampleArray(s: JsonSchema, ctx: Ctx): JsonValue {
  const minItems = num(s.minItems) ?? 0;
  const maxItems = num(s.maxItems) ?? Infinity;
  const unique = s.uniqueItems === true;
  const contains = s.contains;
  const { tuple, rest } = arrayShape(s);
  const out: JsonValue[] = [];
  // Each item costs at least one byte and a comma; `[]` is counted here.
  const bytes = ctx.shared.budget;
  bytes.need(1 + 2 * Math.min(minItems, maxItems), ctx.path, `minItems ${minItems}`);
  bytes.spend(2, ctx.path);
  // The items so far, by canonical JSON, for `uniqueItems` (a set: a long array stays linear).
  const seen = new Set<string>();

  const push = (schema: JsonValue, index: number): void => {
    const base = unique ? ctx.variant + index : ctx.variant;
    if (index > 0) bytes.spend(1, ctx.path);
    const mark = bytes.mark();
    let value = sampleNode(schema, child(ctx, ctx.name, index, base));
    if (unique) {
      for (let extra = 1; extra <= 16 && seen.has(jsonKey(value)); extra++) {
        bytes.reset(mark);
        value = sampleNode(
          schema,
          child(ctx, ctx.name, index, base + extra * Math.max(1, minItems)),
        );
      }
      seen.add(jsonKey(value));
    }
    out.push(value);
  };

  if (tuple !== undefined) {
    const items = tuple.schemas as JsonValue[];
    const after: JsonValue = isObject(rest?.schema) ? (rest.schema as JsonObject) : {};
    const wanted = ctx.depth < OPTIONAL_DEPTH ? Math.max(minItems, items.length) : minItems;
    const count = Math.min(wanted, maxItems);
    for (let i = 0; i < count; i++) push(i < items.length ? items[i] : after, i);
    return out;
  }

  const itemSchema: JsonValue =
    rest === undefined || rest.schema === true ? {} : (rest.schema as JsonValue);
  let count = minItems > 0 ? minItems : 1;
  if (
    minItems === 0 &&
    (contains === undefined || contains === true) &&
    (mentions(itemSchema, ctx.stack) ||
      ctx.depth >= OPTIONAL_DEPTH ||
      itemSchema === false ||
      ctx.shared.nodes >= NODE_BUDGET)
  ) {
    count = 0;
  }
  count = Math.min(count, maxItems);
  for (let i = 0; i < count; i++) {
    push(
      i === 0 && contains !== undefined && contains !== true
        ? { allOf: [itemSchema, contains] }
        : itemSchema,
      i,
    );
  }
  return out;
}

export { patternStrings } from './patterns';
export { conforms } from '../../schema';
export {
  DEFAULT_MAX_SAMPLE_BYTES,
  MAX_SAMPLE_BYTES_VARIABLE,
  SampleTooLarge,
  jsonSizeWithin,
} from './budget';
