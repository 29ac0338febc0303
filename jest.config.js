/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // Two workers on this 2-core machine (jest's default would be one): most suites wait on child
  // processes (tsc, npm, generated servers). Suites must not share state: every temporary folder
  // is their own (mkdtemp), ports are free ones (0), the shared receiver dependencies appear by
  // rename and are never removed (test/helpers/receiver-deps.ts), the e2e pack runs no scripts
  // (no rebuild of dist/ under the other worker), and runs that must be paused wait for the test
  // to release them (HOOKWRIGHT_TEST_DELAY=point:@file), not for a fixed time.
  maxWorkers: 2,
};
