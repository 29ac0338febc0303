/**
 * Names for generated code. Every name that comes from a document goes through
 * here, so that whatever a document contains, the result is a valid, stable
 * TypeScript identifier or file name.
 */

/** Words that cannot name a binding in strict-mode TypeScript, plus names we avoid shadowing. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with as implements interface let package private protected public static yield any boolean ' +
    'number string symbol type unknown never object undefined async await of arguments eval constructor ' +
    'prototype __proto__ Record Promise Array Date Error Map Set Buffer JSON Object String Number Boolean'
  ).split(' '),
);

/** Splits any text into words: on non-alphanumerics, camelCase humps and letter/digit edges. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * `receive inbound-message` → `ReceiveInboundMessage`. All-caps words are kept as
 * written when they are short (`ID`, `URL`) and otherwise title-cased (`MESSAGE` → `Message`).
 */
export function pascalCase(text: string, fallback = 'Unnamed'): string {
  const parts = words(text).map((w) =>
    w.length > 3 && w === w.toUpperCase() ? capitalise(w.toLowerCase()) : capitalise(w),
  );
  return toIdentifier(parts.join(''), fallback);
}

export function camelCase(text: string, fallback = 'unnamed'): string {
  const pascal = pascalCase(text, capitalise(fallback));
  const leadingCaps = /^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)/.exec(pascal)?.[0];
  const camel = leadingCaps
    ? leadingCaps.toLowerCase() + pascal.slice(leadingCaps.length)
    : pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return toIdentifier(camel, fallback);
}

/** Makes `name` a valid identifier that is not reserved: `2fa` → `_2fa`, `class` → `class_`. */
export function toIdentifier(name: string, fallback: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, '');
  if (id === '') id = fallback;
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/** True when `key` can be written as a bare property name in TypeScript. */
export function isBareKey(key: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && key !== '__proto__';
}

/**
 * Hands out names that are unique within one scope. The first claimant of a name gets
 * it; later ones get `Name2`, `Name3`, ... in the order they ask, so the result is
 * deterministic for a deterministic order of calls. O(1) per call.
 */
export class NameScope {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name.toLowerCase());
  }

  /** Returns `wanted` or a suffixed variant; `collided` says whether a suffix was needed. */
  claim(wanted: string): { name: string; collided: boolean } {
    // Case-insensitive: on macOS and Windows `Foo.ts` and `foo.ts` are one file.
    if (!this.taken.has(wanted.toLowerCase())) {
      this.taken.add(wanted.toLowerCase());
      return { name: wanted, collided: false };
    }
    let n = this.nextSuffix.get(wanted.toLowerCase()) ?? 2;
    while (this.taken.has(`${wanted}${n}`.toLowerCase())) n++;
    this.nextSuffix.set(wanted.toLowerCase(), n + 1);
    const name = `${wanted}${n}`;
    this.taken.add(name.toLowerCase());
    return { name, collided: true };
  }
}
