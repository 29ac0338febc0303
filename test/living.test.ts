/**
 * A generated project over years of regeneration (issue 13), through the CLI as a user would.
 * After every scenario the project's own `npm run build` and `npm test` pass: "regeneration
 * succeeded" means the project still builds and its tests still pass. The generated project's
 * dependencies are installed once and shared by every scenario (`linkNodeModules`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from '@stoplight/yaml';
import { BUILTIN_TEMPLATES } from '../src/render';
import { hash } from '../src/write/manifest';
import { VERSION } from '../src/pipeline/version';
import { REPO, hookwright, type CliRun } from './helpers/cli';
import { SINCH_SPEC } from './helpers/corpus';
import { parseManifest, parsePackageJson } from './helpers/json';
import { hookwrightOnPath, linkNodeModules } from './helpers/receiver-deps';
import { readTree } from './helpers/tree';

/**
 * The documents the scenarios start from: the real Sinch document, and the same document cut
 * down to the four operations and the messages the scenarios use, edit, rename and remove (every
 * channel and component it keeps is Sinch's, unchanged: see the first test). Most scenarios
 * start from the small one: building and testing a project is the slow part of each, and a
 * scenario about regeneration needs the shapes, not the size.
 */
type Entries = Record<string, unknown>;
interface YamlDocument {
  channels: Entries;
  components: Record<string, Entries>;
  [key: string]: unknown;
}
const parseYaml = (text: string) => parse<YamlDocument>(text);

const SMALL_SPEC = path.join(REPO, 'test', 'fixtures', 'living', 'sinch-small.yaml');
const bases = {
  sinch: mkdtempSync(path.join(tmpdir(), 'hookwright-living-')),
  small: mkdtempSync(path.join(tmpdir(), 'hookwright-living-small-')),
};

