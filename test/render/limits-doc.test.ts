/**
 * The generated reference lists every limit the receiver enforces, with its default and the
 * variable that sets it (issue 12): every variable the runtime's configuration reads is in the
 * Configuration table, every limit is in "Limits and security" with the default the code uses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/cli';

const config = readFileSync(
  path.join(REPO, 'templates/receiver/src/generated/runtime/config.ts'),
  'utf8',
);
/**
 * Variable → default, as `loadConfig` reads them (`integer(env, 'NAME', 10_000, 1)`); undefined
 * where there is none (`optionalInteger`'s second number is a minimum, `url` has no default).
 */
const read = new Map(
  [...config.matchAll(/(\w+)\(env, '([A-Z_]+)'(?:, ([^,)]+))?/g)].map((m) => [
    m[2],
    ['integer', 'text', 'boolean', 'oneOf'].includes(m[1]) && m[3] !== undefined
      ? m[3]
          .trim()
          .replace(/_/g, '')
          .replace(/^'(.*)'$/, '$1')
      : undefined,
  ]),
);
const doc = (example: string) =>
  readFileSync(path.join(REPO, 'examples', example, 'WEBHOOKS.md'), 'utf8');
const section = (text: string, title: string) =>
  text.slice(text.indexOf(`## ${title}`), text.indexOf('\n## ', text.indexOf(`## ${title}`) + 3));
/** A table row's cells for `name` in `text` (prettier pads the cells). */
const row = (text: string, name: string) =>
  text
    .split('\n')
    .find((line) => line.startsWith('|') && line.includes(`\`${name}\``))
    ?.split('|')
    .map((cell) => cell.trim());

test('the runtime reads the variables this test expects (the regex still finds them)', () => {
  expect([...read.keys()]).toEqual(
    expect.arrayContaining(['BODY_LIMIT_BYTES', 'HEADERS_TIMEOUT_MS', 'REPLAY_MAX_ENTRIES']),
  );
});

test.each([
  ['sinch-conversation-receiver', ['UNMATCHED_EVENTS', 'WEBHOOK_PUBLIC_URL']],
  ['sinch-callbacks-receiver', ['WEBHOOK_PUBLIC_URL']],
])(
  '%s: every configuration variable is documented with the default the code uses',
  (example, notApplicable) => {
    const table = section(doc(example), 'Configuration');
    for (const [name, fallback] of read) {
      if (notApplicable.includes(name)) continue;
      const cells = row(table, name);
      expect({ name, documented: cells !== undefined }).toEqual({ name, documented: true });
      if (fallback !== undefined && !fallback.startsWith('['))
        expect({ name, default: cells?.[2] }).toEqual({ name, default: `\`${fallback}\`` });
    }
  },
);

test('every limit is in "Limits and security" with its default, its variable and what happens', () => {
  const limits = section(doc('sinch-conversation-receiver'), 'Limits and security');
  for (const name of [
    'BODY_LIMIT_BYTES',
    'HEADERS_TIMEOUT_MS',
    'REQUEST_TIMEOUT_MS',
    'KEEP_ALIVE_TIMEOUT_MS',
    'HANDLER_TIMEOUT_MS',
    'SHUTDOWN_GRACE_MS',
    'SIGNATURE_TOLERANCE_SECONDS',
    'REPLAY_MAX_ENTRIES',
  ]) {
    const cells = row(limits, name);
    expect({ name, cells: cells?.length }).toEqual({ name, cells: 6 });
  }
  for (const fixed of ['x-request-id', 'Content-Encoding', 'charset', '__proto__'])
    expect(limits).toContain(fixed);
  expect(limits).toContain('415 unsupported content encoding');
  expect(limits).toContain('415 unsupported charset');
  expect(limits).toContain('400 forbidden key');
});
