/**
 * Stage 1, load: a path on disk → a parsed AsyncAPI document, or a HookwrightError
 * listing every error-level diagnostic with file, line, column and JSON path.
 * Only this stage and `plan` know the parser's object model.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AsyncAPIDocumentInterface, Diagnostic } from '@asyncapi/parser';
import { HookwrightError, type Problem } from '../pipeline/errors';
import { checkDocument, documentLimits, type DocumentLimits } from './limits';
import { checkRefCycles } from './cycles';
import { documentFiles } from './graph';
import { hintFor, locateInOtherFiles, toProblems } from './diagnostics';
import { isInside, relative } from './paths';
import { parseOrExplain } from './parser-crash';
import { skipBuiltInRulesetCheck } from './spectral';

export interface LoadedDocument {
  document: AsyncAPIDocumentInterface;
  /** Absolute path of the root document. */
  source: string;
  /** Absolute paths of the root document and every file it references, sorted. */
  files: string[];
  /** Things the user should know that do not stop the run (a remote `$ref` that could not be fetched). */
  warnings: Problem[];
  /**
   * With `lenient`: the parser's errors that did not stop the run, each with file, line,
   * column and JSON path (the "known problems of the document"). Empty otherwise.
   */
  problems: Problem[];
}

export interface LoadOptions {
  /**
   * Go on when the parser reports errors but still builds a document (the parser's own
   * `allowedSeverity.error`). Syntax errors and unresolvable `$ref`s stay fatal.
   */
  lenient?: boolean;
  /** Folder that file `$ref`s must stay inside; the document's own folder by default. */
  refRoot?: string;
  /** Fetch http(s) `$ref`s; off by default (they are refused). */
  allowRemoteRefs?: boolean;
  /** Deadline of each remote `$ref` fetch, in milliseconds. */
  refTimeoutMs?: number;
}

/**
 * Diagnostics that stay fatal with `lenient`: YAML/JSON syntax, `$ref`s that do not
 * resolve, not an AsyncAPI document at all, and the parser failing on its own.
 */
const FATAL_CODES = new Set(['parser', 'invalid-ref', 'asyncapi-is-asyncapi', 'uncaught-error']);

/** What `--lenient` risks, said where a run stops without it. */
export const LENIENT_HINT =
  'If the document is still usable despite these errors (as providers often publish them), run again with --lenient: hookwright then reads it as the parser understood it and lists these errors as known problems. The risk: what the errors touch may be typed or validated differently from what the provider meant (an invalid part ignored, a misspelt type repaired or dropped), so check those places in the generated code.';

/** `DiagnosticSeverity.Error`, typed as the diagnostics' own copy of that enum (the parser
 * re-exports another copy of it, and loading the parser for a constant would defeat its lazy load). */
const SEVERITY_ERROR: Diagnostic['severity'] = 0;

/** Versions hookwright reads. The parser may know newer ones; we only promise these. */
const SUPPORTED_VERSION = /^(2\.[0-6]\.\d+|3\.[01]\.\d+)$/;

type ParserModule = typeof import('@asyncapi/parser');
let parserInstance: InstanceType<ParserModule['Parser']> | undefined;

/** How `$ref`s may leave the document: see `LoadOptions`. */
export const DEFAULT_REF_TIMEOUT_MS = 10_000;

/** What the current load's resolvers saw: set by `load`, read after the parse. */
interface RefPolicy {
  root: string;
  allowRemote: boolean;
  timeoutMs: number;
  limits: DocumentLimits;
  unreachable: string[];
  refused: string[];
  outside: Array<{ ref: string; real: string }>;
  tooLarge: HookwrightError[];
}
let policy: RefPolicy | undefined;

/** A stand-in for a document that is not read, so that the parse can finish and report. */
const standIn = (url: string) =>
  // An Avro schema must still look like one to pass validation.
  /\.avsc$/i.test(url) ? '{"type":"record","name":"Unavailable","fields":[]}' : '{}';

