/** Schemas made ready for a validator: self-contained, and opened to properties they do not list. */
import type { JsonSchema, JsonValue } from '../plan/ir';
import { isObject } from './object';
import { reachedKeys, type Defs } from './ref';
import { mapSchema } from './walk';

/**
 * `root` with every named schema it reaches under `$defs` (sorted by key), so that it
 * validates on its own; `transform` is applied to the root and to each named schema.
 */
export function bundle(
  root: JsonSchema,
  defs: Defs,
  transform: (schema: JsonSchema) => JsonSchema = (schema) => schema,
): JsonSchema {
  const keys = reachedKeys(root, defs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = transform(root);
  if (keys.length === 0) return out;
  return { ...out, $defs: Object.fromEntries(keys.map((k) => [k, transform(defs[k].schema)])) };
}

/**
 * `schema` without `additionalProperties: false` and `unevaluatedProperties: false`
 * anywhere, so that it accepts properties it does not list. Only the keywords go: a
 * property *named* `additionalProperties` stays, and data (`enum`, `const`, `default`,
 * `examples`) is copied as it is, whatever it contains.
 */
export function openObjects(schema: JsonSchema): JsonSchema {
  return mapSchema<JsonValue>(schema, (child, at) => {
    const closes =
      at.key === undefined &&
      (at.keyword === 'additionalProperties' || at.keyword === 'unevaluatedProperties') &&
      child === false;
    if (closes) return undefined;
    return isObject(child) ? openObjects(child as JsonSchema) : (child as JsonValue);
  });
}
