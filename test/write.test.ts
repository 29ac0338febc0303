/**
 * The write stage in-process (the CLI tests run it through the built package): every action
 * of the plan, the transaction of applyPlan, the manifest and the path checks, each against a
 * real folder in tmp.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HookwrightError } from '../src/pipeline/errors';
import type { GeneratedFile } from '../src/pipeline/files';
import { applyPlan, changes, planWrite, type WritePlan } from '../src/write';
import {
  MANIFEST_PATH,
  MANIFEST_VERSION,
  hash,
  readManifest,
  serialiseManifest,
  type Manifest,
} from '../src/write/manifest';
import { assertSafeRelativePath, insideResolver } from '../src/write/paths';
import { readTree } from './helpers/tree';

const folder = () => mkdtempSync(path.join(tmpdir(), 'hookwright-write-'));
const gen = (p: string, content: string): GeneratedFile => ({
  path: p,
  content,
  ownership: 'generated',
});
const scaffold = (p: string, content: string): GeneratedFile => ({
  path: p,
  content,
  ownership: 'scaffolded',
});

/** A manifest recording `files` as written by hookwright. */
function manifestOf(files: GeneratedFile[]): Manifest {
  return {
    manifestVersion: MANIFEST_VERSION,
    generator: { name: 'hookwright', version: '0.0.0-test' },
    spec: 'spec.yaml',
    options: {},
    inputs: {},
    generated: Object.fromEntries(
      files.filter((f) => f.ownership === 'generated').map((f) => [f.path, hash(f.content)]),
    ),
    scaffolded: files.filter((f) => f.ownership === 'scaffolded').map((f) => f.path),
    operations: {},
  };
}

/** Plans and applies `files` into `dir` as a run would, returning the plan. */
async function run(dir: string, files: GeneratedFile[], force = false): Promise<WritePlan> {
  const previous = await readManifest(dir);
  const plan = await planWrite(dir, files, previous, { force });
  await applyPlan(plan, serialiseManifest(manifestOf(files)));
  return plan;
}

const actions = (plan: WritePlan) => Object.fromEntries(plan.files.map((f) => [f.path, f.action]));

const first = [
  gen('src/generated/a.ts', 'a1\n'),
  gen('src/generated/models/m.ts', 'm1\n'),
  scaffold('src/handlers/h.ts', 'stub\n'),
  scaffold('package.json', '{}\n'),
];

