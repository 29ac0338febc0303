/**
 * What one schema object says about the parts of a value: an object's properties, the
 * schema that applies to a given key, an array's positional and remaining items, and the
 * properties below an object down to a depth. Read through the walker (`subschemas`), so
 * only what the keyword table calls a subschema is taken: a property named `items` or
 * `required` is a property. Composition is not resolved here: pass a schema through
 * `resolveSchema` / `flatten` first where `$ref` and `allOf` should count.
 */
import type { JsonValue } from '../plan/ir';
import { resolveSchema } from './flatten';
import { isObject, strings, type SchemaObject } from './object';
import { encodePointerToken, type Defs } from './ref';
import { subschemas, type Subschema } from './walk';

export interface ObjectShape {
  /** `properties`, in declaration order (a `Map`: no key is inherited, `__proto__` is a name). */
  properties: Map<string, unknown>;
  /** `required` (its strings, in order). */
  required: string[];
  /** `patternProperties`: pattern → schema, in declaration order. */
  patterns: Array<[pattern: string, schema: unknown]>;
  /** `additionalProperties` when it is a schema (an object or a boolean). */
  additional?: unknown;
  /**
   * Property → the properties its presence requires: draft-07 `dependencies` in list form
   * (the schema form is a subschema, see `appliesTo`).
   */
  dependentRequired: Array<[property: string, requires: string[]]>;
}

/** The object keywords of `schema`. */
export function objectShape(schema: SchemaObject): ObjectShape {
  const shape: ObjectShape = {
    properties: new Map(),
    required: strings(schema.required),
    patterns: [],
    dependentRequired: [],
  };
  if (isObject(schema.dependencies)) {
    for (const [key, names] of Object.entries(schema.dependencies))
      if (Array.isArray(names)) shape.dependentRequired.push([key, strings(names)]);
  }
  for (const sub of subschemas(schema)) {
    if (sub.keyword === 'properties') shape.properties.set(String(sub.key), sub.schema);
    else if (sub.keyword === 'patternProperties')
      shape.patterns.push([String(sub.key), sub.schema]);
    else if (sub.keyword === 'additionalProperties') shape.additional = sub.schema;
  }
  return shape;
}

/**
 * The schema that applies to the value of property `key`: its `properties` entry, else the
 * first `patternProperties` entry whose pattern `matches` it, else `additionalProperties`;
 * undefined when none is declared (any value).
 */
export function propertySchema(
  shape: ObjectShape,
  key: string,
  matches: (pattern: string, key: string) => boolean,
): unknown {
  if (shape.properties.has(key)) return shape.properties.get(key);
  for (const [pattern, schema] of shape.patterns) if (matches(pattern, key)) return schema;
  return shape.additional;
}

export interface ArrayShape {
  /**
   * Positional item schemas: draft-07 `items` as a list (or 2020-12 `prefixItems`, when
   * asked for). A position that holds no schema (a malformed document) is `{}`.
   */
  tuple?: { keyword: 'prefixItems' | 'items'; schemas: unknown[] };
  /**
   * The schema of every item past the tuple (every item without one): `items` as one schema,
   * or `additionalItems` after a draft-07 tuple. Undefined when any item is allowed.
   */
  rest?: Subschema;
}

/**
 * The array keywords of `schema`, as draft-07 reads them (the generated receiver's Ajv
 * validates draft-07, where `prefixItems` is no keyword and `items` applies to every item).
 * With `prefixItems`, a 2020-12 `prefixItems` is the tuple and `items` the rest, as a
 * static type reads a document written for 2020-12.
 */
export function arrayShape(
  schema: SchemaObject,
  options: { prefixItems?: boolean } = {},
): ArrayShape {
  const subs = [...subschemas(schema)];
  const listed = (keyword: 'prefixItems' | 'items') => {
    const value = schema[keyword];
    if (!Array.isArray(value)) return undefined;
    const schemas: unknown[] = value.map(() => ({}));
    for (const sub of subs)
      if (sub.keyword === keyword && typeof sub.key === 'number') schemas[sub.key] = sub.schema;
    return { keyword, schemas };
  };
  const tuple =
    (options.prefixItems === true ? listed('prefixItems') : undefined) ?? listed('items');
  const restKeyword =
    tuple === undefined || tuple.keyword === 'prefixItems' ? 'items' : 'additionalItems';
  const rest = subs.find((sub) => sub.keyword === restKeyword && sub.key === undefined);
  return { ...(tuple ? { tuple } : {}), ...(rest ? { rest } : {}) };
}

export interface NestedProperty {
  /** JSON pointer of the property from the root value: `/event/type`. */
  pointer: string;
  schema: JsonValue;
  /** 1 for a property of the root object, 2 for a property of one of those, ... */
  depth: number;
  /** Required at every level from the root down to it. */
  required: boolean;
}

/**
 * The properties of `schema` and of the objects below it, down to `maxDepth` levels,
 * parents before children, in declaration order. Each level is read after resolving
 * `$ref` and `allOf` (`resolveSchema`), so an envelope's `$ref`'d inner object counts.
 */
export function* nestedProperties(
  schema: JsonValue | undefined,
  defs: Defs,
  maxDepth: number,
  pointer = '',
  depth = 1,
  required = true,
): Generator<NestedProperty> {
  if (schema === undefined || depth > maxDepth) return;
  const shape = objectShape(resolveSchema(schema, defs));
  const requiredHere = new Set(shape.required);
  for (const [name, sub] of shape.properties) {
    const at: NestedProperty = {
      pointer: `${pointer}/${encodePointerToken(name)}`,
      schema: sub as JsonValue,
      depth,
      required: required && requiredHere.has(name),
    };
    yield at;
    yield* nestedProperties(at.schema, defs, maxDepth, at.pointer, depth + 1, at.required);
  }
}
