/**
 * One run at a time per project, for the whole run: the lock is taken before the document is
 * loaded and released after the manifest is written, so that no run can read a project that
 * another is half-way through changing.
 *
 * - A project that exists is locked by `.hookwright/lock` inside it.
 * - A project that does not exist yet, or whose folder is empty, is locked by
 *   `.<name>.hookwright-lock` beside it, and staged whole in `.<name>.hookwright-new/` beside it;
 *   the finished folder (with its manifest) is renamed into place in one step (a rename replaces
 *   an empty folder). A crash leaves no project folder, or the empty one, and those two hidden
 *   entries, which the next run (finding their PID dead) removes.
 *
 * A lock file holds the PID of its owner (`lock-file.ts`): a lock whose process is gone is stale
 * and taken over (race-free: of two runs that find it stale, one takes it); a live one makes the
 * run refuse, naming the PID. Read-only runs (`--check`, `--dry-run`) take the lock too, so that
 * they never read a project half-way through being written.
 */
import { lstat, mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import { fileSystemError } from './fs-errors';
import { assertOwnedFoldersInside } from './guards';
import { takeLock } from './lock-file';

export { testDelay } from './test-delay';

/** What a run holds while it writes a project. */
export interface RunLock {
  /** The project folder. */
  outDir: string;
  /**
   * Where a first generation is built, then renamed to `outDir`: set when `outDir` did not
   * exist when the run started, or was an empty folder (which the rename then replaces).
   */
  staging?: string;
  /** Releases the lock and removes whatever the run made that is not a finished project. */
  release(): Promise<void>;
}

/**
 * Takes the lock of the project in `outDir` for a whole run; see the module comment. A read-only
 * run where this user cannot create the lock file (a read-only checkout) goes on without it:
 * nothing it could race with can be written by this user there.
 */
export async function lockRun(
  outDir: string,
  options: { readOnly?: boolean } = {},
): Promise<RunLock> {
  try {
    return await lockFolder(outDir);
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (options.readOnly && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS'))
      return { outDir, release: () => Promise.resolve() };
    throw error;
  }
}

async function lockFolder(outDir: string): Promise<RunLock> {
  const before = await folderState(outDir);
  if (before === 'project') return lockExisting(outDir);
  const lock = await lockNew(outDir);
  // A first generation by another run may have finished just before this one took the lock.
  if ((await folderState(outDir).catch(() => 'project')) !== 'project') return lock;
  await lock.release();
  return lockExisting(outDir);
}

/**
 * `missing`, `empty` (a real folder holding nothing, or only a `.hookwright` without a manifest:
 * the leftovers of a run that failed) or `project` (anything else: a project, the user's files,
 * or a symlink to a folder, which is written through in place).
 */
async function folderState(outDir: string): Promise<'missing' | 'empty' | 'project'> {
  const entry = await lstat(outDir).catch(() => undefined);
  if (entry === undefined) return 'missing';
  // A symlink to a folder is that folder (the writer checks every path through it).
  const info = entry.isSymbolicLink() ? await stat(outDir).catch(() => undefined) : entry;
  if (!info?.isDirectory())
    throw new HookwrightError(
      `${outDir} is ${info ? 'a file' : 'a broken symlink'}, not a folder`,
      {
        hint: 'Pass a folder for --output.',
      },
    );
  if (entry.isSymbolicLink()) return 'project';
  const entries = await readdir(outDir).catch((error: unknown) => {
    throw fileSystemError(error, outDir, 'list');
  });
  if (entries.some((name) => name !== OWNED)) return 'project';
  if (entries.length === 0) return 'empty';
  const owned = await lstat(path.join(outDir, OWNED)).catch(() => undefined);
  if (!owned?.isDirectory()) return 'project'; // a symlink: refused by the writer's guard
  const manifest = await lstat(path.join(outDir, OWNED, 'manifest.json')).catch(() => undefined);
  return manifest === undefined ? 'empty' : 'project';
}

/** The folder hookwright owns inside a project. */
const OWNED = '.hookwright';

async function lockExisting(outDir: string): Promise<RunLock> {
  await assertOwnedFoldersInside(outDir);
  const owned = path.join(outDir, OWNED);
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

/** The nearest ancestor of `dir` (or `dir` itself) that exists and is not a folder. */
async function fileInTheWay(dir: string): Promise<string | undefined> {
  for (let at = dir; ; at = path.dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : at;
    if (path.dirname(at) === at) return undefined;
  }
}