describe('planWrite', () => {
  test('a new folder: every file is created, and the plan says it is fresh', async () => {
    const dir = path.join(folder(), 'project');
    const plan = await planWrite(dir, first, undefined);
    expect(plan.fresh).toBe(true);
    expect(plan.files).toEqual([
      { path: 'package.json', action: 'create', ownership: 'scaffolded', content: '{}\n' },
      { path: 'src/generated/a.ts', action: 'create', ownership: 'generated', content: 'a1\n' },
      {
        path: 'src/generated/models/m.ts',
        action: 'create',
        ownership: 'generated',
        content: 'm1\n',
      },
      { path: 'src/handlers/h.ts', action: 'create', ownership: 'scaffolded', content: 'stub\n' },
    ]);
    expect(existsSync(dir)).toBe(false); // planning reads, never writes
  });

  test('the same run again: generated files unchanged, scaffolded ones kept', async () => {
    const dir = folder();
    await run(dir, first);
    const plan = await planWrite(dir, first, await readManifest(dir));
    expect(plan.fresh).toBe(false);
    expect(actions(plan)).toEqual({
      'package.json': 'keep',
      'src/generated/a.ts': 'unchanged',
      'src/generated/models/m.ts': 'unchanged',
      'src/handlers/h.ts': 'keep',
    });
    expect(changes(plan)).toEqual([]);
  });

  test('new content: an untouched generated file is updated, an edited one is a conflict (update with force)', async () => {
    const dir = folder();
    await run(dir, first);
    writeFileSync(path.join(dir, 'src/generated/models/m.ts'), 'edited by hand\n');
    writeFileSync(path.join(dir, 'src/handlers/h.ts'), 'my handler\n');
    const next = [
      gen('src/generated/a.ts', 'a2\n'),
      gen('src/generated/models/m.ts', 'm2\n'),
      scaffold('src/handlers/h.ts', 'new stub\n'),
      scaffold('package.json', '{}\n'),
    ];
    const previous = await readManifest(dir);
    const plan = await planWrite(dir, next, previous);
    expect(plan.files.find((f) => f.path === 'src/generated/a.ts')).toEqual({
      path: 'src/generated/a.ts',
      action: 'update',
      ownership: 'generated',
      content: 'a2\n',
      previous: 'a1\n',
    });
    expect(plan.files.find((f) => f.path === 'src/generated/models/m.ts')).toEqual({
      path: 'src/generated/models/m.ts',
      action: 'conflict',
      ownership: 'generated',
      content: 'm2\n',
      previous: 'edited by hand\n',
    });
    expect(actions(plan)['src/handlers/h.ts']).toBe('keep');
    expect(changes(plan).map((f) => f.path)).toEqual([
      'src/generated/a.ts',
      'src/generated/models/m.ts',
    ]);
    await expect(applyPlan(plan, '{}')).rejects.toThrow('applyPlan called with conflicts');

    const forced = await planWrite(dir, next, previous, { force: true });
    expect(actions(forced)['src/generated/models/m.ts']).toBe('update');
    // Without a manifest entry, a differing generated file is not known to be untouched.
    const unknown = await planWrite(dir, next, { ...manifestOf([]), generated: {} });
    expect(actions(unknown)['src/generated/a.ts']).toBe('conflict');
  });

  test('files the run no longer produces: untouched generated ones are deleted, the rest orphaned', async () => {
    const dir = folder();
    const files = [
      ...first,
      gen('src/generated/old/gone.ts', 'gone\n'),
      gen('src/generated/edited.ts', 'x\n'),
      gen('src/generated/missing.ts', 'y\n'),
      scaffold('src/handlers/old.ts', 'old stub\n'),
    ];
    await run(dir, files);
    writeFileSync(path.join(dir, 'src/generated/edited.ts'), 'changed\n');
    await import('node:fs/promises').then((fs) =>
      fs.rm(path.join(dir, 'src/generated/missing.ts')),
    );
    const plan = await planWrite(dir, first, await readManifest(dir));
    expect(plan.files.filter((f) => !first.some((g) => g.path === f.path))).toEqual([
      { path: 'src/generated/edited.ts', action: 'orphan', ownership: 'generated' },
      { path: 'src/generated/old/gone.ts', action: 'delete', ownership: 'generated' },
      { path: 'src/handlers/old.ts', action: 'orphan', ownership: 'scaffolded' },
    ]);
  });

  test('a scaffolded file of a removed operation: deleted while exactly as scaffolded, else orphaned', async () => {
    const dir = folder();
    const files = [
      ...first,
      scaffold('src/handlers/untouched.ts', 'stub\n'),
      scaffold('src/handlers/edited.ts', 'stub\n'),
    ];
    await run(dir, files);
    writeFileSync(path.join(dir, 'src/handlers/edited.ts'), 'my code\n');
    const previous: Manifest = {
      ...manifestOf(files),
      scaffoldHashes: {
        'src/handlers/untouched.ts': hash('stub\n'),
        'src/handlers/edited.ts': hash('stub\n'),
      },
    };
    const plan = await planWrite(dir, first, previous);
    expect(
      plan.files.filter(
        (f) => f.path.startsWith('src/handlers/') && f.path !== 'src/handlers/h.ts',
      ),
    ).toEqual([
      { path: 'src/handlers/edited.ts', action: 'orphan', ownership: 'scaffolded' },
      {
        path: 'src/handlers/untouched.ts',
        action: 'delete',
        ownership: 'scaffolded',
        note: 'unchanged since it was scaffolded',
      },
    ]);
  });

  test("a file that was generated and is now scaffolded: replaced once while untouched, else the user's", async () => {
    const dir = folder();
    const old = [gen('README.md', 'generated readme\n'), gen('NOTES.md', 'generated notes\n')];
    await run(dir, old);
    writeFileSync(path.join(dir, 'NOTES.md'), 'my notes\n');
    const now = [scaffold('README.md', 'scaffolded readme\n'), scaffold('NOTES.md', 'scaffold\n')];
    const plan = await planWrite(dir, now, await readManifest(dir));
    expect(plan.files).toEqual([
      {
        path: 'NOTES.md',
        action: 'keep',
        ownership: 'scaffolded',
        note: 'was generated, and you edited it: yours from now on, as it is',
      },
      {
        path: 'README.md',
        action: 'update',
        ownership: 'scaffolded',
        content: 'scaffolded readme\n',
        previous: 'generated readme\n',
        note: 'was generated and is unchanged: replaced by its scaffold, yours from now on',
      },
    ]);
    // Already replaced (the content is the scaffold's): kept, with nothing to say.
    writeFileSync(path.join(dir, 'README.md'), 'scaffolded readme\n');
    const again = await planWrite(dir, now, {
      ...manifestOf(old),
      generated: { 'README.md': hash('scaffolded readme\n') },
    });
    expect(again.files.find((f) => f.path === 'README.md')).toEqual({
      path: 'README.md',
      action: 'keep',
      ownership: 'scaffolded',
      note: 'was generated, and you edited it: yours from now on, as it is',
    });
  });

  test("an older project's package.json: hookwright's own values migrated in place, with a note", async () => {
    const dir = folder();
    const oldScripts = {
      scripts: { test: 'npm run typecheck && node --import tsx --test test/receiver.test.ts' },
    };
    await run(dir, [scaffold('package.json', `${JSON.stringify(oldScripts, null, 2)}\n`)]);
    const scaffolded = {
      scripts: { test: 'tsx scripts/run-tests.ts' },
      devDependencies: { hookwright: '0.2.0' },
    };
    const plan = await planWrite(
      dir,
      [scaffold('package.json', `${JSON.stringify(scaffolded, null, 2)}\n`)],
      await readManifest(dir),
    );
    expect(plan.files).toEqual([
      {
        path: 'package.json',
        action: 'update',
        ownership: 'scaffolded',
        previous: `${JSON.stringify(oldScripts, null, 2)}\n`,
        content: `${JSON.stringify({ scripts: { test: 'tsx scripts/run-tests.ts' }, devDependencies: { hookwright: '0.2.0' } }, null, 2)}\n`,
        note: 'scripts.test: "tsx scripts/run-tests.ts"; devDependencies.hookwright: "0.2.0" (regeneration uses this copy)',
      },
    ]);
  });

  test('force into a folder that has some of the files: differing ones are updated, equal ones unchanged', async () => {
    const dir = folder();
    mkdirSync(path.join(dir, 'src/generated'), { recursive: true });
    writeFileSync(path.join(dir, 'src/generated/a.ts'), 'something else\n');
    writeFileSync(path.join(dir, 'package.json'), '{}\n');
    const plan = await planWrite(dir, first, undefined, { force: true });
    expect(actions(plan)).toEqual({
      'package.json': 'keep',
      'src/generated/a.ts': 'update',
      'src/generated/models/m.ts': 'create',
      'src/handlers/h.ts': 'create',
    });
  });

  test('a symlink that leads out of the folder stops the plan before anything is read there', async () => {
    const dir = folder();
    const outside = folder();
    writeFileSync(path.join(outside, 'a.ts'), 'outside\n');
    mkdirSync(path.join(dir, 'src'));
    symlinkSync(outside, path.join(dir, 'src', 'generated'));
    await expect(planWrite(dir, first, manifestOf(first))).rejects.toThrow(
      /outside the output folder/,
    );
  });

  test('changes(): what a run would write or remove', () => {
    const plan: WritePlan = {
      outDir: '/x',
      fresh: false,
      files: (
        ['create', 'update', 'unchanged', 'keep', 'delete', 'orphan', 'conflict'] as const
      ).map((action) => ({ path: action, action, ownership: 'generated' })),
    };
    expect(changes(plan).map((f) => f.action)).toEqual(['create', 'update', 'delete', 'conflict']);
  });

  test('a non-empty folder without a manifest is refused unless forced; a file is not a folder', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const refused = (await planWrite(dir, first, undefined).catch(
      (e: unknown) => e,
    )) as HookwrightError;
    expect(refused.message).toBe(`${dir} exists, is not empty and is not a hookwright project`);
    expect(refused.hint).toMatch(/--force/);
    const forced = await planWrite(dir, first, undefined, { force: true });
    expect(forced.files.every((f) => f.action === 'create')).toBe(true);
    const empty = folder();
    expect((await planWrite(empty, first, undefined)).fresh).toBe(true);
    const notFolder = (await planWrite(path.join(dir, 'notes.txt'), first, undefined).catch(
      (e: unknown) => e,
    )) as HookwrightError;
    expect(notFolder).toBeInstanceOf(HookwrightError);
    expect(notFolder.message).toMatch(/notes\.txt is a file, not a folder$/);
    expect(notFolder.hint).toBe('Pass a folder for --output.');
    // Any other reason the folder cannot be read is not a user error to reword.
    await expect(planWrite('bad\0path', first, undefined)).rejects.not.toBeInstanceOf(
      HookwrightError,
    );
  });

  test('many files: planned in order, whatever the batching', async () => {
    const dir = folder();
    const many = Array.from({ length: 70 }, (_, i) =>
      gen(`src/generated/f${String(i).padStart(2, '0')}.ts`, `${i}\n`),
    );
    await run(dir, many);
    for (const file of many)
      expect(readFileSync(path.join(dir, file.path), 'utf8')).toBe(file.content);
    const again = many.map((f, i) => (i % 2 === 0 ? gen(f.path, `${i} changed\n`) : f));
    const plan = await planWrite(dir, [...again].reverse(), await readManifest(dir));
    expect(plan.files.map((f) => f.path)).toEqual(many.map((f) => f.path));
    expect(plan.files.map((f) => f.action)).toEqual(
      many.map((_, i) => (i % 2 === 0 ? 'update' : 'unchanged')),
    );
    expect(plan.files[0]?.previous).toBe('0\n');
  });
});

