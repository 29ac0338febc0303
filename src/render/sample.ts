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
 *   sample still matches another option (checked with a small built-in validator), the
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
 * Deterministic: the same input always gives the same output. Pure: no I/O, no clock.
 */
import { isIPv6 } from 'node:net';
import type { JsonSchema, JsonValue, NamedSchemaIR } from '../ir';

/** Optional properties are added only to objects nested less deeply than this. */
export const OPTIONAL_DEPTH = 6;
/** Hard cap on nesting (required-only recursion): deeper values are minimal. */
export const MAX_DEPTH = 24;
/** After this many sampled values, optional properties and optional array items stop. */
const NODE_BUDGET = 5000;

type Defs = Record<string, NamedSchemaIR>;
type JsonObject = { [key: string]: JsonValue };

/** A schema with `$ref`, `allOf` (and, when choosing, `oneOf`/`anyOf`) folded in. */
interface Flat {
  schema: JsonSchema;
  /** Named schemas expanded on the way. */
  refs: string[];
  /** Optional properties to leave out: another `oneOf` option requires them. */
  exclude: Set<string>;
  /** Property names allowed by an `additionalProperties: false` somewhere in the merge. */
  allowed?: Set<string>;
  /** Every `pattern` that applies (a merge can bring several). */
  patterns: string[];
  /** A `false` schema was merged in: nothing validates. */
  never: boolean;
  /** The `oneOf` / `anyOf` options picked on the way. */
  choices: Choice[];
}

interface Choice {
  kind: 'oneOf' | 'anyOf';
  /** The options array as it is in the schema (its identity keys `Forced`). */
  options: JsonValue[];
  index: number;
}

/** Options to take instead of the preferred ones, by options array. */
type Forced = Map<JsonValue[], number>;

interface Ctx {
  defs: Defs;
  /** Named schemas being expanded on the current path. */
  stack: string[];
  depth: number;
  /** Property name the value is for, for readable strings. */
  name?: string;
  /** Which variation of the value (for `uniqueItems`); 0 is the plain sample. */
  variant: number;
  shared: { nodes: number };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((v) => canonical(v) as JsonValue);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical(value[key]) as JsonValue;
    return out;
  }
  return value;
}

function num(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The `$defs` key of a local reference (`#/$defs/<key>`, also `#/definitions/<key>`). */
export function refKey(ref: string): string | undefined {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (!m) return undefined;
  let key = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
  try {
    key = decodeURIComponent(key);
  } catch {
    // keep it as written
  }
  return key;
}

// ---------------------------------------------------------------------------
// Flattening: $ref, allOf, oneOf/anyOf → one schema object.

const COMPOSITION = new Set(['$ref', 'allOf', 'oneOf', 'anyOf', '$defs', 'definitions']);

function emptyFlat(): Flat {
  return { schema: {}, refs: [], exclude: new Set(), patterns: [], never: false, choices: [] };
}

function flatten(
  node: JsonValue | undefined,
  defs: Defs,
  stack: string[],
  seen: Set<string>,
  choose: boolean,
  forced?: Forced,
): Flat {
  if (node === false) return { ...emptyFlat(), never: true };
  if (!isObject(node)) return emptyFlat();

  const own: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) if (!COMPOSITION.has(key)) own[key] = value;
  let acc: Flat = {
    schema: own,
    refs: [],
    exclude: new Set(),
    allowed:
      own.additionalProperties === false
        ? new Set(Object.keys(isObject(own.properties) ? own.properties : {}))
        : undefined,
    patterns: typeof own.pattern === 'string' ? [own.pattern] : [],
    never: false,
    choices: [],
  };

  if (typeof node.$ref === 'string') {
    const key = refKey(node.$ref);
    if (key !== undefined && defs[key] && !seen.has(key)) {
      const inner = flatten(
        defs[key].schema,
        defs,
        [...stack, key],
        new Set([...seen, key]),
        choose,
        forced,
      );
      inner.refs.unshift(key);
      acc = merge(acc, inner);
    }
  }
  if (Array.isArray(node.allOf)) {
    for (const member of node.allOf)
      acc = merge(acc, flatten(member, defs, [...stack, ...acc.refs], seen, choose, forced));
  }
  if (choose) {
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const options = node[keyword];
      if (!Array.isArray(options) || options.length === 0) continue;
      const here = [...stack, ...acc.refs];
      const wanted = forced?.get(options);
      const index =
        wanted !== undefined && wanted < options.length
          ? wanted
          : chooseOption(options, defs, here);
      const picked = flatten(options[index], defs, here, seen, choose, forced);
      acc = merge(acc, picked);
      acc.choices.push({ kind: keyword, options, index });
      if (keyword === 'oneOf') {
        const required = new Set(strings(acc.schema.required));
        options.forEach((option, i) => {
          if (i === index) return;
          for (const key of strings(flatten(option, defs, here, seen, false).schema.required)) {
            if (!required.has(key)) acc.exclude.add(key);
          }
        });
      }
    }
  }
  return acc;
}

/** Whether a schema is (or only allows) null. */
function isNullSchema(node: JsonValue, defs: Defs): boolean {
  const s = flatten(node, defs, [], new Set(), false).schema;
  if (s.type === 'null') return true;
  if (Array.isArray(s.type) && s.type.length > 0 && s.type.every((t) => t === 'null')) return true;
  return 'const' in s && s.const === null;
}

