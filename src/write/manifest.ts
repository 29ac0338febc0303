/**
 * `.hookwright/manifest.json`: what hookwright wrote into a project, so that the next
 * run knows what it may overwrite (unchanged since written), what the user edited
 * (conflict), and what the user owns (scaffolded files, never touched again).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../errors';

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
