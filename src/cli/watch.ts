/**
 * `generate --watch`: watch a set of files (the document and every file it references) and
 * folders (template overrides), and call back once per burst of changes with the files whose
 * content really changed.
 *
 * Built on `node:fs` `watch`, on each file's folder rather than the file itself: editors save
 * by writing a new file and renaming it over the old one, and a watch on the old file would go
 * deaf after the first save. Events only say "look again": what changed is decided by content
 * hashes, so a save that changes nothing, or hookwright's own write of a file in a watched
 * folder, never starts a run.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isHookwrightError } from '../pipeline/errors';
import { generate, type GenerateOptions, type GenerateResult } from '../pipeline/generate';
import { hash, readManifest } from '../write/manifest';
import { describeRun, jsonSummary, reportResult, stdoutOf } from './report';
import { displayPath, printError, type GlobalFlags, type Output } from './terminal';

export interface WatchTargets {
  /** Absolute paths of files to watch. */
  files: readonly string[];
  /** Absolute paths of folders whose whole tree is watched (files added, changed, removed). */
  folders?: readonly string[];
  /**
   * The content hash (`hash()` of the manifest) each file had when the run that named it read
   * it: a file edited after that is seen as changed even when it was not watched before.
   * Files without one are taken as they are when they start being watched.
   */
  read?: Readonly<Record<string, string>>;
}

export interface WatchOptions {
  /** What to watch at first. */
  targets: WatchTargets;
  /**
   * Called once per burst of changes, with the absolute paths whose content changed (or that
   * appeared or went away). Never called again before the returned promise settles; changes
   * made meanwhile start another call afterwards. Resolves with what to watch from then on
   * (undefined: the same as before).
   */
  onChange: (changed: string[]) => Promise<WatchTargets | undefined>;
  /** Quiet time after the last event before looking (editors write a file in several steps). */
  debounceMs?: number;
  /** A watcher that fails (a folder removed, too many watches): reported, and watching goes on. */
  onWarning?: (message: string) => void;
}

export interface Watching {
  /** Stops watching; resolves once the call in progress, if any, has finished. */
  close(): Promise<void>;
}

/** What each watched path holds: a content hash, or `missing`. */
type Snapshot = Map<string, string>;

export const DEFAULT_DEBOUNCE_MS = 150;

export async function watchFiles(options: WatchOptions): Promise<Watching> {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let targets = normalise(options.targets);
  let snapshot = await take(targets);
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let closed = false;

  const schedule = () => {
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      running = look().finally(() => {
        running = undefined;
        if (pending) {
          pending = false;
          schedule();
        }
      });
    }, debounceMs);
  };

  const look = async () => {
    const now = await take(targets);
    const changed = [...new Set([...now.keys(), ...snapshot.keys()])]
      .filter((file) => now.get(file) !== snapshot.get(file))
      .sort();
    // The run sees (at least) this content; an edit made while it runs starts another run.
    snapshot = now;
    if (changed.length === 0 || closed) return;
    let next: WatchTargets | undefined;
    try {
      next = await options.onChange(changed);
    } catch (error) {
      options.onWarning?.(`watch: ${(error as Error).message}`);
    }
    if (next && !closed) {
      const previous = targets;
      targets = normalise(next);
      const read = Object.entries(next.read ?? {}).map(([f, h]) => [path.resolve(f), h] as const);
      // Files that start being watched now: as they are now (the run just read them).
      const added = await take({
        files: targets.files.filter((f) => !previous.files.includes(f)),
        folders: targets.folders.filter((f) => !previous.folders.includes(f)),
      });
      for (const [file, content] of added) snapshot.set(file, content);
      for (const [file, content] of read) if (covers(targets, file)) snapshot.set(file, content);
      for (const file of [...snapshot.keys()]) if (!covers(targets, file)) snapshot.delete(file);
    }
    resync();
  };

  /** One watcher per folder that holds a watched file, plus one per watched tree. */
  const resync = () => {
    if (closed) return;
    const wanted = new Map<string, boolean>();
    for (const file of targets.files) wanted.set(existingAncestor(path.dirname(file)), false);
    for (const folder of targets.folders) wanted.set(existingAncestor(folder), true);
    for (const [key, watcher] of watchers) {
      const [recursive, dir] = [key.startsWith('r:'), key.slice(2)];
      if (wanted.get(dir) !== recursive) {
        watcher.close();
        watchers.delete(key);
      }
    }
    for (const [dir, recursive] of wanted) {
      const key = `${recursive ? 'r' : 'f'}:${dir}`;
      if (watchers.has(key)) continue;
      try {
        const watcher = watch(dir, { recursive, persistent: true }, schedule);
        watcher.on('error', (error) => {
          watcher.close();
          watchers.delete(key);
          options.onWarning?.(`watch: stopped watching ${dir}: ${error.message}`);
          schedule();
        });
        watchers.set(key, watcher);
      } catch (error) {
        options.onWarning?.(`watch: cannot watch ${dir}: ${(error as Error).message}`);
      }
    }
  };

  resync();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      await running;
    },
  };
}

function normalise(targets: WatchTargets): Required<Omit<WatchTargets, 'read'>> {
  return {
    files: [...new Set(targets.files.map((f) => path.resolve(f)))].sort(),
    folders: [...new Set((targets.folders ?? []).map((f) => path.resolve(f)))].sort(),
  };
}

function covers(targets: Required<Omit<WatchTargets, 'read'>>, file: string): boolean {
  return (
    targets.files.includes(file) ||
    targets.folders.some((folder) => file.startsWith(folder + path.sep))
  );
}

async function take(targets: WatchTargets): Promise<Snapshot> {
  const snapshot: Snapshot = new Map();
  for (const file of targets.files) snapshot.set(file, await fingerprint(file));
  for (const folder of targets.folders ?? [])
    for (const file of await treeOf(folder)) snapshot.set(file, await fingerprint(file));
  return snapshot;
}

async function fingerprint(file: string): Promise<string> {
  try {
    return hash(await readFile(file));
  } catch {
    return 'missing';
  }
}

async function treeOf(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await treeOf(full)));
    else if (entry.isFile() || (await stat(full).catch(() => undefined))?.isFile()) out.push(full);
  }
  return out;
}

/** A folder that went away is watched through the nearest one that is still there. */
function existingAncestor(dir: string): string {
  let current = dir;
  for (;;) {
    try {
      if (statSync(current).isDirectory()) return current;
    } catch {
      // gone: look one level up
    }
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

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
