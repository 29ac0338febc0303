/**
 * Issue 12, item 8: fuzzing the generator with mutated documents. The seeds are the documents
 * in spec/ and test/fixtures/; fast-check mutates their structure and values (keys deleted,
 * renamed to hostile names, values replaced by arbitrary JSON or by hostile schemas, `$ref`s to
 * anywhere, subtrees duplicated, the text cut short) and writes them as YAML or JSON.
 *
 * For every document, a run either succeeds or fails as the user's error:
 * - never a crash: a rejection is a HookwrightError (exit 1), never a plain Error (a bug), and
 *   no message carries a stack trace;
 * - never a hang: each run has a deadline;
 * - never a write outside the output folder: the sandbox around it is the same afterwards.
 *
 * Most runs call `generate()` in this process, for speed; a few run the real CLI, where a hang
 * or a crash of the process itself shows. The whole suite is bounded to about a minute.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, safeStringify } from '@stoplight/yaml';
import fc from 'fast-check';
import { isHookwrightError } from '../src/pipeline/errors';
import { generate } from '../src/pipeline/generate';
import { BIN, REPO } from './helpers/cli';
import { readTree } from './helpers/tree';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Seeds: every small-enough document of spec/ and test/fixtures/ that is one file. */
function seeds(): Array<{ name: string; data: Json }> {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(entry.name)) found.push(full);
    }
  };
  walk(path.join(REPO, 'test', 'fixtures'));
  walk(path.join(REPO, 'spec'));
  const out: Array<{ name: string; data: Json }> = [];
  for (const file of found.sort()) {
    const text = readFileSync(file, 'utf8');
    // The big provider documents take seconds each; the small ones cover the same ground faster.
    if (text.length > 40_000 || !/^asyncapi:|"asyncapi"/m.test(text)) continue;
    let data: Json;
    try {
      data = parse<Json>(text);
    } catch {
      continue;
    }
    if (data && typeof data === 'object') out.push({ name: path.relative(REPO, file), data });
  }
  return out;
}

const SEEDS = seeds();

const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '../../evil',
    '..',
    'a/b',
    '*/ evil() /*',
    '${process.exit()}',
    '`',
    '',
    ' ',
    'x'.repeat(300),
    '\u0000',
    'é ü 日本',
    'default',
    'class',
    '0',
    '$ref',
    'type',
    'properties',
    'required',
  ),
  fc.string({ maxLength: 12 }),
);

const hostileString = fc.constantFrom(
  '../../etc/passwd',
  '/etc/passwd',
  '*/ evil() /*',
  "'; evil(); '",
  '</script><script>evil()</script>',
  '{{evil}}',
  '\\',
  '\u2028',
  '#/',
  '#',
  'http://127.0.0.1:9/never',
  '%00',
  'x'.repeat(5000),
);

const hostileSchema = fc.constantFrom<Json>(
  { type: 'object' },
  { type: 'object', properties: {} },
  { type: 'string', minLength: 1_000_000_000 },
  { type: 'array', minItems: 10_000_000, items: { type: 'string' } },
  { type: 'object', minProperties: 1_000_000 },
  { type: 'string', pattern: '(a+)+$' },
  { type: 'string', pattern: '[' },
  { type: 'integer', minimum: 10, maximum: 1 },
  { enum: [] },
  { const: { __proto__: 1 } },
  { allOf: [{ type: 'string' }, { type: 'number' }] },
  { oneOf: [] },
  { $ref: '#' },
  { $ref: '#/components' },
  { $ref: '#/nowhere/at/all' },
  { $ref: './missing.yaml' },
  { $ref: '../outside/secret.yaml' },
  { $ref: 'http://127.0.0.1:9/schema.json' },
  { type: ['null'] },
  { not: {} },
  { additionalProperties: false, required: ['a'] },
  { type: 'object', required: ['__proto__'], properties: { __proto__: { type: 'string' } } },
);

const value = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
  { weight: 2, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileSchema },
);

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'rename'; at: number; key: string }
  | { op: 'duplicate'; at: number; from: number; key: string }
  | { op: 'ref'; at: number; to: number }
  | { op: 'wrap'; at: number; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), key: hostileKey }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.nat(),
    from: fc.nat(),
    key: hostileKey,
  }),
  fc.record({ op: fc.constant('ref' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat(), key: hostileKey }),
);