/** The first option that is neither null nor recursive; else the first non-recursive; else the first. */
function chooseOption(options: JsonValue[], defs: Defs, stack: string[]): number {
  const recursive = options.map((o) => mentions(o, stack));
  const good = options.findIndex((o, i) => !recursive[i] && !isNullSchema(o, defs));
  if (good >= 0) return good;
  const nonRecursive = recursive.indexOf(false);
  return nonRecursive >= 0 ? nonRecursive : 0;
}

/**
 * Whether a schema leads straight back into a named schema being expanded: a `$ref` to
 * it, directly or through `items` / `allOf` / `anyOf` / `oneOf` (not through properties,
 * which are checked when their object is sampled).
 */
function mentions(node: JsonValue | undefined, stack: string[], depth = 0): boolean {
  if (!isObject(node) || depth > 16 || stack.length === 0) return false;
  if (typeof node.$ref === 'string') {
    const key = refKey(node.$ref);
    if (key !== undefined && stack.includes(key)) return true;
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[keyword];
    if (Array.isArray(list) && list.some((m) => mentions(m, stack, depth + 1))) return true;
  }
  const items = node.items;
  if (Array.isArray(items)) return items.some((m) => mentions(m, stack, depth + 1));
  return mentions(items, stack, depth + 1);
}

const MAX_KEYWORDS = ['minimum', 'minLength', 'minItems', 'minProperties'];
const MIN_KEYWORDS = ['maximum', 'maxLength', 'maxItems', 'maxProperties'];

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function intersectTypes(a: JsonValue, b: JsonValue): JsonValue {
  const list = (t: JsonValue): string[] =>
    Array.isArray(t) ? strings(t) : typeof t === 'string' ? [t] : [];
  const as = list(a);
  const bs = list(b);
  const out: string[] = [];
  for (const t of as) {
    if (bs.includes(t)) out.push(t);
    else if (t === 'number' && bs.includes('integer')) out.push('integer');
    else if (t === 'integer' && bs.includes('number')) out.push('integer');
  }
  const unique = [...new Set(out)];
  if (unique.length === 0) return a;
  return unique.length === 1 ? unique[0] : unique;
}

/** Both schemas at once: `a`'s values win where they cannot be combined. */
function merge(a: Flat, b: Flat): Flat {
  const s: JsonSchema = { ...a.schema };
  for (const [key, value] of Object.entries(b.schema)) {
    const mine = s[key];
    if (mine === undefined) {
      s[key] = value;
      continue;
    }
    if (key === 'properties' && isObject(mine) && isObject(value)) {
      const props: JsonObject = { ...mine };
      for (const [name, sub] of Object.entries(value)) {
        props[name] = props[name] === undefined ? sub : { allOf: [props[name], sub] };
      }
      s.properties = props;
    } else if (key === 'patternProperties' && isObject(mine) && isObject(value)) {
      s.patternProperties = { ...value, ...mine };
    } else if (key === 'dependencies' && isObject(mine) && isObject(value)) {
      s.dependencies = { ...value, ...mine };
    } else if (key === 'required') {
      s.required = [...new Set([...strings(mine), ...strings(value)])];
    } else if (key === 'type') {
      s.type = intersectTypes(mine, value);
    } else if (key === 'enum' && Array.isArray(mine) && Array.isArray(value)) {
      const both = mine.filter((x) => value.some((y) => same(x, y)));
      s.enum = both.length > 0 ? both : mine;
    } else if (
      MAX_KEYWORDS.includes(key) &&
      typeof mine === 'number' &&
      typeof value === 'number'
    ) {
      s[key] = Math.max(mine, value);
    } else if (
      MIN_KEYWORDS.includes(key) &&
      typeof mine === 'number' &&
      typeof value === 'number'
    ) {
      s[key] = Math.min(mine, value);
    } else if (
      key === 'exclusiveMinimum' &&
      typeof mine === 'number' &&
      typeof value === 'number'
    ) {
      s[key] = Math.max(mine, value);
    } else if (
      key === 'exclusiveMaximum' &&
      typeof mine === 'number' &&
      typeof value === 'number'
    ) {
      s[key] = Math.min(mine, value);
    } else if (key === 'multipleOf' && typeof mine === 'number' && typeof value === 'number') {
      if (Number.isInteger(mine) && Number.isInteger(value))
        s[key] = (mine * value) / gcd(mine, value);
      else if (Number.isInteger(value / mine)) s[key] = value;
    } else if (key === 'uniqueItems') {
      s[key] = mine === true || value === true;
    } else if (key === 'additionalProperties') {
      if (mine === false || value === false) s[key] = false;
      else if (isObject(mine) && isObject(value)) s[key] = { allOf: [mine, value] };
    } else if (key === 'items' && isObject(mine) && isObject(value)) {
      s[key] = { allOf: [mine, value] };
    }
    // Anything else: `a` wins (const, examples, default, format, ...).
  }
  let allowed: Set<string> | undefined;
  if (a.allowed && b.allowed) allowed = new Set([...a.allowed].filter((k) => b.allowed!.has(k)));
  else allowed = a.allowed ?? b.allowed;
  return {
    schema: s,
    refs: [...a.refs, ...b.refs],
    exclude: new Set([...a.exclude, ...b.exclude]),
    allowed,
    patterns: [...new Set([...a.patterns, ...b.patterns])],
    never: a.never || b.never,
    choices: [...a.choices, ...b.choices],
  };
}

