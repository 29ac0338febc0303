/**
 * Stage 5, format: generated files → the same files, formatted with prettier in
 * memory (never on disk after writing). Loads only prettier's standalone core and the
 * parsers that the files need.
 */
import type { GeneratedFile } from '../files';
import { HookwrightError } from '../errors';

/** The style of every generated project; also written to its `.prettierrc.json`. */
export const PRETTIER_OPTIONS = { singleQuote: true, printWidth: 100, trailingComma: 'all' } as const;

type Prettier = typeof import('prettier/standalone');
type Plugin = import('prettier').Plugin;

const PARSERS: Record<string, { parser: string; plugins: () => Plugin[] }> = {
  '.ts': { parser: 'typescript', plugins: () => [require('prettier/plugins/typescript'), require('prettier/plugins/estree')] },
  '.json': { parser: 'json', plugins: () => [require('prettier/plugins/babel'), require('prettier/plugins/estree')] },
  '.md': { parser: 'markdown', plugins: () => [require('prettier/plugins/markdown')] },
};

export async function format(files: GeneratedFile[]): Promise<GeneratedFile[]> {
  const prettier = require('prettier/standalone') as Prettier;
  const plugins = new Map<string, Plugin[]>();
  return Promise.all(
    files.map(async (file) => {
      const ext = /\.[^./]+$/.exec(file.path)?.[0] ?? '';
      const entry = PARSERS[ext];
      if (!entry || file.preformatted) return file;
      if (!plugins.has(ext)) plugins.set(ext, entry.plugins());
      try {
        const content = await prettier.format(file.content, { ...PRETTIER_OPTIONS, parser: entry.parser, plugins: plugins.get(ext) });
        return { ...file, content };
      } catch (error) {
        // A template or model produced code that does not parse: a bug in hookwright or
        // in a user's template override, never in the document.
        throw new HookwrightError(`generated ${file.path} is not valid ${entry.parser}: ${(error as Error).message.split('\n')[0]}`, {
          hint: 'If you use --templates, check the template that renders this file; otherwise please report this as a bug.',
          cause: error,
        });
      }
    }),
  );
}
