/** The terminal side of the command line: colours, error reports, diffs and paths as shown. */
import path from 'node:path';
import { formatWhere, isHookwrightError, type Problem } from '../pipeline/errors';

export interface GlobalFlags {
  quiet?: boolean;
  json?: boolean;
  color?: boolean;
  debug?: boolean;
}

export interface Output {
  out: (line?: string) => void;
  err: (line?: string) => void;
  color: boolean;
}

const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;
export type Style = keyof typeof STYLES;

export function paint(output: Output, style: Style, text: string): string {
  if (!output.color) return text;
  const [open, close] = STYLES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

export function useColor(flags: GlobalFlags): boolean {
  if (flags.color === false || flags.json) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(process.stderr.isTTY);
}

export function printError(output: Output, flags: GlobalFlags, error: unknown): void {
  if (flags.json) {
    const problems: Problem[] = isHookwrightError(error) ? [...error.problems] : [];
    output.out(
      JSON.stringify(
        {
          ok: false,
          error: (error as Error).message,
          problems,
          hint: isHookwrightError(error) ? error.hint : undefined,
        },
        null,
        2,
      ),
    );
    if (!isHookwrightError(error) || flags.debug) output.err((error as Error).stack);
    return;
  }
  if (isHookwrightError(error)) {
    output.err(`${paint(output, 'red', 'error')} ${error.message}`);
    for (const problem of error.problems) {
      const where = problem.where
        ? `${paint(output, 'bold', formatWhere({ ...problem.where, file: displayPath(problem.where.file) }))}`
        : '';
      const at = problem.where?.path ? paint(output, 'dim', ` at ${problem.where.path}`) : '';
      output.err(`  ${where}${where ? ': ' : ''}${problem.message}${at}`);
      if (problem.hint) output.err(`    ${paint(output, 'dim', problem.hint)}`);
    }
    if (error.hint) output.err(`${paint(output, 'cyan', 'hint')} ${error.hint}`);
    if (flags.debug) output.err(error.stack);
    return;
  }
  output.err(
    `${paint(output, 'red', 'error')} hookwright failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
  );
  if (flags.debug) output.err((error as Error)?.stack);
  else
    output.err(
      'This is a bug in hookwright. Run again with --debug for the stack trace and please report it.',
    );
}

export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** A unified diff of one file, as `git diff` would show it. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, {
    context: 3,
  })
    .replace(/^=+\n/, '')
    .trimEnd();
}