/**
 * The keywords of a schema with `$ref` and `allOf` resolved at its root (no choice among
 * `oneOf` / `anyOf`). Properties that appear in two `allOf` members become `{ allOf: [...] }`.
 */
export function resolveSchema(schema: JsonValue | undefined, defs: Defs): JsonSchema {
  return flatten(schema, defs, [], new Set(), false).schema;
}

// ---------------------------------------------------------------------------
// Sampling.

/** A deterministic example instance of `schema` (`{}` for no schema). */
export function sampleFor(
  schema: JsonSchema | undefined,
  defs: Record<string, NamedSchemaIR>,
): JsonValue {
  if (schema === undefined) return {};
  return sampleNode(schema, { defs, stack: [], depth: 0, variant: 0, shared: { nodes: 0 } });
}

function sampleNode(node: JsonValue, ctx: Ctx): JsonValue {
  ctx.shared.nodes++;
  const flat = flatten(node, ctx.defs, ctx.stack, new Set(), true);
  const first = sampleFlat(flat, ctx);
  const oneOfs = flat.choices.filter((c) => c.kind === 'oneOf');
  if (first.given || oneOfs.length === 0 || exactlyOne(first.value, oneOfs, ctx.defs))
    return first.value;

  // The sample also matches another `oneOf` option: try the other options instead...
  for (const choice of oneOfs) {
    for (let i = 0; i < choice.options.length; i++) {
      if (i === choice.index) continue;
      const other = flatten(
        node,
        ctx.defs,
        ctx.stack,
        new Set(),
        true,
        new Map([[choice.options, i]]),
      );
      const again = sampleFlat(other, ctx);
      const otherOneOfs = other.choices.filter((c) => c.kind === 'oneOf');
      if (exactlyOne(again.value, otherOneOfs, ctx.defs) && conforms(again.value, node, ctx.defs))
        return again.value;
    }
  }
  // ...else make the other options fail on a property only they declare.
  return breakOthers(first.value, node, flat, oneOfs, ctx.defs) ?? first.value;
}

function sampleFlat(flat: Flat, ctx: Ctx): { value: JsonValue; given: boolean } {
  if (flat.never) return { value: null, given: false };
  const s = flat.schema;
  const c: Ctx = { ...ctx, stack: [...ctx.stack, ...flat.refs] };

  const given = givenValue(s, ctx.variant);
  if (given !== undefined) return { value: clone(given.value), given: true };
  return { value: generate(s, flat, c), given: false };
}

function generate(s: JsonSchema, flat: Flat, c: Ctx): JsonValue {
  const type = pickType(s);
  if (c.depth > MAX_DEPTH) return minimal(type);
  switch (type) {
    case 'object':
      return sampleObject(s, flat, c);
    case 'array':
      return sampleArray(s, c);
    case 'string':
      return sampleString(s, flat, c);
    case 'integer':
      return sampleNumber(s, true, c.variant);
    case 'number':
      return sampleNumber(s, false, c.variant);
    case 'boolean':
      return c.variant % 2 === 0;
    case 'null':
      return null;
    default:
      return {};
  }
}

