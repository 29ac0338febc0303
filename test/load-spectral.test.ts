/**
 * The CLI skips Spectral's Ajv check of the parser's own rulesets (`src/load/spectral.ts`).
 * That is only right while those rulesets pass the check, and while skipping it changes
 * nothing else: what a document's load reports must stay the same.
 *
 * Jest keeps its own module registry, so under Jest the parser always runs the full check;
 * the skipped path is run in a plain Node process from the build (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { createRuleset } from '@asyncapi/parser/cjs/ruleset';
import { Ruleset } from '@stoplight/spectral-core';
import { HookwrightError } from '../src/pipeline/errors';
import { load } from '../src/load';
import { BUILT_IN_RULESETS, rulesetAssertionsFile } from '../src/load/spectral';
import { REPO } from './helpers/cli';

const FIXTURES = path.join(REPO, 'test', 'fixtures');

/** Documents whose loads must report the same with and without the check. */
const DOCUMENTS: Array<[file: string, lenient: boolean]> = [
  [path.join(REPO, 'spec', 'sinch-conversation-webhooks.yaml'), false],
  [path.join(REPO, 'spec', 'sinch-conversation-callbacks.yaml'), false],
  [path.join(FIXTURES, 'bad', 'invalid.yaml'), false],
  [path.join(FIXTURES, 'bad', 'not-asyncapi.yaml'), false],
  [path.join(FIXTURES, 'bad', 'ref-in-other-file.yaml'), false],
  [path.join(FIXTURES, 'published', 'slips.yaml'), false],
  [path.join(FIXTURES, 'published', 'slips.yaml'), true],
];

/** What a load reports: the document's version and problems, or the error with its problems. */
async function outcome(file: string, lenient: boolean): Promise<unknown> {
  try {
    const loaded = await load(file, { lenient });
    return { version: loaded.document.version(), problems: loaded.problems, files: loaded.files };
  } catch (error) {
    if (!(error instanceof HookwrightError)) throw error;
    return { error: error.message, problems: error.problems, hint: error.hint };
  }
}

describe("Spectral's check of the parser's own rulesets", () => {
  it('passes on the rulesets the parser is given (the full check, as Jest runs it)', () => {
    // The parser's own copy of the function, with its own Parser type.
    const definition = createRuleset(
      new Parser() as unknown as Parameters<typeof createRuleset>[0],
      {
        recommended: false,
      },
    );
    expect(() => new Ruleset(definition)).not.toThrow();
    // The check is real here: a ruleset it must refuse is refused.
    expect(() => new Ruleset({ rules: {}, documentationUrl: 5 })).toThrow();
  });

  it('is where the skip expects it, so the skip is in effect', () => {
    expect(rulesetAssertionsFile()).toMatch(
      /spectral-core[\\/]dist[\\/]ruleset[\\/]validation[\\/]assertions\.js$/,
    );
  });

  it("keeps Spectral's check that a merged rule looks like a rule", () => {
    expect(() => BUILT_IN_RULESETS.assertValidRule({ given: '$', then: {} }, 'ok')).not.toThrow();
    expect(() => BUILT_IN_RULESETS.assertValidRule({ description: 'x' }, 'bad')).toThrow(/bad/);
    expect(() => BUILT_IN_RULESETS.assertValidRule(null, 'none')).toThrow(/none/);
  });

  it('skipped, in a plain Node process: loads report exactly what they report with it', async () => {
    const script = `
      const { load } = require(${JSON.stringify(path.join(REPO, 'dist', 'load'))});
      const { rulesetAssertionsFile } = require(${JSON.stringify(path.join(REPO, 'dist', 'load', 'spectral'))});
      (async () => {
        const outcomes = [];
        for (const [file, lenient] of ${JSON.stringify(DOCUMENTS)}) {
          try {
            const loaded = await load(file, { lenient });
            outcomes.push({ version: loaded.document.version(), problems: loaded.problems, files: loaded.files });
          } catch (error) {
            if (error.problems === undefined) throw error;
            outcomes.push({ error: error.message, problems: error.problems, hint: error.hint });
          }
        }
        const { Ruleset } = require(require.resolve('@stoplight/spectral-core', { paths: [require('path').dirname(require.resolve('@asyncapi/parser'))] }));
        let refused = false;
        try { new Ruleset({ rules: {}, documentationUrl: 5 }); } catch { refused = true; }
        process.stdout.write(JSON.stringify({ outcomes, skipped: !refused, file: rulesetAssertionsFile() }));
      })();
    `;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const report = JSON.parse(child.stdout) as { outcomes: unknown[]; skipped: boolean };
    expect(report.skipped).toBe(true);
    const here: unknown[] = [];
    for (const [file, lenient] of DOCUMENTS) here.push(await outcome(file, lenient));
    expect(report.outcomes).toEqual(JSON.parse(JSON.stringify(here)));
  }, 60_000);
});
