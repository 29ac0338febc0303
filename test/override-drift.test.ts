/**
 * An override of a built-in template is written against the built-in of its day. When a
 * later hookwright changes that built-in, the override may lack what the change brought (a
 * new export, a new context field): the run says so, naming both files, until the override
 * itself changes. The manifest records the built-in's hash as of the override's last change;
 * a changed built-in is simulated by recording the hash an older built-in had.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILTIN_TEMPLATES } from '../src/render';
import { hash } from '../src/write/manifest';
import { REPO, hookwright } from './helpers/cli';
import { parseManifest } from './helpers/json';

const DOC = path.join(REPO, 'test/fixtures/providers/github-like.yaml');
const TEMPLATE = 'WEBHOOKS.md.hbs';
const DRIFT = /the built-in template WEBHOOKS\.md\.hbs has changed since your override /;

function project(): { dir: string; manifest: () => ReturnType<typeof parseManifest> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-drift-'));
  mkdirSync(path.join(dir, 'templates'));
  cpSync(path.join(BUILTIN_TEMPLATES, TEMPLATE), path.join(dir, 'templates', TEMPLATE));
  const manifestFile = path.join(dir, 'out/.hookwright/manifest.json');
  return { dir, manifest: () => parseManifest(readFileSync(manifestFile, 'utf8')) };
}

test('an override whose built-in changed since it was written is named until it changes', () => {
  const p = project();
  const out = path.join(p.dir, 'out');
  const first = hookwright([
    'generate',
    DOC,
    '-o',
    out,
    '--templates',
    path.join(p.dir, 'templates'),
  ]);
  expect(first.status).toBe(0);
  expect(first.stderr).not.toMatch(DRIFT);
  const builtinHash = hash(readFileSync(path.join(BUILTIN_TEMPLATES, TEMPLATE)));
  expect(p.manifest().templates?.builtins).toEqual({ [TEMPLATE]: builtinHash });

  // As if the override had been written against another (older) built-in.
  const manifestFile = path.join(out, '.hookwright/manifest.json');
  const older = p.manifest();
  older.templates = { ...older.templates!, builtins: { [TEMPLATE]: 'sha256:older' } };
  writeFileSync(manifestFile, JSON.stringify(older, null, 2));

  const warned = hookwright(['generate', DOC, '-o', out]);
  expect(warned.status).toBe(0);
  expect(warned.stderr).toMatch(DRIFT);
  // Both files are named, the user's override and the built-in to compare it with.
  expect(warned.stderr).toContain(path.join(BUILTIN_TEMPLATES, TEMPLATE));
  expect(warned.stderr).toContain(path.relative(REPO, path.join(p.dir, 'templates', TEMPLATE)));
  // The override is still used, and the old hash is kept: the next run says it again.
  expect(warned.stdout).toMatch(/^override +WEBHOOKS\.md\.hbs/m);
  expect(p.manifest().templates?.builtins).toEqual({ [TEMPLATE]: 'sha256:older' });
  const again = hookwright(['generate', DOC, '-o', out]);
  expect(again.stderr).toMatch(DRIFT);

  // The user brings the override up to date: the warning goes, and the installed built-in
  // is what the override now answers to.
  writeFileSync(
    path.join(p.dir, 'templates', TEMPLATE),
    `${readFileSync(path.join(BUILTIN_TEMPLATES, TEMPLATE), 'utf8')}\nReviewed against the new built-in.\n`,
  );
  const updated = hookwright(['generate', DOC, '-o', out]);
  expect(updated.status).toBe(0);
  expect(updated.stderr).not.toMatch(DRIFT);
  expect(p.manifest().templates?.builtins).toEqual({ [TEMPLATE]: builtinHash });
  expect(readFileSync(path.join(out, 'WEBHOOKS.md'), 'utf8')).toContain('Reviewed against');
}, 120_000);

test('a manifest from before the record: the installed built-in is recorded, without a warning', () => {
  const p = project();
  const out = path.join(p.dir, 'out');
  const templates = path.join(p.dir, 'templates');
  expect(hookwright(['generate', DOC, '-o', out, '--templates', templates]).status).toBe(0);
  const manifestFile = path.join(out, '.hookwright/manifest.json');
  const old = p.manifest();
  delete old.templates!.builtins;
  writeFileSync(manifestFile, JSON.stringify(old, null, 2));

  const run = hookwright(['generate', DOC, '-o', out]);
  expect(run.status).toBe(0);
  expect(run.stderr).not.toMatch(DRIFT);
  expect(p.manifest().templates?.builtins).toEqual({
    [TEMPLATE]: hash(readFileSync(path.join(BUILTIN_TEMPLATES, TEMPLATE))),
  });
}, 120_000);
