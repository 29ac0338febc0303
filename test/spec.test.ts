import * as fs from 'fs';
import * as path from 'path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const SPEC_PATH = path.join(__dirname, '..', 'spec', 'sinch-conversation-webhooks.yaml');
// In CI the repository is cloned next to shared/, so resolve relative to the clone's parent.
const SEED_PATH = path.resolve(__dirname, '../../shared/seed/000_2776711fc72ef54c.txt');

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('spec/sinch-conversation-webhooks.yaml', () => {
  const specText = fs.readFileSync(SPEC_PATH, 'utf8');

  // A missing seed fails rather than skipping: a check that silently does not run is how
  // the embedded document drifts. HOOKWRIGHT_NO_SEED=1 skips it by name, on purpose.
  const skip = process.env.HOOKWRIGHT_NO_SEED === '1';
  (skip ? test.skip : test)(
    'collapses to exactly the seed text (HOOKWRIGHT_NO_SEED=1 skips)',
    () => {
      if (!fs.existsSync(SEED_PATH)) {
        throw new Error(
          `the seed is not at ${SEED_PATH}: clone the repository next to shared/, or set HOOKWRIGHT_NO_SEED=1`,
        );
      }
      const seedText = fs.readFileSync(SEED_PATH, 'utf8');
      expect(collapse(specText)).toBe(collapse(seedText));
    },
  );

  test('is a valid AsyncAPI document with 14 channels', async () => {
    const { document, diagnostics } = await new Parser().parse(specText, { source: SPEC_PATH });
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.code}: ${d.message} at /${d.path.join('/')}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.channels().length).toBe(14);
  });
});
