/**
 * Stage 5, format: generated files → the same files, formatted with prettier in
 * memory (never on disk after writing). Loads only prettier's standalone core and the
 * parsers that the files need.
 */
import path from 'node:path';
import type { GeneratedFile } from '../pipeline/files';
import { HookwrightError } from '../pipeline/errors';
import { startWorker } from '../pipeline/worker';

/** The style of every generated project; also written to its `.prettierrc.json`. */
export const PRETTIER_OPTIONS = {
  singleQuote: true,
  printWidth: 100,
  trailingComma: 'all',
} as const;

type Prettier = typeof import('prettier/standalone');
type Plugin = import('prettier').Plugin;

interface ParserChoice {
  parser: string;
  plugins: () => Plugin[];
}

const BABEL: ParserChoice['plugins'] = () => [
  require('prettier/plugins/babel') as Plugin,
  require('prettier/plugins/estree') as Plugin,
];

/**
 * The parser of each kind of file. TypeScript is read with Babel's TypeScript parser
 * (`babel-ts`): about twice as fast as prettier's `typescript` parser on a cold start, and
 * printed the same (the corpus test checks every generated file with the `typescript` parser,
 * which a user's prettier infers for `.ts`). Code Babel cannot read goes to that parser, so a
 * syntax error is reported as the `typescript` parser words it, and so do files rendered from a
 * user's template override.
 */
const PARSERS: Record<string, ParserChoice & { fallback?: ParserChoice }> = {
  '.ts': {
    parser: 'babel-ts',
    plugins: BABEL,
    fallback: {
      parser: 'typescript',
      plugins: () => [
        require('prettier/plugins/typescript') as Plugin,
        require('prettier/plugins/estree') as Plugin,
      ],
    },
  },
  '.json': { parser: 'json', plugins: BABEL },
  '.md': { parser: 'markdown', plugins: () => [require('prettier/plugins/markdown') as Plugin] },
};

/** Above this much text, a second thread formats half of it (it costs ~0.4 s to start). */
const PARALLEL_ABOVE_BYTES = 1_500_000;
const WORKER_FILE = path.join(__dirname, 'worker.js');

/** What the render stage knows about formatting its files, by path. */
export interface FormatHints {
  /** Already in prettier's style (static templates, kept prettier-clean by a test): left as they are. */
  preformatted: string[];
  /** Small and self-contained (models, handler stubs): formatted together, in one prettier call. */
  batch: string[];
  /** Files rendered from a user's template override (`--templates`), with the override's file. */
  overrides?: Record<string, string>;
}

export interface FormatRequest {
  files: GeneratedFile[];
  hints: FormatHints;
}

const NO_HINTS: FormatHints = { preformatted: [], batch: [] };

export async function format(
  files: GeneratedFile[],
  hints: FormatHints = NO_HINTS,
): Promise<GeneratedFile[]> {
  const preformatted = new Set(hints.preformatted);
  const inBatch = new Set(hints.batch);
  const size = files.reduce((sum, f) => sum + (preformatted.has(f.path) ? 0 : f.content.length), 0);
  const worker =
    size < PARALLEL_ABOVE_BYTES
      ? undefined
      : startWorker<FormatRequest, GeneratedFile[]>(WORKER_FILE);
  if (worker === undefined) return formatHere(files, hints);
  // Two halves of about equal size; the models and stubs stay together as one batch.
  const batch = files.filter((f) => inBatch.has(f.path));
  const rest = files
    .filter((f) => !inBatch.has(f.path))
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
  try {
    const [here, there] = await Promise.all([
      formatHere(mine, hints),
      worker.call({ files: theirs, hints }),
    ]);
    const byPath = new Map([...here, ...there].map((f) => [f.path, f]));
    return files.map((f) => byPath.get(f.path) ?? f);
  } finally {
    worker.close();
  }
}

