/**
 * The drift gate: `examples/sinch-conversation-receiver/` must be exactly what hookwright
 * generates today. (The end-to-end test installs, builds and runs a fresh generation,
 * which this test proves identical to the example.)
 * After an intended change to the output: `npm run update-example`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hookwright, REPO } from './helpers/cli';
import { readTree } from './helpers/tree';

const EXAMPLE = path.join(REPO, 'examples', 'sinch-conversation-receiver');
const SPEC = path.join('spec', 'sinch-conversation-webhooks.yaml');

test('the committed example equals a fresh generation, file by file', () => {
  // Same depth as the example, so the relative spec path in the manifest and README match.
  const fresh = mkdtempSync(path.join(REPO, 'examples', '.fresh-'));
  try {
    rmSync(fresh, { recursive: true });
    const run = hookwright(['generate', SPEC, '-o', fresh, '-q']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const want = readTree(EXAMPLE);
    const got = readTree(fresh);
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const file of Object.keys(want))
      expect({ file, content: got[file] }).toEqual({ file, content: want[file] });
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('generate --check on the example passes and writes nothing', () => {
  const before = readTree(EXAMPLE);
  const run = hookwright(['generate', '--check', '-o', EXAMPLE]);
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(/is up to date/);
  expect(readTree(EXAMPLE)).toEqual(before);
});
