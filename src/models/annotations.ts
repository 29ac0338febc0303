/**
 * What the models stage writes into the schema copies it hands to Modelina, and the
 * naming helpers those annotations are made with.
 */
import { pascalCase } from '../plan/naming';

/** Where references in the document handed to Modelina point: its draft-07 `definitions`. */
export const MODEL_REF_PREFIX = '#/definitions/';
export const INFERRED_NAME = 'x-modelgen-inferred-name';
/** Where the schema sits in the IR, for messages to the user. */
export const LOCATION = 'x-hookwright-location';
/** Marks the schema of a model named by the registry (or a payload), as opposed to a nested one. */
export const ROOT = 'x-hookwright-root';
/**
 * One number per schema object of the composed input, the same wherever the object is
 * used. Modelina copies some uses of a shared object and not others; with this, the copies
 * are still known to be one schema (and one model).
 */
export const SCHEMA_ID = 'x-hookwright-id';
/** Marks the `false` schema, which no value satisfies. */
export const NEVER = 'x-hookwright-never';
/**
 * Modelina keeps properties in plain objects, where keys such as `__proto__` (assigning it
 * sets the prototype) or `constructor` (already there, inherited) go wrong. Such keys travel
 * with this suffix, which `decodeKey` removes again when properties are named and rendered.
 */
const KEY_SUFFIX = '\u0000hookwright';

export function encodeKey(key: string): string {
  return key in Object.prototype || key.endsWith(KEY_SUFFIX) ? key + KEY_SUFFIX : key;
}

export function decodeKey(key: string): string {
  return key.endsWith(KEY_SUFFIX) ? key.slice(0, -KEY_SUFFIX.length) : key;
}

/**
 * The PascalCase words of `text`, to append to a parent's name: `contact_message` →
 * `ContactMessage`, `2fa` → `2fa`, `record` → `Record`. Unlike `pascalCase`, no `_` is added
 * (the parent's name already makes the whole a valid identifier that is not reserved).
 */
export function namePart(text: string, fallback: string): string {
  return pascalCase(text, fallback).replace(/_/g, '') || fallback;
}
