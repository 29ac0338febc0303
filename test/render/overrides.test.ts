/**
 * `--templates <dir>`: which files override what, and how a broken override is reported
 * (the user's error, with its own file and line; a broken built-in is a bug).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HookwrightError } from '../../src/pipeline/errors';
import { createEngine } from '../../src/render/engine';
import { BUILTIN_TEMPLATES, readOverrides, templateSources } from '../../src/render/templates';
import { hash } from '../../src/write/manifest';

const BUILTINS = [
  'README.md.hbs',
  'src/generated/handlers.ts.hbs',
  'src/generated/runtime/core.ts',
  'src/handlers/handler.ts.hbs',
];

function overridesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-overrides-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), content);
  }
  return dir;
}

describe('readOverrides', () => {
  test('each file overrides the built-in of the same relative path, with its hash', async () => {
    const dir = overridesDir({
      'src/handlers/handler.ts.hbs': 'stub {{name}}',
      'src/generated/runtime/core.ts': 'export {};\n',
      '.DS_Store': 'litter',
    });
    const overrides = await readOverrides(dir, BUILTINS);
    expect(overrides).toEqual({
      dir,
      files: {
        'src/generated/runtime/core.ts': hash('export {};\n'),
        'src/handlers/handler.ts.hbs': hash('stub {{name}}'),
      },
      // The built-in each one replaces, as installed.
      builtins: {
        'src/generated/runtime/core.ts': hash(
          readFileSync(path.join(BUILTIN_TEMPLATES, 'src/generated/runtime/core.ts')),
        ),
        'src/handlers/handler.ts.hbs': hash(
          readFileSync(path.join(BUILTIN_TEMPLATES, 'src/handlers/handler.ts.hbs')),
        ),
      },
    });
    expect(templateSources('/builtin', BUILTINS, overrides)).toEqual([
      { path: 'README.md.hbs', file: '/builtin/README.md.hbs', override: false },
      {
        path: 'src/generated/handlers.ts.hbs',
        file: '/builtin/src/generated/handlers.ts.hbs',
        override: false,
      },
      {
        path: 'src/generated/runtime/core.ts',
        file: path.join(dir, 'src/generated/runtime/core.ts'),
        override: true,
      },
      {
        path: 'src/handlers/handler.ts.hbs',
        file: path.join(dir, 'src/handlers/handler.ts.hbs'),
        override: true,
      },
    ]);
  });

  test('a file that overrides nothing is refused, naming it, with the built-in it may mean', async () => {
    const dir = overridesDir({ 'src/handler.ts.hbs': 'x', 'handlers.ts': 'y' });
    const error = await readOverrides(dir, BUILTINS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookwrightError);
    const { message, problems } = error as HookwrightError;
    expect(message).toMatch(/2 files in .* override no built-in template; nothing was written/);
    expect(problems.map((p) => [path.relative(dir, p.where?.file ?? ''), p.hint])).toEqual([
      ['handlers.ts', 'Did you mean src/generated/handlers.ts.hbs?'],
      ['src/handler.ts.hbs', 'Did you mean src/handlers/handler.ts.hbs?'],
    ]);
  });

  test('a folder that is not there is the user’s error', async () => {
    await expect(readOverrides('/nonexistent/templates', BUILTINS)).rejects.toThrow(
      /--templates: \/nonexistent\/templates does not exist/,
    );
  });
});

describe('a broken override: the user’s error, with its file and line', () => {
  const file = '/my/templates/src/handlers/handler.ts.hbs';
  const cases: Array<[string, string, RegExp, number, number | undefined]> = [
    [
      'a syntax error',
      'line one\nline two {{#if name}}\nno end',
      /syntax error: Expecting .*got 'EOF'/,
      3,
      undefined,
    ],
    ['an unknown helper', 'one\n\n  {{shout name}}\n', /unknown helper shout/, 3, 3],
    ['a field the context does not have', 'one\n  {{nmae}}\n', /"nmae" not defined/, 2, 5],
  ];
  test.each(cases)('%s', (_name, source, message, line, column) => {
    const engine = createEngine();
    let error: unknown;
    try {
      engine.compile('src/handlers/handler.ts.hbs', source, file)({ name: 'receiveOrder' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HookwrightError);
    const { problems, hint } = error as HookwrightError;
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(message);
    expect(problems[0].where).toEqual({ file, line, column });
    expect(hint).toMatch(/the helpers if, unless, each, with, lookup, str, json/);
  });

  test('a built-in template that fails is a bug, not a HookwrightError', () => {
    const engine = createEngine();
    expect(() => engine.compile('x.hbs', '{{#if}}')({})).toThrow(Error);
    let error: unknown;
    try {
      engine.compile('x.hbs', '{{nope}}')({});
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(HookwrightError);
  });
});
