/**
 * Composition folded into one schema object: `$ref` (keywords beside it apply too, as in
 * Ajv 8), `allOf`, and, when asked to choose, one option of each `oneOf` / `anyOf`.
 */
import type { JsonSchema, JsonValue } from '../plan/ir';
import { COMBINATORS } from './keywords';
import { mergeKeywords } from './merge';
import { isObject, strings } from './object';
import { refKey, type Defs } from './ref';
import { subschemas } from './walk';

/** A schema with `$ref`, `allOf` (and, when choosing, `oneOf`/`anyOf`) folded in. */
export interface Flat {
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

export interface Choice {
  kind: 'oneOf' | 'anyOf';
  /** The options array as it is in the schema (its identity keys `Forced`). */
  options: JsonValue[];
  index: number;
}

/** Options to take instead of the preferred ones, by options array. */
export type Forced = Map<JsonValue[], number>;

export interface FlattenOptions {
  /** Named schemas being expanded around this one (for choosing non-recursive options). */
  stack?: string[];
  /** Pick one option of each `oneOf` / `anyOf` and fold it in too. */
  choose?: boolean;
  /** With `choose`: these options instead of the preferred ones. */
  forced?: Forced;
}

/** Keywords that `flatten` resolves rather than copies. */
const COMPOSITION = new Set(['$ref', 'allOf', 'oneOf', 'anyOf', '$defs', 'definitions']);

function emptyFlat(): Flat {
  return { schema: {}, refs: [], exclude: new Set(), patterns: [], never: false, choices: [] };
}

export function flatten(
  node: JsonValue | undefined,
  defs: Defs,
  options: FlattenOptions = {},
): Flat {
  return flattenNode(
    node,
    defs,
    options.stack ?? [],
    new Set(),
    options.choose ?? false,
    options.forced,
  );
}

/**
 * The keywords of a schema with `$ref` and `allOf` resolved at its root (no choice among
 * `oneOf` / `anyOf`). Properties that appear in two `allOf` members become `{ allOf: [...] }`.
 */
export function resolveSchema(schema: JsonValue | undefined, defs: Defs): JsonSchema {
  return flatten(schema, defs).schema;
}

function flattenNode(
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

  const key = refKey(node.$ref);
  if (key !== undefined && defs[key] && !seen.has(key)) {
    const inner = flattenNode(
      defs[key].schema,
      defs,
      [...stack, key],
      new Set([...seen, key]),
      choose,
      forced,
    );
    inner.refs.unshift(key);
    acc = mergeFlat(acc, inner);
  }
  if (Array.isArray(node.allOf)) {
    for (const member of node.allOf)
      acc = mergeFlat(
        acc,
        flattenNode(member, defs, [...stack, ...acc.refs], seen, choose, forced),
      );
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
      const picked = flattenNode(options[index], defs, here, seen, choose, forced);
      acc = mergeFlat(acc, picked);
      acc.choices.push({ kind: keyword, options, index });
      if (keyword === 'oneOf') {
        const required = new Set(strings(acc.schema.required));
        options.forEach((option, i) => {
          if (i === index) return;
          for (const name of strings(
            flattenNode(option, defs, here, seen, false).schema.required,
          )) {
            if (!required.has(name)) acc.exclude.add(name);
          }
        });
      }
    }
  }
  return acc;
}

function mergeFlat(a: Flat, b: Flat): Flat {
  let allowed: Set<string> | undefined;
  if (a.allowed && b.allowed) {
    const other = b.allowed;
    allowed = new Set([...a.allowed].filter((k) => other.has(k)));
  } else allowed = a.allowed ?? b.allowed;
  return {
    schema: mergeKeywords(a.schema, b.schema),
    refs: [...a.refs, ...b.refs],
    exclude: new Set([...a.exclude, ...b.exclude]),
    allowed,
    patterns: [...new Set([...a.patterns, ...b.patterns])],
    never: a.never || b.never,
    choices: [...a.choices, ...b.choices],
  };
}

/** Whether a schema is (or only allows) null. */
export function isNullSchema(node: JsonValue, defs: Defs): boolean {
  const s = resolveSchema(node, defs);
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

const STRAIGHT_THROUGH = new Set<string>([...COMBINATORS, 'items']);

/**
 * Whether a schema leads straight back into a named schema of `stack`: a `$ref` to it,
 * directly or through `items` / `allOf` / `anyOf` / `oneOf` (not through properties,
 * which are checked when their object is sampled).
 */
export function mentions(node: JsonValue | undefined, stack: string[], depth = 0): boolean {
  if (!isObject(node) || depth > 16 || stack.length === 0) return false;
  const key = refKey(node.$ref);
  if (key !== undefined && stack.includes(key)) return true;
  for (const sub of subschemas(node)) {
    if (STRAIGHT_THROUGH.has(sub.keyword) && mentions(sub.schema as JsonValue, stack, depth + 1))
      return true;
  }
  return false;
}
