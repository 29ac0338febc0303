/** Sample strings: a fixed value per `format`, else a readable one, fitted to the length bounds and patterns. */
import type { JsonSchema } from '../../plan/ir';
import { finiteNumber as num } from '../../schema';
import { matchesPattern, patternStrings } from './patterns';

const FORMATS: Record<string, (v: number) => string> = {
  'date-time': (v) => `2024-01-${pad2(15 + (v % 14))}T09:30:00Z`,
  date: (v) => `2024-01-${pad2(15 + (v % 14))}`,
  time: (v) => `09:${pad2(30 + (v % 30))}:00Z`,
  email: (v) => (v === 0 ? 'user@example.com' : `user${v + 1}@example.com`),
  'idn-email': (v) => (v === 0 ? 'user@example.com' : `user${v + 1}@example.com`),
  uri: (v) => resourceUrl(v),
  url: (v) => resourceUrl(v),
  iri: (v) => resourceUrl(v),
  'uri-reference': (v) => resourceUrl(v),
  'iri-reference': (v) => resourceUrl(v),
  'uri-template': (v) =>
    v === 0 ? 'https://example.com/resource/{id}' : `https://example.com/resource${v + 1}/{id}`,
  uuid: (v) =>
    `3fa85f64-5717-4562-b3fc-2c963f66a${(0xfa6 + v).toString(16).slice(-3).padStart(3, '0')}`,
  hostname: (v) => (v === 0 ? 'example.com' : `host${v + 1}.example.com`),
  'idn-hostname': (v) => (v === 0 ? 'example.com' : `host${v + 1}.example.com`),
  ipv4: (v) => `192.0.2.${1 + (v % 254)}`,
  ipv6: (v) => `2001:db8::${(v + 1).toString(16)}`,
  byte: (v) => Buffer.from(v === 0 ? 'hello' : `hello${v + 1}`).toString('base64'),
  binary: (v) => Buffer.from(v === 0 ? 'hello' : `hello${v + 1}`).toString('base64'),
  duration: (v) => `P${v + 1}D`,
  'json-pointer': (v) => (v === 0 ? '/resource/id' : `/resource/${v + 1}`),
  'relative-json-pointer': (v) => `${v}/id`,
  regex: (v) => (v === 0 ? '^[a-z]+$' : `^[a-z]{${v + 1}}$`),
  password: (v) => (v === 0 ? 'secret' : `secret${v + 1}`),
};

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function resourceUrl(v: number): string {
  return v === 0 ? 'https://example.com/resource' : `https://example.com/resource/${v + 1}`;
}

/** Length in code points, as JSON Schema counts it. */
export function stringLength(value: string): number {
  return Array.from(value).length;
}

function fit(value: string, minLength: number, maxLength: number): string {
  let out = value;
  if (stringLength(out) < minLength) out += 'x'.repeat(minLength - stringLength(out));
  if (stringLength(out) > maxLength) out = Array.from(out).slice(0, maxLength).join('');
  return out;
}

/**
 * A string for `s`: the value of its `format`, else `sample-<name>` (`string` without a
 * name), fitted to `minLength` / `maxLength`; when `patterns` reject it, strings generated
 * from the patterns and a few plain candidates are tried. When none fits, the plain value
 * is returned anyway (the sample then does not validate).
 */
export function sampleString(
  s: JsonSchema,
  patterns: string[],
  name: string | undefined,
  variant: number,
  /** Strings generated from a pattern longer than this are not tried (the sample's size cap). */
  maxGenerated = Infinity,
): string {
  const minLength = num(s.minLength) ?? 0;
  const maxLength = num(s.maxLength) ?? Infinity;
  const ok = (v: string): boolean =>
    stringLength(v) >= minLength &&
    stringLength(v) <= maxLength &&
    patterns.every((p) => matchesPattern(p, v));
  const v = variant;

  const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
  if (format) {
    const value = format(v);
    if (ok(value)) return value;
  }
  const plain = name ? `sample-${name}` : 'string';
  const base = v === 0 ? plain : `${plain}-${v + 1}`;
  const fitted = fit(base, minLength, maxLength);
  if (ok(fitted)) return fitted;

  const candidates: string[] = [];
  for (const pattern of patterns) {
    for (const extra of [0, 1, 2, 4, 8, minLength])
      candidates.push(...patternStrings(pattern, extra, v, maxGenerated));
  }
  const plainCandidates = [
    '',
    'a',
    'abc',
    'sample',
    'A',
    'ABC',
    'Sample',
    '0',
    '1',
    '123',
    '0123456789',
    'a1',
    'x-1',
  ];
  for (const c of plainCandidates) candidates.push(v === 0 ? c : `${c}${v + 1}`, c);
  for (const candidate of candidates) {
    if (ok(candidate)) return candidate;
    const f = fit(candidate, minLength, maxLength);
    if (ok(f)) return f;
  }
  // Nothing tried fits (a pattern beyond the simple subset): return the plain value anyway.
  return fitted;
}
