/**
 * `$ref` in the IR: every named schema is `{ $ref: '#/$defs/<key>' }`, with the key
 * written as a JSON pointer token (`~` → `~0`, `/` → `~1`) in a URI fragment (characters
 * a fragment cannot hold percent-encoded). These helpers are the only code that builds or
 * reads such references.
 */
import type { JsonSchema, JsonValue, NamedSchemaIR } from '../plan/ir';
import { isObject } from './object';
import { walk } from './walk';

/** The one prefix of a reference to a named schema of the IR. */
export const DEFS_PREFIX = '#/$defs/';

export type Defs = Readonly<Record<string, NamedSchemaIR>>;

/** A JSON pointer token for `key`: `~` → `~0`, then `/` → `~1` (RFC 6901). */
export function encodePointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The key a JSON pointer token stands for: `~1` → `/`, then `~0` → `~` (RFC 6901). */
export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `#/$defs/<key>` for `key` (or under another prefix, such as Modelina input's `#/definitions/`). */
export function refTo(key: string, prefix: string = DEFS_PREFIX): string {
  return (
    prefix +
    encodePointerToken(key).replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/gu, (c) =>
      encodeURIComponent(c),
    )
  );
}

/**
 * The key a reference names (`#/$defs/a~1b` → `a/b`, `#/$defs/a%20b` → `a b`), or
 * undefined for anything else: another prefix, a pointer deeper than the key, a remote
 * reference, not a string.
 */
export function refKey(ref: unknown, prefix: string = DEFS_PREFIX): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith(prefix)) return undefined;
  let token = ref.slice(prefix.length);
  try {
    token = decodeURIComponent(token);
  } catch {
    // not valid percent-encoding: taken as written
  }
  if (token === '' || token.includes('/')) return undefined;
  return decodePointerToken(token);
}

/** The `$defs` key `schema.$ref` names, when it is a reference into the IR's registry. */
export function refKeyOf(schema: JsonValue | undefined): string | undefined {
  return isObject(schema) ? refKey(schema.$ref) : undefined;
}

/**
 * The schema `schema` stands for, one reference deep: the named schema its `$ref` names
 * (undefined when the registry lacks it), else `schema` itself.
 */
export function deref(schema: JsonValue | undefined, defs: Defs): JsonSchema | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema.$ref !== 'string') return schema;
  const key = refKey(schema.$ref);
  return key === undefined ? schema : defs[key]?.schema;
}

/** The keys of every named schema `root` reaches through `$ref`, directly or through others, in order found. */
export function reachedKeys(root: JsonValue | undefined, defs: Defs): string[] {
  const reached = new Set<string>();
  const visit = (schema: unknown): void =>
    walk(schema, (node) => {
      const key = refKey(node.$ref);
      if (key !== undefined && !reached.has(key) && defs[key]) {
        reached.add(key);
        visit(defs[key].schema);
      }
    });
  visit(root);
  return [...reached];
}
