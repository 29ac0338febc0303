/**
 * One run at a time per project, for the whole run: the lock is taken before the document is
 * loaded and released after the manifest is written, so that no run can read a project that
 * another is half-way through changing.
 *
 * - A project that exists is locked by `.hookwright/lock` inside it.
 * - A project that does not exist yet is locked by `.<name>.hookwright-lock` beside it, and
 *   staged whole in `.<name>.hookwright-new/` beside it; the finished folder (with its manifest)
 *   is renamed into place in one step. A crash leaves no project folder at all, only those two
 *   hidden entries, which the next run (finding their PID dead) removes.
 *
 * A lock file holds the PID of its owner. It is created with its content in one step (written
 * to a private file, then hard-linked into place), so that no run can see an empty lock. A lock
 * whose process is gone is stale and taken over; a live one makes the run refuse, naming the PID.
 */
import { link, lstat, mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import { fileSystemError } from './fs-errors';
import { assertOwnedFoldersInside } from './guards';

/** What a run holds while it writes a project. */
export interface RunLock {
  /** The project folder. */
  outDir: string;
  /**
   * Where a first generation is built, then renamed to `outDir`: set when `outDir` did not
   * exist when the run started.
   */
  staging?: string;
  /** Releases the lock and removes whatever the run made that is not a finished project. */
  release(): Promise<void>;
}

/** Takes the lock of the project in `outDir` for a whole run; see the module comment. */
export async function lockRun(outDir: string): Promise<RunLock> {
  const entry = await lstat(outDir).catch(() => undefined);
  if (entry === undefined) return lockNew(outDir);
  // A symlink to a folder is that folder (the writer checks every path through it).
  const info = entry.isSymbolicLink() ? await stat(outDir).catch(() => undefined) : entry;
  if (!info?.isDirectory())
    throw new HookwrightError(
      `${outDir} is ${info ? 'a file' : 'a broken symlink'}, not a folder`,
      {
        hint: 'Pass a folder for --output.',
      },
    );
  return lockExisting(outDir);
}

async function lockExisting(outDir: string): Promise<RunLock> {
  await assertOwnedFoldersInside(outDir);
  const owned = path.join(outDir, '.hookwright');
  const made = await mkdir(owned, { recursive: true }).catch((error: unknown) => {
    throw fileSystemError(error, owned, 'create');
  });
  const file = path.join(owned, 'lock');
  let release: () => Promise<void>;
  try {
    release = await takeLock(file, outDir);
  } catch (error) {
    if (made !== undefined) await rmdir(owned).catch(() => undefined);
    throw error;
  }
  return {
    outDir,
    release: async () => {
      await release();
      // A folder this run made only to hold its lock (a run that failed before writing).
      if (made !== undefined) await rmdir(owned).catch(() => undefined);
    },
  };
}

async function lockNew(outDir: string): Promise<RunLock> {
  const parent = path.dirname(outDir);
  const name = path.basename(outDir);
  // The folders above the project that this run creates, removed again if it writes nothing.
  const madeParent = await mkdir(parent, { recursive: true }).catch(async (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const file = await fileInTheWay(parent);
      if (file !== undefined)
        throw new HookwrightError(`cannot create ${outDir}: ${file} is a file, not a folder`, {
          problems: [{ message: 'a file where a folder is needed', where: { file } }],
          hint: 'Move that file away, or choose another --output.',
          cause: error,
        });
    }
    throw fileSystemError(error, parent, 'create');
  });
  const removeMadeParents = async () => {
    if (madeParent === undefined) return;
    for (let dir = parent; dir.length >= madeParent.length; dir = path.dirname(dir)) {
      if (
        (await rmdir(dir)
          .then(() => true)
          .catch(() => false)) === false
      )
        break;
    }
  };
  const file = path.join(parent, `.${name}.hookwright-lock`);
  const staging = path.join(parent, `.${name}.hookwright-new`);
  let release: () => Promise<void>;
  try {
    release = await takeLock(file, outDir);
  } catch (error) {
    await removeMadeParents();
    throw error;
  }
  // The lock is ours: a staging folder left by a run that died is not anyone's any more.
  await rm(staging, { recursive: true, force: true });
  return {
    outDir,
    staging,
    release: async () => {
      await rm(staging, { recursive: true, force: true });
      await release();
      const finished = await lstat(outDir).then(
        () => true,
        () => false,
      );
      if (!finished) await removeMadeParents();
    },
  };
}

/**
 * Creates `file` holding this process's PID, taking over a stale one; resolves to the function
 * that removes it.
 */
async function takeLock(file: string, outDir: string): Promise<() => Promise<void>> {
  const mine = `${file}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`).catch((error: unknown) => {
    throw fileSystemError(error, path.dirname(file), 'write into');
  });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, file);
        return async () => {
          await rm(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
          throw fileSystemError(error, file, 'create');
      }
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new HookwrightError(`another hookwright run (PID ${owner}) is generating ${outDir}`, {
          problems: [{ message: `locked by PID ${owner}`, where: { file } }],
          hint: 'Wait for it to finish and run again. If no such run exists, delete the lock file.',
        });
      }
      // Stale: its process is gone (or the file is unreadable). Take it over.
      await rm(file, { force: true });
    }
  } finally {
    await rm(mine, { force: true });
  }
  throw new HookwrightError(`could not take the lock ${file}`, {
    hint: 'Another run keeps taking it; run again once it has finished.',
  });
}

/** The nearest ancestor of `dir` (or `dir` itself) that exists and is not a folder. */
async function fileInTheWay(dir: string): Promise<string | undefined> {
  for (let at = dir; ; at = path.dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : at;
    if (path.dirname(at) === at) return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * For tests only: `HOOKWRIGHT_TEST_DELAY=point:ms[,point:ms]` pauses a run at a named point
 * (`locked`, `file`), so that a test can act while the run is there (start a second run, kill it).
 */
export async function testDelay(point: 'locked' | 'file'): Promise<void> {
  const spec = process.env.HOOKWRIGHT_TEST_DELAY;
  if (!spec) return;
  for (const part of spec.split(',')) {
    const [name, ms] = part.split(':');
    if (name === point && Number(ms) > 0)
      await new Promise((resolve) => setTimeout(resolve, Number(ms)));
  }
}
