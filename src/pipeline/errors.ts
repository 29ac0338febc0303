/**
 * The one error type of hookwright. A user mistake (a bad document, a wrong flag)
 * is a `HookwrightError` carrying what went wrong and where; anything else that
 * escapes a stage is a bug, and the CLI says so.
 */

/** Where a problem is: a file, optionally a 1-based line and column, and a JSON pointer. */
export interface Where {
  file: string;
  line?: number;
  column?: number;
  /** JSON path inside the document, for example `channels./hooks.publish.message`. */
  path?: string;
}

export interface Problem {
  message: string;
  where?: Where;
  hint?: string;
  /** Diagnostic code from the parser or hookwright, for example `asyncapi-document-resolved`. */
  code?: string;
  /** The JSON path as segments, when the problem came from the parser. */
  jsonPath?: string[];
}

export class HookwrightError extends Error {
  readonly problems: readonly Problem[];
  readonly hint?: string;

  constructor(
    message: string,
    options: { problems?: Problem[]; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HookwrightError';
    this.problems = options.problems ?? [];
    this.hint = options.hint;
  }
}

export function isHookwrightError(value: unknown): value is HookwrightError {
  return value instanceof HookwrightError;
}

/** `file:line:col` (or as much of it as is known). */
export function formatWhere(where: Where): string {
  let out = where.file;
  if (where.line !== undefined) {
    out += `:${where.line}`;
    if (where.column !== undefined) out += `:${where.column}`;
  }
  return out;
}

/** Turns a parser/JSON path (array of keys) into the dotted form used in messages. */
export function formatJsonPath(path: ReadonlyArray<string | number>): string {
  return path
    .map((segment) => {
      const s = String(segment);
      return /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
    })
    .join('')
    .replace(/^\./, '');
}
