/**
 * A reader that stops early closes the CLI's output pipe (`hookwright generate … | head -1`):
 * the run still finishes, with its own exit code, and no crash is printed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, REPO } from './helpers/cli';

test('a closed stdout pipe ends the printing, not the run', async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-pipe-')), 'receiver');
  const child = spawn(
    process.execPath,
    [BIN, 'generate', path.join(REPO, 'spec', 'sinch-conversation-webhooks.yaml'), '-o', out],
    { cwd: REPO, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Read the first chunk, then close the pipe, as `head -1` does.
  child.stdout.once('data', () => child.stdout.destroy());
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  expect(stderr).toMatch(/^write +\d+ create/m); // the progress on stderr, to its end
  expect(stderr).not.toMatch(/EPIPE|failed unexpectedly|\n\s+at /);
}, 60_000);
