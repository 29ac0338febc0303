/**
 * `generate --watch`: one run reported as usual, then a regeneration per burst of changes
 * to the files it read (see `watch-files.ts` for how changes are seen), one line each, until
 * Ctrl-C; the run in progress then finishes, so nothing is left half-written or locked.
 */
import path from 'node:path';
import { isHookwrightError } from '../pipeline/errors';
import { generate, type GenerateOptions, type GenerateResult } from '../pipeline/generate';
import { readManifest } from '../write/manifest';
import { describeRun, jsonSummary, reportResult, stdoutOf } from './report';
import { displayPath, printError, type GlobalFlags, type Output } from './terminal';
import { watchFiles, type WatchTargets } from './watch-files';

/** What `generate --watch` needs from the command line around it. */
export interface WatchSession<Result> {
  /** One regeneration with the command's options. */
  regenerate(): Promise<Result>;
  /** What to watch after a successful run. */
  targetsOf(result: Result): WatchTargets;
  /** The terse account of one successful run (what happened to the project). */
  describe(result: Result): string;
  /** With `--json`: the run as one JSON object (one line each on stdout). */
  json?: {
    result(result: Result, changed: string[]): unknown;
    error(error: unknown, changed: string[]): unknown;
  };
  /** Warnings of a run (printed on stderr when they differ from the previous run's). */
  warningsOf(result: Result): string[];
  /** Results: stdout. */
  out(line: string): void;
  /** Progress and diagnostics: stderr. */
  err(line: string): void;
  /** Prints an error's diagnostics (on stderr). */
  printError(error: unknown): void;
  /** Paths as shown (relative to the working folder where that is shorter). */
  display(file: string): string;
}

/**
 * Watches until `stopped` resolves (see `interruption`), regenerating once per burst of
 * changes. The run in progress when it does is finished first (it holds the project's lock
 * and may be writing), so that nothing is left half-written, locked or in a temporary folder.
 * `first` is the first run's result, undefined when it failed (then `targets` says what to
 * watch). Resolves with the exit code: 0.
 */
export async function watchAndRegenerate<Result>(
  session: WatchSession<Result>,
  start: { first?: Result; targets: WatchTargets; stopped: Promise<void>; debounceMs?: number },
): Promise<number> {
  let stopping = false;
  void start.stopped.then(() => (stopping = true));
  let warnings = new Set(start.first === undefined ? [] : session.warningsOf(start.first));
  let targets = start.first === undefined ? start.targets : session.targetsOf(start.first);
  const watching = await watchFiles({
    targets,
    debounceMs: start.debounceMs,
    onWarning: (message) => session.err(`warning ${message}`),
    onChange: async (changed) => {
      if (stopping) return undefined;
      const started = performance.now();
      const stamp = `[${new Date().toTimeString().slice(0, 8)}]`;
      const what = `${stamp} ${changed.map((f) => session.display(f)).join(', ')} changed`;
      try {
        const result = await session.regenerate();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (session.json) session.out(JSON.stringify(session.json.result(result, changed)));
        else session.out(`${what}: ${session.describe(result)} (${seconds} s)`);
        const now = session.warningsOf(result);
        for (const warning of now) if (!warnings.has(warning)) session.err(`warning ${warning}`);
        warnings = new Set(now);
        targets = session.targetsOf(result);
        return targets;
      } catch (error) {
        if (session.json) session.out(JSON.stringify(session.json.error(error, changed)));
        else
          session.out(
            `${what}: ✖ not regenerated (errors on stderr); the project is unchanged, still watching`,
          );
        session.printError(error);
        return undefined;
      }
    },
  });
  if (!stopping)
    session.err(
      `watching ${targets.files.length} file${targets.files.length === 1 ? '' : 's'} (${targets.files.map((f) => session.display(f)).join(', ')})${
        targets.folders?.length
          ? ` and ${targets.folders.map((f) => `${session.display(f)}/`).join(', ')}`
          : ''
      }; Ctrl-C to stop`,
    );
  await start.stopped;
  await watching.close();
  session.err('stopped watching');
  return 0;
}

/**
 * Resolves at the first SIGINT or SIGTERM, which then no longer ends the process: the
 * watch loop finishes the run in progress and returns. The handlers are removed at once, so
 * a second Ctrl-C ends the process the usual way (a lock it leaves is taken over by the next
 * run, whose process check finds this one gone).
 */
export function interruption(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `hookwright generate --watch`: one run reported as usual, then one line per regeneration
 * (on stdout; with --json, one JSON object per line), diagnostics on stderr, until Ctrl-C.
 */
export async function watchGenerate(
  output: Output,
  flags: GlobalFlags,
  options: GenerateOptions,
): Promise<number> {
  const stopped = interruption();
  const out = stdoutOf(output);
  const quiet = flags.quiet === true;
  let first: GenerateResult | undefined;
  try {
    first = await generate(options);
    if (flags.json) output.out(JSON.stringify({ event: 'generated', ...jsonSummary(first) }));
    else reportResult(output, flags, first, false);
  } catch (error) {
    if (flags.json) output.out(JSON.stringify(jsonError(error, [])));
    else printError(output, flags, error);
  }
  // A first run that failed: watch what it would have read, as far as that is known.
  const targets: WatchTargets = { files: [] };
  if (first === undefined) {
    const manifest = await readManifest(path.resolve(options.output)).catch(() => undefined);
    const files = options.spec
      ? [path.resolve(options.spec)]
      : Object.keys(manifest?.inputs ?? {}).map((f) => path.resolve(options.output, f));
    if (files.length === 0) return 1;
    targets.files = files;
    if (typeof options.templates === 'string') targets.folders = [path.resolve(options.templates)];
  }
  return watchAndRegenerate<GenerateResult>(
    {
      regenerate: () => generate({ ...options, onStage: undefined }),
      targetsOf: (result) => ({
        files: Object.keys(result.inputs),
        folders: result.templates ? [result.templates.dir] : [],
        read: result.inputs,
      }),
      describe: describeRun,
      json: flags.json
        ? {
            result: (result, changed) => ({
              event: 'regenerated',
              changed: changed.map(displayPath),
              ...jsonSummary(result),
            }),
            error: (error, changed) => jsonError(error, changed),
          }
        : undefined,
      warningsOf: (result) => result.warnings,
      out: (line) => {
        if (!quiet) out.out(line);
      },
      err: (line) => {
        if (!quiet || line.startsWith('warning ')) output.err(line);
      },
      printError: (error) => {
        if (!flags.json) printError(output, flags, error);
      },
      display: displayPath,
    },
    { first, targets, stopped },
  );
}

function jsonError(error: unknown, changed: string[]) {
  const known = isHookwrightError(error);
  return {
    event: 'failed',
    ok: false,
    changed: changed.map(displayPath),
    error: (error as Error)?.message ?? String(error),
    problems: known ? [...error.problems] : [],
    ...(known && error.hint ? { hint: error.hint } : {}),
    ...(known ? {} : { bug: true }),
  };
}