const fuzzCase = fc.record({
  seed: fc.nat({ max: SEEDS.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  format: fc.constantFrom('yaml' as const, 'json' as const),
  /** Cut the text short at this fraction of its length (1 or more: whole). */
  cut: fc.oneof(
    { weight: 9, arbitrary: fc.constant(1) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  ),
});
type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

/** Sets an own property, even `__proto__`. */
function put(target: Record<string, Json>, key: string, item: Json): void {
  Object.defineProperty(target, key, {
    value: item,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Every (container, key, pointer) of the document, parents before children. */
function places(
  root: Json,
): Array<{ parent: Record<string, Json> | Json[]; key: string; pointer: string }> {
  const out: Array<{ parent: Record<string, Json> | Json[]; key: string; pointer: string }> = [];
  const walk = (node: Json, pointer: string) => {
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      const child = pointer + '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
      out.push({ parent: node, key, pointer: child });
      walk((node as Record<string, Json>)[key], child);
    }
  };
  walk(root, '');
  return out;
}

function mutate(data: Json, mutations: Mutation[]): Json {
  const doc = JSON.parse(JSON.stringify(data)) as Json;
  for (const m of mutations) {
    const all = places(doc);
    if (all.length === 0) break;
    const { parent, key } = all[m.at % all.length];
    const record = parent as Record<string, Json>;
    const current = record[key];
    switch (m.op) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete record[key];
        break;
      case 'replace':
        put(record, key, m.value);
        break;
      case 'rename':
        if (Array.isArray(parent)) break;
        delete record[key];
        put(record, m.key, current);
        break;
      case 'duplicate': {
        const source = all[m.from % all.length];
        const copy = JSON.parse(
          JSON.stringify((source.parent as Record<string, Json>)[source.key] ?? null),
        ) as Json;
        if (current !== null && typeof current === 'object' && !Array.isArray(current))
          put(current, m.key, copy);
        else put(record, key, copy);
        break;
      }
      case 'ref':
        put(record, key, { $ref: `#${all[m.to % all.length].pointer}` });
        break;
      case 'wrap':
        put(record, key, { type: 'object', properties: { [m.key]: current } });
        break;
    }
  }
  return doc;
}

function render(c: FuzzCase): string {
  const doc = mutate(SEEDS[c.seed].data, c.mutations);
  const text = c.format === 'json' ? JSON.stringify(doc, null, 2) : safeStringify(doc);
  return c.cut >= 1 ? text : text.slice(0, Math.floor(text.length * c.cut));
}

/** A sandbox: the document, a secret beside it, and the output folder. */
function sandbox(text: string, format: 'yaml' | 'json') {
  const root = mkdtempSync(path.join(tmpdir(), 'hookwright-fuzz-'));
  const work = path.join(root, 'work');
  mkdirSync(path.join(root, 'outside'), { recursive: true });
  writeFileSync(path.join(root, 'outside', 'secret.yaml'), 'type: string\nconst: hunter2\n');
  mkdirSync(work);
  const spec = path.join(work, `asyncapi.${format}`);
  writeFileSync(spec, text);
  return { root, spec, out: path.join(work, 'out') };
}

/** Everything in the sandbox except the output folder. */
function outsideOf(root: string, out: string): Record<string, string> {
  const skip = path.relative(root, out).split(path.sep).join('/');
  return Object.fromEntries(
    Object.entries(readTree(root)).filter(
      ([file]) => file !== skip && !file.startsWith(`${skip}/`),
    ),
  );
}

/** Stack frames (`at fn (file.js:1:2)`) anywhere in what a user would read. */
const STACK_FRAME = /\n\s*at .*(\(|\s)[^\s()]+:\d+:\d+\)?/;

const failures: string[] = [];
function record(c: FuzzCase, text: string, what: string): void {
  failures.push(
    `${what}\n  seed ${SEEDS[c.seed].name}, ${JSON.stringify(c.mutations).slice(0, 2000)}\n  document:\n${text.slice(0, 3000)}`,
  );
}

const PER_RUN_MS = 60_000;
/** About a minute in CI; `HOOKWRIGHT_FUZZ_MS=600000` fuzzes for ten. */
const TOTAL_MS = Number(process.env.HOOKWRIGHT_FUZZ_MS ?? 45_000);
/** A failure prints its seed; `HOOKWRIGHT_FUZZ_SEED=<seed>` replays that run. */
const SEED = process.env.HOOKWRIGHT_FUZZ_SEED
  ? { seed: Number(process.env.HOOKWRIGHT_FUZZ_SEED) }
  : {};

test(
  `generate() on mutated documents: only HookwrightErrors, no hang, no write outside the output folder (${SEEDS.length} seeds)`,
  async () => {
    let runs = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const text = render(c);
        const box = sandbox(text, c.format);
        const before = outsideOf(box.root, box.out);
        runs++;
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'hang'>((resolve) => {
          timer = setTimeout(() => resolve('hang'), PER_RUN_MS);
        });
        const outcome = await Promise.race([
          generate({ spec: box.spec, output: box.out, mode: 'write' }).then(
            () => 'ok' as const,
            (error: unknown) => error,
          ),
          deadline,
        ]);
        clearTimeout(timer);
        try {
          if (outcome === 'hang') record(c, text, `hang: no answer within ${PER_RUN_MS} ms`);
          else if (outcome !== 'ok') {
            if (!isHookwrightError(outcome))
              record(
                c,
                text,
                `crash (reported as a bug): ${(outcome as Error)?.stack ?? String(outcome)}`,
              );
            else {
              const shown = [
                outcome.message,
                outcome.hint ?? '',
                ...outcome.problems.map((p) => `${p.message} ${p.hint ?? ''}`),
              ].join('\n');
              if (STACK_FRAME.test(shown)) record(c, text, `stack trace in a user error: ${shown}`);
            }
          }
          const after = outsideOf(box.root, box.out);
          if (JSON.stringify(after) !== JSON.stringify(before))
            record(
              c,
              text,
              `wrote outside the output folder: ${Object.keys(after)
                .filter((f) => after[f] !== before[f])
                .join(', ')}`,
            );
        } finally {
          rmSync(box.root, { recursive: true, force: true });
        }
        // The first failure stops the property; fast-check shrinks it and reports the smallest case.
        const failure = failures.shift();
        if (failure !== undefined) throw new Error(failure);
      }),
      {
        numRuns: 1_000_000,
        interruptAfterTimeLimit: TOTAL_MS,
        markInterruptAsFailure: false,
        ...SEED,
      },
    );
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThan(3);
    expect(Date.now() - started).toBeLessThan(TOTAL_MS + PER_RUN_MS + 30_000);
  },
  TOTAL_MS + 135_000,
);

test('the CLI on a few mutated documents: exit 0 or 1, no crash, no hang', () => {
  const cases = fc.sample(fuzzCase, { numRuns: 4, ...SEED });
  for (const c of cases) {
    const text = render(c);
    const box = sandbox(text, c.format);
    const before = outsideOf(box.root, box.out);
    const run = spawnSync(process.execPath, [BIN, 'generate', box.spec, '-o', box.out], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: PER_RUN_MS,
    });
    try {
      if (run.signal)
        record(c, text, `CLI killed by ${run.signal} (a hang past ${PER_RUN_MS} ms?)`);
      else if (run.status !== 0 && run.status !== 1)
        record(c, text, `CLI exit ${run.status}: ${run.stderr}`);
      if (
        /bug in hookwright|failed unexpectedly|FATAL ERROR/.test(run.stderr) ||
        STACK_FRAME.test(run.stderr)
      )
        record(c, text, `CLI crash: ${run.stderr}`);
      const after = outsideOf(box.root, box.out);
      if (JSON.stringify(after) !== JSON.stringify(before))
        record(c, text, 'CLI wrote outside the output folder');
    } finally {
      rmSync(box.root, { recursive: true, force: true });
    }
  }
  expect(failures).toEqual([]);
}, 300_000);
