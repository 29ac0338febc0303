/**
 * Handlebars, set up for writing code rather than HTML: `noEscape` (escaping is the job
 * of the typed helpers below, chosen for where text lands) and `strict` (a misspelt
 * field is an error, not an empty string).
 */
import type { TemplateDelegate } from 'handlebars';
import { hash } from '../write/manifest';
import { overrideError } from './templates';
import { commentLine, jsonLiteral, markdownCode, markdownInline, stringLiteral } from './text';

export interface Engine {
  /**
   * `override`: the file of the user's override this source was read from (`--templates`);
   * then any failure to compile or render is the user's error, reported with that file and
   * the line and column Handlebars gives. A built-in template that fails is a bug.
   */
  compile(name: string, source: string, override?: string): TemplateDelegate;
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

/** How every template compiles (the build's precompiled ones too, see `precompile.ts`). */
export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  // An unknown helper fails when the template compiles, with its line, rather than when
  // (and if) the render reaches it.
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((k) => [k, true])),
  knownHelpersOnly: true,
};

/** What `Handlebars.precompile` gives and `Handlebars.template` takes. */
type TemplateSpecification = Parameters<typeof import('handlebars').template>[0];

let precompiled: Readonly<Record<string, TemplateSpecification>> | undefined;

/**
 * The built-in templates as the build precompiled them (`dist/render/precompiled.js`), by
 * the hash of their source: none when running from the TypeScript sources, and a template
 * edited since the build has another hash, so it is compiled as it is now.
 */
function precompiledSpecs(): Readonly<Record<string, TemplateSpecification>> {
  if (precompiled === undefined) {
    try {
      precompiled = require('./precompiled') as Record<string, TemplateSpecification>;
    } catch {
      precompiled = {};
    }
  }
  return precompiled;
}

export function createEngine(): Engine {
  const Handlebars = (require('handlebars') as typeof import('handlebars')).create();
  for (const [name, helper] of Object.entries(HELPERS))
    Handlebars.registerHelper(name, helper as (...args: unknown[]) => unknown);
  return {
    compile(name, source, override) {
      const fail = (stage: 'compile' | 'render', error: unknown) =>
        override === undefined
          ? templateError(name, error)
          : overrideError(override, stage, error, Object.keys(HELPERS));
      let template: TemplateDelegate;
      try {
        // A built-in template comes precompiled from the build. `compile` is lazy: an
        // override is compiled at once, so that its syntax errors are reported even when no
        // file of this project is rendered from it.
        const spec = override === undefined ? precompiledSpecs()[hash(source)] : undefined;
        if (override !== undefined) Handlebars.precompile(source, COMPILE_OPTIONS);
        template =
          spec !== undefined
            ? Handlebars.template(spec)
            : Handlebars.compile(source, COMPILE_OPTIONS);
      } catch (error) {
        throw fail('compile', error);
      }
      return (context: unknown, runtime?: { data?: object }) => {
        try {
          return template(context, runtime);
        } catch (error) {
          throw fail(
            /Parse error|knownHelpersOnly/.test(String(error)) ? 'compile' : 'render',
            error,
          );
        }
      };
    },
  };
}

/**
 * A built-in template that does not compile or render: a bug in hookwright, never in the
 * document (a user's override fails as the user's error, see `overrideError`).
 */
function templateError(name: string, error: unknown): Error {
  return new Error(`built-in template ${name} failed: ${(error as Error).message.split('\n')[0]}`, {
    cause: error,
  });
}
