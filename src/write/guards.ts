/**
 * Checks the writer makes before it touches anything: hookwright's own folder must really be
 * inside the project, and no file the run would write or delete is one of the run's inputs (the
 * document or a file it references). The lock of a run is in `lock.ts`.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import type { WritePlan } from './index';

/** hookwright's folders in a project; each must be a real folder inside it, never a symlink. */
const OWNED = ['.hookwright', '.hookwright/tmp'];

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
