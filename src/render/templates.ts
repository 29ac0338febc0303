/**
 * `--templates <dir>`: the user's overrides of built-in templates, one file each, by the
 * built-in's own relative path (`<dir>/src/handlers/handler.ts.hbs` replaces
 * `templates/receiver/src/handlers/handler.ts.hbs`). A file in the folder that overrides
 * nothing is refused (a misspelt path would otherwise be ignored without a word); an override
 * that does not compile or render is the user's error, reported with its own file and line.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError, type Problem } from '../pipeline/errors';
import { hash } from '../write/manifest';

/** The built-in templates of a receiver project, shipped in the package. */
export const BUILTIN_TEMPLATES = path.resolve(__dirname, '..', '..', 'templates', 'receiver');

/** Every built-in template, by relative path (`/`-separated), sorted. */
export async function listBuiltinTemplates(): Promise<string[]> {
  try {
    return await listTree(BUILTIN_TEMPLATES);
  } catch (error) {
    throw new HookwrightError(`cannot read the templates in ${BUILTIN_TEMPLATES}`, {
      hint: 'Reinstall hookwright: its templates folder is missing.',
      cause: error,
    });
  }
}

export interface TemplateOverrides {
  /** The overrides folder, absolute. */
  dir: string;
  /** Built-in template path (relative, `/`) → hash of the override's content. */
  files: Record<string, string>;
  /** The same paths → hash of the built-in template each one replaces, as installed now. */
  builtins: Record<string, string>;
}

/** Where a template comes from: the built-in folder, or the user's override of it. */
export interface TemplateSource {
  /** The built-in template's relative path (`/`-separated). */
  path: string;
  /** The file to read. */
  file: string;
  override: boolean;
}

/** Files that are never templates (editor and OS litter), ignored in an overrides folder. */
const IGNORED = /(^|\/)(\.DS_Store|Thumbs\.db|\.git|[^/]*~|\.[^/]*\.swp)$/;

/**
 * Reads the overrides folder and checks each file against the built-in templates.
 * `builtins` is the list of the built-in templates' relative paths.
 */
export async function readOverrides(
  dir: string,
  builtins?: readonly string[],
  from: 'flag' | 'manifest' = 'flag',
): Promise<TemplateOverrides> {
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory())
    throw new HookwrightError(
      from === 'manifest'
        ? `template overrides: ${root} ${info ? 'is not a folder' : 'does not exist'} (the project was generated with these overrides, as its manifest records)`
        : `--templates: ${root} ${info ? 'is not a folder' : 'does not exist'}`,
      {
        hint:
          from === 'manifest'
            ? 'Restore the folder (it belongs in version control with the project), pass --templates <dir> where it is now, or --no-templates to go back to the built-in templates.'
            : 'Give a folder that holds your overrides by the built-in paths (for example <dir>/src/handlers/handler.ts.hbs), or --no-templates to use the built-in templates only.',
      },
    );
  const all = builtins ?? (await listBuiltinTemplates());
  const known = new Set(all);
  const files: Record<string, string> = {};
  const replaced: Record<string, string> = {};
  const strays: Problem[] = [];
  for (const relative of await listTree(root)) {
    if (IGNORED.test(relative)) continue;
    if (!known.has(relative)) {
      strays.push({
        message: 'overrides no built-in template',
        where: { file: path.join(root, relative) },
        hint: closest(relative, all),
      });
      continue;
    }
    files[relative] = hash(await readFile(path.join(root, relative)));
    replaced[relative] = hash(await readFile(path.join(BUILTIN_TEMPLATES, relative)));
  }
  if (strays.length > 0)
    throw new HookwrightError(
      `--templates: ${strays.length} file${strays.length === 1 ? '' : 's'} in ${root} override${strays.length === 1 ? 's' : ''} no built-in template; nothing was written`,
      {
        problems: strays,
        hint: `An override has the relative path of the built-in template it replaces, under ${BUILTIN_TEMPLATES} (in a project: node_modules/hookwright/templates/receiver/).`,
      },
    );
  return { dir: root, files, builtins: replaced };
}

/** Where each built-in template is read from, given the overrides. */
export function templateSources(
  builtinRoot: string,
  builtins: readonly string[],
  overrides: TemplateOverrides | undefined,
): TemplateSource[] {
  return builtins.map((relative) =>
    overrides && relative in overrides.files
      ? { path: relative, file: path.join(overrides.dir, relative), override: true }
      : { path: relative, file: path.join(builtinRoot, relative), override: false },
  );
}

/**
 * A Handlebars failure in an override as the user's error: its file, and the line (and
 * column) Handlebars knows. Handlebars gives a location in one of two ways: `lineNumber` and
 * `column` on errors about a node (an unknown helper, a field that is not defined), or
 * "Parse error on line N" in the message of a syntax error.
 */
export function overrideError(
  file: string,
  stage: 'compile' | 'render',
  error: unknown,
  helpers: readonly string[],
): HookwrightError {
  const raw = error instanceof Error ? error : new Error(String(error));
  const located = raw as Error & { lineNumber?: unknown; column?: unknown };
  const parse = /Parse error on line (\d+):/.exec(raw.message);
  const line =
    typeof located.lineNumber === 'number'
      ? located.lineNumber
      : parse
        ? Number(parse[1])
        : undefined;
  // Handlebars counts columns from 0.
  const column = typeof located.column === 'number' ? located.column + 1 : undefined;
  const message = parse
    ? `syntax error: ${raw.message.split('\n').slice(-1)[0]}`
    : raw.message
        .replace(/ - \d+:\d+$/, '')
        .replace(
          /^You specified knownHelpersOnly, but used the unknown helper /,
          'unknown helper ',
        );
  return new HookwrightError(
    `your template override ${path.basename(file)} failed to ${stage}; nothing was written`,
    {
      problems: [{ message, where: { file, line, column } }],
      hint: `Fix the override (the built-in template of the same path, under ${BUILTIN_TEMPLATES}, shows what it may use: fields of the context and the helpers ${['if', 'unless', 'each', 'with', 'lookup', ...helpers].join(', ')}), or remove it to use the built-in one.`,
      cause: error,
    },
  );
}

async function listTree(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listTree(root, relative)));
    else out.push(relative);
  }
  return out.sort();
}

/** "did you mean" for a path that overrides nothing: the built-in with the same file name. */
function closest(relative: string, builtins: readonly string[]): string {
  const name = relative.split('/').pop() ?? relative;
  const stem = name.replace(/\.hbs$/, '');
  const same = builtins.filter((b) => {
    const other = b.split('/').pop() ?? b;
    return other === name || other.replace(/\.hbs$/, '') === stem;
  });
  return same.length > 0
    ? `Did you mean ${same.join(' or ')}?`
    : 'No built-in template has that name.';
}