beforeAll(() => {
  for (const [from, doc] of [
    ['sinch', SINCH_SPEC],
    ['small', SMALL_SPEC],
  ] as const) {
    writeFileSync(path.join(bases[from], 'spec.yaml'), readFileSync(doc, 'utf8'));
    const run = hookwright(['generate', 'spec.yaml', '-o', 'receiver', '-q'], {
      cwd: bases[from],
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }
}, 120_000);

interface Scenario {
  project: string;
  spec: string;
  read: (file: string) => string;
  write: (file: string, content: string) => void;
  editSpec: (edit: (yaml: string) => string) => void;
}

/** A copy of the freshly generated project and its document, to live a life. */
function scenario(from: keyof typeof bases = 'small'): Scenario {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-life-'));
  cpSync(bases[from], dir, { recursive: true });
  const project = path.join(dir, 'receiver');
  const spec = path.join(dir, 'spec.yaml');
  return {
    project,
    spec,
    read: (file) => readFileSync(path.join(project, file), 'utf8'),
    write: (file, content) => writeFileSync(path.join(project, file), content),
    editSpec: (edit) => writeFileSync(spec, edit(readFileSync(spec, 'utf8'))),
  };
}

const regenerate = (project: string, ...flags: string[]) =>
  hookwright(['generate', ...flags], { cwd: project });

/** The project's own build and tests, as its user runs them; returns the test output. */
function buildAndTest(project: string): string {
  linkNodeModules(project);
  const run = (script: string): string => {
    try {
      return execFileSync('npm', ['run', script], {
        cwd: project,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run ${script} failed in ${project}:\n${stdout ?? ''}${stderr ?? ''}`, {
        cause: error,
      });
    }
  };
  run('build');
  const output = run('test');
  expect(output).toMatch(/# fail 0/);
  return output;
}

/**
 * Makes the project look as hookwright 0.0.9 left it (the version before README and test
 * ownership changed): a generated README, the test script listing files one by one, no
 * WEBHOOKS.md, and a manifest saying so.
 */
function asLeftByOldHookwright(s: Scenario, readme: string): void {
  const manifest = parseManifest(s.read('.hookwright/manifest.json'));
  manifest.generator.version = '0.0.9';
  manifest.scaffolded = manifest.scaffolded.filter((f: string) => f !== 'README.md');
  manifest.generated['README.md'] = hash(readme);
  for (const gone of ['WEBHOOKS.md', 'scripts/run-tests.ts']) {
    delete manifest.generated[gone];
    rmSync(path.join(s.project, gone));
  }
  s.write('.hookwright/manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  s.write('README.md', readme);
  const pkg = parsePackageJson(s.read('package.json'));
  pkg.scripts.test =
    'npm run typecheck && node --import tsx --test test/receiver.test.ts test/runtime/signature.test.ts';
  s.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
}

const NEW_CHANNEL = `  /conversation/record-notification:
    publish:
      operationId: receiveRecordNotification
      message:
        $ref: '#/components/messages/ChannelEvent'
components:`;

const OLD_README =
  '<!-- This file is generated by hookwright from ../spec.yaml. Do not edit: changes are overwritten (npm run regenerate). -->\n\n# Sinch: webhook receiver\n\n## Routes\n\n(the old generated reference)\n';

test('the small document is the Sinch document cut down: what it keeps is Sinch’s, unchanged', () => {
  const sinch = parseYaml(readFileSync(SINCH_SPEC, 'utf8'));
  const small = parseYaml(readFileSync(SMALL_SPEC, 'utf8'));
  const sections = (doc: YamlDocument): Record<string, Entries> => ({
    channels: doc.channels,
    ...doc.components,
  });
  const kept = sections(small);
  const all = sections(sinch);
  expect(Object.keys(kept)).toEqual(Object.keys(all));
  for (const [section, entries] of Object.entries(kept))
    for (const [name, value] of Object.entries(entries))
      expect({ section, name, value }).toEqual({ section, name, value: all[section][name] });
  // Everything else (info, servers, ...) as it is.
  const others = (doc: YamlDocument) =>
    Object.fromEntries(
      Object.entries(doc).filter(([key]) => key !== 'channels' && key !== 'components'),
    );
  expect(others(small)).toEqual(others(sinch));
  // What the scenarios below rely on.
  expect(Object.keys(small.channels).sort()).toEqual([
    '/conversation/message-inbound',
    '/conversation/opt-in',
    '/conversation/opt-out',
    '/conversation/smart-conversations',
  ]);
  expect(Object.keys(small.components.messages)).toContain('ChannelEvent');
});

describe('ownership: README and tests are the user’s', () => {
  test('a fresh project: README.md is scaffolded and links to the generated WEBHOOKS.md', () => {
    const { read } = scenario('sinch');
    const manifest = parseManifest(read('.hookwright/manifest.json'));
    expect(manifest.scaffolded).toContain('README.md');
    expect(manifest.generated['README.md']).toBeUndefined();
    expect(manifest.generated['WEBHOOKS.md']).toBeDefined();
    expect(read('README.md')).toContain('[WEBHOOKS.md](WEBHOOKS.md)');
    expect(read('README.md')).not.toContain('Do not edit');
    expect(read('WEBHOOKS.md')).toMatch(/^<!-- This file is generated by hookwright/);
    expect(read('WEBHOOKS.md')).toContain('| `POST /conversation/message-inbound`');
    expect(read('WEBHOOKS.md')).toContain('`WEBHOOK_SECRET`');
    expect(parsePackageJson(read('package.json')).scripts.test).toBe(
      'npm run typecheck && tsx scripts/run-tests.ts',
    );
  });

  test('a user README survives regeneration, and a user test file runs with the generated ones', () => {
    // The real document, built and tested: the one scenario whose project is Sinch's own size.
    const s = scenario('sinch');
    const readme = `${s.read('README.md')}\n## Deployment\n\nBehind the gateway, port 8080.\n`;
    s.write('README.md', readme);
    s.write(
      'test/mine.test.ts',
      [
        "import assert from 'node:assert/strict';",
        "import { test } from 'node:test';",
        "import { operations } from '../src/generated/operations';",
        '',
        "test('my own test: every route is under /conversation', () => {",
        "  for (const op of operations) assert.ok(op.path.startsWith('/conversation/'));",
        '});',
        '',
      ].join('\n'),
    );
    s.editSpec((yaml) => yaml.replace(/^components:/m, NEW_CHANNEL));
    const run = regenerate(s.project);
    expect(run.stderr).not.toMatch(/conflict/);
    expect(run.status).toBe(0);
    expect(s.read('README.md')).toBe(readme);
    expect(s.read('test/mine.test.ts')).toContain('my own test');
    const output = buildAndTest(s.project);
    expect(output).toMatch(/^ok \d+ - my own test: every route is under \/conversation$/m);
    expect(output).toMatch(
      /receiveRecordNotification: a signed CHANNEL_EVENT sample reaches the handler/,
    );
  }, 300_000);

  test('a project from an older hookwright migrates on its next regeneration without a conflict', () => {
    const untouched = scenario();
    asLeftByOldHookwright(untouched, OLD_README);
    const edited = scenario();
    const myReadme = `${OLD_README}\n## Our deployment\n\nBlue-green, see the runbook.\n`;
    asLeftByOldHookwright(edited, OLD_README);
    edited.write('README.md', myReadme);

    // Untouched since generated: the README becomes the scaffold (now the user's).
    const first = regenerate(untouched.project, '--no-color');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/updated +README\.md \(was generated and is unchanged/);
    expect(first.stdout).toMatch(/created +WEBHOOKS\.md/);
    expect(first.stdout).toMatch(/updated +package\.json \(scripts\.test: /);
    expect(untouched.read('README.md')).toContain('[WEBHOOKS.md](WEBHOOKS.md)');
    expect(parsePackageJson(untouched.read('package.json')).scripts.test).toBe(
      'npm run typecheck && tsx scripts/run-tests.ts',
    );
    const manifest = parseManifest(untouched.read('.hookwright/manifest.json'));
    expect(manifest.scaffolded).toContain('README.md');
    expect(manifest.generated['README.md']).toBeUndefined();

    // Edited: no conflict; the README is kept as it is, and is the user's from now on.
    const second = regenerate(edited.project, '--no-color');
    expect(second.stderr).not.toMatch(/conflict/);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/kept \(yours\) +README\.md \(was generated, and you edited it/);
    expect(edited.read('README.md')).toBe(myReadme);
    expect(existsSync(path.join(edited.project, 'WEBHOOKS.md'))).toBe(true);
    // A later run says nothing more about it.
    const again = regenerate(edited.project, '--no-color');
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/README/);
    expect(edited.read('README.md')).toBe(myReadme);

    // A test script the user changed is theirs: not migrated.
    const custom = scenario();
    asLeftByOldHookwright(custom, OLD_README);
    const pkg = parsePackageJson(custom.read('package.json'));
    pkg.scripts.test =
      'npm run typecheck && node --import tsx --test test/receiver.test.ts && eslint .';
    custom.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    expect(regenerate(custom.project).status).toBe(0);
    expect(parsePackageJson(custom.read('package.json')).scripts.test).toBe(pkg.scripts.test);

    const output = buildAndTest(untouched.project);
    expect(output).toMatch(/# pass [1-9]\d+/);
    expect(readTree(untouched.project)['scripts/run-tests.ts']).toBeDefined();
  }, 300_000);
});

const removeSmartConversations = (yaml: string) =>
  yaml.replace(/ {2}\/conversation\/smart-conversations:[\s\S]*?(?=^components:)/m, '');

describe('removed and renamed operations: the project still builds', () => {
  test('a removed operation with its stub untouched: the stub is deleted, the project builds', () => {
    const s = scenario();
    s.editSpec(removeSmartConversations);
    const run = regenerate(s.project, '--no-color');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/removed receiveSmartConversationResult/);
    expect(run.stdout).toMatch(
      /deleted +src\/handlers\/receiveSmartConversationResult\.ts \(unchanged since it was scaffolded\)/,
    );
    expect(run.stdout).not.toMatch(/orphaned/);
    expect(existsSync(path.join(s.project, 'src/handlers/receiveSmartConversationResult.ts'))).toBe(
      false,
    );
    expect(s.read('src/generated/handlers.ts')).not.toMatch(/SmartConversation/);
    const manifest = parseManifest(s.read('.hookwright/manifest.json'));
    expect(manifest.scaffolded).not.toContain('src/handlers/receiveSmartConversationResult.ts');
    buildAndTest(s.project);
  }, 300_000);

  test('a removed operation with its stub edited: kept, orphaned, typed (deprecated) and not routed; the project builds', () => {
    const s = scenario();
    const stub = 'src/handlers/receiveSmartConversationResult.ts';
    const edited = s
      .read(stub)
      .replace(
        '// TODO: act on the event.',
        'const intent = payload.analysis_results?.intent_analysis;\n  context.log.info({ intent }, "my analysis");\n  // TODO: act on the event.',
      );
    expect(edited).not.toBe(s.read(stub));
    s.write(stub, edited);
    s.editSpec(removeSmartConversations);
    const run = regenerate(s.project, '--no-color');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/orphaned +src\/handlers\/receiveSmartConversationResult\.ts/);
    expect(run.stdout).toMatch(/kept, with its type \(deprecated\) so that the project builds/);
    expect(s.read(stub)).toBe(edited);
    const handlers = s.read('src/generated/handlers.ts');
    expect(handlers).toMatch(
      /@deprecated[\s\S]*export type ReceiveSmartConversationResultHandler = Handler<SmartConversationPayload>;/,
    );
    expect(handlers).not.toMatch(
      /receiveSmartConversationResult: ReceiveSmartConversationResultHandler/,
    );
    expect(s.read('src/generated/handler-registry.ts')).not.toMatch(
      /receiveSmartConversationResult/,
    );
    expect(s.read('src/generated/operations.ts')).not.toMatch(/smart-conversations/);
    // The models it reaches are kept (the model itself and the ones it refers to).
    expect(s.read('src/generated/models/index.ts')).toMatch(
      /export type \{ SmartConversationPayloadAnalysisResults \}/,
    );
    buildAndTest(s.project);

    // The next regeneration keeps it so (the operation is still gone, the file still there) …
    s.editSpec((yaml) => yaml.replace(/^components:/m, NEW_CHANNEL));
    const again = regenerate(s.project, '--no-color');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/orphaned +src\/handlers\/receiveSmartConversationResult\.ts/);
    expect(s.read('src/generated/handlers.ts')).toMatch(
      /export type ReceiveSmartConversationResultHandler = Handler<SmartConversationPayload>;/,
    );
    // … until the user deletes the file: then the type and its models go.
    rmSync(path.join(s.project, stub));
    const after = regenerate(s.project, '--no-color');
    expect(after.status).toBe(0);
    expect(s.read('src/generated/handlers.ts')).not.toMatch(/SmartConversation/);
    expect(
      existsSync(path.join(s.project, 'src/generated/models/SmartConversationPayload.ts')),
    ).toBe(false);
    buildAndTest(s.project);
  }, 400_000);

  test('a renamed operation: the untouched stub goes, the edited one stays typed; the project builds', () => {
    const s = scenario();
    const edited = `${s.read('src/handlers/receiveOptIn.ts')}\nexport const optInsSeen = new Set<string>();\n`;
    s.write('src/handlers/receiveOptIn.ts', edited);
    s.editSpec((yaml) =>
      yaml
        .replace('operationId: receiveOptOut', 'operationId: handleOptOut')
        .replace('operationId: receiveOptIn', 'operationId: handleOptIn'),
    );
    const run = regenerate(s.project, '--no-color');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/added handleOptIn, handleOptOut/);
    expect(run.stdout).toMatch(/removed receiveOptIn, receiveOptOut: .*renamed\?/);
    expect(run.stdout).toMatch(/deleted +src\/handlers\/receiveOptOut\.ts/);
    expect(run.stdout).toMatch(/orphaned +src\/handlers\/receiveOptIn\.ts/);
    expect(existsSync(path.join(s.project, 'src/handlers/receiveOptOut.ts'))).toBe(false);
    expect(s.read('src/handlers/receiveOptIn.ts')).toBe(edited);
    expect(existsSync(path.join(s.project, 'src/handlers/handleOptIn.ts'))).toBe(true);
    expect(s.read('src/generated/handlers.ts')).toMatch(
      /@deprecated[\s\S]*export type ReceiveOptInHandler = Handler<OptEventPayload>;/,
    );
    const output = buildAndTest(s.project);
    expect(output).toMatch(/handleOptIn: a signed OPT_EVENT sample reaches the handler/);
  }, 300_000);

  test('a project from hookwright 0.1.0 (no scaffold hashes): a removed operation’s stub is kept typed, so it builds', () => {
    const s = scenario();
    const manifest = parseManifest(s.read('.hookwright/manifest.json'));
    delete manifest.scaffoldHashes;
    s.write('.hookwright/manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    s.editSpec(removeSmartConversations);
    const run = regenerate(s.project, '--no-color');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/orphaned +src\/handlers\/receiveSmartConversationResult\.ts/);
    expect(s.read('src/generated/handlers.ts')).toMatch(/@deprecated/);
    buildAndTest(s.project);
  }, 300_000);
});

