/**
 * The build precompiles every built-in template (`src/render/precompile.ts`), and a run
 * uses the precompiled one only while its source is the one the build saw. `npm test`
 * builds first, so `dist/` is this source tree's.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BUILTIN_TEMPLATES } from '../../src/render';
import { createEngine } from '../../src/render/engine';
import { hash } from '../../src/write/manifest';
import { REPO } from '../helpers/cli';
import { listTree } from '../helpers/tree';

const DIST_RENDER = path.join(REPO, 'dist', 'render');
const REGISTRY = 'src/generated/handler-registry.ts.hbs';
const context = { routes: [{ name: 'receiveOrder' }, { name: 'receiveRefund' }] };

const load = createRequire(__filename);
type Engine = ReturnType<typeof createEngine>;
const distEngine = (): Engine =>
  (load(path.join(DIST_RENDER, 'engine.js')) as { createEngine: () => Engine }).createEngine();
const distSpecs = () => load(path.join(DIST_RENDER, 'precompiled.js')) as Record<string, unknown>;

test('the build precompiled every built-in .hbs template, keyed by its source', () => {
  expect(existsSync(path.join(DIST_RENDER, 'precompiled.js'))).toBe(true);
  const specs = distSpecs();
  const templates = listTree(BUILTIN_TEMPLATES).filter((f) => f.endsWith('.hbs'));
  expect(templates.length).toBeGreaterThan(10);
  const keys = templates.map((f) => hash(readFileSync(path.join(BUILTIN_TEMPLATES, f), 'utf8')));
  expect(Object.keys(specs).sort()).toEqual([...new Set(keys)].sort());
});

test('a precompiled template renders what compiling its source renders', () => {
  const source = readFileSync(path.join(BUILTIN_TEMPLATES, REGISTRY), 'utf8');
  const rendered = distEngine().compile(REGISTRY, source)(context);
  expect(rendered).toBe(createEngine().compile(REGISTRY, source)(context));
  expect(rendered).toContain("import receiveRefund from '../handlers/receiveRefund';");
});

test('a built-in template is rendered from its precompiled form, not compiled again', () => {
  // Swap the precompiled form of the registry template for another one: the run renders
  // what the precompiled form says, so it was not compiled from the source.
  const source = readFileSync(path.join(BUILTIN_TEMPLATES, REGISTRY), 'utf8');
  const specs = distSpecs();
  const key = hash(source);
  const real = specs[key];
  const Handlebars = load('handlebars') as typeof import('handlebars');
  const fake = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-precompiled-')), 'fake.js');
  const spec = Handlebars.precompile('precompiled {{routes.length}}', { strict: true }) as string;
  writeFileSync(fake, `module.exports = ${spec};\n`);
  specs[key] = load(fake);
  try {
    expect(distEngine().compile(REGISTRY, source)(context)).toBe('precompiled 2');
  } finally {
    specs[key] = real;
  }
});

test('a template edited since the build is compiled as it is now, not served stale', () => {
  const source = `${readFileSync(path.join(BUILTIN_TEMPLATES, REGISTRY), 'utf8')}// edited {{routes.length}}\n`;
  expect(distEngine().compile(REGISTRY, source)(context)).toMatch(/\/\/ edited 2\n$/);
});

test('an override is compiled from its own source even when it equals a built-in', () => {
  // Its syntax errors must name the override's file: a broken copy fails as the user's error.
  const broken = '{{#each routes}}\n{{name}\n';
  expect(() =>
    distEngine().compile(REGISTRY, broken, '/my/templates/handler-registry.ts.hbs'),
  ).toThrow(/your template override handler-registry\.ts\.hbs failed to compile/);
});
