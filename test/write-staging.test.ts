/**
 * Issue 12, item 5: a first generation is staged as a whole in every case. Into a folder that
 * does not exist (write-lock.test) and into an existing empty folder (here), the project is
 * built beside it and renamed into place in one step, so that a SIGKILL in the middle of writing
 * leaves the folder as it was (it used to leave part of a project and no manifest, after which
 * only --force helped). `--force` over a folder of the user's without a manifest, and a
 * regeneration, write in place with a journal: a run killed there is rolled back by the next one,
 * the user's files restored (a regeneration killed half-way used to leave conflicts).
 *
 * `HOOKWRIGHT_TEST_DELAY=file:ms` pauses a run after each file it writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, hookwright } from './helpers/cli';
import { parseManifest } from './helpers/json';
import { listTree, readTree } from './helpers/tree';

const SPEC = `asyncapi: 3.0.0
info: { title: Staging, version: 1.0.0 }
channels:
  events: { address: /events, messages: { event: { payload: { type: object, properties: { id: { type: string } } } } } }
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`;

function workspace(): { dir: string; spec: string; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-staging-'));
  const spec = path.join(dir, 'asyncapi.yaml');
  writeFileSync(spec, SPEC);
  const out = path.join(dir, 'receiver');
  mkdirSync(out);
  return { dir, spec, out };
}

function start(
  args: string[],
  delay: string,
): {
  child: ChildProcess;
  done: Promise<NodeJS.Signals | null>;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', HOOKWRIGHT_TEST_DELAY: delay },
    stdio: 'ignore',
  });
  return {
    child,
    done: new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal))),
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Files written under `dir` so far (0 while a folder is renamed under the listing). */
function written(dir: string): number {
  try {
    return listTree(dir).filter((f) => /\.(ts|md)$/.test(f)).length;
  } catch {
    return 0;
  }
}

function expectCompleteProject(out: string): void {
  const manifest = parseManifest(
    readFileSync(path.join(out, '.hookwright', 'manifest.json'), 'utf8'),
  );
  const files = listTree(out);
  for (const file of [...Object.keys(manifest.generated), ...manifest.scaffolded])
    expect(files).toContain(file);
  expect(files.filter((f) => f.startsWith('.hookwright/'))).toEqual(['.hookwright/manifest.json']);
}

test('a first generation into an existing empty folder, killed while writing, leaves it empty', async () => {
  const { dir, spec, out } = workspace();
  const run = start(['generate', spec, '-o', out], 'file:100');
  await until(() => written(dir) >= 5, 'the first files');
  run.child.kill('SIGKILL');
  expect(await run.done).toBe('SIGKILL');
  // The folder is as it was: empty. What was written is beside it, in the staging folder.
  expect(readdirSync(out)).toEqual([]);

  const again = hookwright(['generate', spec, '-o', out, '-q']);
  expect(again.stderr).toBe('');
  expect(again.status).toBe(0);
  expectCompleteProject(out);
  expect(readdirSync(dir).sort()).toEqual(['asyncapi.yaml', 'receiver']);
}, 120_000);

test('an empty folder holding only what a failed run left in .hookwright is staged too', async () => {
  const { dir, spec, out } = workspace();
  mkdirSync(path.join(out, '.hookwright', 'tmp'), { recursive: true });
  writeFileSync(path.join(out, '.hookwright', 'tmp', 'new-3'), 'left by a killed run');
  const run = start(['generate', spec, '-o', out], 'file:100');
  await until(() => written(dir) >= 5, 'the first files');
  run.child.kill('SIGKILL');
  await run.done;
  expect(listTree(out)).toEqual(['.hookwright/tmp/new-3']);

  expect(hookwright(['generate', spec, '-o', out, '-q']).status).toBe(0);
  expectCompleteProject(out);
  expect(readdirSync(dir).sort()).toEqual(['asyncapi.yaml', 'receiver']);
}, 120_000);

test('--force over the user’s folder, killed while writing: the next run puts the folder back as it was', async () => {
  const { spec, out } = workspace();
  // The user's files: one hookwright does not generate, one it does (overwritten by --force).
  writeFileSync(path.join(out, 'notes.txt'), 'my notes\n');
  writeFileSync(path.join(out, 'WEBHOOKS.md'), '# my own webhooks notes\n');
  const before = readTree(out);
  const run = start(['generate', spec, '-o', out, '--force'], 'file:100');
  await until(() => written(out) >= 8, 'the first files in place');
  run.child.kill('SIGKILL');
  await run.done;
  expect(existsSync(path.join(out, '.hookwright', 'manifest.json'))).toBe(false);

  // A read-only run changes nothing: it says what happened and what puts it right.
  const check = hookwright(['generate', spec, '-o', out, '--check']);
  expect(check.stderr).toContain(
    `${out} was left half-written by a hookwright run that was killed`,
  );
  expect(check.stderr).toContain('it first puts the project back');
  expect(check.status).toBe(1);
  expect(existsSync(path.join(out, '.hookwright', 'tmp', 'journal.json'))).toBe(true);

  // The next run rolls the killed one back first: without --force it then refuses, as before it.
  const refused = hookwright(['generate', spec, '-o', out]);
  expect(refused.stderr).toContain('rolled back');
  expect(refused.stderr).toContain('is not empty and is not a hookwright project');
  expect(refused.status).toBe(1);
  expect(readTree(out)).toEqual(before);

  expect(hookwright(['generate', spec, '-o', out, '--force', '-q']).status).toBe(0);
  expectCompleteProject(out);
  expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('my notes\n');
}, 180_000);

test('a regeneration killed while writing is rolled back by the next run to the project before it', async () => {
  const { spec, out } = workspace();
  expect(hookwright(['generate', spec, '-o', out, '-q']).status).toBe(0);
  const before = readTree(out);
  writeFileSync(
    spec,
    SPEC.replace('id: { type: string }', 'id: { type: integer }, n: { type: number }'),
  );
  const run = start(['generate', spec, '-o', out], 'file:300');
  const old = path.join(out, '.hookwright', 'tmp', 'old');
  await until(() => existsSync(old) && readdirSync(old).length >= 2, 'files moved aside');
  run.child.kill('SIGKILL');
  await run.done;
  expect(readTree(out)).not.toEqual(before);

  writeFileSync(spec, SPEC);
  const again = hookwright(['generate', spec, '-o', out]);
  expect(again.stderr).toMatch(/its changes were rolled back \(\d+ files? put back as they were\)/);
  expect(again.status).toBe(0);
  expect(readTree(out)).toEqual(before);
}, 180_000);