function minimal(type: string | undefined): JsonValue {
  switch (type) {
    case 'array':
      return [];
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

function typeList(s: JsonSchema): string[] | undefined {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return strings(s.type);
  return undefined;
}

function fitsType(value: JsonValue, types: string[] | undefined): boolean {
  if (!types || types.length === 0) return true;
  return types.some((t) => {
    switch (t) {
      case 'null':
        return value === null;
      case 'boolean':
        return typeof value === 'boolean';
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'array':
        return Array.isArray(value);
      case 'object':
        return isObject(value);
      default:
        return true;
    }
  });
}

/** `const`, else `examples` / `example` / `default` / `enum` values, in that order. */
function givenValue(s: JsonSchema, variant: number): { value: JsonValue } | undefined {
  if ('const' in s && s.const !== undefined) return { value: s.const };
  const types = typeList(s);
  const enumValues = Array.isArray(s.enum) ? s.enum : undefined;
  const candidates: JsonValue[] = [];
  const add = (v: JsonValue | undefined): void => {
    if (v === undefined || !fitsType(v, types)) return;
    if (enumValues && !enumValues.some((e) => same(e, v))) return;
    if (!candidates.some((c) => same(c, v))) candidates.push(v);
  };
  if (Array.isArray(s.examples)) s.examples.forEach(add);
  add(s.example);
  add(s.default);
  if (enumValues) enumValues.forEach(add);
  if (candidates.length === 0)
    return enumValues && enumValues.length > 0 ? { value: enumValues[0] } : undefined;
  if (variant < candidates.length) return { value: candidates[variant] };
  if (enumValues) return { value: candidates[variant % candidates.length] };
  return undefined; // a variation beyond the given values: generate one
}

const NUMBER_FORMATS: Record<string, string> = {
  int32: 'integer',
  int64: 'integer',
  float: 'number',
  double: 'number',
};

/** The type to generate: `type` (first non-null of a list), else inferred from keywords. */
function pickType(s: JsonSchema): string | undefined {
  const types = typeList(s);
  if (types && types.length > 0) {
    const nonNull = types.filter((t) => t !== 'null');
    return nonNull[0] ?? 'null';
  }
  const has = (...keys: string[]): boolean => keys.some((k) => s[k] !== undefined);
  if (
    has(
      'properties',
      'required',
      'additionalProperties',
      'patternProperties',
      'minProperties',
      'maxProperties',
      'dependencies',
    )
  )
    return 'object';
  if (has('items', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'additionalItems'))
    return 'array';
  if (typeof s.format === 'string' && NUMBER_FORMATS[s.format]) return NUMBER_FORMATS[s.format];
  if (has('minLength', 'maxLength', 'pattern', 'format')) return 'string';
  if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'))
    return 'number';
  return undefined;
}

function child(ctx: Ctx, name: string | undefined, variant = ctx.variant): Ctx {
  return { ...ctx, depth: ctx.depth + 1, name, variant };
}

function sampleObject(s: JsonSchema, flat: Flat, ctx: Ctx): JsonValue {
  const props = isObject(s.properties) ? s.properties : {};
  const required = strings(s.required);
  const patternProps = isObject(s.patternProperties) ? s.patternProperties : {};
  const additional = s.additionalProperties;
  const maxProps = num(s.maxProperties) ?? Infinity;
  const minProps = num(s.minProperties) ?? 0;
  const optionalWanted = ctx.depth < OPTIONAL_DEPTH;

  const schemaFor = (key: string): JsonValue => {
    if (props[key] !== undefined) return props[key];
    for (const [pattern, sub] of Object.entries(patternProps))
      if (safeTest(pattern, key)) return sub;
    return isObject(additional) || typeof additional === 'boolean' ? additional : {};
  };
  const canAdd = (key: string, ignoreDepth: boolean): boolean =>
    (ignoreDepth || optionalWanted) &&
    props[key] !== false &&
    !flat.exclude.has(key) &&
    (flat.allowed === undefined || flat.allowed.has(key)) &&
    !mentions(props[key], ctx.stack) &&
    ctx.shared.nodes < NODE_BUDGET;

  const out: JsonObject = {};
  let budget = maxProps - new Set(required).size;
  for (const [key, sub] of Object.entries(props)) {
    if (!required.includes(key)) {
      if (budget <= 0 || !canAdd(key, false)) continue;
      budget--;
    }
    out[key] = sampleNode(sub, child(ctx, key));
  }
  for (const key of required)
    if (!(key in out)) out[key] = sampleNode(schemaFor(key), child(ctx, key));

  // Array-form dependencies: a present key brings its dependants.
  if (isObject(s.dependencies)) {
    for (let round = 0; round < 8; round++) {
      let added = false;
      for (const [key, deps] of Object.entries(s.dependencies)) {
        if (!(key in out) || !Array.isArray(deps)) continue;
        for (const dep of strings(deps)) {
          if (!(dep in out)) {
            out[dep] = sampleNode(schemaFor(dep), child(ctx, dep));
            added = true;
          }
        }
      }
      if (!added) break;
    }
  }

  // minProperties: declared properties left out first, then extra keys.
  if (Object.keys(out).length < minProps) {
    for (const key of Object.keys(props)) {
      if (Object.keys(out).length >= minProps) break;
      if (!(key in out) && canAdd(key, true)) out[key] = sampleNode(props[key], child(ctx, key));
    }
    for (let i = 1; Object.keys(out).length < minProps && i <= minProps + 8; i++) {
      const key = extraKey(i, patternProps, additional);
      if (key === undefined) break;
      if (!(key in out)) out[key] = sampleNode(schemaFor(key), child(ctx, key));
    }
  }
  return out;
}

/** The i-th extra property name: `key<i>`, or one matching a pattern when extra keys must. */
function extraKey(
  i: number,
  patternProps: JsonObject,
  additional: JsonValue | undefined,
): string | undefined {
  const plain = `key${i}`;
  if (additional !== false) return plain;
  for (const pattern of Object.keys(patternProps)) {
    const candidates = [...patternStrings(pattern, 0, i), plain, `${i}`, `x${i}`];
    const found = candidates.find((k) => safeTest(pattern, k));
    if (found !== undefined) return found;
  }
  return undefined;
}

function sampleArray(s: JsonSchema, ctx: Ctx): JsonValue {
  const minItems = num(s.minItems) ?? 0;
  const maxItems = num(s.maxItems) ?? Infinity;
  const unique = s.uniqueItems === true;
  const contains = s.contains;
  const items = s.items;
  const out: JsonValue[] = [];

  const push = (schema: JsonValue, index: number): void => {
    const base = unique ? ctx.variant + index : ctx.variant;
    let value = sampleNode(schema, child(ctx, ctx.name, base));
    if (unique) {
      for (let extra = 1; extra <= 16 && out.some((v) => same(v, value)); extra++) {
        value = sampleNode(schema, child(ctx, ctx.name, base + extra * Math.max(1, minItems)));
      }
    }
    out.push(value);
  };

  if (Array.isArray(items)) {
    const rest = isObject(s.additionalItems) ? s.additionalItems : {};
    const wanted = ctx.depth < OPTIONAL_DEPTH ? Math.max(minItems, items.length) : minItems;
    const count = Math.min(wanted, maxItems);
    for (let i = 0; i < count; i++) push(i < items.length ? items[i] : rest, i);
    return out;
  }

  const itemSchema: JsonValue = items === undefined || items === true ? {} : items;
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

// ---------------------------------------------------------------------------
// Strings.

const FORMATS: Record<string, (v: number) => string> = {
  'date-time': (v) => `2024-01-${pad2(15 + (v % 14))}T09:30:00Z`,
  date: (v) => `2024-01-${pad2(15 + (v % 14))}`,
  time: (v) => `09:${pad2(30 + (v % 30))}:00Z`,
  email: (v) => (v === 0 ? 'user@example.com' : `user${v + 1}@example.com`),
  'idn-email': (v) => (v === 0 ? 'user@example.com' : `user${v + 1}@example.com`),
  uri: (v) => resourceUrl(v),
  url: (v) => resourceUrl(v),
  iri: (v) => resourceUrl(v),
  'uri-reference': (v) => resourceUrl(v),
  'iri-reference': (v) => resourceUrl(v),
  'uri-template': (v) =>
    v === 0 ? 'https://example.com/resource/{id}' : `https://example.com/resource${v + 1}/{id}`,
  uuid: (v) =>
    `3fa85f64-5717-4562-b3fc-2c963f66a${(0xfa6 + v).toString(16).slice(-3).padStart(3, '0')}`,
  hostname: (v) => (v === 0 ? 'example.com' : `host${v + 1}.example.com`),
  'idn-hostname': (v) => (v === 0 ? 'example.com' : `host${v + 1}.example.com`),
  ipv4: (v) => `192.0.2.${1 + (v % 254)}`,
  ipv6: (v) => `2001:db8::${(v + 1).toString(16)}`,
  byte: (v) => Buffer.from(v === 0 ? 'hello' : `hello${v + 1}`).toString('base64'),
  binary: (v) => Buffer.from(v === 0 ? 'hello' : `hello${v + 1}`).toString('base64'),
  duration: (v) => `P${v + 1}D`,
  'json-pointer': (v) => (v === 0 ? '/resource/id' : `/resource/${v + 1}`),
  'relative-json-pointer': (v) => `${v}/id`,
  regex: (v) => (v === 0 ? '^[a-z]+$' : `^[a-z]{${v + 1}}$`),
  password: (v) => (v === 0 ? 'secret' : `secret${v + 1}`),
};

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function resourceUrl(v: number): string {
  return v === 0 ? 'https://example.com/resource' : `https://example.com/resource/${v + 1}`;
}

const regexCache = new Map<string, RegExp | null>();

/** `new RegExp(pattern, 'u')` as Ajv compiles it; null when it does not compile. */
function compile(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern)!;
}

function safeTest(pattern: string, value: string): boolean {
  const re = compile(pattern);
  return re === null ? true : re.test(value);
}

function length(value: string): number {
  return Array.from(value).length;
}

function fit(value: string, minLength: number, maxLength: number): string {
  let out = value;
  if (length(out) < minLength) out += 'x'.repeat(minLength - length(out));
  if (length(out) > maxLength) out = Array.from(out).slice(0, maxLength).join('');
  return out;
}

function sampleString(s: JsonSchema, flat: Flat, ctx: Ctx): string {
  const minLength = num(s.minLength) ?? 0;
  const maxLength = num(s.maxLength) ?? Infinity;
  const patterns = flat.patterns;
  const ok = (v: string): boolean =>
    length(v) >= minLength && length(v) <= maxLength && patterns.every((p) => safeTest(p, v));
  const v = ctx.variant;

  const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
  if (format) {
    const value = format(v);
    if (ok(value)) return value;
  }
  const plain = ctx.name ? `sample-${ctx.name}` : 'string';
  const base = v === 0 ? plain : `${plain}-${v + 1}`;
  const fitted = fit(base, minLength, maxLength);
  if (ok(fitted)) return fitted;

  const candidates: string[] = [];
  for (const pattern of patterns) {
    for (const extra of [0, 1, 2, 4, 8, minLength])
      candidates.push(...patternStrings(pattern, extra, v));
  }
  const plainCandidates = [
    '',
    'a',
    'abc',
    'sample',
    'A',
    'ABC',
    'Sample',
    '0',
    '1',
    '123',
    '0123456789',
    'a1',
    'x-1',
  ];
  for (const c of plainCandidates) candidates.push(v === 0 ? c : `${c}${v + 1}`, c);
  for (const candidate of candidates) {
    if (ok(candidate)) return candidate;
    const f = fit(candidate, minLength, maxLength);
    if (ok(f)) return f;
  }
  // Nothing tried fits (a pattern beyond the simple subset): return the plain value anyway.
  return fitted;
}

/**
 * Strings built from a regular expression: a small generator for the simple subset
 * (literals, escapes, `.`, character classes, groups, alternation, quantifiers). Each
 * quantifier repeats its minimum plus `extra` times (within its maximum); alternation
 * takes alternative `variant` (modulo the count). Returns [] when the pattern is not
 * understood. The results are candidates only: the caller checks them.
 */
export function patternStrings(pattern: string, extra: number, variant = 0): string[] {
  try {
    const out = new PatternGenerator(pattern, extra, variant).generate();
    return out === undefined ? [] : [out];
  } catch {
    return [];
  }
}

class PatternGenerator {
  private i = 0;
  constructor(
    private readonly p: string,
    private readonly extra: number,
    private readonly variant: number,
  ) {}

  generate(): string | undefined {
    const out = this.alternation();
    return this.i === this.p.length ? out : undefined;
  }

  private alternation(): string {
    const alternatives = [this.sequence()];
    while (this.p[this.i] === '|') {
      this.i++;
      alternatives.push(this.sequence());
    }
    return alternatives[this.variant % alternatives.length];
  }

  private sequence(): string {
    let out = '';
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      const [min, max] = this.quantifier();
      const times = Math.min(min + this.extra, max);
      out += atom.repeat(times);
    }
    return out;
  }

  private quantifier(): [number, number] {
    const c = this.p[this.i];
    let range: [number, number] = [1, 1];
    if (c === '?') range = [0, 1];
    else if (c === '*') range = [0, Infinity];
    else if (c === '+') range = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
      if (!m) return range;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
      if (this.p[this.i] === '?') this.i++;
      return [min, max];
    } else return range;
    this.i++;
    if (this.p[this.i] === '?') this.i++; // lazy
    return range;
  }

  private atom(): string {
    const c = this.p[this.i++];
    switch (c) {
      case '^':
      case '$':
        return '';
      case '.':
        return 'a';
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false);
      default:
        return c;
    }
  }

  private group(): string {
    let lookaround = false;
    if (this.p[this.i] === '?') {
      const rest = this.p.slice(this.i);
      if (rest.startsWith('?:')) this.i += 2;
      else if (/^\?<[=!]/.test(rest)) {
        this.i += 3;
        lookaround = true;
      } else if (/^\?[=!]/.test(rest)) {
        this.i += 2;
        lookaround = true;
      } else {
        const named = /^\?<[A-Za-z_$][\w$]*>/.exec(rest);
        if (!named) throw new Error('unsupported group');
        this.i += named[0].length;
      }
    }
    const inner = this.alternation();
    if (this.p[this.i] !== ')') throw new Error('unclosed group');
    this.i++;
    return lookaround ? '' : inner;
  }

  private charClass(): string {
    const negated = this.p[this.i] === '^';
    if (negated) this.i++;
    const members: Array<[string, string]> = [];
    let first = true;
    while (this.i < this.p.length && (this.p[this.i] !== ']' || first)) {
      first = false;
      const lo = this.classChar();
      if (this.p[this.i] === '-' && this.p[this.i + 1] !== ']' && this.i + 1 < this.p.length) {
        this.i++;
        const hi = this.classChar();
        members.push([lo, hi]);
      } else members.push([lo, lo]);
    }
    if (this.p[this.i] !== ']') throw new Error('unclosed class');
    this.i++;
    const inClass = (ch: string): boolean =>
      members.some(([lo, hi]) => lo.length === 1 && hi.length === 1 && ch >= lo && ch <= hi);
    if (negated) {
      const pick = ['a', 'x', 'A', '0', '_', '-', ' ', '.'].find((ch) => !inClass(ch));
      if (pick === undefined) throw new Error('no character');
      return pick;
    }
    if (members.length === 0) throw new Error('empty class');
    // Prefer a letter or digit when the class has one, for readable values.
    for (const ch of ['a', 'A', '0']) if (inClass(ch)) return ch;
    return members[0][0];
  }

  /** One character of a class (escapes resolved to a representative). */
  private classChar(): string {
    const c = this.p[this.i++];
    return c === '\\' ? this.escape(true) : c;
  }

  private escape(inClass: boolean): string {
    const c = this.p[this.i++];
    switch (c) {
      case 'd':
        return '0';
      case 'w':
        return 'a';
      case 's':
        return ' ';
      case 'D':
      case 'S':
        return 'a';
      case 'W':
        return '-';
      case 'b':
        return inClass ? '\b' : '';
      case 'B':
        return '';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'u': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.p.slice(this.i));
        if (braced) {
          this.i += braced[0].length;
          return String.fromCodePoint(parseInt(braced[1], 16));
        }
        const hex = this.p.slice(this.i, this.i + 4);
        this.i += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case 'x': {
        const hex = this.p.slice(this.i, this.i + 2);
        this.i += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case 'p':
      case 'P': {
        const m = /^\{[^}]*\}/.exec(this.p.slice(this.i));
        if (m) this.i += m[0].length;
        return c === 'p' ? 'a' : '0';
      }
      default:
        if (c !== undefined && /[1-9]/.test(c)) throw new Error('backreference');
        if (c === undefined) throw new Error('dangling escape');
        return c;
    }
  }
}

