/**
 * The schema toolkit: the only code that knows how JSON Schema is built. The keyword
 * table (which keywords hold subschemas and which hold data), one walker that tracks the
 * path, `$ref` helpers for the IR's `#/$defs/` registry, composition folding, what a schema
 * says about a value's properties and items, and small helpers for plain objects. `plan`,
 * `models`, the dispatch rules, the log fields, the samples and the validation bundles all
 * use it.
 */
export {
  COMBINATORS,
  TYPE_KEYWORDS,
  appliesTo,
  composesShape,
  holdsSchemas,
  impliedType,
  keywordKind,
  type Applies,
  type KeywordKind,
} from './keywords';
export { mapSchema, subschemas, walk, type PathSegment, type Subschema } from './walk';
export {
  DEFS_PREFIX,
  decodePointerToken,
  deref,
  encodePointerToken,
  reachedKeys,
  rebaseRefs,
  refKey,
  refKeyOf,
  refTo,
  type Defs,
} from './ref';
export {
  flatten,
  isNullSchema,
  mentions,
  resolveSchema,
  type Choice,
  type Flat,
  type FlattenOptions,
  type Forced,
} from './flatten';
export {
  arrayShape,
  nestedProperties,
  objectShape,
  propertySchema,
  type ArrayShape,
  type NestedProperty,
  type ObjectShape,
} from './instance';
export { intersectTypes, mergeKeywords } from './merge';
export { bundle, openObjects } from './bundle';
export { conforms, loadValidator } from './validate';
export {
  clone,
  finiteNumber,
  fitsType,
  hasOwn,
  isObject,
  jsonKey,
  sameJson,
  setOwn,
  strings,
  typeList,
  type JsonObject,
  type SchemaObject,
} from './object';