/** Formats in this thread. */
export async function formatHere(
  files: GeneratedFile[],
  hints: FormatHints = NO_HINTS,
): Promise<GeneratedFile[]> {
  const preformatted = new Set(hints.preformatted);
  const inBatch = new Set(hints.batch);
  const prettier = require('prettier/standalone') as Prettier;
  const plugins = new Map<string, Plugin[]>();
  const formatText = async (path: string, content: string, override?: string): Promise<string> => {
    const ext = /\.[^./]+$/.exec(path)?.[0] ?? '';
    const primary = PARSERS[ext];
    const run = (choice: ParserChoice) => {
      if (!plugins.has(choice.parser)) plugins.set(choice.parser, choice.plugins());
      return prettier.format(content, {
        ...PRETTIER_OPTIONS,
        parser: choice.parser,
        plugins: plugins.get(choice.parser),
      });
    };
    const fallback = primary.fallback;
    const entry = fallback ?? primary;
    try {
      if (!fallback) return await run(primary);
      // A user's override can render anything: its files are printed by the parser a user's
      // prettier uses, not only checked against it by the corpus test as built-ins are.
      if (override !== undefined) return await run(fallback);
      return await run(primary).catch(() => run(fallback));
    } catch (error) {
      // Prettier recurses once per level of nesting: a schema nested deeply enough (an inline
      // `$ref` copies its target with all of its nesting) runs it out of stack. The code is
      // fine; the document nests too deeply to be generated.
      if (error instanceof RangeError && /call stack/i.test(error.message))
        throw new HookwrightError(
          `generated ${path} is nested too deeply to be formatted; nothing was written`,
          {
            problems: [
              {
                message: `prettier ran out of call stack: ${error.message}`,
                where: { file: path },
              },
            ],
            hint: 'A schema of the document nests too deeply once its $refs are resolved (an inline $ref copies its target with all of its nesting). Point such $refs at named schemas under components/schemas, which are generated once by name, or flatten the nesting. HOOKWRIGHT_MAX_DOCUMENT_DEPTH sets how deeply the document itself may nest.',
            cause: error,
          },
        );
      // Code that does not parse: the user's when their template override rendered it,
      // else a bug in hookwright (a built-in template or a model), never the document's.
      const reason = (error as Error).message.split('\n')[0];
      if (override === undefined)
        throw new Error(`generated ${path} is not valid ${entry.parser}: ${reason}`, {
          cause: error,
        });
      const { line, column } =
        (error as { loc?: { start?: { line?: number; column?: number } } }).loc?.start ?? {};
      throw new HookwrightError(
        `generated ${path} is not valid ${entry.parser}: it is rendered from your template override; nothing was written`,
        {
          problems: [
            {
              message: `${reason.replace(/ \(\d+:\d+\)$/, '')}${line !== undefined ? ` (line ${line}${column !== undefined ? `, column ${column}` : ''} of the rendered ${path})` : ''}`,
              where: { file: override },
            },
          ],
          hint: `Fix the override so that it renders valid ${entry.parser} (compare it with the built-in template of the same path), or remove it to use the built-in one.`,
          cause: error,
        },
      );
    }
  };

  const out = new Map<GeneratedFile, string>();
  const overrides = hints.overrides ?? {};
  // A file from an override is formatted on its own, so that a failure names it.
  const batch = files.filter(
    (f) =>
      inBatch.has(f.path) &&
      f.path.endsWith('.ts') &&
      !preformatted.has(f.path) &&
      !(f.path in overrides),
  );
  if (batch.length > 1) {
    // Many small files (the models) cost mostly prettier's per-call overhead: format them
    // as one module, cut apart at marker lines. Each part comes out as it would alone.
    const marker = (i: number) => `// @@hookwright-part ${i}`;
    const joined = batch.map((f, i) => `${marker(i)}\n${f.content}`).join('\n');
    const parts = (await formatText('models.ts', joined))
      .split(/^\/\/ @@hookwright-part \d+\n/m)
      .slice(1);
    if (parts.length === batch.length)
      batch.forEach((f, i) => out.set(f, oneLineDocs(`${parts[i].trimEnd()}\n`)));
  }

  return Promise.all(
    files.map(async (file) => {
      const known = out.get(file);
      if (known !== undefined) return { ...file, content: known };
      const ext = /\.[^./]+$/.exec(file.path)?.[0] ?? '';
      if (!PARSERS[ext] || preformatted.has(file.path)) return file;
      const formatted = await formatText(file.path, file.content, overrides[file.path]);
      return { ...file, content: ext === '.ts' ? oneLineDocs(formatted) : formatted };
    }),
  );
}

/** A JSDoc block of one line of text, as prettier leaves it (Modelina writes them so). */
const THREE_LINE_DOC = /^([ \t]*)\/\*\*\n\1 \* ([^\n]*\S)\n\1 \*\/$/gm;

/**
 * `/** text *\/` on one line where a JSDoc block holds one line of text and the result
 * fits the print width; prettier keeps either form, so the file stays prettier-clean.
 */
export function oneLineDocs(source: string): string {
  return source.replace(THREE_LINE_DOC, (block, indent: string, text: string) => {
    const line = `${indent}/** ${text} */`;
    return line.length <= PRETTIER_OPTIONS.printWidth && !text.includes('*/') ? line : block;
  });
}