// ---------------------------------------------------------------------------
// Numbers.

function sampleNumber(s: JsonSchema, integer: boolean, variant: number): number {
  let lo = num(s.minimum);
  let loExclusive = false;
  let hi = num(s.maximum);
  let hiExclusive = false;
  const exMin = s.exclusiveMinimum;
  const exMax = s.exclusiveMaximum;
  if (typeof exMin === 'number' && (lo === undefined || exMin >= lo)) {
    lo = exMin;
    loExclusive = true;
  } else if (exMin === true && lo !== undefined) loExclusive = true; // draft-04 form
  if (typeof exMax === 'number' && (hi === undefined || exMax <= hi)) {
    hi = exMax;
    hiExclusive = true;
  } else if (exMax === true && hi !== undefined) hiExclusive = true;
  const step = num(s.multipleOf);
  const multipleOf = step !== undefined && step > 0 ? step : undefined;
  if (typeof s.format === 'string' && NUMBER_FORMATS[s.format] === 'integer') integer = true;

  const allowed = (x: number): boolean => {
    if (!Number.isFinite(x)) return false;
    if (lo !== undefined && (loExclusive ? x <= lo : x < lo)) return false;
    if (hi !== undefined && (hiExclusive ? x >= hi : x > hi)) return false;
    if (integer && !Number.isInteger(x)) return false;
    if (multipleOf !== undefined) {
      const r = x / multipleOf; // as Ajv checks it
      if (r !== parseInt(String(r), 10)) return false;
    }
    return true;
  };

  const found: number[] = [];
  const want = variant + 1;
  const tryValue = (x: number): boolean => {
    const clean = Number(x.toPrecision(15));
    for (const candidate of clean === x ? [x] : [clean, x]) {
      if (allowed(candidate) && !found.includes(candidate)) {
        found.push(candidate);
        break;
      }
    }
    return found.length >= want;
  };

  const unit = multipleOf ?? 1;
  const down = lo === undefined && hi !== undefined && hi <= 0;
  const start = allowed(0) ? 0 : down ? hi! : (lo ?? 0);
  const k0 = down ? Math.floor(start / unit) : Math.ceil(start / unit);
  for (let n = 0; n < 10000; n++) {
    const k = down ? k0 - n : k0 + n;
    if (tryValue(k * unit)) return found[variant];
  }
  // Exclusive real bounds closer than one unit, or a variation past the range.
  if (!integer && multipleOf === undefined && lo !== undefined && hi !== undefined) {
    if (tryValue((lo + hi) / 2)) return found[variant];
  }
  if (found.length > 0) return found[variant % found.length];
  return lo ?? hi ?? 0; // nothing allowed was found: bounds contradict
}

