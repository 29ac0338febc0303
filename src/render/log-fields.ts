/** What a handler stub logs about a payload: identifiers, never a body or free text. */
import type { JsonSchema, JsonValue, NamedSchemaIR } from '../plan/ir';
import { NameScope, isBareKey, pascalCase } from '../plan/naming';
import { deref, objectShape } from '../schema';

/**
 * Identifiers worth a log line: top-level `id`/`*_id`/`*Id` strings, and the same one
 * level down. Never a body, never free text.
 */
export function logFields(
  payload: JsonSchema | undefined,
  defs: Record<string, NamedSchemaIR>,
): Array<{ label: string; expression: string }> {
  const resolve = (schema: JsonValue | undefined) => deref(schema, defs);
  const propertiesOf = (schema: JsonValue | undefined): Array<[string, JsonValue]> => {
    const resolved = resolve(schema);
    return resolved === undefined
      ? []
      : [...objectShape(resolved).properties].map(([name, sub]) => [name, sub as JsonValue]);
  };
  const isId = (name: string) => /(^id$|_id$|[a-z]Id$)/.test(name);
  const access = (name: string) => (isBareKey(name) ? `.${name}` : `[${JSON.stringify(name)}]`);
  const optionalAccess = (name: string) =>
    isBareKey(name) ? `?.${name}` : `?.[${JSON.stringify(name)}]`;
  const fields: Array<{ label: string; expression: string }> = [];
  // The logger already binds these; a payload field must not shadow them.
  const labels = new NameScope(['requestId', 'operationId', 'messageName']);
  const label = (text: string) => {
    const wanted = lowerCamel(text);
    const claimed = labels.claim(wanted);
    return claimed.collided ? labels.claim(lowerCamel(`payload ${text}`)).name : claimed.name;
  };
  for (const [name, schema] of propertiesOf(payload)) {
    const resolved = resolve(schema);
    if (isId(name) && resolved?.type === 'string') {
      fields.push({ label: label(name), expression: `payload${access(name)}` });
    } else {
      for (const [child, childSchema] of propertiesOf(resolved)) {
        if (isId(child) && resolve(childSchema)?.type === 'string') {
          fields.push({
            label: label(`${name} ${child}`),
            expression: `payload${access(name)}${optionalAccess(child)}`,
          });
        }
      }
    }
    if (fields.length >= 6) break;
  }
  return fields;
}

function lowerCamel(text: string): string {
  const pascal = pascalCase(text);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}
