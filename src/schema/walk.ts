/**
 * The one walker over JSON Schema. It goes only where the keyword table says a subschema
 * is, so data (`enum`, `const`, `default`, `examples`, extensions) is never walked into,
 * and a property named like a keyword is a property.
 */
import { isObject, setOwn, type SchemaObject } from './object';
import { keywordKind } from './keywords';

export type PathSegment = string | number;

/** One subschema of a schema object, and where it sits. */
export interface Subschema {
  /** The keyword holding it: `properties`, `items`, `allOf`, ... */
  keyword: string;
  /** The property name (maps) or index (lists); undefined for a keyword holding one schema. */
  key?: string | number;
  /** The subschema: an object or a boolean. */
  schema: unknown;
  /** Path segments from the parent: `['properties', 'name']`, `['items', 0]`, `['not']`. */
  path: PathSegment[];
}

function isSchema(value: unknown): boolean {
  return isObject(value) || typeof value === 'boolean';
}

/** The direct subschemas of `schema` (objects and booleans), in the schema's own keyword order. */
export function* subschemas(schema: SchemaObject): Generator<Subschema> {
  for (const [keyword, value] of Object.entries(schema)) {
    const kind = keywordKind(keyword);
    if (kind === undefined) continue;
    if (Array.isArray(value) && (kind === 'list' || kind === 'schemaOrList')) {
      for (let i = 0; i < value.length; i++)
        if (isSchema(value[i])) yield { keyword, key: i, schema: value[i], path: [keyword, i] };
    } else if (isObject(value) && (kind === 'map' || kind === 'mapOrNames')) {
      for (const [key, sub] of Object.entries(value))
        if (isSchema(sub)) yield { keyword, key, schema: sub, path: [keyword, key] };
    } else if (isSchema(value) && (kind === 'schema' || kind === 'schemaOrList')) {
      yield { keyword, schema: value, path: [keyword] };
    }
  }
}

/**
 * Visits `root` and every schema object below it, depth first, parents before children.
 * `visit` returns false to skip a node's subschemas (a node already seen, for cycles: the
 * walker itself keeps no memory, so a cyclic graph needs a visitor that stops).
 */
export function walk(
  root: unknown,
  visit: (node: SchemaObject, path: readonly PathSegment[]) => boolean | void,
  path: PathSegment[] = [],
): void {
  if (!isObject(root)) return;
  if (visit(root, path) === false) return;
  for (const sub of subschemas(root)) walk(sub.schema, visit, [...path, ...sub.path]);
}

/**
 * A copy of `schema` with each subschema replaced by `sub(child)` and every other
 * keyword's value by `data(value, keyword)` (default: kept as it is). Either returning
 * undefined leaves the entry out. Keys are set as own properties (`__proto__` too).
 */
export function mapSchema<T>(
  schema: SchemaObject,
  sub: (child: unknown, at: Subschema) => T | undefined,
  data: (value: unknown, keyword: string) => T | undefined = (value) => value as T,
): { [keyword: string]: T } {
  const out: { [keyword: string]: T } = {};
  const put = (target: { [key: string]: T }, key: string, value: T | undefined) => {
    if (value !== undefined) setOwn(target, key, value);
  };
  for (const [keyword, value] of Object.entries(schema)) {
    const kind = keywordKind(keyword);
    if (Array.isArray(value) && (kind === 'list' || kind === 'schemaOrList')) {
      const list = value.map((child, i) =>
        isSchema(child)
          ? sub(child, { keyword, key: i, schema: child, path: [keyword, i] })
          : data(child, keyword),
      );
      put(out, keyword, list.filter((v) => v !== undefined) as T);
    } else if (isObject(value) && (kind === 'map' || kind === 'mapOrNames')) {
      const map: { [key: string]: T } = {};
      for (const [key, child] of Object.entries(value)) {
        put(
          map,
          key,
          isSchema(child)
            ? sub(child, { keyword, key, schema: child, path: [keyword, key] })
            : data(child, keyword),
        );
      }
      put(out, keyword, map as T);
    } else if (isSchema(value) && (kind === 'schema' || kind === 'schemaOrList')) {
      put(out, keyword, sub(value, { keyword, schema: value, path: [keyword] }));
    } else {
      put(out, keyword, data(value, keyword));
    }
  }
  return out;
}