// ---------------------------------------------------------------------------
// Checking: a small draft-07 validator, used to keep a `oneOf` sample from matching
// two options. Formats are checked roughly as ajv-formats does; unknown ones pass.

/** Whether, for every `oneOf` picked, no option but the picked one accepts the value. */
function exactlyOne(value: JsonValue, oneOfs: Choice[], defs: Defs): boolean {
  return oneOfs.every((c) =>
    c.options.every((option, i) => i === c.index || !conforms(value, option, defs)),
  );
}

const WRONG_VALUES: JsonValue[] = [0, 'x', true, null, [], {}];

/**
 * For an object sample that another `oneOf` option also accepts: give a property that
 * only that option declares a value it rejects. Undefined when that does not work.
 */
function breakOthers(
  value: JsonValue,
  node: JsonValue,
  flat: Flat,
  oneOfs: Choice[],
  defs: Defs,
): JsonValue | undefined {
  if (!isObject(value) || flat.schema.additionalProperties === false) return undefined;
  const mine = isObject(flat.schema.properties) ? flat.schema.properties : {};
  let out: JsonObject = { ...value };
  for (const choice of oneOfs) {
    for (let j = 0; j < choice.options.length; j++) {
      if (j === choice.index || !conforms(out, choice.options[j], defs)) continue;
      const other = resolveSchema(choice.options[j], defs);
      const props = isObject(other.properties) ? other.properties : {};
      let broken: JsonObject | undefined;
      for (const [key, sub] of Object.entries(props)) {
        if (key in mine || (flat.allowed && !flat.allowed.has(key))) continue;
        for (const wrong of WRONG_VALUES) {
          if (conforms(wrong, sub, defs)) continue;
          const attempt = { ...out, [key]: wrong };
          if (!conforms(attempt, choice.options[j], defs)) {
            broken = attempt;
            break;
          }
        }
        if (broken) break;
      }
      if (!broken) return undefined;
      out = broken;
    }
  }
  return exactlyOne(out, oneOfs, defs) && conforms(out, node, defs) ? out : undefined;
}

