/**
 * A project that travels: the AsyncAPI document, and every file it references, is copied into
 * the project (`asyncapi/`), and regeneration can always run from that copy. The manifest records
 * both the copy (`spec`) and where it came from (`source`, relative to the project):
 *
 * - the source is there (the usual case): the copy is refreshed from it, so editing the
 *   provider's document and running `npm run regenerate` works as it always did;
 * - the source is not there (the project was moved, or cloned on its own): the copy is used,
 *   and the report says so;
 * - a document given on the command line becomes the new source.
 *
 * A document already inside the project (all its files) is used where it is, and not copied.
 * The copy is a generated file: edited by hand while the source changed, it is a conflict.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import type { GeneratedFile } from '../pipeline/files';
import type { Manifest } from './manifest';

/** Where copies go, inside the project. */
export const VENDOR_DIR = 'asyncapi';

export interface SpecChoice {
  /** The file to load. */
  file: string;
  /** The outside document the copy comes from (relative to the project), if any. */
  source?: string;
  /** Set when the recorded source is missing and the copy is used instead: the report says why. */
  note?: string;
}

/** Which document a run loads, from the command line and the manifest. */
export function chooseSpec(
  spec: string | undefined,
  previous: Manifest | undefined,
  outDir: string,
): SpecChoice {
  if (spec) return { file: spec };
  if (!previous)
    throw new HookwrightError('no AsyncAPI document given', {
      hint: `Pass one (hookwright generate asyncapi.yaml -o ${path.relative(process.cwd(), outDir) || '.'}), or run inside a generated project to regenerate it from its manifest.`,
    });
  const copy = path.resolve(outDir, previous.spec);
  if (previous.source !== undefined) {
    const source = path.resolve(outDir, previous.source);
    if (existsSync(source)) return { file: source };
    if (existsSync(copy))
      return {
        file: copy,
        note: `${previous.source} (where ${previous.spec} was copied from) is not there, so the copy is used; pass a document to update it: npm run regenerate -- <path to the new document>`,
      };
  }
  if (existsSync(copy)) return { file: copy };
  throw new HookwrightError(
    `the AsyncAPI document this project was generated from is not there: ${previous.spec}`,
    {
      problems: [
        {
          message: `"spec" in the manifest is ${previous.spec}, relative to the project; ${copy} does not exist`,
          where: { file: path.join(outDir, '.hookwright', 'manifest.json') },
        },
      ],
      hint: 'The project was moved or cloned without the document beside it. Pass the document once (npm run regenerate -- path/to/asyncapi.yaml): hookwright then copies it into asyncapi/, and the project regenerates anywhere from then on.',
    },
  );
}

export interface Vendored {
  /** The copy of the document, relative to the project (the manifest's `spec`). */
  spec: string;
  /** Where it came from, relative to the project (the manifest's `source`). */
  source?: string;
  /** The copies, as files of the run (generated, written as they are). */
  files: GeneratedFile[];
}

/**
 * The copies of `loaded` (the document first, then every file it references) for `outDir`:
 * none when every file is inside the project already, except files an earlier run copied
 * there, which are still hookwright's (kept as they are, so that they are not deleted).
 */
export async function vendor(
  outDir: string,
  loaded: { source: string; files: string[] },
  previous: Manifest | undefined,
): Promise<Vendored> {
  const root = path.resolve(outDir);
  const inside = (file: string) => {
    const rel = path.relative(root, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const posix = (p: string) => p.split(path.sep).join('/');
  const read = async (file: string): Promise<string> => readFile(file, 'utf8');

  if (loaded.files.every(inside)) {
    // In place. Copies an earlier run made stay hookwright's files.
    const files: GeneratedFile[] = [];
    for (const file of loaded.files) {
      const rel = posix(path.relative(root, file));
      if (previous?.generated[rel] !== undefined)
        files.push({
          path: rel,
          content: await read(file),
          ownership: 'generated',
        });
    }
    return {
      spec: posix(path.relative(root, loaded.source)),
      source: files.length > 0 ? previous?.source : undefined,
      files,
    };
  }

  // The folder every file shares, so that relative references keep working in the copy.
  const base = loaded.files.map((f) => path.dirname(f)).reduce(commonFolder);
  const target = (file: string) => `${VENDOR_DIR}/${posix(path.relative(base, file))}`;
  const files: GeneratedFile[] = [];
  for (const file of loaded.files)
    files.push({
      path: target(file),
      content: await read(file),
      ownership: 'generated',
    });
  return {
    spec: target(loaded.source),
    source: posix(path.relative(root, loaded.source)),
    files,
  };
}

function commonFolder(a: string, b: string): string {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(path.sep) || path.sep;
}
