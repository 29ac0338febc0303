const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // Jest's default (one worker per core but one) gives a 2-core machine a single worker, and the
  // end-to-end suites spend much of their time waiting on child processes (npm, tsc, servers):
  // two workers keep both cores busy.
  maxWorkers: Math.max(2, availableParallelism() - 1),
};
