/**
 * Stage 6, write: the files of a run + what is on disk + the manifest → a plan of
 * actions, then applied atomically (or only reported, for --dry-run and --check).
 *
 * Nothing is written until the whole plan exists in memory; then every new content
 * goes to a temporary file in `.hookwright/tmp/` and is renamed into place, so an
 * interrupted run never leaves a half-written file.
 */
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import type { GeneratedFile } from '../pipeline/files';
import { MANIFEST_PATH, hash, type Manifest } from './manifest';
import { migrateScaffolded } from './migrate';
import { fileSystemError } from './fs-errors';
import { testDelay } from './lock';
import { missingFolders, writeJournal, type Journal } from './journal';
import { insideResolver } from './paths';

export type FileAction =
  /** New file. */
  | 'create'
  /** Generated file whose content changes. */
  | 'update'
  /** Generated file whose content is already right. */
  | 'unchanged'
  /** Scaffolded file that exists: the user's, left alone. */
  | 'keep'
  /** Generated file the new run no longer produces, unchanged since written: removed. */
  | 'delete'
  /** A file the run no longer produces that the user owns or edited: left and reported. */
  | 'orphan'
  /** Generated file edited by hand since written: nothing is written unless --force. */
  | 'conflict';

export interface PlannedFile {
  path: string;
  action: FileAction;
  ownership: GeneratedFile['ownership'];
  /** New content, for create / update / conflict. */
  content?: string;
  /** Content on disk, when there is one and it matters (update, conflict). */
  previous?: string;
  /** Why a scaffolded file is updated or kept, when the report should say (a migration). */
  note?: string;
}

export interface WritePlan {
  outDir: string;
  files: PlannedFile[];
  /** True when the folder had no manifest before this run. */
  fresh: boolean;
}

export interface PlanOptions {
  /** Overwrite generated files edited by hand, and take over a non-empty folder. */
  force?: boolean;
}

/** Compares what the run produced with the folder and its manifest. Reads, never writes. */
export async function planWrite(
  outDir: string,
  files: GeneratedFile[],
  previous: Manifest | undefined,
  options: PlanOptions = {},
): Promise<WritePlan> {
  if (!previous && !options.force && (await isNonEmptyFolder(outDir))) {
    throw new HookwrightError(`${outDir} exists, is not empty and is not a hookwright project`, {
      hint: 'Choose a new or empty folder, or pass --force to generate into it anyway (files hookwright would create are then overwritten).',
    });
  }
  const produced = new Set(files.map((f) => f.path));
  const resolve = insideResolver(outDir);
  const read = async (relative: string) =>
    readFile(await resolve(relative), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error instanceof HookwrightError) throw error;
      return undefined;
    });

  const planned: PlannedFile[] = await inBatches(files, async (file): Promise<PlannedFile> => {
    const onDisk = await read(file.path);
    if (onDisk === undefined)
      return {
        path: file.path,
        action: 'create',
        ownership: file.ownership,
        content: file.content,
      };
    if (file.ownership === 'scaffolded') return planScaffolded(file, onDisk, previous);
    if (onDisk === file.content)
      return { path: file.path, action: 'unchanged', ownership: file.ownership };
    const writtenHash = previous?.generated[file.path];
    const untouched = writtenHash !== undefined && writtenHash === hash(onDisk);
    return {
      path: file.path,
      action: untouched || options.force ? 'update' : 'conflict',
      ownership: file.ownership,
      content: file.content,
      previous: onDisk,
    };
  });

  if (previous) {
    for (const [stale, writtenHash] of Object.entries(previous.generated)) {
      if (produced.has(stale)) continue;
      const onDisk = await read(stale);
      if (onDisk === undefined) continue;
      planned.push({
        path: stale,
        action: hash(onDisk) === writtenHash ? 'delete' : 'orphan',
        ownership: 'generated',
      });
    }
    for (const stale of previous.scaffolded) {
      if (produced.has(stale)) continue;
      const onDisk = await read(stale);
      if (onDisk === undefined) continue;
      // Exactly as scaffolded: nothing of the user's is in it (a handler of a removed operation).
      const scaffoldHash = previous.scaffoldHashes?.[stale];
      const untouched = scaffoldHash !== undefined && hash(onDisk) === scaffoldHash;
      planned.push({
        path: stale,
        action: untouched ? 'delete' : 'orphan',
        ownership: 'scaffolded',
        ...(untouched ? { note: 'unchanged since it was scaffolded' } : {}),
      });
    }
  }

  planned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { outDir, files: planned, fresh: !previous };
}

