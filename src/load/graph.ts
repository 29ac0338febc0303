/**
 * The files a document is made of: the root and, transitively, every local file its `$ref`s
 * point to inside the `$ref` root, each read once, checked against the document limits once
 * and walked once for its `$ref`s. The checks before the parse (`$ref` cycles, absolute
 * `$ref`s outside the root) and the list of inputs the manifest records all read this walk.
 *
 * Files outside the root, missing ones and ones over the limits are not read here: the parser's
 * resolver refuses or reports them, with the right words.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import { checkDocument, type DocumentLimits } from './limits';
import { isInside } from './paths';
import { refsIn, type AstNode, type RefSite } from './yaml';

/** Absolute path of each file read → its `$ref`s; the root first, then in the order found. */
export type DocumentFiles = Map<string, RefSite[]>;

/** At most this many files are read (the parser reads each of them again). */
const MAX_FILES = 10_000;

/** Where a `$ref` written in `from` points: a local file, and the fragment after `#`. */
export function refTarget(
  ref: string,
  from: string,
): { file: string; fragment: string } | undefined {
  const hash = ref.indexOf('#');
  const filePart = hash >= 0 ? ref.slice(0, hash) : ref;
  const fragment = hash >= 0 ? ref.slice(hash + 1) : '';
  if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) return undefined; // http:, https:, file:, urn:...
  try {
    const file =
      filePart === '' ? from : path.resolve(path.dirname(from), decodeURIComponent(filePart));
    return { file, fragment };
  } catch {
    return undefined; // not a path; the parser says what it made of it
  }
}

/**
 * Reads the files the document at `source` (whose tree `ast` has passed `checkDocument`)
 * references inside `root` (a real path).
 */
export async function documentFiles(
  source: string,
  ast: AstNode | undefined,
  root: string,
  limits: DocumentLimits,
): Promise<DocumentFiles> {
  const files: DocumentFiles = new Map([[source, refsIn(ast)]]);
  const tried = new Set<string>([source]);
  const queue = [source];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const { ref } of files.get(current) ?? []) {
      const target = refTarget(ref, current)?.file;
      if (target === undefined || tried.has(target) || tried.size >= MAX_FILES) continue;
      tried.add(target);
      const refs = await readInside(target, root, limits);
      if (refs === undefined) continue;
      files.set(target, refs);
      queue.push(target);
    }
  }
  return files;
}

/** The `$ref`s of a file inside `root`, or undefined (missing, outside, over the limits). */
async function readInside(
  file: string,
  root: string,
  limits: DocumentLimits,
): Promise<RefSite[] | undefined> {
  try {
    const real = await realpath(file);
    if (!isInside(real, root)) return undefined;
    return refsIn(checkDocument(await readFile(real, 'utf8'), file, limits));
  } catch (error) {
    if (error instanceof HookwrightError || (error as NodeJS.ErrnoException).code) return undefined;
    throw error;
  }
}
