#!/usr/bin/env node
/**
 * Runs Stryker over ONE file with a base config, with reports, incremental file and sandbox
 * of its own (so that two per-file runs can proceed side by side):
 *   node mutation/per-file.js mutation/recipes.conf.json templates/.../recipes/hmac.ts [concurrency] [testMatch,...]
 * The optional last argument narrows a Jest base config to the test files that cover the file
 * (comma-separated globs, relative to the repository): the fastest run that still covers it.
 * Reports land in reports/mutation/<name>.{json,html}; `node mutation/survivors.js
 * reports/mutation/<name>.json` lists what survived.
 */
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const [base, file, concurrency = '1', testMatch] = process.argv.slice(2);
if (!base || !file) {
  console.error('usage: node mutation/per-file.js <base.conf.json> <file> [concurrency]');
  process.exit(2);
}
const ROOT = path.resolve(__dirname, '..');
const config = JSON.parse(readFileSync(path.resolve(ROOT, base), 'utf8'));
const name = `${path.basename(base, '.conf.json')}-${path.basename(path.dirname(file))}-${path.basename(file, '.ts')}`;
delete config.$schema;
config.mutate = [file];
config.concurrency = Number(concurrency);
config.reporters = ['clear-text', 'progress-append-only', 'json', 'html'];
config.jsonReporter = { fileName: `reports/mutation/${name}.json` };
config.htmlReporter = { fileName: `reports/mutation/${name}.html` };
config.incremental = true;
config.incrementalFile = `reports/mutation/${name}.incremental.json`;
config.ignorePatterns = [...(config.ignorePatterns ?? []), '.stryker-tmp'];
config.tempDirName = `.stryker-tmp/${name}`;
if (testMatch !== undefined && config.jest !== undefined) {
  config.jest.config = {
    ...(config.jest.config ?? {}),
    testMatch: testMatch.split(',').map((glob) => `<rootDir>/${glob}`),
  };
}
mkdirSync(path.join(ROOT, 'reports/mutation'), { recursive: true });
const out = path.join(ROOT, `reports/mutation/${name}.conf.json`);
writeFileSync(out, JSON.stringify(config, null, 2));
const run = spawnSync('npx', ['stryker', 'run', out], { cwd: ROOT, stdio: 'inherit' });
process.exit(run.status ?? 1);
