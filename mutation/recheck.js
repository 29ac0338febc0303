#!/usr/bin/env node
/**
 * Reruns Stryker on the lines where a report's mutants survived (or had no coverage), to show
 * that the tests added since kill them, without re-testing the whole file:
 *   node mutation/recheck.js <base.conf.json> reports/mutation/<name>.json [testMatch,...]
 * Writes reports/mutation/<name>.recheck.json. Every mutant on those lines is re-tested (killed
 * ones too), so its counts are of those lines only; mutation/SCORES.md combines them with the
 * full run.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const [base, report, testMatch] = process.argv.slice(2);
if (!base || !report) {
  console.error('usage: node mutation/recheck.js <base.conf.json> <report.json> [testMatch,...]');
  process.exit(2);
}
const ROOT = path.resolve(__dirname, '..');
const { files } = JSON.parse(readFileSync(path.resolve(ROOT, report), 'utf8'));
const ranges = new Set();
for (const [file, { mutants }] of Object.entries(files))
  for (const mutant of mutants)
    if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
      const { start, end } = mutant.location;
      ranges.add(`${file}:${start.line}-${end.line}`);
    }
if (ranges.size === 0) {
  console.log('no survivors in', report);
  process.exit(0);
}
const name = `${path.basename(report, '.json')}.recheck`;
const config = JSON.parse(readFileSync(path.resolve(ROOT, base), 'utf8'));
delete config.$schema;
config.mutate = [...ranges];
config.concurrency = 1;
config.reporters = ['clear-text', 'json'];
config.jsonReporter = { fileName: `reports/mutation/${name}.json` };
config.incremental = false;
config.ignorePatterns = [...(config.ignorePatterns ?? []), '.stryker-tmp'];
config.tempDirName = `.stryker-tmp/${name}`;
if (testMatch !== undefined && config.jest !== undefined)
  config.jest.config = {
    ...(config.jest.config ?? {}),
    testMatch: testMatch.split(',').map((glob) => `<rootDir>/${glob}`),
  };
const out = path.join(ROOT, `reports/mutation/${name}.conf.json`);
writeFileSync(out, JSON.stringify(config, null, 2));
const run = spawnSync('npx', ['stryker', 'run', out], { cwd: ROOT, stdio: 'inherit' });
process.exit(run.status ?? 1);
