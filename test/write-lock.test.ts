/**
 * Issue 12's writer, with real processes: two runs at once (the lock is held for the whole run,
 * from before the document is loaded to after the manifest is written), a first generation killed
 * with SIGKILL in the middle of writing (nothing, or a complete project, never part of one), and
 * `--force` against a file the document references.
 *
 * `HOOKWRIGHT_TEST_DELAY` slows a run down at a named point (`locked`: right after the lock is
 * taken; `file`: after each file written), so that the other process can act at that moment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, hookwright } from './helpers/cli';
import { parseManifest } from './helpers/json';
import { listTree } from './helpers/tree';

const SPEC = `asyncapi: 3.0.0
info: { title: Lock, version: 1.0.0 }
channels:
  events: { address: /events, messages: { event: { payload: { type: object, properties: { id: { type: string } } } } } }
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
`;

function workspace(): { dir: string; spec: string; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-lock-'));
  const spec = path.join(dir, 'asyncapi.yaml');
  writeFileSync(spec, SPEC);
  return { dir, spec, out: path.join(dir, 'receiver') };
}

interface Running {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function start(args: string[], delay: string): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', HOOKWRIGHT_TEST_DELAY: delay },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
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
  for (let i = 0; i < 600; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every file of a complete project, with its manifest. */
function expectCompleteProject(out: string): void {
  const manifest = parseManifest(
    readFileSync(path.join(out, '.hookwright', 'manifest.json'), 'utf8'),
  );
  const files = listTree(out);
  for (const file of [...Object.keys(manifest.generated), ...manifest.scaffolded])
    expect(files).toContain(file);
  expect(files.filter((f) => f.startsWith('.hookwright/'))).toEqual(['.hookwright/manifest.json']);
}

test('a second run refuses while the first is still loading its document (first generation)', async () => {
  const { dir, spec, out } = workspace();
  // The first run holds the lock from before it loads the document; it pauses right there.
  const held = pause();
  const first = start(['generate', spec, '-o', out], `locked:${held.until}`);
  await until(() => readdirSync(dir).some((f) => f.includes('hookwright-lock')), 'the lock');
  const second = hookwright(['generate', spec, '-o', out]);
  held.release();
  expect(second.stderr).toContain(`another hookwright run (PID ${first.child.pid}) is generating`);
  expect(second.stderr).not.toMatch(/bug in hookwright|\n\s+at /);
  expect(second.status).toBe(1);
  const result = await first.done;
  expect(result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  expectCompleteProject(out);
  // Nothing of the run is left beside the project.
  expect(readdirSync(dir).sort()).toEqual(['asyncapi.yaml', 'receiver']);
}, 120_000);

test('a second run refuses while the first regenerates, and neither leaves a file missing', async () => {
  const { spec, out } = workspace();
  expect(hookwright(['generate', spec, '-o', out, '-q']).status).toBe(0);
  writeFileSync(spec, SPEC.replace('id: { type: string }', 'id: { type: integer }'));
  const held = pause();
  const first = start(['generate', spec, '-o', out], `locked:${held.until}`);
  await until(() => existsSync(path.join(out, '.hookwright', 'lock')), 'the lock');
  const second = hookwright(['generate', spec, '-o', out]);
  held.release();
  expect(second.stderr).toContain(`another hookwright run (PID ${first.child.pid}) is generating`);
  expect(second.status).toBe(1);
  const result = await first.done;
  expect(result.code).toBe(0);
  expectCompleteProject(out);
  // And the project is really up to date with the changed document.
  const check = hookwright(['generate', spec, '-o', out, '--check']);
  expect(check.stdout).toContain('is up to date');
  expect(check.status).toBe(0);
}, 120_000);

test('a first generation killed while writing leaves nothing, and the next run needs no --force', async () => {
  const { dir, spec, out } = workspace();
  const run = start(['generate', spec, '-o', out], 'file:100');
  // Kill it once some files, not all, are written.
  const written = () => {
    try {
      return listTree(dir).filter((f) => /\.(ts|json|md)$/.test(f)).length;
    } catch {
      return 0; // a folder renamed while it was listed
    }
  };
  await until(() => written() >= 5, 'the first files');
  run.child.kill('SIGKILL');
  const result = await run.done;
  expect(result.signal).toBe('SIGKILL');
  // Either nothing or everything: here, nothing (the project was not renamed into place yet).
  expect(existsSync(out)).toBe(false);

  const again = hookwright(['generate', spec, '-o', out, '-q']);
  expect(again.stderr).toBe('');
  expect(again.status).toBe(0);
  expectCompleteProject(out);
  // What the killed run left beside the project was cleaned up by the next one.
  expect(readdirSync(dir).sort()).toEqual(['asyncapi.yaml', 'receiver']);
}, 120_000);

test('a failed first generation leaves nothing behind, not even the lock', () => {
  const { dir, out } = workspace();
  const broken = path.join(dir, 'broken.yaml');
  writeFileSync(broken, 'asyncapi: 3.0.0\ninfo: { title: x }\n');
  const run = hookwright(['generate', broken, '-o', path.join(out, 'deeper')]);
  expect(run.status).toBe(1);
  expect(readdirSync(dir).sort()).toEqual(['asyncapi.yaml', 'broken.yaml']);
});

test('--force never overwrites a file the document references', () => {
  const { dir, out } = workspace();
  mkdirSync(out);
  // The document's payload schema lives in the output folder, under a name hookwright generates.
  const schema = 'type: object\nproperties: { id: { type: string } }\n';
  writeFileSync(path.join(out, 'WEBHOOKS.md'), schema);
  const spec = path.join(dir, 'asyncapi.yaml');
  writeFileSync(
    spec,
    SPEC.replace(
      '{ payload: { type: object, properties: { id: { type: string } } } }',
      "{ payload: { $ref: './receiver/WEBHOOKS.md' } }",
    ),
  );
  const run = hookwright(['generate', spec, '-o', out, '--force', '--ref-root', dir]);
  expect(run.stderr).toContain(`refusing to overwrite ${path.join(out, 'WEBHOOKS.md')}`);
  expect(run.stderr).toContain('it is an input of this run');
  expect(run.status).toBe(1);
  expect(readFileSync(path.join(out, 'WEBHOOKS.md'), 'utf8')).toBe(schema);
  expect(readdirSync(out)).toEqual(['WEBHOOKS.md']);
  rmSync(dir, { recursive: true, force: true });
});
