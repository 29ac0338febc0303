/**
 * Issue 12's writer attacks through the CLI: a `.hookwright` symlinked outside the project, two
 * runs at once (the lock, and its stale-lock recovery by PID), and `--force` with the input
 * document inside the output folder under a generated name.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright } from './helpers/cli';

const SPEC = `asyncapi: 3.0.0
info: { title: Guards, version: 1.0.0 }
channels:
  events: { address: /events, messages: { event: { payload: { type: object, properties: { id: { type: string } } } } } }
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`;

function project(): { dir: string; spec: string; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-guards-'));
  const spec = path.join(dir, 'asyncapi.yaml');
  writeFileSync(spec, SPEC);
  const out = path.join(dir, 'receiver');
  const first = hookwright(['generate', spec, '-o', out, '-q']);
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  return { dir, spec, out };
}

test('a .hookwright symlinked outside the project is refused before anything is touched', () => {
  const { dir, spec, out } = project();
  const outside = path.join(dir, 'elsewhere');
  mkdirSync(path.join(outside, 'tmp'), { recursive: true });
  writeFileSync(path.join(outside, 'tmp', 'precious.txt'), 'keep me');
  cpSync(path.join(out, '.hookwright', 'manifest.json'), path.join(outside, 'manifest.json'));
  rmSync(path.join(out, '.hookwright'), { recursive: true });
  symlinkSync(outside, path.join(out, '.hookwright'), 'dir');
  rmSync(path.join(out, 'src', 'generated', 'operations.ts')); // something to write

  const run = hookwright(['generate', spec, '-o', out]);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`${path.join(out, '.hookwright')} is a symlink to ${outside}`);
  expect(run.stderr).not.toMatch(/bug in hookwright|\n\s+at /);
  expect(readFileSync(path.join(outside, 'tmp', 'precious.txt'), 'utf8')).toBe('keep me');
  expect(existsSync(path.join(out, 'src', 'generated', 'operations.ts'))).toBe(false);
});

test('a second run refuses while the first holds the lock, and a stale lock is taken over', async () => {
  const { spec, out } = project();
  rmSync(path.join(out, 'src', 'generated', 'operations.ts'));
  const lock = path.join(out, '.hookwright', 'lock');
  // A live process holds the lock, as a run in progress would.
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60000)']);
  try {
    writeFileSync(lock, `${holder.pid}\n`);
    const refused = hookwright(['generate', spec, '-o', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`another hookwright run (PID ${holder.pid}) is generating`);
    expect(existsSync(path.join(out, 'src', 'generated', 'operations.ts'))).toBe(false);
  } finally {
    holder.kill('SIGKILL');
  }
  await new Promise((resolve) => holder.once('exit', resolve));
  // Its process is gone: the lock is stale, and the next run takes it over and releases it.
  const recovered = hookwright(['generate', spec, '-o', out, '-q']);
  expect(recovered.stderr).toBe('');
  expect(recovered.status).toBe(0);
  expect(existsSync(path.join(out, 'src', 'generated', 'operations.ts'))).toBe(true);
  expect(existsSync(lock)).toBe(false);
});

test('--force never overwrites the input document, even when it has a generated name', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-guards-'));
  const out = path.join(dir, 'receiver');
  mkdirSync(out);
  const spec = path.join(out, 'WEBHOOKS.md');
  writeFileSync(spec, SPEC);
  const run = hookwright(['generate', spec, '-o', out, '--force']);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('refusing to overwrite');
  expect(run.stderr).toContain('it is an input of this run');
  expect(readFileSync(spec, 'utf8')).toBe(SPEC);
  expect(existsSync(path.join(out, 'package.json'))).toBe(false);
});
