/**
 * Issue 12: the nesting depth limit counts levels of the document's data (each object and each
 * array is one level, YAML aliases expanded), not the YAML reader's syntax nodes (about four per
 * schema level, which refused a valid 300-level schema). The default reads a schema nested 300
 * levels deep; past the limit, the error says the depth found, the limit, the variable, and the
 * line and JSON path where the limit is passed. Hostile depth still fails at once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkDocument, documentLimits } from '../src/load/limits';
import { HookwrightError } from '../src/pipeline/errors';
import { hookwright } from './helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-depth-'));

/** A document whose payload nests `levels` schemas through `properties.child`. */
function nested(levels: number): string {
  let schema: unknown = { type: 'string' };
  for (let i = levels - 1; i >= 0; i--)
    schema = { type: 'object', properties: { [`leaf${i}`]: { type: 'string' }, child: schema } };
  const file = path.join(dir, `nested-${levels}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      asyncapi: '3.0.0',
      info: { title: `Nesting ${levels}`, version: '1.0.0' },
      channels: { deep: { address: '/deep', messages: { deep: { payload: schema } } } },
      operations: { onDeep: { action: 'receive', channel: { $ref: '#/channels/deep' } } },
    }),
  );
  return file;
}

function refusal(text: string, env: NodeJS.ProcessEnv = {}): HookwrightError {
  try {
    checkDocument(text, 'doc.yaml', documentLimits(env));
  } catch (error) {
    if (error instanceof HookwrightError) return error;
    throw error;
  }
  throw new Error('not refused');
}

test('depth is levels of objects and arrays: the default is 800', () => {
  expect(documentLimits({}).maxDepth).toBe(800);
  // 3 levels: the root object, `a`'s array, and the object in it.
  const text = 'a:\n  - b: 1\n';
  expect(() => checkDocument(text, 'doc.yaml', documentLimits({}))).not.toThrow();
  expect(() =>
    checkDocument(text, 'doc.yaml', documentLimits({ HOOKWRIGHT_MAX_DOCUMENT_DEPTH: '3' })),
  ).not.toThrow();
  const error = refusal(text, { HOOKWRIGHT_MAX_DOCUMENT_DEPTH: '2' });
  expect(error.message).toBe(
    'doc.yaml is nested 3 levels deep (limit 2, HOOKWRIGHT_MAX_DOCUMENT_DEPTH)',
  );
  expect(error.problems[0]).toEqual({
    message: 'level 3 of nesting is here',
    where: { file: 'doc.yaml', line: 2, column: 5, path: 'a[0]' },
  });
  expect(error.hint).toContain('Raise HOOKWRIGHT_MAX_DOCUMENT_DEPTH');
});

test('aliases count by what they expand to, and one inside what it names is refused', () => {
  const text = 'x-deep: &d [[[1]]]\nuse: { a: *d }\n';
  // `use.a` is the three arrays of `x-deep` under two objects: 5 levels.
  expect(refusal(text, { HOOKWRIGHT_MAX_DOCUMENT_DEPTH: '4' }).message).toContain(
    'nested 5 levels deep',
  );
  expect(refusal('a: &x [1, *x]\n').message).toBe('doc.yaml has a YAML alias inside what it names');
});

test('hostile depth fails at once, with the YAML reader or the limit', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  expect(refusal(deep).message).toMatch(/nested too deeply to read|nested 100000 levels deep/);
  const deepish = `${'['.repeat(1200)}${']'.repeat(1200)}`;
  expect(refusal(deepish).message).toBe(
    'doc.yaml is nested 1200 levels deep (limit 800, HOOKWRIGHT_MAX_DOCUMENT_DEPTH)',
  );
});

test('a schema nested 300 levels deep passes the default limit; 450 do not, with the path', () => {
  const ok = hookwright(['validate', nested(300)]);
  expect(ok.stdout).toMatch(/is a valid AsyncAPI 3\.0\.0 document/);
  expect(ok.status).toBe(0);

  const file = nested(450);
  const refused = hookwright(['validate', file]);
  // 5 levels down to the payload, two per schema, and the innermost schema.
  expect(refused.stderr).toContain(
    `${file} is nested 906 levels deep (limit 800, HOOKWRIGHT_MAX_DOCUMENT_DEPTH)`,
  );
  expect(refused.stderr).toMatch(
    /nested-450\.json:1:\d+: level 801 of nesting is here at channels\.deep\.messages\.deep\.payload\.properties…\(\d+ more\)…\.child\.properties\.child\.properties\.child\.properties/,
  );
  expect(refused.stderr).toContain('Raise HOOKWRIGHT_MAX_DOCUMENT_DEPTH');
  expect(refused.status).toBe(1);
  const raised = hookwright(['validate', file], { env: { HOOKWRIGHT_MAX_DOCUMENT_DEPTH: '906' } });
  expect(raised.status).toBe(0);
}, 120_000);
