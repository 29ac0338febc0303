/**
 * Documents the CLI fuzzer (fuzz-cli.test.ts) found that crashed hookwright, reduced to their
 * point and kept, so that they stay fixed whatever the fuzzer draws next time. Each run ends as
 * the user's error (exit 1, no "bug", no stack trace) or succeeds.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { format } from '../src/format';
import { HookwrightError } from '../src/pipeline/errors';
import { hookwright } from './helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-fuzz-regressions-'));

function document(name: string, messageExtra: string, infoExtra = ''): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `asyncapi: 3.0.0
info: { title: Found, version: 1.0.0${infoExtra} }
channels:
  events:
    address: /events
    messages:
      event:
        payload: { type: object }
${messageExtra}
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`,
  );
  return file;
}

const NOT_A_CRASH = /bug in hookwright|failed unexpectedly|\n\s+at .*:\d+:\d+/;

test('an example that $refs the whole document (a value that contains itself) is the document’s error', () => {
  const file = document('self', "        examples:\n          - payload: { $ref: '#' }");
  const run = hookwright(['generate', file, '-o', path.join(dir, 'self-out')]);
  expect(run.stderr).toContain('a value in the document contains itself through a $ref');
  expect(run.stderr).not.toMatch(NOT_A_CRASH); // was: Maximum call stack size exceeded, as a bug
  expect(run.status).toBe(1);
});

test('"$ref: x" written in a description is text, not a file of the document', () => {
  const file = document(
    'ghost',
    '',
    ", description: 'Schemas are written as $ref: ./ghost-schema.yaml'",
  );
  const run = hookwright(['generate', file, '-o', path.join(dir, 'ghost-out'), '-q']);
  expect(run.stderr).toBe(''); // was: ENOENT on ghost-schema.yaml, as a bug
  expect(run.status).toBe(0);
});

test('a $ref whose value is an object crashes @asyncapi/parser: labelled as the parser’s problem', () => {
  const file = document(
    'nested-ref',
    "        examples:\n          - payload:\n              $ref:\n                $ref: '#/info'",
  );
  const run = hookwright(['validate', file]);
  expect(run.stderr).toMatch(
    /@asyncapi\/parser \d+\.\d+\.\d+ failed on nested-ref\.yaml: a problem in the parser, not a validation error/,
  );
  expect(run.stderr).toContain('TypeError: path.startsWith is not a function');
  expect(run.stderr).toContain('https://github.com/asyncapi/parser-js/issues');
  expect(run.stderr).not.toMatch(NOT_A_CRASH); // was: a "validation error" with the parser's stack
  expect(run.status).toBe(1);
});

describe('an operation that receives no message', () => {
  const lone = (version: '2' | '3') => {
    const file = path.join(dir, `no-message-${version}.yaml`);
    writeFileSync(
      file,
      version === '3'
        ? `asyncapi: 3.0.0
info: { title: Empty, version: '1' }
channels:
  hooks: { address: /hooks }
operations:
  receiveEvent: { action: receive, channel: { $ref: '#/channels/hooks' } }
`
        : `asyncapi: 2.6.0
info: { title: Empty, version: '1' }
channels:
  hooks:
    publish: { operationId: receiveEvent }
`,
    );
    return file;
  };

  test.each(['2', '3'] as const)(
    'alone (%s.x): the document’s error, naming the operation, and nothing written',
    (version) => {
      const out = path.join(dir, `no-message-${version}-out`);
      const run = hookwright(['generate', lone(version), '-o', out]);
      expect(run.stderr).toContain('has nothing to serve over HTTP');
      expect(run.stderr).toContain('1 operation that receives no message (receiveEvent)');
      expect(run.stderr).toContain('hint Declare the message each operation receives');
      expect(run.stderr).not.toMatch(NOT_A_CRASH); // was: handlers.ts.hbs read messageName of undefined
      expect(run.status).toBe(1);
      expect(existsSync(out)).toBe(false);
    },
  );

  test('beside one that does: skipped with a warning, the other served', () => {
    const file = path.join(dir, 'mixed.yaml');
    writeFileSync(
      file,
      `asyncapi: 3.0.0
info: { title: Mixed, version: '1' }
channels:
  hooks: { address: /hooks }
  events:
    address: /events
    messages: { event: { payload: { type: object } } }
operations:
  receiveEvent: { action: receive, channel: { $ref: '#/channels/hooks' } }
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`,
    );
    const out = path.join(dir, 'mixed-out');
    const run = hookwright(['generate', file, '-o', out]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'operation receiveEvent: it receives no message (channel hooks declares none): nothing to type or validate, so no route and no handler',
    );
    expect(existsSync(path.join(out, 'src', 'handlers', 'onEvent.ts'))).toBe(true);
    expect(existsSync(path.join(out, 'src', 'handlers', 'receiveEvent.ts'))).toBe(false);
  });
});

// CLI fuzzer (seed 1070685518): an inline $ref into a 300-level schema made schemas.ts nest
// deeper than prettier's call stack reaches; the overflow was reported as a bug in hookwright.
test('code nested too deeply to format is the document’s error, not a crash', async () => {
  const depth = 3000;
  const content = `export const x = ${'{ a: '.repeat(depth)}1${' }'.repeat(depth)};\n`;
  const failure = await format([
    { path: 'src/generated/schemas.ts', content, ownership: 'generated' },
  ]).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(HookwrightError);
  expect((failure as HookwrightError).message).toBe(
    'generated src/generated/schemas.ts is nested too deeply to be formatted; nothing was written',
  );
  expect((failure as HookwrightError).hint).toMatch(/components\/schemas/);
});
