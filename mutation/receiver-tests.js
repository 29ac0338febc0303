#!/usr/bin/env node
/**
 * Stryker's `command` test runner calls this once per mutant, in its sandbox, with the
 * mutated (instrumented) runtime templates in place and __STRYKER_ACTIVE_MUTANT__ naming
 * the mutant to switch on. It generates the Sinch receiver from the sandbox's templates
 * once per sandbox (the instrumented files hold every mutant, so one project serves all),
 * then runs that project's own runtime and HTTP tests: exit 0 means the mutant survived.
 * The generated project shares the receiver dependencies that hookwright's tests install.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PROJECT = path.join(ROOT, '.mutation-project');
const SPEC = path.join(ROOT, 'spec', 'sinch-conversation-webhooks.yaml');

function generateOnce() {
  if (existsSync(path.join(PROJECT, 'package.json'))) return;
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  // The generation itself must not see a mutant: it only copies the runtime files.
  const env = { ...process.env };
  delete env.__STRYKER_ACTIVE_MUTANT__;
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'hookwright.js'), 'generate', SPEC, '-o', PROJECT, '-q'],
    {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    },
  );
  symlinkSync(receiverNodeModules(), path.join(PROJECT, 'node_modules'), 'dir');
}

generateOnce();
const tests = ['test/runtime', 'test/receiver.test.ts'].flatMap((entry) => {
  const full = path.join(PROJECT, entry);
  if (entry.endsWith('.ts')) return [entry];
  return readdirSync(full)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => `${entry}/${name}`);
});
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=dot', ...tests],
  { cwd: PROJECT, stdio: 'inherit', env: process.env },
);
process.exit(result.status ?? 1);
