/**
 * The journal of a write in place (a regeneration, or `--force` over a folder without a
 * manifest): before the first file is swapped in, `.hookwright/tmp/journal.json` lists every
 * step and how to undo it (which file was moved aside to where, which files and folders are new).
 * The manifest is swapped in last: once it is in place the run is complete. A run killed before
 * that leaves the journal, and the next run, holding the lock, rolls the project back to how it
 * was before the killed run, the user's files included, and says so.
 */
import { lstat, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import { MANIFEST_PATH, hash } from './manifest';
import { insideResolver } from './paths';

export interface Journal {
  /** The hash of the manifest this run writes last: on disk, the run is complete. */
  manifest: string;
  /** Files put in place, in order: from `tmp` (`new-N`), the previous file moved to `aside`. */
  writes: Array<{ path: string; tmp: string; aside?: string }>;
  /** Files removed, each moved to `aside`. */
  deletes: Array<{ path: string; aside: string }>;
  /** Folders the run creates (relative), outermost first. */
  folders: string[];
}

const JOURNAL = 'journal.json';
/** Names inside the run's temporary folder a journal may use (nothing else is trusted). */
const TMP_NAME = /^(new-\d+|old\/\d+)$/;

export function tmpFolder(outDir: string): string {
  return path.join(outDir, '.hookwright', 'tmp');
}

/** Writes the journal in one step (a rename), before anything is swapped in. */
export async function writeJournal(outDir: string, journal: Journal): Promise<void> {
  const file = path.join(tmpFolder(outDir), JOURNAL);
  await writeFile(`${file}.part`, JSON.stringify(journal));
  await rename(`${file}.part`, file);
}

const exists = (file: string) =>
  lstat(file).then(
    () => true,
    () => false,
  );

/**
 * Finishes what a killed run left: its journal, when there is one. A run that got as far as its
 * manifest was complete (only its temporary folder is removed); any other is rolled back.
 * Returns what was done, for a warning, or undefined when there was nothing to do. With
 * `readOnly`, refuses instead of changing anything.
 */
export async function recoverInterrupted(
  outDir: string,
  readOnly = false,
): Promise<string | undefined> {
  const tmp = tmpFolder(outDir);
  const text = await readFile(path.join(tmp, JOURNAL), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  if (readOnly)
    throw new HookwrightError(
      `${outDir} was left half-written by a hookwright run that was killed`,
      {
        problems: [{ message: 'an unfinished write', where: { file: path.join(tmp, JOURNAL) } }],
        hint: 'Run hookwright generate (without --check or --dry-run): it first puts the project back as it was before that run.',
      },
    );
  const journal = parseJournal(text, tmp);
  const manifest = await readFile(path.join(outDir, ...MANIFEST_PATH.split('/')), 'utf8').catch(
    () => undefined,
  );
  if (manifest !== undefined && hash(manifest) === journal.manifest) {
    await rm(tmp, { recursive: true, force: true });
    return undefined; // complete: killed while it tidied up
  }
  const resolve = insideResolver(outDir);
  let restored = 0;
  for (const step of [...journal.deletes].reverse()) {
    const aside = path.join(tmp, step.aside);
    if (await exists(aside)) {
      await rename(aside, await resolve(step.path));
      restored++;
    }
  }
  for (const step of [...journal.writes].reverse()) {
    const target = await resolve(step.path);
    if (step.aside !== undefined) {
      const aside = path.join(tmp, step.aside);
      if (await exists(aside)) {
        await rename(aside, target);
        restored++;
      }
    } else if (!(await exists(path.join(tmp, step.tmp))) && (await exists(target))) {
      // New with the killed run, and already moved into place.
      await rm(target, { force: true });
    }
  }
  for (const folder of [...journal.folders].reverse())
    await rmdir(path.join(outDir, ...folder.split('/'))).catch(() => undefined);
  await rm(tmp, { recursive: true, force: true });
  return `a hookwright run was killed while writing ${outDir}: its changes were rolled back (${restored} file${restored === 1 ? '' : 's'} put back as they were)`;
}

function parseJournal(text: string, tmp: string): Journal {
  const bad = () =>
    new HookwrightError(`${path.join(tmp, JOURNAL)} is not a journal hookwright wrote`, {
      hint: `Delete ${tmp} and check the project's files by hand (git status).`,
    });
  let data: Journal;
  try {
    data = JSON.parse(text) as Journal;
  } catch {
    throw bad();
  }
  const names = [
    ...(data.writes ?? []).flatMap((w) => [w.tmp, ...(w.aside === undefined ? [] : [w.aside])]),
    ...(data.deletes ?? []).map((d) => d.aside),
  ];
  if (
    typeof data.manifest !== 'string' ||
    !Array.isArray(data.writes) ||
    !Array.isArray(data.deletes) ||
    !Array.isArray(data.folders) ||
    !data.folders.every(
      (f) => typeof f === 'string' && !path.isAbsolute(f) && !f.split('/').includes('..'),
    ) ||
    !names.every((name) => typeof name === 'string' && TMP_NAME.test(name))
  )
    throw bad();
  return data;
}

/** The folders that writing `files` creates (relative, outermost first). */
export async function missingFolders(outDir: string, files: string[]): Promise<string[]> {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const missing: string[] = [];
  for (const folder of [...folders].sort((a, b) => a.split('/').length - b.split('/').length)) {
    const there = await stat(path.join(outDir, ...folder.split('/'))).then(
      () => true,
      () => false,
    );
    if (!there) missing.push(folder);
  }
  return missing;
}

/**
 * `work`, after rolling back a killed run (`recoverInterrupted`): what was rolled back is the
 * first warning of its result, or the first problem of its error.
 */
export async function afterRecovery<T extends { warnings: string[] }>(
  outDir: string,
  readOnly: boolean,
  work: () => Promise<T>,
): Promise<T> {
  const recovered = await recoverInterrupted(outDir, readOnly);
  try {
    const result = await work();
    if (recovered !== undefined) result.warnings.unshift(recovered);
    return result;
  } catch (error) {
    if (recovered === undefined || !(error instanceof HookwrightError)) throw error;
    throw new HookwrightError(error.message, {
      problems: [{ message: recovered, where: { file: outDir } }, ...error.problems],
      hint: error.hint,
      cause: error.cause,
    });
  }
}
