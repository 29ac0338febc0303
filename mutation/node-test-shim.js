/**
 * `node:test` on top of Jest's globals, so that Jest (and Stryker's Jest runner, with its
 * per-test coverage) runs the generated project's own tests unchanged. Only what those
 * tests use: describe, it/test, before/after, beforeEach/afterEach.
 *
 * Some tests are skipped here, as they test no runtime code and cost seconds per mutant: the
 * ones that start `tsx src/server.ts` (they need the project installed) and the one that runs
 * the TypeScript compiler on the handler types. The generated project's own `npm test` and
 * the end-to-end tests run them.
 */
const SKIPPED = [
  /^exits 1 with a clear message when WEBHOOK_SECRET is missing$/,
  /^exits 1 with a message naming the key variable when it is missing$/,
  /^exits 1 naming the key variable when its value is unusable$/,
  /^accepts a handler of the payload type and rejects one of another type, at compile time$/,
];

/** node:test passes a context to test functions; these tests take none, Jest must see none. */
const call = (fn) => () => fn();

/** Clean-ups registered with `after()` while a test runs (node:test runs them after it). */
let cleanups;

function it(name, optionsOrFn, maybeFn) {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  const skip = SKIPPED.some((pattern) => pattern.test(name)) || optionsOrFn?.skip === true;
  return (skip ? global.it.skip : global.it)(name, async () => {
    const mine = [];
    cleanups = mine;
    try {
      await fn();
    } finally {
      cleanups = undefined;
      for (const cleanup of mine.reverse()) await cleanup();
    }
  });
}

function after(fn) {
  if (cleanups) cleanups.push(fn);
  else global.afterAll(call(fn));
}

function describe(name, optionsOrFn, maybeFn) {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  return global.describe(name, fn);
}

module.exports = {
  describe,
  suite: describe,
  it,
  test: it,
  before: (fn) => global.beforeAll(call(fn)),
  after,
  beforeEach: (fn) => global.beforeEach(call(fn)),
  afterEach: (fn) => global.afterEach(call(fn)),
};
