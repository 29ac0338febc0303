/**
 * Stage 5, format: generated files → the same files, formatted with prettier in
 * memory (never on disk after writing). Loads only prettier's standalone core and the
 * parsers that the files need.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GeneratedFile } from '../files';
import { HookwrightError } from '../errors';

/** The style of every generated project; also written to its `.prettierrc.json`. */
export const PRETTIER_OPTIONS = {
  singleQuote: true,
  printWidth: 100,
  trailingComma: 'all',
} as const;

type Prettier = typeof import('prettier/standalone');
type Plugin = import('prettier').Plugin;

const PARSERS: Record<string, { parser: string; plugins: () => Plugin[] }> = {
  '.ts': {
    parser: 'typescript',
    plugins: () => [require('prettier/plugins/typescript'), require('prettier/plugins/estree')],
  },
  '.json': {
    parser: 'json',
    plugins: () => [require('prettier/plugins/babel'), require('prettier/plugins/estree')],
  },
  '.md': { parser: 'markdown', plugins: () => [require('prettier/plugins/markdown')] },
};

/** Above this much text, a second thread formats half of it (it costs ~0.4 s to start). */
const PARALLEL_ABOVE_BYTES = 1_500_000;
const WORKER_FILE = path.join(__dirname, '..', 'format-worker.js');

export async function format(files: GeneratedFile[]): Promise<GeneratedFile[]> {
  const size = files.reduce((sum, f) => sum + (f.preformatted ? 0 : f.content.length), 0);
  if (size < PARALLEL_ABOVE_BYTES || !existsSync(WORKER_FILE)) return formatHere(files);
  // Two halves of about equal size; the models and stubs stay together as one batch.
  const batch = files.filter((f) => f.batchFormat);
  const rest = files
    .filter((f) => !f.batchFormat)
    .sort((a, b) => b.content.length - a.content.length);
  const mine: GeneratedFile[] = [...batch];
  const theirs: GeneratedFile[] = [];
  let mineSize = batch.reduce((sum, f) => sum + f.content.length, 0);
  let theirSize = 0;
  for (const file of rest) {
    if (theirSize <= mineSize) {
      theirs.push(file);
      theirSize += file.content.length;
    } else {
      mine.push(file);
      mineSize += file.content.length;
    }
  }
  const worker = new Worker(WORKER_FILE);
  try {
    const [here, there] = await Promise.all([
      formatHere(mine),
      new Promise<GeneratedFile[]>((resolve, reject) => {
        worker.once(
          'message',
          (
            reply:
              { ok: true; formatted: GeneratedFile[] } | { ok: false; error: { message: string } },
          ) =>
            reply.ok ? resolve(reply.formatted) : reject(new HookwrightError(reply.error.message)),
        );
        worker.once('error', reject);
        worker.postMessage(theirs);
      }),
    ]);
    const byPath = new Map([...here, ...there].map((f) => [f.path, f]));
    return files.map((f) => byPath.get(f.path) ?? f);
  } finally {
    void worker.terminate();
  }
}

/** Formats in this thread. */
export async function formatHere(files: GeneratedFile[]): Promise<GeneratedFile[]> {
  const prettier = require('prettier/standalone') as Prettier;
  const plugins = new Map<string, Plugin[]>();
  const formatText = async (path: string, content: string): Promise<string> => {
    const ext = /\.[^./]+$/.exec(path)?.[0] ?? '';
    const entry = PARSERS[ext];
    if (!plugins.has(ext)) plugins.set(ext, entry.plugins());
    try {
      return await prettier.format(content, {
        ...PRETTIER_OPTIONS,
        parser: entry.parser,
        plugins: plugins.get(ext),
      });
    } catch (error) {
      // A template or model produced code that does not parse: a bug in hookwright or
      // in a user's template override, never in the document.
      throw new HookwrightError(
        `generated ${path} is not valid ${entry.parser}: ${(error as Error).message.split('\n')[0]}`,
        {
          hint: 'If you use --templates, check the template that renders this file; otherwise please report this as a bug.',
          cause: error,
        },
      );
    }
  };

  const out = new Map<GeneratedFile, string>();
  const batch = files.filter((f) => f.batchFormat && f.path.endsWith('.ts') && !f.preformatted);
  if (batch.length > 1) {
    // Many small files (the models) cost mostly prettier's per-call overhead: format them
    // as one module, cut apart at marker lines. Each part comes out as it would alone.
    const marker = (i: number) => `// @@hookwright-part ${i}`;
    const joined = batch.map((f, i) => `${marker(i)}\n${f.content}`).join('\n');
    const parts = (await formatText('models.ts', joined))
      .split(/^\/\/ @@hookwright-part \d+\n/m)
      .slice(1);
    if (parts.length === batch.length)
      batch.forEach((f, i) => out.set(f, `${parts[i].trimEnd()}\n`));
  }

  return Promise.all(
    files.map(async (file) => {
      const known = out.get(file);
      if (known !== undefined) return { ...file, content: known };
      const ext = /\.[^./]+$/.exec(file.path)?.[0] ?? '';
      if (!PARSERS[ext] || file.preformatted) return file;
      return { ...file, content: await formatText(file.path, file.content) };
    }),
  );
}