/**
 * A scaffolded file that exists is the user's and is kept, with two exceptions that move a
 * project made by an older hookwright forward without a conflict:
 * - a file an older hookwright generated and now scaffolds (the README), still exactly as it was
 *   generated, is replaced by its scaffold once; edited, it is the user's as it is;
 * - values hookwright decides inside a scaffolded file (the pinned hookwright version, scripts
 *   an older hookwright scaffolded) are migrated in place (`migrate.ts`).
 */
function planScaffolded(
  file: GeneratedFile,
  onDisk: string,
  previous: Manifest | undefined,
): PlannedFile {
  const keep: PlannedFile = { path: file.path, action: 'keep', ownership: 'scaffolded' };
  const generatedHash = previous?.generated[file.path];
  if (generatedHash !== undefined) {
    if (generatedHash === hash(onDisk) && onDisk !== file.content)
      return {
        ...keep,
        action: 'update',
        content: file.content,
        previous: onDisk,
        note: 'was generated and is unchanged: replaced by its scaffold, yours from now on',
      };
    return { ...keep, note: 'was generated, and you edited it: yours from now on, as it is' };
  }
  const migrated = migrateScaffolded(file.path, onDisk, file.content);
  if (migrated)
    return {
      ...keep,
      action: 'update',
      content: migrated.content,
      previous: onDisk,
      note: migrated.changes.join('; '),
    };
  return keep;
}

/** The files that a run would change on disk. */
export function changes(plan: WritePlan): PlannedFile[] {
  return plan.files.filter(
    (f) =>
      f.action === 'create' ||
      f.action === 'update' ||
      f.action === 'delete' ||
      f.action === 'conflict',
  );
}

/**
 * Applies a plan that has no conflicts, as close to a transaction as a file system
 * allows: every new content is staged in `.hookwright/tmp/` first (a failure there
 * changes nothing); then each file is swapped in by rename, its old version moved
 * aside; if any step fails, every swap is undone. The manifest goes last.
 */
export async function applyPlan(
  plan: WritePlan,
  manifest: string,
  options: ApplyOptions = {},
): Promise<void> {
  if (plan.files.some((f) => f.action === 'conflict'))
    throw new Error('applyPlan called with conflicts'); // guarded by the caller
  if (options.staging !== undefined) return applyStaged(plan, manifest, options.staging);

  const tmpDir = path.join(plan.outDir, '.hookwright', 'tmp');
  const folderExisted = await stat(plan.outDir).then(
    () => true,
    () => false,
  );
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(path.join(tmpDir, 'old'), { recursive: true }).catch((error: unknown) => {
    throw fileSystemError(error, tmpDir, 'create');
  });

  const writes = plan.files
    .filter((f) => (f.action === 'create' || f.action === 'update') && f.content !== undefined)
    .map((f) => ({ path: f.path, content: f.content as string, exists: f.action === 'update' }));
  writes.push({ path: MANIFEST_PATH, content: manifest, exists: !plan.fresh });

  const resolve = insideResolver(plan.outDir);
  let staged: Array<{ tmp: string; target: string; exists: boolean }>;
  try {
    staged = await inBatches(writes, async (file, i) => {
      const tmp = path.join(tmpDir, `new-${i}`);
      await writeFile(tmp, file.content).catch((error: unknown) => {
        throw fileSystemError(error, tmp, 'write');
      });
      return { tmp, target: await resolve(file.path), exists: file.exists };
    });
  } catch (error) {
    // Leave no trace: not the staged files, and not the folder if this run made it.
    await rm(folderExisted ? tmpDir : plan.outDir, { recursive: true, force: true });
    throw error;
  }

  // The journal says how to undo every step, should this process be killed half-way through
  // (`journal.ts`); the undo list below does it when a step fails in this process.
  let asides = 0;
  const journal: Journal = {
    manifest: hash(manifest),
    writes: writes.map((file, i) => ({
      path: file.path,
      tmp: `new-${i}`,
      ...(file.exists ? { aside: `old/${asides++}` } : {}),
    })),
    deletes: plan.files
      .filter((f) => f.action === 'delete')
      .map((f) => ({ path: f.path, aside: `old/${asides++}` })),
    folders: await missingFolders(
      plan.outDir,
      writes.map((w) => w.path),
    ),
  };
  await writeJournal(plan.outDir, journal).catch(async (error: unknown) => {
    await rm(folderExisted ? tmpDir : plan.outDir, { recursive: true, force: true });
    throw fileSystemError(error, tmpDir, 'write into');
  });

  // Each step records how to undo it.
  const undo: Array<() => Promise<void>> = [];
  let n = 0;
  const moveAside = async (target: string): Promise<void> => {
    const aside = path.join(tmpDir, 'old', String(n++));
    await rename(target, aside);
    undo.push(() => rename(aside, target));
  };
  const made = new Set<string>();
  try {
    for (const { tmp, target, exists } of staged) {
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      if (exists) await moveAside(target);
      await rename(tmp, target);
      undo.push(() => rm(target, { force: true }));
      await testDelay('file');
    }
    for (const file of plan.files.filter((f) => f.action === 'delete')) {
      await moveAside(await resolve(file.path));
    }
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    await rm(folderExisted ? tmpDir : plan.outDir, { recursive: true, force: true });
    throw new HookwrightError(`could not write the project: ${(error as Error).message}`, {
      hint: 'Nothing was changed: every file written by this run was put back as it was.',
      cause: error,
    });
  }
  await rm(tmpDir, { recursive: true, force: true });
  await removeEmptyFolders(
    plan.outDir,
    plan.files.filter((f) => f.action === 'delete').map((f) => f.path),
  );
}

