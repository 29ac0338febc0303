/**
 * Issue 12: a generated sample is capped in size, through the CLI. A small document that asks
 * for a huge sample (it used to write a 9.4 MB `test/samples.ts`, in 40 s and 2 GB) is the
 * document's error, with the file, the message's JSON path and the variable that raises the cap,
 * and nothing is written; an example over the cap (a YAML alias fan-out under the alias limit)
 * is replaced by a generated sample with a warning.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, hookwright } from './helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-samples-'));

function document(name: string, message: string, extra = ''): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `asyncapi: 3.0.0
info: { title: Samples, version: 1.0.0 }
${extra}channels:
  events:
    address: /events
    messages:
      event:
${message}
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`,
  );
  return file;
}

const ITEMS = (minItems: number) =>
  `        payload: { type: array, minItems: ${minItems}, items: { type: object, required: [a, b], properties: { a: { type: string }, b: { type: integer } } } }`;

test('a sample over the cap is the document error, and nothing is written', () => {
  const file = document('huge', ITEMS(200_000));
  const out = path.join(dir, 'huge-out');
  const run = hookwright(['generate', file, '-o', out]);
  expect(run.stderr).toContain(
    'the sample payload of message Event would be larger than 256 KiB; nothing was written',
  );
  expect(run.stderr).toContain(
    `${file}: the sample built from this payload schema would pass 256 KiB (minItems 200000, at $ in the sample) at channels.events.messages.event.payload`,
  );
  expect(run.stderr).toContain('raise HOOKWRIGHT_MAX_SAMPLE_BYTES');
  expect(run.stderr).not.toMatch(/bug in hookwright|\n\s+at |FATAL ERROR/);
  expect(run.status).toBe(1);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir).filter((f) => f.includes('huge-out'))).toEqual([]);
}, 120_000);

test('under the cap the project is written; the variable sets the cap', () => {
  const file = document('small', ITEMS(50));
  const out = path.join(dir, 'small-out');
  const run = hookwright(['generate', file, '-o', out, '-q']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const samples = readFileSync(path.join(out, 'src', 'generated', 'samples.ts'), 'utf8');
  expect(samples.match(/a: 'sample-a'/g)).toHaveLength(50);

  // The same sample is over a cap of 1000 bytes; the error says where in the sample.
  const lowered = hookwright(['generate', file, '-o', path.join(dir, 'lowered-out')], {
    env: { HOOKWRIGHT_MAX_SAMPLE_BYTES: '1000' },
  });
  expect(lowered.stderr).toMatch(
    /would pass 1000 bytes \(at \$\[\d+\]\.\w+ in the sample\) at channels\.events\.messages\.event\.payload/,
  );
  expect(lowered.status).toBe(1);
  const invalid = hookwright(['generate', file, '-o', path.join(dir, 'invalid-out')], {
    env: { HOOKWRIGHT_MAX_SAMPLE_BYTES: 'lots' },
  });
  expect(invalid.stderr).toContain('HOOKWRIGHT_MAX_SAMPLE_BYTES must be a positive integer');
  expect(invalid.status).toBe(1);
}, 120_000);

test('an example over the cap is replaced by a generated sample, with a warning', () => {
  // 1,000 characters, used 10 × 10 × 10 times through aliases: a 1 MB example from 111 nodes.
  const aliases = [
    `x-s: &s "${'x'.repeat(1000)}"`,
    `x-l1: &l1 [${Array(10).fill('*s').join(', ')}]`,
    `x-l2: &l2 [${Array(10).fill('*l1').join(', ')}]`,
    `x-l3: &l3 [${Array(10).fill('*l2').join(', ')}]`,
    '',
  ].join('\n');
  const file = document(
    'fanout',
    `        payload: { type: object, required: [data], properties: { data: { type: array, items: { type: string } } } }
        examples:
          - payload: { data: *l3 }`,
    aliases,
  );
  const out = path.join(dir, 'fanout-out');
  const run = hookwright(['generate', file, '-o', out]);
  expect(run.stderr).toContain(
    'message Event (channels.events.messages.event.examples[0]): its example is larger than 256 KiB, so the generated tests use a sample built from the payload schema instead (HOOKWRIGHT_MAX_SAMPLE_BYTES raises the cap)',
  );
  expect(run.status).toBe(0);
  const samples = readFileSync(path.join(out, 'src', 'generated', 'samples.ts'), 'utf8');
  expect(samples).toContain("payload: { data: ['sample-data'] }");
  expect(samples).not.toContain('xxxxxxxxxx');
}, 120_000);

test("the README's limits table lists the cap, its default and its variable", () => {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.includes('`HOOKWRIGHT_MAX_SAMPLE_BYTES`'));
  expect(row).toMatch(
    /^\| One sample of the generated tests .* \| 256 KiB \| `HOOKWRIGHT_MAX_SAMPLE_BYTES` \|$/,
  );
});