const FORMAT_CHECKS: Record<string, (v: string) => boolean> = {
  date: (v) => isDate(v),
  time: (v) => isTime(v, false),
  'date-time': (v) => {
    const parts = v.split(/t|\s/i);
    return parts.length === 2 && isDate(parts[0]) && isTime(parts[1], true);
  },
  duration: (v) => /^P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$/.test(v),
  uri: (v) => /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i.test(v),
  'uri-reference': (v) =>
    /^(?:(?:[a-z][a-z0-9+\-.]*:)?\/?\/)?(?:[^\\\s#][^\s#]*)?(?:#[^\\\s]*)?$/i.test(v),
  url: (v) => /^(?:https?|ftp):\/\/[^\s/$.?#].[^\s]*$/i.test(v),
  email: (v) =>
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(
      v,
    ),
  hostname: (v) =>
    /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i.test(
      v,
    ),
  ipv4: (v) =>
    /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(v),
  ipv6: (v) => isIPv6(v),
  uuid: (v) => /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v),
  byte: (v) => /^(?:[a-z0-9+/]{4})*(?:[a-z0-9+/]{2}==|[a-z0-9+/]{3}=)?$/i.test(v),
  'json-pointer': (v) => /^(?:\/(?:[^~/]|~0|~1)*)*$/.test(v),
  'relative-json-pointer': (v) => /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/.test(v),
  regex: (v) => compile(v) !== null,
};

function isDate(v: string): boolean {
  const m = /^(\d\d\d\d)-(\d\d)-(\d\d)$/.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

function isTime(v: string, zoneRequired: boolean): boolean {
  const m = /^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|[+-]\d\d(?::?\d\d)?)?$/i.exec(v);
  if (!m) return false;
  if (zoneRequired && m[5] === undefined) return false;
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3]) <= 60;
}

