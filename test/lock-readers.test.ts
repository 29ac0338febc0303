/**
 * Issue 12, the writer's lock (item 5), with real processes:
 * - `--check` and `--dry-run` hold the lock too: they refuse while a run writes the project (they
 *   used to read it half-written), and a writing run refuses while one of them reads it;
 * - taking over a stale lock is race-free: two runs that both find the same stale lock do not
 *   both take it (each used to delete it and make its own, the second deleting the first's);
 * - a run that died while taking over a stale lock does not block the next ones.
 *
 * `HOOKWRIGHT_TEST_DELAY` pauses a run at a named point and says so on stderr (`locked`: right
 * after the lock is taken; `stale`: after a stale lock is found, before taking it over).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, hookwright } from './helpers/cli';

const SPEC = `asyncapi: 3.0.0
info: { title: Lock, version: 1.0.0 }
channels:
  events: { address: /events, messages: { event: { payload: { type: object, properties: { id: { type: string } } } } } }
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`;

/** A folder with the document and a generated project in `receiver/`. */
function project(): { dir: string; spec: string; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-readers-'));
  const spec = path.join(dir, 'asyncapi.yaml');
  writeFileSync(spec, SPEC);
  const out = path.join(dir, 'receiver');
  expect(hookwright(['generate', spec, '-o', out, '-q']).status).toBe(0);
  return { dir, spec, out };
}

interface Running {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: string[], delay: string): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', HOOKWRIGHT_TEST_DELAY: delay },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, stderr: () => stderr, done };
}

/**
 * A pause that the test ends (`HOOKWRIGHT_TEST_DELAY=point:@file` waits until the file exists):
 * the second run acts while the first really is paused, however slow the machine is.
 */
function pause(): { until: string; release: () => void } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-release-')), 'release');
  return { until: `@${file}`, release: () => writeFileSync(file, '') };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The PID of a process that has exited. */
function deadPid(): number {
  const gone = spawnSync(process.execPath, ['-e', '']);
  return gone.pid;
}

const lockFiles = (out: string) =>
  readdirSync(path.join(out, '.hookwright')).filter((f) => f !== 'manifest.json');

test('--check and --dry-run refuse while a run writes the project, naming it', async () => {
  const { spec, out } = project();
  writeFileSync(spec, SPEC.replace('id: { type: string }', 'id: { type: integer }'));
  const held = pause();
  const writer = start(['generate', spec, '-o', out], `locked:${held.until}`);
  await until(() => writer.stderr().includes('[test delay] locked'), 'the writer to hold the lock');
  const readers = ['--check', '--dry-run'].map((mode) =>
    hookwright(['generate', spec, '-o', out, mode]),
  );
  held.release();
  for (const reader of readers) {
    expect(reader.stderr).toContain(
      `another hookwright run (PID ${writer.child.pid}) is generating ${out}`,
    );
    expect(reader.stderr).not.toMatch(/bug in hookwright|\n\s+at /);
    expect(reader.status).toBe(1);
  }
  expect((await writer.done).code).toBe(0);
  // Once it is done, --check reads the finished project, and leaves no lock behind.
  const check = hookwright(['generate', spec, '-o', out, '--check']);
  expect(check.stdout).toContain('is up to date');
  expect(check.status).toBe(0);
  expect(lockFiles(out)).toEqual([]);
}, 180_000);

test('a writing run refuses while --check reads the project', async () => {
  const { spec, out } = project();
  const held = pause();
  const reader = start(['generate', spec, '-o', out, '--check'], `locked:${held.until}`);
  await until(() => reader.stderr().includes('[test delay] locked'), 'the check to hold the lock');
  const writer = hookwright(['generate', spec, '-o', out]);
  held.release();
  expect(writer.stderr).toContain(
    `another hookwright run (PID ${reader.child.pid}) is generating ${out}`,
  );
  expect(writer.status).toBe(1);
  const checked = await reader.done;
  expect(checked.stdout).toContain('is up to date');
  expect(checked.code).toBe(0);
  expect(lockFiles(out)).toEqual([]);
}, 180_000);

test('--check of a project that does not exist yet leaves nothing behind', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-readers-'));
  const spec = path.join(dir, 'asyncapi.yaml');
  writeFileSync(spec, SPEC);
  const check = hookwright(['generate', spec, '-o', path.join(dir, 'not', 'yet'), '--check']);
  expect(check.status).toBe(1);
  expect(readdirSync(dir)).toEqual(['asyncapi.yaml']);
}, 120_000);

test('two runs that find the same stale lock: one takes it over, the other refuses', async () => {
  const { spec, out } = project();
  const lock = path.join(out, '.hookwright', 'lock');
  writeFileSync(lock, `${deadPid()}\n`);
  // Both pause after finding the lock stale, until both have found it so; the one that takes
  // it over then holds it until the other has given up: each run found the lock stale before
  // the other took it over.
  const found = pause();
  const held = pause();
  const runs = [0, 1].map(() =>
    start(['generate', spec, '-o', out], `stale:${found.until},locked:${held.until}`),
  );
  await until(
    () => runs.every((r) => r.stderr().includes('[test delay] stale')),
    'both runs to find the lock stale',
  );
  found.release();
  await Promise.race(runs.map((r) => r.done));
  held.release();
  const results = await Promise.all(runs.map((r) => r.done));
  const won = results.filter((r) => r.code === 0);
  const lost = results.filter((r) => r.code !== 0);
  expect({ won: won.length, lost: lost.length }).toEqual({ won: 1, lost: 1 });
  const winner = runs[results.findIndex((r) => r.code === 0)];
  expect(lost[0].stderr).toContain(
    `another hookwright run (PID ${winner.child.pid}) is generating ${out}`,
  );
  expect(lost[0].code).toBe(1);
  // The stale lock, the claim and the private files are all gone.
  expect(lockFiles(out)).toEqual([]);
}, 180_000);

test('a run that died while taking over a stale lock does not block the next one', () => {
  const { spec, out } = project();
  const lock = path.join(out, '.hookwright', 'lock');
  writeFileSync(lock, `${deadPid()}\n`);
  // Its claim on that stale lock, held by another process that has exited.
  writeFileSync(`${lock}.stale-${statSync(lock).ino}`, `${deadPid()}\n`);
  writeFileSync(spec, SPEC.replace('id: { type: string }', 'id: { type: integer }'));
  const run = hookwright(['generate', spec, '-o', out, '-q']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(readFileSync(path.join(out, 'src', 'generated', 'schemas.ts'), 'utf8')).toContain(
    'integer',
  );
  expect(lockFiles(out)).toEqual([]);
  expect(existsSync(lock)).toBe(false);
}, 120_000);
