/**
 * The drift gate: the committed examples must be exactly what hookwright generates today:
 * `examples/sinch-conversation-receiver/` from the embedded seed document (one route per
 * trigger) and `examples/sinch-callbacks-receiver/` from the faithful Sinch document (one
 * URL for every trigger). (The end-to-end tests install, build and run fresh generations,
 * which this test proves identical to the examples.)
 * After an intended change to the output: `npm run update-example`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hookwright, REPO } from './helpers/cli';
import { readTree } from './helpers/tree';

const EXAMPLES = [
  ['sinch-conversation-receiver', path.join('spec', 'sinch-conversation-webhooks.yaml')],
  ['sinch-callbacks-receiver', path.join('spec', 'sinch-conversation-callbacks.yaml')],
] as const;

describe.each(EXAMPLES)('examples/%s', (name, SPEC) => {
  const EXAMPLE = path.join(REPO, 'examples', name);

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
    expect(run.stdout).toMatch(/is up to date/);
    expect(readTree(EXAMPLE)).toEqual(before);
  });
});