export interface ApplyOptions {
  /**
   * A first generation into a folder that does not exist or is empty: build the whole project
   * here (a folder beside it, see `lock.ts`), then rename it into place in one step.
   */
  staging?: string;
}

/**
 * A first generation, all or nothing: every file and the manifest are written into `staging`,
 * which is then renamed to the project folder. A crash before the rename leaves no project folder.
 */
async function applyStaged(plan: WritePlan, manifest: string, staging: string): Promise<void> {
  const writes = plan.files
    .filter((f) => (f.action === 'create' || f.action === 'update') && f.content !== undefined)
    .map((f) => ({ path: f.path, content: f.content as string }));
  writes.push({ path: MANIFEST_PATH, content: manifest });
  const resolve = insideResolver(staging);
  let target = staging;
  let shown = plan.outDir;
  try {
    await mkdir(staging, { recursive: true });
    const made = new Set<string>();
    for (const file of writes) {
      // Named in an error by where it belongs in the project, not by the staging folder.
      shown = path.join(plan.outDir, ...file.path.split('/'));
      target = await resolve(file.path);
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      await writeFile(target, file.content);
      await testDelay('file');
    }
    target = plan.outDir;
    // Into an empty folder: what a failed run left in its `.hookwright` goes first, so that the
    // rename replaces the folder (it does so only when the folder is empty).
    await rm(path.join(plan.outDir, '.hookwright'), { recursive: true, force: true });
    await rename(staging, plan.outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (target === plan.outDir && (code === 'EEXIST' || code === 'ENOTEMPTY'))
      throw new HookwrightError(
        `files appeared in ${plan.outDir} while this run generated it; nothing was written`,
        {
          hint: 'Run again: the folder is then taken as it is (with --force if it is not a project).',
          cause: error,
        },
      );
    throw fileSystemError(error, target === plan.outDir ? plan.outDir : shown, 'write');
  }
}

/** After deleting stale files, remove folders they leave empty (never the project folder). */
async function removeEmptyFolders(outDir: string, deleted: string[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of deleted) {
    const parts = file.split('/');
    for (let i = parts.length - 1; i > 0; i--) folders.add(parts.slice(0, i).join('/'));
  }
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    const full = path.join(outDir, ...folder.split('/'));
    const entries = await readdir(full).catch(() => undefined);
    if (entries && entries.length === 0) await rm(full, { recursive: true, force: true });
  }
}

/** `work` over every item, a few dozen at a time (file I/O overlaps; order is kept). */
async function inBatches<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  size = 32,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  }
  return out;
}

async function isNonEmptyFolder(dir: string): Promise<boolean> {
  try {
    // Without a manifest, `.hookwright` holds only this run's lock (or leftovers of a failed run).
    return (await readdir(dir)).some((entry) => entry !== '.hookwright');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'ENOTDIR')
      throw new HookwrightError(`${dir} is a file, not a folder`, {
        hint: 'Pass a folder for --output.',
      });
    throw error;
  }
}
