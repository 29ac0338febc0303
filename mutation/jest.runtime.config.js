/**
 * Jest over the generated receiver's own tests, with the runtime they import taken from
 * the templates (templates/receiver/src/generated/runtime/), which is what Stryker mutates:
 * - the runtime unit tests and the HTTP tests of the committed example (test/runtime/ and
 *   test/receiver.test.ts, rendered from the templates), whose `../src/generated/runtime/*`
 *   imports are redirected to the templates;
 * - hookwright's own tests of the runtime recipe modules (test/recipes/).
 * `node:test` is mapped onto Jest (node-test-shim.js); fastify and the other dependencies of
 * a generated project come from the shared receiver dependencies.
 * Used by mutation/runtime.conf.json (npm run mutate:runtime); `npx jest -c
 * mutation/jest.runtime.config.js` runs it on its own.
 */
const path = require('node:path');
const { receiverNodeModules } = require('./receiver-deps');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = 'examples/sinch-conversation-receiver';

/** @type {import('jest').Config} */
module.exports = {
  rootDir: ROOT,
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: [
    `<rootDir>/${EXAMPLE}/test/runtime/*.test.ts`,
    `<rootDir>/${EXAMPLE}/test/receiver.test.ts`,
    // hookwright's own tests of the runtime recipe modules (vectors, SDK oracles, windows).
    '<rootDir>/test/recipes/*.test.ts',
  ],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/.stryker-tmp/',
    '<rootDir>/.mutation-project/',
  ],
  setupFiles: ['<rootDir>/mutation/jest-realm.js'],
  moduleDirectories: ['node_modules', receiverNodeModules()],
  moduleNameMapper: {
    '^node:test$': '<rootDir>/mutation/node-test-shim.js',
    '^(?:\\.\\./)+src/generated/runtime/(.*)$':
      '<rootDir>/templates/receiver/src/generated/runtime/$1',
    // The example's src/generated/signatures.ts imports its recipe as './runtime/recipes/<name>':
    // without this, the HTTP tests would verify with the example's copy, not the template that
    // is mutated. (Only recipes/: Ajv's own './runtime/*' requires must stay as they are.)
    '^\\./runtime/recipes/(.*)$': '<rootDir>/templates/receiver/src/generated/runtime/recipes/$1',
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        isolatedModules: true,
        diagnostics: false,
        tsconfig: {
          target: 'ES2022',
          module: 'commonjs',
          esModuleInterop: true,
          resolveJsonModule: true,
          strict: true,
        },
      },
    ],
  },
  testTimeout: 30000,
};
