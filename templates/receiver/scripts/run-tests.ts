// `npm test`: every `*.test.ts` under `test/` (the generated tests and yours) with Node's test
// runner. Node 20's `--test` finds only JavaScript files by itself, and npm's shell has no `**`.
// Usage: npm test [-- <node --test options>]   e.g. npm test -- --test-name-pattern=signature

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
  .map((file) => path.join('test', file))
  .sort();

if (files.length === 0) {
  console.error('No test/**/*.test.ts files found.');
  process.exitCode = 1;
} else {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', ...process.argv.slice(2), ...files],
    { stdio: 'inherit' },
  );
  process.exitCode = result.status ?? 1;
}
