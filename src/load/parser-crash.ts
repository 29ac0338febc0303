/**
 * When @asyncapi/parser itself fails (it throws, or reports an `uncaught-error` diagnostic that
 * carries its own stack trace), that is a problem in the parser, not a validation error of the
 * document and not a bug in hookwright. It is said so, with the document location where one is
 * known, and without the library's stack frames.
 *
 * Where hookwright knows what sets such a failure off (an `asyncapi` field that is not a version
 * string), it reports that part of the document as the user's error, with its line.
 */
import path from 'node:path';
import type { Diagnostic, ParseOptions } from '@asyncapi/parser';
import { HookwrightError, type Problem } from '../pipeline/errors';

type ParserModule = typeof import('@asyncapi/parser');
type Parser = InstanceType<ParserModule['Parser']>;
type ParseOutput = Awaited<ReturnType<Parser['parse']>>;

/** `parser.parse`, with the parser's own failures turned into a HookwrightError that says whose they are. */
export async function parseOrExplain(
  parser: Parser,
  text: string,
  source: string,
  options: ParseOptions,
  /**
   * False for a lenient parse: past validation the parser may crash on what strict validation
   * reports properly, so the caller parses again strictly (which then explains its crash).
   */
  explainDiagnostic = true,
): Promise<ParseOutput> {
  let output: ParseOutput;
  try {
    output = await parser.parse(text, options);
  } catch (error) {
    throw parserFailure(text, source, describe(error), undefined, error);
  }
  const crash = output.diagnostics.find((d) => d.code === 'uncaught-error');
  if (crash && explainDiagnostic) throw parserFailure(text, source, fromDiagnostic(crash), crash);
  return output;
}

/** `Name: message` of the parser's uncaught error, without its stack. */
function fromDiagnostic(d: Diagnostic): string {
  // "<what>. Name: TypeError, message: Cannot read ..., stack: TypeError: ...\n    at ..."
  const match = /^(.*?)\. Name: ([^,]*), message: ([\s\S]*?), stack: /.exec(d.message);
  if (match) return `${match[1]}: ${match[2]}: ${firstLine(match[3])}`;
  return firstLine(d.message);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${firstLine(error.message)}`;
  return firstLine(String(error));
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/\s+at\s.*$/, '').trim();
}

function parserVersion(): string {
  try {
    return (require('@asyncapi/parser/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function parserFailure(
  text: string,
  source: string,
  what: string,
  diagnostic: Diagnostic | undefined,
  cause?: unknown,
): HookwrightError {
  const known = knownTrigger(text, source);
  if (known) return known;
  const where: Problem['where'] = { file: source };
  // A range other than the whole document is a real location.
  const range = diagnostic?.range;
  if (range && (range.start.line > 0 || range.start.character > 0)) {
    where.line = range.start.line + 1;
    where.column = range.start.character + 1;
  }
  if (diagnostic && diagnostic.path.length > 0) where.path = diagnostic.path.map(String).join('.');
  return new HookwrightError(
    `@asyncapi/parser ${parserVersion()} failed on ${path.basename(source)}: a problem in the parser, not a validation error`,
    {
      problems: [{ message: what, where }],
      hint: 'The parser crashed instead of reporting what it did not expect. Something unusual in the document usually sets this off (a value of the wrong type where the parser does not check it): look there first. If the document looks right, report it to https://github.com/asyncapi/parser-js/issues with the document.',
      cause,
    },
  );
}

/** A part of the document known to make the parser crash: reported as the user's mistake, with its line. */
function knownTrigger(text: string, source: string): HookwrightError | undefined {
  const { parseWithPointers, getLocationForJsonPath } =
    require('@stoplight/yaml') as typeof import('@stoplight/yaml');
  let parsed: ReturnType<typeof parseWithPointers>;
  try {
    parsed = parseWithPointers(text);
  } catch {
    return undefined;
  }
  const data = parsed.data as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object') return undefined;
  const version = data.asyncapi;
  if (version !== undefined && typeof version !== 'string') {
    const location = getLocationForJsonPath(parsed, ['asyncapi'], true);
    return new HookwrightError(`${path.basename(source)}: "asyncapi" must be a version string`, {
      problems: [
        {
          message: `"asyncapi" is ${Array.isArray(version) ? 'a list' : version === null ? 'null' : `a ${typeof version}`}, not a version like "3.0.0"`,
          where: {
            file: source,
            path: 'asyncapi',
            ...(location
              ? { line: location.range.start.line + 1, column: location.range.start.character + 1 }
              : {}),
          },
        },
      ],
      hint: 'Write the version as a string: asyncapi: 3.0.0 (or "2.6.0"). hookwright reads AsyncAPI 2.0 to 2.6 and 3.0 to 3.1.',
    });
  }
  return undefined;
}
