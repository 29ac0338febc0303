/**
 * Issue 12, honest labels: when @asyncapi/parser crashes (found by the CLI fuzzer: `asyncapi: []`
 * makes it throw a TypeError inside its version check, reported as a validation error with the
 * library's stack trace), the run says whose problem it is, where in the document, and shows no
 * stack frames.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HookwrightError } from '../src/pipeline/errors';
import { parseOrExplain } from '../src/load/parser-crash';
import { hookwright } from './helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-parser-crash-'));
const STACK_FRAME = /\n\s*at .*:\d+:\d+/;

test('a document that crashes the parser in a known place: the user’s error, with its line', () => {
  const file = path.join(dir, 'asyncapi.yaml');
  writeFileSync(file, 'asyncapi: []\ninfo: { title: Crash, version: 1.0.0 }\nchannels: {}\n');
  for (const command of [
    ['validate', file],
    ['generate', file, '-o', path.join(dir, 'out')],
  ]) {
    const run = hookwright(command);
    expect(run.stderr).toContain('"asyncapi" must be a version string');
    expect(run.stderr).toMatch(
      /asyncapi\.yaml:1:1[01]: "asyncapi" is a list, not a version like "3\.0\.0"/,
    );
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stderr).not.toMatch(/bug in hookwright|Error thrown during|node_modules/);
    expect(run.status).toBe(1);
  }
});

/** A stand-in for the parser, failing the two ways the real one does. */
function failingParser(how: 'throws' | 'diagnostic') {
  const stack =
    'TypeError: boom\n    at getSemver (node_modules/@asyncapi/parser/cjs/utils.js:17:37)';
  return {
    parse: () => {
      if (how === 'throws') return Promise.reject(Object.assign(new TypeError('boom'), { stack }));
      return Promise.resolve({
        document: undefined,
        diagnostics: [
          {
            code: 'uncaught-error',
            message: `Error thrown during AsyncAPI document validation. Name: TypeError, message: boom, stack: ${stack}`,
            path: ['channels', 'x'],
            severity: 0,
            range: { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } },
          },
        ],
      });
    },
  } as unknown as Parameters<typeof parseOrExplain>[0];
}

test.each(['throws', 'diagnostic'] as const)(
  'a parser that %s is labelled as a problem in @asyncapi/parser, with the location it gives',
  async (how) => {
    const source = path.join(dir, 'doc.yaml');
    const error = await parseOrExplain(failingParser(how), 'asyncapi: 3.0.0\n', source, {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HookwrightError);
    const e = error as HookwrightError;
    expect(e.message).toMatch(
      /^@asyncapi\/parser \d+\.\d+\.\d+ failed on doc\.yaml: a problem in the parser, not a validation error$/,
    );
    expect(e.problems[0]?.message).toMatch(/TypeError: boom$/);
    expect(`${e.message}\n${e.problems[0]?.message}\n${e.hint}`).not.toMatch(STACK_FRAME);
    expect(e.hint).toContain('https://github.com/asyncapi/parser-js/issues');
    if (how === 'diagnostic')
      expect(e.problems[0]?.where).toEqual({
        file: source,
        line: 5,
        column: 3,
        path: 'channels.x',
      });
  },
);
