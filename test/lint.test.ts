/**
 * `npm test` enforces lint and format on hookwright's own code: its pretest runs
 * `npm run lint` and `npm run format:check`, and each of them fails on a violation in any of
 * src/, test/, bench/ and bin/. The real scripts and configuration files run here on a small
 * copy of the repository's configuration with one probe file per folder (seconds, not the
 * whole tree).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './helpers/cli';
import { parsePackageJson } from './helpers/json';

const CONFIG_FILES = [
  'package.json',
  'eslint.config.mjs',
  'tsconfig.json',
  '.prettierrc.json',
  '.prettierignore',
];

/** Clean code for each folder: lint- and prettier-clean. */
const CLEAN: Record<string, string> = {
  'src/probe.ts': 'export function twice(n: number): number {\n  return n * 2;\n}\n',
  'test/probe.ts': "export const name = 'probe';\n",
  'bench/probe.js': "'use strict';\nmodule.exports = { name: 'probe' };\n",
  'bin/probe.js': "#!/usr/bin/env node\n'use strict';\nprocess.exitCode = 0;\n",
};

/** Prettier-clean code that breaks a lint rule (a type-checked one in TypeScript). */
const LINT_ERRORS: Record<string, string> = {
  'src/probe.ts':
    'export async function later(): Promise<number> {\n  return 1;\n}\n\n' +
    'export function start(): void {\n  later();\n}\n',
  'test/probe.ts': 'export const parsed: { a: number } = JSON.parse(\'{"a":1}\');\n',
  'bench/probe.js': "'use strict';\nconst unused = 1;\nmodule.exports = {};\n",
  'bin/probe.js': "#!/usr/bin/env node\n'use strict';\nprocess.exitCode = undefinedName;\n",
};

/** Lint-clean code that prettier would write differently. */
const FORMAT_ERRORS: Record<string, string> = {
  'src/probe.ts': 'export function twice(n: number): number {\n    return n*2;\n}\n',
  'test/probe.ts': 'export const name = "probe";\n',
  'bench/probe.js': "'use strict';\nmodule.exports = { name: 'probe' }\n",
  'bin/probe.js': "#!/usr/bin/env node\n'use strict';\nprocess.exitCode = 0\n",
};

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-lint-'));
  for (const file of CONFIG_FILES) copyFileSync(path.join(REPO, file), path.join(dir, file));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function npmRun(script: string, cwd: string): { status: number | null; output: string } {
  const result = spawnSync('npm', ['run', script], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('npm test runs the lint and the format check before the tests', () => {
  const { scripts } = parsePackageJson(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const pretest = scripts.pretest.split('&&').map((step) => step.trim());
  expect(pretest).toEqual(expect.arrayContaining(['npm run lint', 'npm run format:check']));
  expect(scripts.test).not.toMatch(/\|\|/); // nothing that would let a failing step pass
});

test('clean code in src/, test/, bench/ and bin/ passes both', () => {
  const dir = project(CLEAN);
  expect(npmRun('lint', dir)).toEqual({ status: 0, output: expect.any(String) as string });
  expect(npmRun('format:check', dir)).toMatchObject({ status: 0 });
}, 120_000);

test('a lint error in any of the four folders fails npm run lint', () => {
  const dir = project(LINT_ERRORS);
  const lint = npmRun('lint', dir);
  expect(lint.status).not.toBe(0);
  expect(lint.output).toMatch(/src\/probe\.ts[\s\S]*@typescript-eslint\/no-floating-promises/);
  expect(lint.output).toMatch(/test\/probe\.ts[\s\S]*@typescript-eslint\/no-unsafe-assignment/);
  expect(lint.output).toMatch(/bench\/probe\.js[\s\S]*no-unused-vars/);
  expect(lint.output).toMatch(/bin\/probe\.js[\s\S]*no-undef/);
  // The same files are prettier-clean: the lint alone fails here.
  expect(npmRun('format:check', dir)).toMatchObject({ status: 0 });
}, 120_000);

test('a format error in any of the four folders fails npm run format:check', () => {
  const dir = project(FORMAT_ERRORS);
  const format = npmRun('format:check', dir);
  expect(format.status).not.toBe(0);
  for (const file of Object.keys(FORMAT_ERRORS)) expect(format.output).toContain(file);
  // The same files are lint-clean: the format check alone fails here.
  expect(npmRun('lint', dir)).toMatchObject({ status: 0 });
}, 120_000);

test('a generated project inside the clone is not hookwright code: neither check reads it', () => {
  // The README's first command writes sinch-receiver/ into the clone, and its second runs
  // npm test there: the project's own code is checked by its own tools, not by these.
  const generated = Object.fromEntries(
    Object.entries({ ...LINT_ERRORS, ...FORMAT_ERRORS }).map(([file, content]) => [
      `sinch-receiver/${file}`,
      content,
    ]),
  );
  const dir = project({
    ...CLEAN,
    ...generated,
    'my-receiver/src/server.ts': LINT_ERRORS['src/probe.ts'],
  });
  expect(npmRun('lint', dir)).toMatchObject({ status: 0 });
  expect(npmRun('format:check', dir)).toMatchObject({ status: 0 });
}, 120_000);
