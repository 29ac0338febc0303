import * as fs from 'fs';
import * as path from 'path';
import { Parser, type Diagnostic } from '@asyncapi/parser';
import { shared } from './helpers/shared';

/** `DiagnosticSeverity.Error` of the diagnostics' own copy of that enum (the parser exports another). */
const SEVERITY_ERROR: Diagnostic['severity'] = 0;

const SPEC_PATH = path.join(__dirname, '..', 'spec', 'sinch-conversation-webhooks.yaml');
const SEED = shared('seed/000_2776711fc72ef54c.txt', 'the seed text');

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('spec/sinch-conversation-webhooks.yaml', () => {
  const specText = fs.readFileSync(SPEC_PATH, 'utf8');
  SEED.test('collapses to exactly the seed text', () => {
    const seedText = fs.readFileSync(SEED.path, 'utf8');
    expect(collapse(specText)).toBe(collapse(seedText));
  });

  test('is a valid AsyncAPI document with 14 channels', async () => {
    const { document, diagnostics } = await new Parser().parse(specText, { source: SPEC_PATH });
    const errors = diagnostics.filter((d) => d.severity === SEVERITY_ERROR);
    expect(errors.map((d) => `${d.code}: ${d.message} at /${d.path.join('/')}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.channels().length).toBe(14);
  });
});
