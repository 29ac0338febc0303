/**
 * Escaping for text that comes from a document and lands in generated code. Every
 * description, summary, name or example goes through one of these, chosen for where it
 * lands, so that nothing in a document can end a comment or a string early.
 */

/** Line terminators in JavaScript source: a raw U+2028 inside a `//` comment ends it. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Lines for the inside of a `/** ... *\/` comment: `*\/` cannot close it, and each
 * line is returned separately for the template to prefix with ` * `.
 */
export function commentLines(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .replace(/\*\//g, '*\\/')
    .split(LINE_BREAKS)
    .map((line) => line.replace(/\s+$/, ''))
    .reduce<string[]>((lines, line) => {
      // Collapse runs of blank lines; drop leading ones.
      if (line === '' && (lines.length === 0 || lines[lines.length - 1] === '')) return lines;
      lines.push(line);
      return lines;
    }, [])
    .filter((line, i, all) => !(line === '' && i === all.length - 1));
}

/** One line of text for a `//` comment or a one-line JSDoc: no line breaks, no `*\/`. */
export function commentLine(text: string | undefined): string {
  return commentLines(text).join(' ').replace(/\s+/g, ' ').trim();
}

/** A single-quoted TypeScript string literal with the exact value of `text`. */
export function stringLiteral(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/**
 * A JSON value as JSON text that is also a TypeScript expression. JSON is valid TypeScript
 * except for U+2028 and U+2029 in older targets; escape them anyway for readers' tools.
 */
export function jsonLiteral(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'undefined')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A JSON value as a TypeScript expression that builds exactly that value: as `jsonLiteral`,
 * but a `"__proto__"` key becomes `["__proto__"]`, since in an object literal the plain form
 * sets the prototype instead of a property. (Outside strings, where quotes are escaped, a
 * `"__proto__":` after `{` or `,` can only be a key.)
 */
export function tsValueLiteral(value: unknown): string {
  return jsonLiteral(value).replace(/([{,]\s*)"__proto__":/g, '$1["__proto__"]:');
}

/** Text for a Markdown table cell or inline position: one line, no table or markup breakage. */
export function markdownInline(text: string | undefined): string {
  if (text === undefined) return '';
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (ch) => `\\${ch}`)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Code in Markdown backticks: a value with backticks gets a longer fence. */
export function markdownCode(text: string): string {
  const oneLine = text.replace(LINE_BREAKS, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}
