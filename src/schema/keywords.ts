/**
 * The keyword table: for each JSON Schema keyword (draft-04 to 2020-12, plus the OpenAPI
 * and AsyncAPI extras), what its value holds. Every walk over a schema asks this table, so
 * that a property named `enum` or `default` (a key of `properties`, holding a schema) is
 * never mistaken for the keyword of that name (holding data).
 */

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

const TABLE: Readonly<Record<string, KeywordKind>> = {
  additionalItems: 'schema',
  additionalProperties: 'schema',
  contains: 'schema',
  contentSchema: 'schema',
  else: 'schema',
  if: 'schema',
  not: 'schema',
  propertyNames: 'schema',
  then: 'schema',
  unevaluatedItems: 'schema',
  unevaluatedProperties: 'schema',
  allOf: 'list',
  anyOf: 'list',
  oneOf: 'list',
  prefixItems: 'list',
  $defs: 'map',
  definitions: 'map',
  dependentSchemas: 'map',
  patternProperties: 'map',
  properties: 'map',
  items: 'schemaOrList',
  dependencies: 'mapOrNames',
};

/**
 * What `keyword`'s value holds, or undefined when it is plain data: `enum`, `const`,
 * `default`, `examples`, `example`, `required`, `type`, bounds, annotations, `x-*`
 * extensions and every keyword the table does not know.
 */
export function keywordKind(keyword: string): KeywordKind | undefined {
  return Object.prototype.hasOwnProperty.call(TABLE, keyword) ? TABLE[keyword] : undefined;
}

/** Whether `keyword`'s value holds subschemas (as opposed to data). */
export function holdsSchemas(keyword: string): boolean {
  return keywordKind(keyword) !== undefined;
}

/** Keywords that combine subschemas applying to the same value. */
export const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;
