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
import { hash } from '../write/manifest';

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
