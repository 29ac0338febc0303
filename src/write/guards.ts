/**
 * Checks the writer makes before it touches anything: hookwright's own folder must really be
 * inside the project, one run at a time holds the project's lock, and no file the run would
 * write or delete is one of the run's inputs (the document or a file it references).
 */
import { lstat, mkdir, open, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import type { WritePlan } from './index';

/** hookwright's folders in a project; each must be a real folder inside it, never a symlink. */
const OWNED = ['.hookwright', '.hookwright/tmp'];
const LOCK = '.hookwright/lock';

/**
 * Refuses a `.hookwright` (or `.hookwright/tmp`) that is a symlink or whose real path lies
 * outside the project: the writer deletes and renames inside them.
 */
export async function assertOwnedFoldersInside(outDir: string): Promise<void> {
  const root = await realpath(outDir).catch(() => undefined);
  if (root === undefined) return; // a new project: nothing of ours exists yet
  for (const owned of OWNED) {
    const full = path.join(outDir, ...owned.split('/'));
    const info = await lstat(full).catch(() => undefined);
    if (info === undefined) return;
    const real = await realpath(full).catch(() => full);
    const inside = real.startsWith(root + path.sep);
    if (info.isSymbolicLink() || !info.isDirectory() || !inside) {
      throw new HookwrightError(
        `refusing to write: ${full} is ${info.isSymbolicLink() ? `a symlink to ${real}` : 'not a folder inside the project'}`,
        {
          problems: [{ message: `resolves to ${real}`, where: { file: full } }],
          hint: `hookwright deletes and renames files inside ${owned}/; it must be a plain folder in the project. Remove it (it holds only the manifest) and run again.`,
        },
      );
    }
  }
}

/**
 * Takes the project's lock (`.hookwright/lock`, holding the owner's PID) for the length of a
 * write. A lock whose process is gone is stale and taken over; a live one makes this run refuse,
 * naming the PID. Resolves to the function that releases it.
 */
export async function acquireLock(outDir: string): Promise<() => Promise<void>> {
  const file = path.join(outDir, ...LOCK.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new HookwrightError(`another hookwright run (PID ${owner}) is writing ${outDir}`, {
        problems: [{ message: `locked by PID ${owner}`, where: { file } }],
        hint: 'Wait for it to finish and run again. If no such run exists, delete the lock file.',
      });
    }
    // Stale: its process is gone (or the file is unreadable). Take it over.
    await rm(file, { force: true });
  }
  throw new HookwrightError(`could not take the lock ${file}`, {
    hint: 'Another run keeps taking it; run again once it has finished.',
  });
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
 * Refuses, even with --force, a plan that would overwrite or delete one of the run's inputs:
 * the document, or any file it references (a document named README.md in the output folder).
 */
export async function assertInputsUntouched(
  plan: WritePlan,
  inputs: readonly string[],
): Promise<void> {
  const real = async (p: string) => realpath(p).catch(() => path.resolve(p));
  const protectedFiles = new Map<string, string>();
  for (const input of inputs) protectedFiles.set(await real(input), input);
  for (const file of plan.files) {
    if (file.action !== 'create' && file.action !== 'update' && file.action !== 'delete') continue;
    const target = await real(path.join(plan.outDir, ...file.path.split('/')));
    const input = protectedFiles.get(target);
    if (input !== undefined) {
      throw new HookwrightError(
        `refusing to ${file.action === 'delete' ? 'delete' : 'overwrite'} ${input}: it is an input of this run`,
        {
          problems: [
            { message: `hookwright would write ${file.path} here`, where: { file: input } },
          ],
          hint: 'Keep the AsyncAPI document and the files it references outside the generated paths (for example in spec/), even with --force.',
        },
      );
    }
  }
}
