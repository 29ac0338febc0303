/**
 * The runtime's signature modules only (signature.ts, recipes/*.ts), against the tests that
 * exercise them directly: hookwright's recipe tests (test/recipes/: vectors, SDK oracles,
 * windows, the shared helpers) and the generated project's own signature tests (its
 * known-answer vectors). The example's HTTP tests (test/receiver.test.ts) are left out: they
 * reach these modules only through the Sinch recipe and make each mutant ~10× slower on two
 * cores. Used by mutation/recipes.conf.json (npm run mutate:recipes).
 */
const runtime = require('./jest.runtime.config');

const EXAMPLE = 'examples/sinch-conversation-receiver';

/** @type {import('jest').Config} */
module.exports = {
  ...runtime,
  testMatch: [
    `<rootDir>/${EXAMPLE}/test/runtime/signature.test.ts`,
    '<rootDir>/test/recipes/*.test.ts',
  ],
};
