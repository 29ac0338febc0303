/**
 * The keyword table: for each JSON Schema keyword (draft-04 to 2020-12, plus the OpenAPI
 * and AsyncAPI extras), what its value holds and, for a keyword holding subschemas, which
 * value they apply to. Every walk over a schema asks this table, so that a property named
 * `enum` or `default` (a key of `properties`, holding a schema) is never mistaken for the
 * keyword of that name (holding data).
 */

import { hasOwn } from './object';

export type KeywordKind =
  /** One subschema: `not`, `additionalProperties`, ... */
  | 'schema'
  /** A list of subschemas: `allOf`, `prefixItems`, ... */
  | 'list'
  /** Name → subschema: `properties`, `$defs`, ... */
  | 'map'
  /** One subschema, or a list (draft-07 tuple form of `items`). */
  | 'schemaOrList'
  /** Name → subschema or a list of property names (draft-07 `dependencies`). */
  | 'mapOrNames';

/** Which value a keyword's subschemas apply to, and how. */
export type Applies =
  /** The value itself, each subschema: `allOf`. */
  | 'all'
  /** The value itself, one or more of the options: `oneOf`, `anyOf`. */
  | 'option'
  /** The value itself, for some values only: `then`, `else`, schema `dependencies`. */
  | 'conditional'
  /** The value itself, as a test (`if`) or negated (`not`): no part of its shape. */
  | 'test'
  /** The value's properties or items: `properties`, `items`, ... */
  | 'child'
  /** No value: a registry of schemas to reference (`$defs`, `definitions`). */
  | 'none';

const TABLE: Readonly<Record<string, readonly [KeywordKind, Applies]>> = {
  additionalItems: ['schema', 'child'],
  additionalProperties: ['schema', 'child'],
  contains: ['schema', 'child'],
  contentSchema: ['schema', 'child'],
  else: ['schema', 'conditional'],
  if: ['schema', 'test'],
  not: ['schema', 'test'],
  propertyNames: ['schema', 'child'],
  then: ['schema', 'conditional'],
  unevaluatedItems: ['schema', 'child'],
  unevaluatedProperties: ['schema', 'child'],
  allOf: ['list', 'all'],
  anyOf: ['list', 'option'],
  oneOf: ['list', 'option'],
  prefixItems: ['list', 'child'],
  $defs: ['map', 'none'],
  definitions: ['map', 'none'],
  dependentSchemas: ['map', 'conditional'],
  patternProperties: ['map', 'child'],
  properties: ['map', 'child'],
  items: ['schemaOrList', 'child'],
  dependencies: ['mapOrNames', 'conditional'],
};

function entry(keyword: string): readonly [KeywordKind, Applies] | undefined {
  return hasOwn(TABLE, keyword) ? TABLE[keyword] : undefined;
}

/**
 * What `keyword`'s value holds, or undefined when it is plain data: `enum`, `const`,
 * `default`, `examples`, `example`, `required`, `type`, bounds, annotations, `x-*`
 * extensions and every keyword the table does not know.
 */
export function keywordKind(keyword: string): KeywordKind | undefined {
  return entry(keyword)?.[0];
}

/** Whether `keyword`'s value holds subschemas (as opposed to data). */
export function holdsSchemas(keyword: string): boolean {
  return entry(keyword) !== undefined;
}

/** Which value the subschemas of `keyword` apply to; undefined for a keyword holding data. */
export function appliesTo(keyword: string): Applies | undefined {
  return entry(keyword)?.[1];
}

/**
 * Whether `keyword` composes the value's own shape from subschemas: `allOf`, `oneOf`,
 * `anyOf`, `then`, `else`, schema `dependencies` (not `if` and `not`, which only test).
 */
export function composesShape(keyword: string): boolean {
  const applies = appliesTo(keyword);
  return applies === 'all' || applies === 'option' || applies === 'conditional';
}

/** Keywords that combine subschemas applying to the same value. */
export const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;

/**
 * The keywords that make up a value's static type, as a TypeScript type can say it (the
 * rest validate further or document): the type and its members, then what combines it.
 */
export const TYPE_KEYWORDS = [
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'additionalItems',
  'enum',
  'const',
  ...COMBINATORS,
  '$ref',
] as const;

/** The type a schema without `type` describes, inferred from keywords that apply to one type only. */
const TYPE_OF_KEYWORD: Readonly<Record<string, string>> = {
  properties: 'object',
  required: 'object',
  additionalProperties: 'object',
  patternProperties: 'object',
  minProperties: 'object',
  maxProperties: 'object',
  dependencies: 'object',
  items: 'array',
  minItems: 'array',
  maxItems: 'array',
  uniqueItems: 'array',
  contains: 'array',
  additionalItems: 'array',
  minLength: 'string',
  maxLength: 'string',
  pattern: 'string',
  format: 'string',
  minimum: 'number',
  maximum: 'number',
  exclusiveMinimum: 'number',
  exclusiveMaximum: 'number',
  multipleOf: 'number',
};

/**
 * The type that `schema`'s type-specific keywords imply, when it says no `type`: objects
 * first, then arrays, strings and numbers (`format` alone reads as a string).
 */
export function impliedType(schema: { [keyword: string]: unknown }): string | undefined {
  const found = new Set<string>();
  for (const keyword of Object.keys(schema)) {
    if (schema[keyword] === undefined) continue;
    const type = hasOwn(TYPE_OF_KEYWORD, keyword) ? TYPE_OF_KEYWORD[keyword] : undefined;
    if (type !== undefined) found.add(type);
  }
  return ['object', 'array', 'string', 'number'].find((t) => found.has(t));
}
