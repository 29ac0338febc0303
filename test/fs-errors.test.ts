/**
 * Issue 12, honest labels: a file-system error (no permission, a file where a folder should be,
 * a read-only or full disk) is the user's, said with its path and a hint, exit 1, never "a bug
 * in hookwright" and never a stack trace.
 *
 * EACCES is real: as root (who may write anywhere) the run is made as `nobody` with `runuser`.
 * EROFS and ENOSPC are real on a small tmpfs where this machine lets the test mount one, and
 * checked through `asUserError` with Node's own error shape everywhere.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HookwrightError } from '../src/pipeline/errors';
import { asUserError } from '../src/write/fs-errors';
import { BIN, hookwright, type CliRun } from './helpers/cli';

const SPEC = `asyncapi: 3.0.0
info: { title: Files, version: 1.0.0 }
channels:
  events: { address: /events, messages: { event: { payload: { type: object, properties: { id: { type: string } } } } } }
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`;

const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-fs-'));
chmodSync(dir, 0o755);
const spec = path.join(dir, 'asyncapi.yaml');
writeFileSync(spec, SPEC);
chmodSync(spec, 0o644);

function expectUserError(run: CliRun, message: string | RegExp): void {
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toMatch(/\nhint /);
  expect(run.stderr).not.toMatch(/bug in hookwright|failed unexpectedly|\n\s+at /);
  expect(run.status).toBe(1);
}

test('ENOTDIR: a file where the output folder (or a folder above it) should be', () => {
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'not a folder\n');
  const out = path.join(file, 'receiver');
  expectUserError(
    hookwright(['generate', spec, '-o', out]),
    `cannot create ${out}: ${file} is a file, not a folder`,
  );
  // --check takes the lock too, and meets the file there first.
  expectUserError(
    hookwright(['generate', spec, '-o', out, '--check']),
    `cannot create ${out}: ${file} is a file, not a folder`,
  );
});

/** Runs the CLI as a user who cannot write where root can. */
function asUnprivileged(args: string[]): CliRun {
  if (process.getuid?.() !== 0) return hookwright(args);
  const run = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    cwd: dir,
    timeout: 120_000,
  });
  if (run.error) throw run.error; // runuser missing: as root, this test cannot make EACCES
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('EACCES: a folder the user may not write into, new project and existing one', () => {
  const locked = path.join(dir, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o555);
  expectUserError(
    asUnprivileged(['generate', spec, '-o', path.join(locked, 'receiver')]),
    `cannot write into ${locked}: permission denied`,
  );
  // An existing project whose generated folder is read-only to this user.
  const project = path.join(dir, 'project');
  expect(hookwright(['generate', spec, '-o', project, '-q']).status).toBe(0);
  chmodSync(project, 0o555);
  chmodSync(path.join(project, '.hookwright'), 0o555);
  writeFileSync(spec, SPEC.replace('{ type: string }', '{ type: integer }'));
  try {
    const run = asUnprivileged(['generate', spec, '-o', project]);
    expectUserError(run, /permission denied/);
    expect(run.stderr).toContain(project);
    // --check reads it without the lock, which this user cannot create there (nor anything a
    // run of this user could race with): the verdict, not a permission error.
    const check = asUnprivileged(['generate', spec, '-o', project, '--check']);
    expect(check.stdout).toMatch(/is out of date: run hookwright generate/);
    expect(check.stderr).not.toMatch(/permission denied|bug in hookwright/);
    expect(check.status).toBe(1);
  } finally {
    writeFileSync(spec, SPEC);
  }
});

/** Mounts a tmpfs (root in a container that allows it); undefined where that is not possible. */
function tmpfs(options: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const mountPoint = mkdtempSync(path.join(tmpdir(), 'hookwright-tmpfs-'));
  const run = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountPoint]);
  return run.status === 0 ? mountPoint : undefined;
}
const mounted: string[] = [];
afterAll(() => {
  for (const mountPoint of mounted) spawnSync('umount', [mountPoint]);
});

test('EROFS and ENOSPC on real file systems, where one can be mounted', () => {
  const readOnly = tmpfs('ro,size=1m');
  const full = tmpfs('size=48k');
  if (readOnly === undefined || full === undefined) return; // covered by the next test
  mounted.push(readOnly, full);
  expectUserError(
    hookwright(['generate', spec, '-o', path.join(readOnly, 'receiver')]),
    `cannot write into ${readOnly}: the file system is read-only`,
  );
  const out = path.join(full, 'receiver');
  expectUserError(
    hookwright(['generate', spec, '-o', out]),
    new RegExp(`cannot write ${out}/\\S+: no space left on the device`),
  );
  // All or nothing: the full disk holds no part of a project.
  expect(existsSync(out)).toBe(false);
});

test('any file-system error of the environment that reaches the top is the user’s, with its path', () => {
  for (const [code, syscall, words] of [
    ['EACCES', 'open', 'cannot open /p/x: permission denied'],
    ['EROFS', 'mkdir', 'cannot create /p/x: the file system is read-only'],
    ['ENOSPC', 'write', 'cannot write /p/x: no space left on the device'],
    ['ENOTDIR', 'scandir', 'cannot list /p/x: a part of the path is a file, not a folder'],
    ['EISDIR', 'open', 'cannot open /p/x: it is a folder'],
  ] as const) {
    const error = Object.assign(new Error(`${code}: oops, ${syscall} '/p/x'`), {
      code,
      syscall,
      path: '/p/x',
      errno: -1,
    });
    const converted = asUserError(error);
    expect(converted).toBeInstanceOf(HookwrightError);
    expect((converted as HookwrightError).message).toBe(words);
    expect((converted as HookwrightError).cause).toBe(error);
  }
  // Not an environment error: still reported as what it is (possibly a bug).
  const missing = Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: '/p/x' });
  expect(asUserError(missing)).toBe(missing);
  const plain = new Error('plain');
  expect(asUserError(plain)).toBe(plain);
});