function conformsNumber(value: number, s: JsonSchema): boolean {
  const min = num(s.minimum);
  const max = num(s.maximum);
  if (min !== undefined && (s.exclusiveMinimum === true ? value <= min : value < min)) return false;
  if (max !== undefined && (s.exclusiveMaximum === true ? value >= max : value > max)) return false;
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  if (exMin !== undefined && value <= exMin) return false;
  if (exMax !== undefined && value >= exMax) return false;
  const step = num(s.multipleOf);
  if (step !== undefined && step > 0) {
    const r = value / step;
    if (r !== parseInt(String(r), 10)) return false;
  }
  if (s.format === 'int32')
    return Number.isInteger(value) && value <= 2147483647 && value >= -2147483648;
  if (s.format === 'int64') return Number.isInteger(value);
  return true;
}

function conformsString(value: string, s: JsonSchema): boolean {
  const min = num(s.minLength);
  const max = num(s.maxLength);
  if (min !== undefined && length(value) < min) return false;
  if (max !== undefined && length(value) > max) return false;
  if (typeof s.pattern === 'string' && !safeTest(s.pattern, value)) return false;
  const check = typeof s.format === 'string' ? FORMAT_CHECKS[s.format] : undefined;
  return check ? check(value) : true;
}

function conformsArray(value: JsonValue[], s: JsonSchema, defs: Defs, depth: number): boolean {
  const min = num(s.minItems);
  const max = num(s.maxItems);
  if (min !== undefined && value.length < min) return false;
  if (max !== undefined && value.length > max) return false;
  if (Array.isArray(s.items)) {
    const tuple = s.items;
    for (let i = 0; i < value.length; i++) {
      const sub = i < tuple.length ? tuple[i] : s.additionalItems;
      if (!conforms(value[i], sub, defs, depth)) return false;
    }
  } else if (s.items !== undefined && !value.every((v) => conforms(v, s.items, defs, depth)))
    return false;
  if (s.uniqueItems === true && value.some((v, i) => value.slice(i + 1).some((w) => same(v, w))))
    return false;
  if (s.contains !== undefined && !value.some((v) => conforms(v, s.contains, defs, depth)))
    return false;
  return true;
}

function conformsObject(value: JsonObject, s: JsonSchema, defs: Defs, depth: number): boolean {
  const keys = Object.keys(value);
  const min = num(s.minProperties);
  const max = num(s.maxProperties);
  if (min !== undefined && keys.length < min) return false;
  if (max !== undefined && keys.length > max) return false;
  if (strings(s.required).some((k) => !(k in value))) return false;
  const props = isObject(s.properties) ? s.properties : {};
  const patternProps = isObject(s.patternProperties) ? s.patternProperties : {};
  for (const key of keys) {
    let declared = false;
    if (key in props) {
      declared = true;
      if (!conforms(value[key], props[key], defs, depth)) return false;
    }
    for (const [pattern, sub] of Object.entries(patternProps)) {
      if (!safeTest(pattern, key)) continue;
      declared = true;
      if (!conforms(value[key], sub, defs, depth)) return false;
    }
    if (
      !declared &&
      s.additionalProperties !== undefined &&
      !conforms(value[key], s.additionalProperties, defs, depth)
    )
      return false;
    if (s.propertyNames !== undefined && !conforms(key, s.propertyNames, defs, depth)) return false;
  }
  if (isObject(s.dependencies)) {
    for (const [key, dep] of Object.entries(s.dependencies)) {
      if (!(key in value)) continue;
      if (
        Array.isArray(dep)
          ? strings(dep).some((k) => !(k in value))
          : !conforms(value, dep, defs, depth)
      )
        return false;
    }
  }
  return true;
}

/** Whether `value` is valid against `node` (draft-07; formats roughly). */
export function conforms(
  value: JsonValue,
  node: JsonValue | undefined,
  defs: Defs,
  depth = 0,
): boolean {
  if (node === undefined || node === true) return true;
  if (node === false) return false;
  if (!isObject(node) || depth > 64) return true;
  const s = node;
  const d = depth + 1;
  if (typeof s.$ref === 'string') {
    const key = refKey(s.$ref);
    if (key !== undefined && defs[key] && !conforms(value, defs[key].schema, defs, d)) return false;
  }
  if (Array.isArray(s.allOf) && !s.allOf.every((x) => conforms(value, x, defs, d))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((x) => conforms(value, x, defs, d))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((x) => conforms(value, x, defs, d)).length !== 1)
    return false;
  if (s.not !== undefined && conforms(value, s.not, defs, d)) return false;
  if (s.if !== undefined) {
    const branch = conforms(value, s.if, defs, d) ? s.then : s.else;
    if (branch !== undefined && !conforms(value, branch, defs, d)) return false;
  }
  const types = typeList(s);
  if (types && types.length > 0 && !fitsType(value, types)) return false;
  if ('const' in s && !same(value, s.const)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((e) => same(e, value))) return false;
  if (typeof value === 'string') return conformsString(value, s);
  if (typeof value === 'number') return conformsNumber(value, s);
  if (Array.isArray(value)) return conformsArray(value, s, defs, d);
  if (isObject(value)) return conformsObject(value, s, defs, d);
  return true;
}
