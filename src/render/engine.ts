/**
 * Handlebars, set up for writing code rather than HTML: `noEscape` (escaping is the job
 * of the typed helpers below, chosen for where text lands) and `strict` (a misspelt
 * field is an error, not an empty string).
 */
import type { TemplateDelegate } from 'handlebars';
import { commentLine, jsonLiteral, markdownCode, markdownInline, stringLiteral } from './text';

export interface Engine {
  compile(name: string, source: string): TemplateDelegate;
}

/**
 * A template's value as text (`undefined` and `null` are empty). An object or a list is a
 * bug in the template or its context, not `[object Object]` in generated code.
 */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  throw new Error(`expected text, got ${Array.isArray(value) ? 'a list' : typeof value}`);
}

/** Every helper a template may use. */
const HELPERS = {
  /** A single-quoted TypeScript string literal. */
  str: (value: unknown) => stringLiteral(text(value)),
  /** A JSON value as TypeScript/JSON source. */
  json: (value: unknown) => jsonLiteral(value),
  /** Text for a one-line comment. */
  comment: (value: unknown) =>
    commentLine(value === undefined || value === null ? undefined : text(value)),
  /** Text for Markdown prose or a table cell. */
  md: (value: unknown) =>
    markdownInline(value === undefined || value === null ? undefined : text(value)),
  /** Text as Markdown inline code. */
  code: (value: unknown) => markdownCode(text(value)),
  eq: (a: unknown, b: unknown) => a === b,
  concat: (...args: unknown[]) => args.slice(0, -1).map(text).join(''),
} satisfies Record<string, (...args: never[]) => unknown>;

export function createEngine(): Engine {
  const Handlebars = (require('handlebars') as typeof import('handlebars')).create();
  for (const [name, helper] of Object.entries(HELPERS))
    Handlebars.registerHelper(name, helper as (...args: unknown[]) => unknown);
  return {
    compile(name, source) {
      let template: TemplateDelegate;
      try {
        template = Handlebars.compile(source, {
          noEscape: true,
          strict: true,
          knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((k) => [k, true])),
        });
      } catch (error) {
        throw templateError(name, error);
      }
      return (context: unknown, options?: { data?: object }) => {
        try {
          return template(context, options);
        } catch (error) {
          throw templateError(name, error);
        }
      };
    },
  };
}

/** A template that does not compile or render: a bug in hookwright (or in a template override), never in the document. */
function templateError(name: string, error: unknown): Error {
  return new Error(
    `template ${name} failed (if you use --templates, check that template): ${(error as Error).message.split('\n')[0]}`,
    { cause: error },
  );
}
