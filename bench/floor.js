#!/usr/bin/env node
'use strict';
/**
 * The floor: the least work any "AsyncAPI document → TypeScript models" tool has to do,
 * built from the same two libraries hookwright uses (resolved from /work/main/node_modules):
 *
 *   1. load @asyncapi/parser and parse the document,
 *   2. load @asyncapi/modelina and generate TypeScript models from the parsed document,
 *   3. write one file per model into the output folder.
 *
 * Nothing else: no validation of our own, no templates, no formatting, no manifest.
 *
 *   node bench/floor.js <spec> <outDir>
 *
 * The parser is constructed the way hookwright constructs it, with the style-only
 * "recommended" lint rules off (they cost about a third of a parse and neither tool shows
 * them), and without Spectral's Ajv check of the parser's own rulesets (hookwright's
 * `src/load/spectral.ts`, taken from the build): the floor is the cheapest honest parse, not a
 * strawman. Pass `--default-ruleset`
 * to measure the parser with its defaults instead, and `--timings` to print how long each
 * step took (on stderr, in the format of hookwright's stage lines).
 */
const fs = require('node:fs');
const path = require('node:path');

async function main(argv) {
  const args = argv.slice(2).filter((a) => !a.startsWith('--'));
  const defaultRuleset = argv.includes('--default-ruleset');
  const timings = argv.includes('--timings');
  let last = performance.now();
  const step = (name) => {
    const now = performance.now();
    if (timings) process.stderr.write(`${name.padEnd(17)}${Math.round(now - last)} ms\n`);
    last = now;
  };
  const [spec, outDir] = args;
  if (!spec || !outDir) {
    console.error('usage: node bench/floor.js <spec> <outDir> [--default-ruleset]');
    return 2;
  }

  if (timings)
    process.stderr.write(`${'start-up'.padEnd(17)}${Math.round(performance.now())} ms\n`);
  if (!defaultRuleset) {
    const skip = path.join(__dirname, '..', 'dist', 'load', 'spectral.js');
    if (fs.existsSync(skip)) require(skip).skipBuiltInRulesetCheck();
  }
  const { Parser } = require('@asyncapi/parser');
  step('require-parser');
  const parser = new Parser(defaultRuleset ? {} : { ruleset: { recommended: false } });
  const source = path.resolve(spec);
  const { document, diagnostics } = await parser.parse(fs.readFileSync(source, 'utf8'), { source });
  step('parse');
  if (!document) {
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => d.message);
    console.error(`floor: ${spec} did not parse: ${errors.slice(0, 3).join('; ')}`);
    return 1;
  }

  const { TypeScriptGenerator } = require('@asyncapi/modelina');
  step('require-modelina');
  const generator = new TypeScriptGenerator({ modelType: 'interface' });
  // Complete models: each with the imports of the models it refers to, ready to be a file.
  const models = await generator.generateCompleteModels(document, { exportType: 'named' });
  step('models');

  fs.mkdirSync(outDir, { recursive: true });
  for (const model of models) {
    fs.writeFileSync(path.join(outDir, `${model.modelName}.ts`), model.result);
  }
  step('write');
  return 0;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
