/**
 * A generated project's own scripts, run as its user runs them (`npm test`, `npm run build`).
 *
 * Its `npm test` type-checks the project (its typecheck script, `tsc --noEmit` under its strict
 * tsconfig.json) before it runs its tests, and its `npm run build` is `tsc` over the same
 * tsconfig.json and files. A test file that runs both on a project it does not change in between
 * checks the same types twice: there `emitBuild` builds with `--noCheck` (the same output,
 * without the second check), and `ownTests` checks that the typecheck ran.
 */
import { execFileSync } from 'node:child_process';

/** `npm run <args>` in `project`; a failure throws with the script's whole output. */
export function npmRun(project: string, ...args: string[]): string {
  try {
    return execFileSync('npm', ['run', ...args], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `npm run ${args.join(' ')} failed in ${project}:\n${stdout ?? ''}${stderr ?? ''}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The project's own `npm test`: its typecheck (`tsc --noEmit`, checked in its output), then its
 * tests, none of which may fail. Returns the output.
 */
export function ownTests(project: string): string {
  const output = npmRun(project, 'test');
  expect(output).toMatch(/^> npm run typecheck && /m);
  expect(output).toMatch(/^> tsc --noEmit$/m);
  expect(output).toMatch(/^(?:#|ℹ) fail 0$/m);
  return output;
}

/**
 * The project's own `npm run build` (`tsc`) with `--noCheck`: it emits `dist/` as the build does,
 * without checking the types. Only for a project whose types `ownTests` checks in the same test
 * file, with no change to its sources in between.
 */
export function emitBuild(project: string): void {
  expect(npmRun(project, 'build', '--', '--noCheck')).toMatch(/^> tsc --noCheck$/m);
}
