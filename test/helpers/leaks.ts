/**
 * Searching raw log bytes for text that must not be there. A leak is rarely the text as
 * written: a logged field is JSON-escaped, a logged body string escaped twice, a logged
 * Buffer becomes a byte list, and encoders use hex or base64 (whose characters depend on
 * where in the stream the text starts). The generated project's test/helpers.ts has the
 * same search.
 */

/** Every form in which `text` would show up in raw log bytes if something logged it. */
export function encodings(text: string): string[] {
  const escaped = JSON.stringify(text).slice(1, -1);
  const twice = JSON.stringify(escaped).slice(1, -1);
  const forms = new Set([text, escaped, twice]);
  for (const value of new Set([text, escaped])) {
    const bytes = Buffer.from(value, 'utf8');
    forms.add(Array.from(bytes).join(','));
    forms.add(bytes.toString('hex'));
    for (const offset of [0, 1, 2]) {
      const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
      for (const encoding of ['base64', 'base64url'] as const) {
        // Drop the characters that mix in the bytes before and after the text.
        const encoded = shifted.toString(encoding).replace(/=+$/, '');
        forms.add(encoded.slice(offset === 0 ? 0 : 4, -4));
      }
    }
  }
  return [...forms].filter((form) => form.length >= 8);
}

/** The encodings of `text` that occur in `raw` (none, when it was not logged). */
export function foundIn(raw: Buffer, text: string): string[] {
  return encodings(text).filter((form) => raw.includes(form, 0, 'utf8'));
}