/**
 * A hookwright newer than this one, for the upgrade path: this checkout's build with another
 * version in its package.json (hookwright reads its version from there), not the registry.
 */
function fakeHookwright(version: string): (args: string[], cwd: string) => CliRun {
  const dir = mkdtempSync(path.join(tmpdir(), `hookwright-${version}-`));
  for (const part of ['bin', 'dist', 'templates', 'spec'])
    cpSync(path.join(REPO, part), path.join(dir, part), { recursive: true });
  const pkg = parsePackageJson(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, version }, null, 2));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return (args, cwd) => {
    const result = spawnSync(process.execPath, [path.join(dir, 'bin', 'hookwright.js'), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
}

const nextMinor = VERSION.replace(
  /^(\d+)\.(\d+)\.\d+.*$/,
  (_m, major, minor) => `${major}.${Number(minor) + 1}.0`,
);

describe('a pinned generator', () => {
  test('the project pins this hookwright, and its scripts run the hookwright npm puts on PATH (node_modules/.bin; the e2e test installs it)', () => {
    const s = scenario();
    const pkg = parsePackageJson(s.read('package.json'));
    expect(pkg.devDependencies.hookwright).toBe(VERSION);
    expect(pkg.scripts.regenerate).toBe('hookwright generate');
    expect(pkg.scripts['check-generated']).toBe('hookwright generate --check');
    linkNodeModules(s.project);
    const output = execFileSync('npm', ['run', 'check-generated'], {
      cwd: s.project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${hookwrightOnPath()}${path.delimiter}${process.env.PATH}` },
    });
    expect(output).toMatch(/hookwright generate --check/);
  });

  test('a newer hookwright explains the upgrade and proceeds; the older one then refuses with a hint; the project builds', () => {
    const s = scenario();
    const newer = fakeHookwright(nextMinor);
    const up = newer(['generate'], s.project);
    expect(up.stderr).not.toMatch(/error/);
    expect(up.status).toBe(0);
    expect(up.stdout).toContain(`upgrade hookwright ${VERSION} → ${nextMinor}`);
    expect(up.stdout).toMatch(
      new RegExp(
        `updated +package\\.json \\(devDependencies\\.hookwright: "${VERSION}" → "${nextMinor}"\\)`,
      ),
    );
    expect(up.stderr).not.toMatch(/conflict/);
    expect(parsePackageJson(s.read('package.json')).devDependencies.hookwright).toBe(nextMinor);
    expect(parseManifest(s.read('.hookwright/manifest.json')).generator.version).toBe(nextMinor);
    expect(s.read('WEBHOOKS.md')).toContain(`generated by hookwright\n${nextMinor}`);

    const before = readTree(s.project);
    const down = regenerate(s.project);
    expect(down.status).toBe(1);
    expect(down.stderr).toContain(
      `this project was generated by hookwright ${nextMinor}, newer than this hookwright (${VERSION})`,
    );
    expect(down.stderr).toMatch(/hint .*npm install && npm run regenerate/);
    expect(down.stderr).not.toMatch(/ {4}at /); // no stack trace
    expect(readTree(s.project)).toEqual(before);
    buildAndTest(s.project);
  }, 300_000);

  test('a pin the user chose (a range, a path) is theirs: an upgrade leaves it', () => {
    const s = scenario();
    const pkg = parsePackageJson(s.read('package.json'));
    pkg.devDependencies.hookwright = '^0.1.0';
    s.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    const up = fakeHookwright(nextMinor)(['generate'], s.project);
    expect(up.status).toBe(0);
    expect(parsePackageJson(s.read('package.json')).devDependencies.hookwright).toBe('^0.1.0');
  });
});

describe('a project that travels', () => {
  test('the document is copied into asyncapi/; moved away from it, the project regenerates from the copy, builds and passes its tests', () => {
    const s = scenario();
    const manifest = parseManifest(s.read('.hookwright/manifest.json'));
    expect(manifest.spec).toBe('asyncapi/spec.yaml');
    expect(manifest.source).toBe('../spec.yaml');
    expect(s.read('asyncapi/spec.yaml')).toBe(readFileSync(s.spec, 'utf8'));

    // Moved (or cloned on its own): nothing beside it.
    const elsewhere = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-moved-')), 'receiver');
    cpSync(s.project, elsewhere, { recursive: true });
    rmSync(s.project, { recursive: true });
    const check = regenerate(elsewhere, '--check', '--no-color');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/is up to date/);
    expect(check.stderr).toMatch(
      /\.\.\/spec\.yaml \(where asyncapi\/spec\.yaml was copied from\) is not there, so the copy is used/,
    );
    // The copy is the project's document: edit it, regenerate, and the change is there.
    writeFileSync(
      path.join(elsewhere, 'asyncapi/spec.yaml'),
      readFileSync(path.join(elsewhere, 'asyncapi/spec.yaml'), 'utf8').replace(
        /^components:/m,
        NEW_CHANNEL,
      ),
    );
    const run = regenerate(elsewhere, '--no-color');
    expect(run.stderr).not.toMatch(/conflict/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/added receiveRecordNotification/);
    // A new document given once becomes the source.
    const update = path.join(path.dirname(elsewhere), 'provider-v2.yaml');
    writeFileSync(update, readFileSync(path.join(elsewhere, 'asyncapi/spec.yaml'), 'utf8'));
    const adopted = hookwright(['generate', update], { cwd: elsewhere });
    expect(adopted.status).toBe(0);
    const after = parseManifest(
      readFileSync(path.join(elsewhere, '.hookwright/manifest.json'), 'utf8'),
    );
    expect(after.source).toBe('../provider-v2.yaml');
    expect(after.spec).toBe('asyncapi/provider-v2.yaml');
    expect(existsSync(path.join(elsewhere, 'asyncapi/spec.yaml'))).toBe(false); // untouched old copy: removed
    const output = buildAndTest(elsewhere);
    expect(output).toMatch(
      /receiveRecordNotification: a signed CHANNEL_EVENT sample reaches the handler/,
    );
  }, 300_000);

  test('a multi-file document is copied with every file it references, keeping their layout', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-multi-'));
    cpSync(path.join(REPO, 'test', 'fixtures', 'hostile'), path.join(dir, 'doc'), {
      recursive: true,
    });
    const run = hookwright(['generate', 'doc/asyncapi.yaml', '-o', 'receiver', '-q'], { cwd: dir });
    expect(run.status).toBe(0);
    const tree = Object.keys(readTree(path.join(dir, 'receiver'))).filter((f) =>
      f.startsWith('asyncapi/'),
    );
    expect(tree).toEqual([
      'asyncapi/asyncapi.yaml',
      'asyncapi/messages.yaml',
      'asyncapi/schemas/common.yaml',
      'asyncapi/schemas/order.yaml',
    ]);
    rmSync(path.join(dir, 'doc'), { recursive: true });
    const again = hookwright(['generate', '--check'], { cwd: path.join(dir, 'receiver') });
    expect(again.stdout).toMatch(/is up to date/);
    expect(again.status).toBe(0);
  }, 120_000);

  test('an old project whose document is gone: an error that says what to do', () => {
    const s = scenario();
    const manifest = parseManifest(s.read('.hookwright/manifest.json'));
    delete manifest.source;
    manifest.spec = '../gone.yaml';
    s.write('.hookwright/manifest.json', JSON.stringify(manifest, null, 2));
    const run = regenerate(s.project, '--no-color');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /the AsyncAPI document this project was generated from is not there: \.\.\/gone\.yaml/,
    );
    expect(run.stderr).toMatch(/hint .*npm run regenerate -- path\/to\/asyncapi\.yaml/);
  });
});

describe('template overrides (--templates)', () => {
  const builtIn = (file: string) =>
    readFileSync(path.join(REPO, 'templates', 'receiver', file), 'utf8');
  const override = (s: Scenario, file: string, content: string) => {
    const target = path.join(s.project, 'my-templates', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  };

  test('overrides of a generated file and of the stub template: named in the report and the manifest, repeated by a bare regeneration, the project builds; a broken one writes nothing', () => {
    const s = scenario();
    override(
      s,
      'src/generated/handler-registry.ts.hbs',
      builtIn('src/generated/handler-registry.ts.hbs').replace(
        '/** Your handlers',
        '/** Reviewed by the platform team. Your handlers',
      ),
    );
    override(
      s,
      'src/handlers/handler.ts.hbs',
      builtIn('src/handlers/handler.ts.hbs').replace(
        '// TODO: act on the event.',
        '// TODO (house style): act on the event.',
      ),
    );
    s.editSpec((yaml) => yaml.replace(/^components:/m, NEW_CHANNEL));
    const run = regenerate(s.project, '--templates', 'my-templates', '--no-color');
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
    // The result (with every override) on stdout.
    expect(run.stdout).toMatch(
      /^override +src\/generated\/handler-registry\.ts\.hbs \(my-templates\/src\/generated\/handler-registry\.ts\.hbs\)$/m,
    );
    expect(run.stdout).toMatch(
      /^override +src\/handlers\/handler\.ts\.hbs \(my-templates\/src\/handlers\/handler\.ts\.hbs\)$/m,
    );
    expect(run.stdout).toMatch(/updated +src\/generated\/handler-registry\.ts/);
    expect(s.read('src/generated/handler-registry.ts')).toContain('Reviewed by the platform team.');
    // New stubs come from the override; the existing ones are the user's, untouched.
    expect(s.read('src/handlers/receiveRecordNotification.ts')).toContain('house style');
    expect(s.read('src/handlers/receiveOptIn.ts')).not.toContain('house style');
    const manifest = parseManifest(s.read('.hookwright/manifest.json'));
    expect(manifest.templates).toEqual({
      dir: 'my-templates',
      overrides: {
        'src/generated/handler-registry.ts.hbs': hash(
          readFileSync(path.join(s.project, 'my-templates/src/generated/handler-registry.ts.hbs')),
        ),
        'src/handlers/handler.ts.hbs': hash(
          readFileSync(path.join(s.project, 'my-templates/src/handlers/handler.ts.hbs')),
        ),
      },
      // The built-ins they replace, as installed when the overrides were written.
      builtins: {
        'src/generated/handler-registry.ts.hbs': hash(
          readFileSync(path.join(BUILTIN_TEMPLATES, 'src/generated/handler-registry.ts.hbs')),
        ),
        'src/handlers/handler.ts.hbs': hash(
          readFileSync(path.join(BUILTIN_TEMPLATES, 'src/handlers/handler.ts.hbs')),
        ),
      },
    });

    // A bare regeneration uses them again (recorded, like every other option).
    const check = regenerate(s.project, '--check', '--no-color');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/is up to date/);
    expect(check.stdout).toMatch(/^override +src\/generated\/handler-registry\.ts\.hbs/m);
    buildAndTest(s.project);

    // A broken override: the user's error with its file and line; nothing written.
    const project = () =>
      Object.entries(readTree(s.project)).filter(([file]) => !file.startsWith('my-templates/'));
    const before = project();
    override(
      s,
      'src/generated/handler-registry.ts.hbs',
      "import type { Handlers } from './handlers';\n{{#each routes}}\nimport {{name}} from '../handlers/{{name}';\n{{/each}}\n",
    );
    const broken = regenerate(s.project, '--no-color');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(
      /error your template override handler-registry\.ts\.hbs failed to compile; nothing was written/,
    );
    expect(broken.stderr).toMatch(
      /my-templates\/src\/generated\/handler-registry\.ts\.hbs:3: syntax error/,
    );
    expect(broken.stderr).not.toMatch(/bug in hookwright/);
    expect(broken.stdout).toBe('');
    override(
      s,
      'src/generated/handler-registry.ts.hbs',
      '{{#each routes}}{{shout name}}{{/each}}\n',
    );
    const unknown = regenerate(s.project, '--no-color');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(
      /my-templates\/src\/generated\/handler-registry\.ts\.hbs:1:\d+: .*unknown helper shout/,
    );
    // An override whose output is not valid TypeScript: its file is named too.
    override(s, 'src/generated/handler-registry.ts.hbs', 'export const = ;\n');
    const invalid = regenerate(s.project, '--no-color');
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(
      /error generated src\/generated\/handler-registry\.ts is not valid typescript: it is rendered from your template override; nothing was written/,
    );
    expect(invalid.stderr).toMatch(
      /^ {2}my-templates\/src\/generated\/handler-registry\.ts\.hbs: /m,
    );
    expect(project()).toEqual(before);

    // --no-templates: back to the built-in templates, and the manifest forgets the folder.
    const plain = regenerate(s.project, '--no-templates', '--no-color');
    expect(plain.status).toBe(0);
    expect(s.read('src/generated/handler-registry.ts')).not.toContain('platform team');
    expect(parseManifest(s.read('.hookwright/manifest.json')).templates).toBeUndefined();
    buildAndTest(s.project);
  }, 400_000);

  test('a recorded overrides folder that is gone: an error that says what to do', () => {
    const s = scenario();
    override(s, 'WEBHOOKS.md.hbs', builtIn('WEBHOOKS.md.hbs'));
    expect(regenerate(s.project, '--templates', 'my-templates').status).toBe(0);
    rmSync(path.join(s.project, 'my-templates'), { recursive: true });
    const run = regenerate(s.project, '--no-color');
    expect(run.status).toBe(1);
    // The run was not given --templates: the message names the recorded overrides, not the flag.
    expect(run.stderr).toMatch(/template overrides: .*my-templates does not exist/);
    expect(run.stderr).not.toMatch(/--templates:/);
    expect(run.stderr).toMatch(/--no-templates/);
  });
});