/** File `$ref`s: read only inside the root folder, each checked against the document limits. */
const fileReader = {
  schema: 'file' as const,
  order: 1,
  read: async (uri: { href(): string; toString(): string }) => {
    const current = policy as RefPolicy;
    const target = uri.href();
    const real = await realpath(target); // a missing file: the parser reports it
    if (!isInside(real, current.root)) {
      current.outside.push({ ref: target, real });
      return '{}';
    }
    const text = await readFile(real, 'utf8');
    try {
      checkDocument(text, relative(real), current.limits);
    } catch (error) {
      if (!(error instanceof HookwrightError)) throw error;
      current.tooLarge.push(error);
      return '{}';
    }
    return text;
  },
};

/**
 * http(s) `$ref`s: refused unless allowed; when allowed, fetched with a deadline. One that
 * cannot be fetched is replaced by an empty schema, so that an offline machine still gets a
 * receiver (with that payload untyped and unvalidated, and a warning that says so).
 */
const remoteReader = (schema: 'http' | 'https') => ({
  schema,
  order: 1,
  read: async (uri: { toString(): string }) => {
    const current = policy as RefPolicy;
    const url = uri.toString();
    if (!current.allowRemote) {
      current.refused.push(url);
      return standIn(url);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(current.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      checkDocument(text, url, current.limits);
      return text;
    } catch (error) {
      if (error instanceof HookwrightError) {
        current.tooLarge.push(error);
        return '{}';
      }
      current.unreachable.push(url);
      return standIn(url);
    }
  },
});

/** The parser is slow to load and to construct: do both lazily, once. */
function getParser(): InstanceType<ParserModule['Parser']> {
  if (!parserInstance) {
    skipBuiltInRulesetCheck();
    const { Parser } = require('@asyncapi/parser') as ParserModule;
    parserInstance = new Parser({
      // The recommended rules are style advice (add `id`, `license`, tags): they cost a
      // third of the parse and hookwright would not show them. Validation is all core.
      ruleset: { recommended: false },
      __unstable: {
        resolver: {
          resolvers: [fileReader, remoteReader('https'), remoteReader('http')],
          // Each load applies its own $ref policy: nothing read (or refused) by one load may be
          // answered from a cache to the next.
          cache: false,
        },
      },
    });
  }
  return parserInstance;
}

export async function load(specPath: string, options: LoadOptions = {}): Promise<LoadedDocument> {
  const source = path.resolve(specPath);
  const text = await readSpec(specPath, source);
  const limits = documentLimits();
  const ast = checkDocument(text, relative(source), limits);

  const root = await realpath(path.resolve(options.refRoot ?? path.dirname(source))).catch(() => {
    throw new HookwrightError(`--ref-root ${options.refRoot} is not a folder`);
  });
  const files = await documentFiles(source, ast, root, limits);
  checkRefCycles(files, source);
  const current: RefPolicy = {
    root,
    allowRemote: options.allowRemoteRefs === true,
    timeoutMs: options.refTimeoutMs ?? DEFAULT_REF_TIMEOUT_MS,
    limits,
    unreachable: [],
    refused: [],
    outside: [],
    tooLarge: [],
  };
  // The parser would read an absolute `$ref: /etc/passwd` as relative to the document's folder
  // and call it missing: name the real path and refuse it instead.
  for (const target of new Set(files.get(source)?.map(({ ref }) => ref.split('#')[0]))) {
    if (!path.isAbsolute(target)) continue;
    const real = await realpath(target).catch(() => target);
    if (!isInside(real, root)) current.outside.push({ ref: target, real });
  }
  refuseEscapes(current, source);
  policy = current;
  const lenient = options.lenient === true;
  let { document, diagnostics } = await parseOrExplain(
    getParser(),
    text,
    source,
    {
      source,
      // The parser's own switch: build the document even when validation found errors.
      ...(lenient ? { validateOptions: { allowedSeverity: { error: true } } } : {}),
    },
    !lenient,
  );
  if (current.tooLarge.length > 0) throw current.tooLarge[0];
  refuseEscapes(current, source);
  let errors = diagnostics.filter((d) => d.severity === SEVERITY_ERROR);
  let fatal = errors.some((d) => FATAL_CODES.has(String(d.code)));
  if (lenient && (!document || fatal)) {
    // Past validation the parser may fail in ways that hide the first errors (a document
    // that is not AsyncAPI at all): report what a strict parse says, as without --lenient.
    ({ document, diagnostics } = await parseOrExplain(getParser(), text, source, { source }));
    errors = diagnostics.filter((d) => d.severity === SEVERITY_ERROR);
    fatal = true;
  }
  if (!document || errors.length > 0) {
    if (!lenient || !document || fatal) {
      const problems = await locateInOtherFiles(
        toProblems(errors.length > 0 ? errors : diagnostics, source),
        source,
      );
      // Offer --lenient only where it would help: errors that are not fatal, flag not given.
      const offer =
        !lenient && errors.length > 0 && !errors.some((d) => FATAL_CODES.has(String(d.code)));
      throw new HookwrightError(`${relative(source)} is not a valid AsyncAPI document`, {
        problems,
        hint:
          [hintFor(errors), offer ? LENIENT_HINT : undefined].filter(Boolean).join('\n') ||
          undefined,
      });
    }
  }

  const version = document.version();
  if (!SUPPORTED_VERSION.test(version)) {
    throw new HookwrightError(
      `${relative(source)} uses AsyncAPI ${version}, which hookwright does not support`,
      {
        problems: [
          {
            message: `unsupported version "${version}"`,
            where: { file: source, path: 'asyncapi' },
          },
        ],
        hint: 'hookwright reads AsyncAPI 2.0 to 2.6 and 3.0 to 3.1.',
      },
    );
  }

  // The parser's lint findings (missing `id`, `license`, tags...) say nothing about
  // whether a receiver can be built, so they are not repeated here.
  const warnings: Problem[] = [];
  for (const url of [...new Set(current.unreachable)].sort()) {
    warnings.unshift({
      message: `could not fetch ${url}; what it describes is typed \`unknown\` and not validated`,
      where: { file: source },
      hint: 'Run where that address is reachable, or save the file next to the document and $ref it by a relative path.',
    });
  }
  const problems =
    errors.length > 0 ? await locateInOtherFiles(toProblems(errors, source), source) : [];
  // Every local file the document is made of, for the manifest to tell whether any input changed.
  return { document, source, files: [...files.keys()].sort(), warnings, problems };
}

async function readSpec(specPath: string, source: string): Promise<string> {
  let text: string;
  try {
    const info = await stat(source);
    if (info.isDirectory()) {
      throw new HookwrightError(`${specPath} is a folder, not an AsyncAPI document`, {
        hint: 'Pass the path of the YAML or JSON file, for example asyncapi.yaml.',
      });
    }
    text = await readFile(source, 'utf8');
  } catch (error) {
    if (error instanceof HookwrightError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : String((error as Error).message);
    throw new HookwrightError(`cannot read ${specPath}: ${reason}`, {
      problems: [{ message: reason, where: { file: source } }],
      hint:
        code === 'ENOENT' ? 'Check the path; it is resolved from the current folder.' : undefined,
      cause: error,
    });
  }
  if (text.trim() === '') {
    throw new HookwrightError(`${specPath} is empty`, {
      problems: [
        { message: 'the file has no content', where: { file: source, line: 1, column: 1 } },
      ],
      hint: 'An AsyncAPI document starts with `asyncapi: 3.1.0` (or 2.x) and has `info` and `channels`.',
    });
  }
  return text;
}

/** File `$ref`s outside the root, and remote ones while they are off, stop the run. */
function refuseEscapes(current: RefPolicy, source: string): void {
  if (current.outside.length > 0) {
    const seen = [...new Map(current.outside.map((o) => [o.real, o])).values()];
    throw new HookwrightError(
      `${relative(source)} refers to ${seen.length === 1 ? 'a file' : 'files'} outside ${current.root}`,
      {
        problems: seen.map((o) => ({
          message: `$ref to ${o.real}${o.real !== o.ref ? ` (written as ${o.ref})` : ''} is outside ${current.root}`,
          where: { file: source },
        })),
        hint: "File $refs must stay inside the document's folder. Pass --ref-root <folder> to allow a wider folder.",
      },
    );
  }
  if (current.refused.length > 0) {
    throw new HookwrightError(`${relative(source)} has remote $refs, which are off by default`, {
      problems: [...new Set(current.refused)].sort().map((url) => ({
        message: `remote $ref ${url} was not fetched`,
        where: { file: source },
      })),
      hint: 'Pass --allow-remote-refs to fetch them (each fetch has a deadline), or save the files next to the document and $ref them by a relative path.',
    });
  }
}
