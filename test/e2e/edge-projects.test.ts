/**
 * Valid documents whose projects used to fail their own checks (issue 12, item 6): each is
 * generated, compiled under strict and made to pass its own tests (`npm test` in the project,
 * which runs `tsc --noEmit` and then its test files against a real HTTP server).
 * - an object payload with no properties;
 * - 50 levels of nesting (TS2321 from the `as const` schema literal, ENAMETOOLONG from the
 *   nested model names) and 300 levels (within the default depth limit, which counts data levels);
 * - a channel address with `..` and `.` segments, whose route HTTP clients could never reach.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright, REPO } from '../helpers/cli';
import { linkNodeModules } from '../helpers/receiver-deps';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'edge');
const work = mkdtempSync(path.join(tmpdir(), 'hookwright-edge-'));

/** Generates `fixture`, links the shared dependencies, and returns the project and the run. */
function generate(fixture: string, env: NodeJS.ProcessEnv = {}) {
  const project = path.join(work, path.parse(fixture).name);
  const run = hookwright(['generate', path.join(FIXTURES, fixture), '-o', project], { env });
  expect(run.stderr).not.toMatch(/^error/m);
  expect(run.status).toBe(0);
  linkNodeModules(project);
  return { project, stderr: run.stderr };
}

/** The project's own `npm test`: its typecheck, then its tests; throws with the output if any fails. */
function ownTests(project: string): string {
  return execFileSync('npm', ['test'], {
    cwd: project,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
}

const passes = (output: string) => {
  expect(output).toMatch(/^# fail 0$/m);
  expect(output).not.toMatch(/^# pass 0$/m);
};

test('an object payload with no properties: the project passes its own tests', () => {
  const { project } = generate('empty-object.yaml');
  passes(ownTests(project));
}, 600_000);

test('50 levels of nesting: short model file names, and the project compiles and passes its own tests', () => {
  const { project, stderr } = generate('nested-50.yaml');
  expect(stderr).toMatch(/warning \d+ nested model names were longer than 100 characters/);
  const models = readdirSync(path.join(project, 'src/generated/models'));
  expect(models.length).toBeGreaterThan(50);
  for (const file of models) expect(file.length).toBeLessThanOrEqual(100 + '999.ts'.length);
  passes(ownTests(project));
}, 600_000);

test('300 levels of nesting, within the default limits: the project is written, compiles and passes its own tests', () => {
  // The depth limit counts objects and arrays (two per schema level here, 606 in all): a lower
  // one refuses it, naming the depth, the limit and the variable.
  const refused = hookwright(
    ['generate', path.join(FIXTURES, 'nested-300.json'), '-o', path.join(work, 'refused')],
    { env: { HOOKWRIGHT_MAX_DOCUMENT_DEPTH: '600' } },
  );
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(
    /is nested \d+ levels deep \(limit 600, HOOKWRIGHT_MAX_DOCUMENT_DEPTH\)/,
  );
  const { project } = generate('nested-300.json');
  const models = readdirSync(path.join(project, 'src/generated/models'));
  expect(models.length).toBeGreaterThan(300);
  passes(ownTests(project));
}, 600_000);

test('a channel address with ".." and "." segments: served at the path clients send to, with a warning, and the project passes its own tests', () => {
  const { project, stderr } = generate('dot-dot-address.yaml');
  expect(stderr).toContain(
    'warning channel address "/hooks/v1/../events/./inbound" contains "." or ".." segments, which HTTP clients remove before sending: its route is served at /hooks/events/inbound',
  );
  const operations = readFileSync(path.join(project, 'src/generated/operations.ts'), 'utf8');
  expect(operations).toContain("path: '/hooks/events/inbound'");
  // As written in the document, for the README and logs.
  expect(operations).toContain("address: '/hooks/v1/../events/./inbound'");
  passes(ownTests(project));
}, 600_000);
