/**
 * Test data that is not part of the repository: the seed text, the public AsyncAPI corpus and
 * Sinch's signature vectors live in a `shared/` folder beside the clone (CI checks the repository
 * out next to it). A fresh clone elsewhere has no such folder; its tests must still pass.
 *
 * - `HOOKWRIGHT_SHARED=<dir>` points at the folder explicitly (default: `<repo>/../shared`).
 * - When the folder (or the part a test needs) is absent, those tests are skipped, and the skip says
 *   so in the test's name and once on stderr.
 * - `HOOKWRIGHT_REQUIRE_SHARED=1` (set by `.ci/run`) turns every such skip into a failure, so that
 *   CI cannot pass by silently not running the corpus.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

/** The shared folder: `$HOOKWRIGHT_SHARED`, or `shared/` beside the repository. */
export const SHARED_DIR = process.env.HOOKWRIGHT_SHARED
  ? path.resolve(process.env.HOOKWRIGHT_SHARED)
  : path.resolve(REPO, '..', 'shared');

/** True when `.ci/run` (or the developer) demands the shared data. */
export const SHARED_REQUIRED = /^(1|true|yes)$/i.test(process.env.HOOKWRIGHT_REQUIRE_SHARED ?? '');

export interface SharedData {
  /** Absolute path of the file or folder (whether or not it exists). */
  readonly path: string;
  /** Whether it exists. */
  readonly present: boolean;
  /** A path inside it. */
  resolve(...parts: string[]): string;
  /** `test`, or a plainly named skip (a failure under HOOKWRIGHT_REQUIRE_SHARED=1). */
  test(name: string, fn: jest.ProvidesCallback, timeout?: number): void;
  /** `describe`, or one plainly named skip in its place (the body is not run). */
  describe(name: string, fn: () => void): void;
}

const announced = new Set<string>();

/**
 * `relative` is a path inside the shared folder (`'corpus'`, `'seed/000_….txt'`); `what` names it
 * for a reader ("the public AsyncAPI corpus").
 */
export function shared(relative: string, what: string): SharedData {
  const full = path.join(SHARED_DIR, relative);
  const present = existsSync(full);
  const why = `${what} not found at ${full}`;
  const hint =
    'clone the repository next to shared/, or set HOOKWRIGHT_SHARED to the folder holding it';

  const absent = (name: string): void => {
    if (SHARED_REQUIRED) {
      test(name, () => {
        throw new Error(`${why}, and HOOKWRIGHT_REQUIRE_SHARED=1 requires it (${hint})`);
      });
      return;
    }
    if (!announced.has(full)) {
      announced.add(full);
      // Straight to stderr: Jest hides console output of a suite whose tests are all skipped.
      process.stderr.write(
        `hookwright tests: skipped the tests that need ${what} (${full} not found; ${hint}).\n`,
      );
    }
    test.skip(`${name} [skipped: ${why}]`, () => undefined);
  };

  return {
    path: full,
    present,
    resolve: (...parts) => path.join(full, ...parts),
    test: (name, fn, timeout) => (present ? test(name, fn, timeout) : absent(name)),
    describe: (name, fn) => (present ? describe(name, fn) : absent(name)),
  };
}
