/**
 * Spectral (the parser's linter) checks every ruleset it is given against its meta-schema, by
 * compiling that meta-schema with Ajv on first use: 100 to 300 ms of every run's load stage.
 * The only rulesets hookwright's parser is given are the parser's own, built in and fixed, and
 * they pass that check (`test/load-spectral.test.ts` runs the real one on them). So, before
 * the parser loads, the module that holds the check is registered as one that keeps only its
 * cheap part: a rule must look like a rule. The documents are validated exactly as before.
 *
 * Where Spectral's files are not where this expects (another version), nothing is replaced:
 * the parser then runs the full check, which is only slower.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { provideModule } from '../pipeline/modules';

/** The file of Spectral's ruleset assertions, as the parser's copy of Spectral has it. */
export function rulesetAssertionsFile(): string | undefined {
  try {
    const parser = path.dirname(require.resolve('@asyncapi/parser'));
    const core = require.resolve('@stoplight/spectral-core', { paths: [parser] });
    const file = path.join(path.dirname(core), 'ruleset', 'validation', 'assertions.js');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** What the replaced module exports: Spectral's two assertions, without the Ajv check. */
export const BUILT_IN_RULESETS = {
  /** The parser's own rulesets, checked by test, not on every run. */
  assertValidRuleset(this: void): void {},
  /** As Spectral's: a rule added while merging rulesets must have `given` or `then`. */
  assertValidRule(this: void, rule: unknown, name: string): void {
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
      throw new Error(`rule ${name}: a rule definition is expected`);
    if (!('given' in rule) && !('then' in rule))
      throw new Error(`rule ${name}: a rule definition is expected`);
  },
};

/** Registers the module; once, and only where Spectral has not been loaded yet. */
export function skipBuiltInRulesetCheck(): void {
  const file = rulesetAssertionsFile();
  if (file !== undefined) provideModule(file, { ...BUILT_IN_RULESETS });
}
