/**
 * Text that comes from a document and lands in generated TypeScript: literal types,
 * property keys and doc comments. Whatever the document contains, the result stays
 * inside its literal or comment.
 */
import { isBareKey } from '../plan/naming';

/** A string literal that TypeScript reads back as exactly `text`. */
export function jsonStringLiteral(text: string): string {
  return JSON.stringify(text);
}

/** A property key: bare where TypeScript allows it, else quoted, so the JSON key stays exact. */
export function propertyKey(key: string): string {
  return isBareKey(key) ? key : jsonStringLiteral(key);
}

/**
 * The TypeScript type whose only value is `value` (a JSON value from `const` or `enum`):
 * `'a'`, `1`, `true`, `null`, `{ "x": 1 }`, `[1, 2]`.
 */
export function literalType(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return jsonStringLiteral(value);
    case 'boolean':
      return String(value);
    case 'number':
      // JSON has no NaN or Infinity; a negative literal type is fine (`-1`).
      return Number.isFinite(value) ? String(value) : 'number';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(literalType).join(', ')}]`;
      const members = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => `${propertyKey(k)}: ${literalType(v)}`,
      );
      return members.length === 0 ? 'Record<string, never>' : `{ ${members.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}

/**
 * A JSDoc block for `text` (plus tags), or '' when there is nothing to say. `*\/` inside
 * the text is escaped so that it cannot end the comment early.
 */
export function docComment(text: string | undefined, tags: string[] = []): string {
  const body = (text ?? '').trim();
  const lines = [...(body === '' ? [] : body.split(/\r\n|[\r\n\u2028\u2029]/)), ...tags].map(
    (line) => line.replace(/\*\//g, '*\\/').trimEnd(),
  );
  if (lines.length === 0) return '';
  return `/**\n${lines.map((line) => (line === '' ? ' *' : ` * ${line}`)).join('\n')}\n */\n`;
}
