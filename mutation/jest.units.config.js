/**
 * The runtime's unit tests only: the committed example's test/runtime/*.test.ts (config,
 * dispatch, body, limits, signature) and hookwright's recipe tests (test/recipes/), without
 * the example's HTTP tests (test/receiver.test.ts), which start a server per test and make a
 * mutant of a module every request passes through (config.ts, core.ts) cost minutes. Used by
 * mutation/units.conf.json (`node mutation/per-file.js mutation/units.conf.json <file>`).
 */
const runtime = require('./jest.runtime.config');

const EXAMPLE = 'examples/sinch-conversation-receiver';

/** @type {import('jest').Config} */
module.exports = {
  ...runtime,
  testMatch: [`<rootDir>/${EXAMPLE}/test/runtime/*.test.ts`, '<rootDir>/test/recipes/*.test.ts'],
};
