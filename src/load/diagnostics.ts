/**
 * The parser's diagnostics as problems the user can act on: file, line, column and JSON
 * path (found in the referenced file when the problem is there), the cascade after a
 * syntax error and the generic errors at every ancestor left out, and a hint.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '@asyncapi/parser';
import { formatJsonPath, type Problem } from '../pipeline/errors';
import { relative } from './paths';

/**
 * The parser reports a syntax error together with a cascade of schema errors that
 * follow from it, and an error at a deep path together with generic ones at every
 * ancestor ("must match a schema in anyOf"). Show the syntax errors alone when there
 * are any, and otherwise only the deepest errors.
 */
export function toProblems(diagnostics: Diagnostic[], rootSource: string): Problem[] {
  const syntax = diagnostics.filter((d) => d.code === 'parser');
  const chosen = syntax.length > 0 ? syntax : dropAncestors(diagnostics);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const d of chosen) {
    const file = d.source ? path.resolve(path.dirname(rootSource), d.source) : rootSource;
    const jsonPath = formatJsonPath(d.path);
    const key = `${file}\0${jsonPath}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({
      message: cleanMessage(d),
      code: String(d.code),
      jsonPath: d.path.map(String),
      where: {
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        path: jsonPath || undefined,
      },
    });
  }
  return problems.sort(
    (a, b) =>
      (a.where?.file ?? '').localeCompare(b.where?.file ?? '') ||
      (a.where?.line ?? 0) - (b.where?.line ?? 0) ||
      (a.where?.column ?? 0) - (b.where?.column ?? 0),
  );
}

/** The parser passes file-system errors through as they are; say what they mean. */
export function cleanMessage(d: Diagnostic): string {
  const missing = /^ENOENT: no such file or directory, open '(.+)'$/.exec(d.message);
  if (missing) return `$ref points to a file that does not exist: ${relative(missing[1])}`;
  return d.message;
}

export function dropAncestors(diagnostics: Diagnostic[]): Diagnostic[] {
  const paths = diagnostics.map((d) => d.path.map(String).join('\0'));
  const hasSpecific = new Set(
    paths.filter((_, i) => diagnostics[i].code === 'asyncapi-document-resolved'),
  );
  return diagnostics.filter((d, i) => {
    const mine = paths[i];
    // The JSON Schema rule repeats what the document rule said, less clearly ("must be array").
    if (/^asyncapi\d-schemas$/.test(String(d.code)) && hasSpecific.has(mine)) return false;
    if (d.path.length === 0 && d.code !== 'asyncapi-document-resolved') return true;
    return !paths.some(
      (other, j) =>
        j !== i && other.length > mine.length && other.startsWith(mine === '' ? '' : `${mine}\0`),
    );
  });
}

/**
 * For a problem in a referenced file the parser knows the file and the JSON path but
 * reports line 1: find the real line and column from the path.
 */
export async function locateInOtherFiles(
  problems: Problem[],
  rootSource: string,
): Promise<Problem[]> {
  const { parseWithPointers, getLocationForJsonPath } =
    require('@stoplight/yaml') as typeof import('@stoplight/yaml');
  const parsed = new Map<string, ReturnType<typeof parseWithPointers> | undefined>();
  for (const problem of problems) {
    const where = problem.where;
    if (
      !where ||
      where.file === rootSource ||
      where.line !== 1 ||
      where.column !== 1 ||
      !where.path
    )
      continue;
    if (!parsed.has(where.file)) {
      const text = await readFile(where.file, 'utf8').catch(() => undefined);
      parsed.set(where.file, text === undefined ? undefined : parseWithPointers(text));
    }
    const doc = parsed.get(where.file);
    const jsonPath = problem.jsonPath;
    const location = doc && jsonPath ? getLocationForJsonPath(doc, jsonPath, true) : undefined;
    if (location) {
      where.line = location.range.start.line + 1;
      where.column = location.range.start.character + 1;
    }
  }
  return problems;
}

export function hintFor(errors: Diagnostic[]): string | undefined {
  if (errors.some((d) => d.code === 'invalid-ref' && d.message.startsWith("'#/"))) {
    return 'A $ref inside the document is a JSON pointer: write a `/` inside a key as `~1` and a `~` as `~0` (the key `parcel/delivered` is `#/components/messages/parcel~1delivered`).';
  }
  if (errors.some((d) => d.code === 'invalid-ref')) {
    return 'A $ref that points to another file is resolved from the folder of the file that contains it.';
  }
  if (errors.some((d) => d.code === 'parser'))
    return 'Fix the YAML/JSON syntax first; other errors may follow from it.';
  if (errors.some((d) => d.code === 'asyncapi-is-asyncapi')) {
    return 'hookwright reads AsyncAPI 2.0 to 2.6 and 3.0 to 3.1 documents (the `asyncapi` field gives the version).';
  }
  return undefined;
}
