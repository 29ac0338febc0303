/**
 * A lock file: it holds the PID of its owner, and is created with its content in one step
 * (written to a private file, then hard-linked into place), so that no run ever sees an empty
 * lock. A lock whose process is gone is stale and is taken over.
 *
 * Taking over is race-free: two runs that both find the same stale lock must not both take it
 * (if each deleted it and made its own, the second would delete the first's live lock). So a
 * stale lock is never deleted. The run that takes it over is the one that first creates its
 * claim, `<lock>.stale-<inode>`, which is itself a lock file of this kind (a claimant that died
 * is taken over in turn, the same way); holding the claim, it checks that the lock is still that
 * same stale file (same inode) and replaces it with its own by one `rename`. A run that finds
 * the claim held by a live process waits for it briefly, then sees the new owner and refuses.
 *
 * A lock is released only by its owner, and only while it is still its own file.
 */
import { link, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import { fileSystemError } from './fs-errors';
import { testDelay } from './test-delay';

/** A live run holds the lock. */
export class LockBusy extends HookwrightError {
  constructor(
    readonly file: string,
    readonly owner: number,
    what: string,
  ) {
    super(`another hookwright run (PID ${owner}) is generating ${what}`, {
      problems: [{ message: `locked by PID ${owner}`, where: { file } }],
      hint: 'Wait for it to finish and run again. If no such run exists, delete the lock file.',
    });
  }
}

/** How long a run waits for another that is taking over the same stale lock. */
const CLAIM_WAIT_MS = 5_000;
/** Claims of claims: each level needs a claimant that died, so a few levels are plenty. */
const MAX_CLAIM_DEPTH = 4;

/**
 * Creates `file` holding this process's PID, taking over a stale one; resolves to the function
 * that releases it. Throws `LockBusy` when a live run holds it. `what` names the project.
 */
export async function takeLock(
  file: string,
  what: string,
  depth = 0,
): Promise<() => Promise<void>> {
  const mine = `${file}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`).catch((error: unknown) => {
    throw fileSystemError(error, path.dirname(file), 'write into');
  });
  try {
    return await acquire(file, mine, what, depth);
  } finally {
    await rm(mine, { force: true });
  }
}

async function acquire(
  file: string,
  mine: string,
  what: string,
  depth: number,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    try {
      await link(mine, file);
      return releaser(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw fileSystemError(error, file, 'create');
    }
    const held = await inspect(file);
    if (held === undefined) continue; // released in the meantime: try again
    if (held.pid !== undefined && isAlive(held.pid)) throw new LockBusy(file, held.pid, what);
    // Stale (its process is gone, or it holds no PID): take it over through its claim.
    await testDelay('stale');
    if (depth >= MAX_CLAIM_DEPTH)
      throw new HookwrightError(`could not take the lock ${file}`, {
        hint: 'Runs that tried to take over its stale lock died while doing so. Delete the lock file and its .stale-* files, and run again.',
      });
    let releaseClaim: () => Promise<void>;
    try {
      releaseClaim = await takeLock(`${file}.stale-${held.ino}`, what, depth + 1);
    } catch (error) {
      if (!(error instanceof LockBusy)) throw error;
      // Another run is taking it over right now: it will own the lock, or give up, shortly.
      if (Date.now() > deadline) throw new LockBusy(file, error.owner, what);
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      const now = await inspect(file);
      // Still the very file found stale: nobody else can replace it while the claim is ours.
      if (now !== undefined && now.ino === held.ino) {
        await rename(mine, file).catch((error: unknown) => {
          throw fileSystemError(error, file, 'create');
        });
        return releaser(file);
      }
    } finally {
      await releaseClaim();
    }
  }
}

/** The owner's PID (undefined when the file holds none) and the file's inode; undefined when gone. */
async function inspect(file: string): Promise<{ pid?: number; ino: number } | undefined> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw fileSystemError(error, file, 'read');
  });
  if (handle === undefined) return undefined;
  try {
    const { ino } = await handle.stat();
    const pid = Number((await handle.readFile('utf8')).trim());
    return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined, ino };
  } finally {
    await handle.close();
  }
}

/** Removes `file` if it is still this run's own (the same inode as when it was taken). */
async function releaser(file: string): Promise<() => Promise<void>> {
  const { ino } = await stat(file);
  return async () => {
    const now = await stat(file).catch(() => undefined);
    if (now?.ino === ino) await rm(file, { force: true });
  };
}

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
