/**
 * `.hookwright/manifest.json`: what hookwright wrote into a project, so that the next
 * run knows what it may overwrite (unchanged since written), what the user edited
 * (conflict), and what the user owns (scaffolded files, never touched again).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import type { GeneratedFile } from '../pipeline/files';
import { VERSION } from '../pipeline/version';
import type { PlannedFile, WritePlan } from '.';

export const MANIFEST_PATH = '.hookwright/manifest.json';
export const MANIFEST_VERSION = 1;

export interface Manifest {
  manifestVersion: number;
  generator: { name: 'hookwright'; version: string };
  /** The AsyncAPI document, relative to the project folder, with forward slashes. */
  spec: string;
  /** Options the project was generated with (so that a bare `hookwright generate` repeats them). */
  options: Record<string, string | boolean>;
  /** Hash of every input file (the document and each file it references), relative paths. */
  inputs: Record<string, string>;
  /** Every generated file hookwright wrote, with the hash of its content as written. */
  generated: Record<string, string>;
  /** Scaffolded files hookwright created once; they are the user's. */
  scaffolded: string[];
  /**
   * The hash of each scaffolded file as hookwright wrote it: a handler whose operation is
   * removed and that still has this hash holds no line of the user's, and is deleted.
   * (Absent in manifests of hookwright 0.1.0 and earlier.)
   */
  scaffoldHashes?: Record<string, string>;
  /** Receive operations by name, with a fingerprint of their payload types. */
  operations: Record<string, string>;
}

export function hash(content: string | Buffer): string {
  return `sha256-${createHash('sha256').update(content).digest('hex')}`;
}

/** The manifest of the project in `outDir`, or undefined when there is none. */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  const file = path.join(outDir, MANIFEST_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (
      manifest.manifestVersion !== MANIFEST_VERSION ||
      typeof manifest.generated !== 'object' ||
      typeof manifest.operations !== 'object'
    )
      throw new Error('unknown manifest version');
    return manifest;
  } catch (error) {
    throw new HookwrightError(`${file} is not a hookwright manifest this version can read`, {
      problems: [{ message: (error as Error).message, where: { file } }],
      hint: 'Restore it from version control, or delete it and run again with --force to take over the folder.',
    });
  }
}

/** Deterministic JSON: keys sorted, two-space indent, trailing newline. */
export function serialiseManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, sortedReplacer, 2)}\n`;
}

function sortedReplacer(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    ),
  );
}

/** What a run records: its inputs, options, files and operations. */
export interface ManifestInput {
  /** The document, relative to the project, with forward slashes. */
  spec: string;
  signature?: string;
  /** Every input file, relative to the project → the hash of its content. */
  inputs: Record<string, string>;
  files: GeneratedFile[];
  /** What the write stage does with them (scaffolded files it keeps or deletes). */
  planned: WritePlan;
  /** The manifest before this run, when there was one. */
  previous?: Manifest;
  /** Operation name → fingerprint of its payload types. */
  operations: Record<string, string>;
}

export function buildManifest(input: ManifestInput): Manifest {
  // Scaffolded files this run writes, and those it keeps: a kept file keeps the hash it was
  // scaffolded with; an orphaned one stays listed, so that the next run still knows of it.
  const scaffolded = input.planned.files.filter(
    (f) => f.ownership === 'scaffolded' && f.action !== 'delete',
  );
  const scaffoldHashes: Record<string, string> = {};
  for (const f of scaffolded) {
    const written =
      (f.action === 'create' || f.action === 'update') && f.content !== undefined
        ? hash(f.content)
        : input.previous?.scaffoldHashes?.[f.path];
    if (written !== undefined) scaffoldHashes[f.path] = written;
  }
  return {
    manifestVersion: MANIFEST_VERSION,
    generator: { name: 'hookwright', version: VERSION },
    spec: input.spec,
    options: input.signature ? { signature: input.signature } : {},
    inputs: input.inputs,
    generated: Object.fromEntries(
      input.files.filter((f) => f.ownership === 'generated').map((f) => [f.path, hash(f.content)]),
    ),
    scaffolded: scaffolded.map((f) => f.path).sort(),
    scaffoldHashes,
    operations: input.operations,
  };
}

/**
 * Whether two manifests record the same run: the same files and operations, whatever the
 * input hashes (a document reformatted, nothing else changed, is up to date).
 */
export function sameRecord(a: Manifest | undefined, b: Manifest): boolean {
  return (
    a !== undefined &&
    serialiseManifest({ ...a, inputs: {} }) === serialiseManifest({ ...b, inputs: {} })
  );
}

export interface OperationChanges {
  added: string[];
  removed: string[];
  /** Operations whose payload types changed: their handlers may need a look. */
  payloadChanged: string[];
}

export const NO_OPERATION_CHANGES: OperationChanges = {
  added: [],
  removed: [],
  payloadChanged: [],
};

/** How the receive operations changed since the run `previous` records (nothing, on a first run). */
export function operationChanges(
  previous: Manifest | undefined,
  now: Record<string, string>,
): OperationChanges {
  if (!previous) return { added: [], removed: [], payloadChanged: [] };
  const before = previous.operations;
  return {
    added: Object.keys(now)
      .filter((name) => !(name in before))
      .sort(),
    removed: Object.keys(before)
      .filter((name) => !(name in now))
      .sort(),
    payloadChanged: Object.keys(now)
      .filter((name) => name in before && before[name] !== now[name])
      .sort(),
  };
}

/**
 * The up-to-date rule: the plan of a run that would change nothing, when that can be known
 * from the manifest alone (same hookwright, same options, same document, every input and
 * generated file as recorded, every scaffolded file present); undefined when anything might
 * differ, and then the full pipeline decides.
 */
export async function unchangedSinceManifest(
  outDir: string,
  previous: Manifest,
  specFile: string,
  signature: string | undefined,
): Promise<WritePlan | undefined> {
  if (previous.generator.version !== VERSION) return undefined;
  const recorded = previous.options.signature;
  if ((typeof recorded === 'string' ? recorded : undefined) !== signature) return undefined;
  if (path.resolve(outDir, previous.spec) !== path.resolve(specFile)) return undefined;
  const sameHash = async (relative: string, expected: string) =>
    hash(await readFile(path.resolve(outDir, relative)).catch(() => '\0missing')) === expected;
  for (const [input, expected] of Object.entries(previous.inputs))
    if (!(await sameHash(input, expected))) return undefined;
  const files: PlannedFile[] = [];
  for (const [file, expected] of Object.entries(previous.generated)) {
    if (!(await sameHash(file, expected))) return undefined;
    files.push({ path: file, action: 'unchanged', ownership: 'generated' });
  }
  for (const file of previous.scaffolded) {
    const exists = await stat(path.resolve(outDir, file)).then(
      () => true,
      () => false,
    );
    if (!exists) return undefined;
    files.push({ path: file, action: 'keep', ownership: 'scaffolded' });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { outDir, files, fresh: false };
}