describe('applyPlan', () => {
  test('writes the files and the manifest; deletes stale files and the folders they leave empty', async () => {
    const dir = folder();
    const files = [...first, gen('src/generated/old/deep/gone.ts', 'gone\n')];
    await run(dir, files);
    expect(readTree(dir)).toEqual({
      '.hookwright/manifest.json': serialiseManifest(manifestOf(files)),
      'package.json': '{}\n',
      'src/generated/a.ts': 'a1\n',
      'src/generated/models/m.ts': 'm1\n',
      'src/generated/old/deep/gone.ts': 'gone\n',
      'src/handlers/h.ts': 'stub\n',
    });
    writeFileSync(path.join(dir, 'src/generated/models/mine.txt'), 'keep me');
    const next = [
      gen('src/generated/a.ts', 'a2\n'),
      scaffold('src/handlers/h.ts', 'changed stub\n'),
      scaffold('package.json', '{}\n'),
    ];
    const plan = await run(dir, next);
    expect(actions(plan)).toMatchObject({
      'src/generated/models/m.ts': 'delete',
      'src/generated/old/deep/gone.ts': 'delete',
    });
    expect(readTree(dir)).toEqual({
      '.hookwright/manifest.json': serialiseManifest(manifestOf(next)),
      'package.json': '{}\n',
      'src/generated/a.ts': 'a2\n',
      'src/generated/models/mine.txt': 'keep me',
      'src/handlers/h.ts': 'stub\n',
    });
    expect(existsSync(path.join(dir, 'src/generated/old'))).toBe(false);
    expect(existsSync(path.join(dir, '.hookwright/tmp'))).toBe(false);
  });

  test('folders emptied by deletions go, deepest first, whatever order the files came in', async () => {
    const dir = folder();
    const files = [gen('a/x.ts', 'x\n'), gen('a/b/c/y.ts', 'y\n'), gen('keep/z.ts', 'z\n')];
    await run(dir, files);
    await run(dir, [gen('keep/z.ts', 'z\n')]);
    expect(readdirSync(dir).sort()).toEqual(['.hookwright', 'keep']);
  });

  test('a failure halfway puts every file back and leaves no staging folder', async () => {
    const dir = folder();
    await run(dir, first);
    const before = readTree(dir);
    // A folder where a new file must go: the rename into place fails after others succeeded.
    mkdirSync(path.join(dir, 'src/handlers/zz.ts/blocker'), { recursive: true });
    const next = [
      gen('src/generated/a.ts', 'a2\n'),
      gen('src/generated/models/m.ts', 'm2\n'),
      scaffold('src/handlers/h.ts', 'stub\n'),
      scaffold('src/handlers/zz.ts', 'new\n'),
      scaffold('package.json', '{}\n'),
    ];
    const plan = await planWrite(dir, next, await readManifest(dir));
    const error = await applyPlan(plan, '{"new":true}\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookwrightError);
    expect((error as HookwrightError).message).toMatch(/^could not write the project: /);
    expect((error as HookwrightError).hint).toMatch(/Nothing was changed/);
    const after = readTree(dir);
    delete after['src/handlers/zz.ts/blocker'];
    expect(after).toEqual(before);
    expect(existsSync(path.join(dir, '.hookwright/tmp'))).toBe(false);
  });

  test('a fresh folder that cannot be written is removed again', async () => {
    const parent = folder();
    const dir = path.join(parent, 'project');
    const plan = await planWrite(dir, [gen('a.ts', 'a\n'), gen('a.ts/b.ts', 'b\n')], undefined);
    await expect(applyPlan(plan, '{}\n')).rejects.toThrow(HookwrightError);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('manifest', () => {
  test('absent: undefined; unreadable or of another version: an error naming the file', async () => {
    const dir = folder();
    expect(await readManifest(dir)).toBeUndefined();
    mkdirSync(path.join(dir, '.hookwright'));
    const file = path.join(dir, MANIFEST_PATH);
    for (const text of [
      'not json',
      JSON.stringify({ ...manifestOf(first), manifestVersion: 2 }),
      JSON.stringify({ ...manifestOf(first), generated: 'x' }),
      JSON.stringify({ ...manifestOf(first), operations: 1 }),
    ]) {
      writeFileSync(file, text);
      const error = (await readManifest(dir).catch((e: unknown) => e)) as HookwrightError;
      expect(error).toBeInstanceOf(HookwrightError);
      expect(error.message).toBe(`${file} is not a hookwright manifest this version can read`);
      expect(error.problems[0]?.where).toEqual({ file });
      expect(error.hint).toMatch(/--force/);
    }
    writeFileSync(file, JSON.stringify({ ...manifestOf(first), manifestVersion: 2 }));
    const version = (await readManifest(dir).catch((e: unknown) => e)) as HookwrightError;
    expect(version.problems[0]?.message).toBe('unknown manifest version');
    writeFileSync(file, serialiseManifest(manifestOf(first)));
    expect(await readManifest(dir)).toEqual(manifestOf(first));
    // Unreadable for another reason than absence (a folder in its place): not "no manifest".
    const other = folder();
    mkdirSync(path.join(other, MANIFEST_PATH), { recursive: true });
    await expect(readManifest(other)).rejects.toThrow(/EISDIR/);
  });

  test('serialised deterministically: keys sorted at every level, two spaces, a final newline', () => {
    const manifest = { ...manifestOf(first), inputs: { 'z.yaml': '1', 'a.yaml': '2' } };
    const text = serialiseManifest(manifest);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('"a.yaml"')).toBeLessThan(text.indexOf('"z.yaml"'));
    expect(Object.keys(JSON.parse(text) as object)).toEqual([...Object.keys(manifest)].sort());
    expect(text).toContain('\n  "generator": {\n    "name": "hookwright",');
    expect(serialiseManifest({ ...manifest, scaffolded: ['b', 'a'] })).toContain(
      '"scaffolded": [\n    "b",\n    "a"\n  ]',
    );
  });

  test('hash: sha256 of the content, hex, prefixed', () => {
    expect(hash('')).toBe(
      'sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hash(Buffer.from('abc'))).toBe(hash('abc'));
  });
});

describe('paths', () => {
  test.each([
    '',
    '/etc/passwd',
    'C:evil.ts',
    'c:/evil.ts',
    'a\\b.ts',
    'a\0b',
    '../outside.ts',
    'src/../../outside.ts',
    './a.ts',
    'src//a.ts',
    'src/',
    'src/..',
  ])('refuses %j', (relative) => {
    const error = (() => {
      try {
        assertSafeRelativePath(relative);
      } catch (e) {
        return e as Error;
      }
    })();
    // Generated paths come from hookwright's own code: a bad one is a bug, not the user's mistake.
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(HookwrightError);
    expect(error?.message).toBe(
      `refusing to write "${relative}": it is not a plain path inside the output folder (generated paths must be relative and must not contain "..")`,
    );
  });

  test.each([
    'a.ts',
    'src/generated/models/Order.ts',
    '.hookwright/manifest.json',
    'a..b/c.ts',
    'docs/at:colon.md',
  ])('accepts %j', (relative) => {
    expect(() => assertSafeRelativePath(relative)).not.toThrow();
  });

  test('resolves inside the folder, through inner symlinks, and refuses symlinks that lead out', async () => {
    const dir = folder();
    const outside = folder();
    mkdirSync(path.join(dir, 'real'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'inner'));
    symlinkSync(outside, path.join(dir, 'out'));
    const resolve = insideResolver(dir);
    expect(await resolve('src/a.ts')).toBe(path.join(dir, 'src', 'a.ts'));
    expect(await resolve('inner/a.ts')).toBe(path.join(dir, 'inner', 'a.ts'));
    const out = (await resolve('out/a.ts').catch((e: unknown) => e)) as HookwrightError;
    expect(out.message).toMatch(
      /^refusing to write out\/a\.ts: it would land outside the output folder/,
    );
    expect(out.hint).toMatch(/A symlink inside the output folder points elsewhere/);
    await expect(resolve('out/new/deeper/a.ts')).rejects.toThrow(/outside the output folder/);
    await expect(resolve('../a.ts')).rejects.toThrow(/not a plain path/);
    // A sibling folder whose name starts with the project's is still outside.
    const sibling = `${dir}-sibling`;
    mkdirSync(sibling);
    symlinkSync(sibling, path.join(dir, 'sib'));
    await expect(resolve('sib/a.ts')).rejects.toThrow(/outside the output folder/);
  });
});
