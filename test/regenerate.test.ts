/**
 * Regeneration scenarios, each from a project generated from the Sinch document and
 * then from an edited copy of that document, run through the CLI as a user would.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright } from './helpers/cli';
import { SINCH_SPEC } from './helpers/corpus';
import { linkNodeModules } from './helpers/receiver-deps';
import { readTree } from './helpers/tree';

const base = mkdtempSync(path.join(tmpdir(), 'hookwright-regen-'));
const sinch = readFileSync(SINCH_SPEC, 'utf8');

beforeAll(() => {
  writeFileSync(path.join(base, 'spec.yaml'), sinch);
  const run = hookwright(['generate', 'spec.yaml', '-o', 'receiver', '-q'], { cwd: base });
  expect(run.status).toBe(0);
}, 60_000);

/** A copy of the freshly generated project and its document, to change. */
function scenario(): {
  dir: string;
  project: string;
  spec: string;
  editSpec: (edit: (yaml: string) => string) => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-scenario-'));
  cpSync(base, dir, { recursive: true });
  const spec = path.join(dir, 'spec.yaml');
  return {
    dir,
    project: path.join(dir, 'receiver'),
    spec,
    editSpec: (edit) => writeFileSync(spec, edit(readFileSync(spec, 'utf8'))),
  };
}

/** Regenerate from inside the project, with no arguments: the manifest says from what. */
const regenerate = (project: string, ...flags: string[]) =>
  hookwright(['generate', ...flags], { cwd: project });

const handler = (project: string, name: string) =>
  path.join(project, 'src', 'handlers', `${name}.ts`);

const newChannel = `  /conversation/record-notification:
    description: >-
      Receives recording notifications.
    publish:
      operationId: receiveRecordNotification
      summary: Receive a record notification
      message:
        $ref: '#/components/messages/ChannelEvent'
components:`;

test('a user edit of a handler survives regeneration byte for byte, and nothing else changes', () => {
  const { project } = scenario();
  const file = handler(project, 'receiveInboundMessage');
  const edited = `${readFileSync(file, 'utf8')}\n// my own note\nexport const seen = new Set<string>();\n`;
  writeFileSync(file, edited);
  const before = readTree(project);
  const run = regenerate(project);
  expect(run.status).toBe(0);
  expect(readFileSync(file, 'utf8')).toBe(edited);
  expect(readTree(project)).toEqual(before);
  expect(run.stdout).toMatch(/unchanged/);
});

test('a new channel adds a route and a stub, and leaves the other stubs alone', () => {
  const { project, editSpec } = scenario();
  const stubsBefore = readFileSync(handler(project, 'receiveOptIn'), 'utf8');
  editSpec((yaml) => yaml.replace(/^components:/m, newChannel));
  const run = regenerate(project);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/added receiveRecordNotification/);
  expect(existsSync(handler(project, 'receiveRecordNotification'))).toBe(true);
  expect(readFileSync(handler(project, 'receiveOptIn'), 'utf8')).toBe(stubsBefore);
  expect(readFileSync(path.join(project, 'src/generated/operations.ts'), 'utf8')).toContain(
    "'/conversation/record-notification'",
  );
});

test('a removed channel: its generated code goes, and so does its untouched handler stub', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) =>
    yaml.replace(/ {2}\/conversation\/smart-conversations:[\s\S]*?(?=^components:)/m, ''),
  );
  const run = regenerate(project);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/removed receiveSmartConversationResult/);
  // Unchanged since scaffolded (the manifest has its hash): deleted. Edited, it would stay
  // typed and orphaned (test/living.test.ts).
  expect(run.stdout).toMatch(/deleted +src\/handlers\/receiveSmartConversationResult\.ts/);
  expect(existsSync(handler(project, 'receiveSmartConversationResult'))).toBe(false);
  expect(readFileSync(path.join(project, 'src/generated/operations.ts'), 'utf8')).not.toContain(
    'smart-conversations',
  );
  // The model only that operation used is deleted (the manifest says hookwright wrote it).
  expect(run.stdout).toMatch(/deleted +src\/generated\/models\/SmartConversationPayload\.ts/);
  expect(existsSync(path.join(project, 'src/generated/models/SmartConversationPayload.ts'))).toBe(
    false,
  );
});

test('a renamed operationId is reported as a removal and an addition together', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) => yaml.replace('operationId: receiveOptOut', 'operationId: handleOptOut'));
  const run = regenerate(project);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/added handleOptOut/);
  expect(run.stdout).toMatch(/removed receiveOptOut: .*renamed\?/);
  expect(existsSync(handler(project, 'receiveOptOut'))).toBe(false); // untouched: deleted
  expect(existsSync(handler(project, 'handleOptOut'))).toBe(true);
});

test('a changed payload updates the model and names the operations to look at', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) =>
    yaml.replace(
      /( {4}OptEventPayload:\n {6}type: object\n {6}properties:\n)/,
      '$1        reason:\n          type: string\n          description: Why the opt event failed\n',
    ),
  );
  const run = regenerate(project);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/payload changed receiveOptIn, receiveOptOut/);
  expect(run.stdout).toMatch(/updated +src\/generated\/models\/OptEventPayload\.ts/);
  expect(
    readFileSync(path.join(project, 'src/generated/models/OptEventPayload.ts'), 'utf8'),
  ).toMatch(/reason\?: string/);
});

test('a hand-edited generated file stops the run with nothing written; --force overwrites it', () => {
  const { project, editSpec } = scenario();
  const generated = path.join(project, 'src/generated/operations.ts');
  writeFileSync(generated, `${readFileSync(generated, 'utf8')}// tweak\n`);
  editSpec((yaml) => yaml.replace(/^components:/m, newChannel));
  const before = readTree(project);
  const run = regenerate(project);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/1 generated file was edited by hand; nothing was written/);
  expect(run.stderr).toMatch(/src\/generated\/operations\.ts/);
  expect(run.stderr).toMatch(/--force/);
  expect(readTree(project)).toEqual(before);

  const forced = regenerate(project, '--force');
  expect(forced.status).toBe(0);
  expect(readFileSync(generated, 'utf8')).not.toContain('// tweak');
  expect(existsSync(handler(project, 'receiveRecordNotification'))).toBe(true);
});

test('--dry-run and --check write nothing and give the right exit codes', () => {
  const { project, editSpec } = scenario();
  expect(regenerate(project, '--check').status).toBe(0);
  editSpec((yaml) => yaml.replace(/^components:/m, newChannel));
  const before = readTree(project);

  const dry = regenerate(project, '--dry-run', '--diff');
  expect(dry.status).toBe(0);
  expect(dry.stdout).toMatch(/would create +src\/handlers\/receiveRecordNotification\.ts/);
  expect(dry.stdout).toMatch(/would update +src\/generated\/operations\.ts/);
  expect(dry.stdout).toMatch(/^\+ {4}operationId: 'receiveRecordNotification',$/m);
  expect(readTree(project)).toEqual(before);

  const check = regenerate(project, '--check');
  expect(check.status).toBe(1);
  expect(check.stdout).toMatch(/out of date/);
  expect(readTree(project)).toEqual(before);
});

test('a failure while writing leaves the project byte-identical', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) =>
    yaml
      .replace(/^components:/m, newChannel)
      .replace('operationId: receiveOptIn', 'operationId: receiveOptInRenamed'),
  );
  // A folder where the new stub should go: renaming the stub into place fails after
  // other files were already swapped in.
  mkdirSync(path.join(handler(project, 'receiveRecordNotification'), 'blocker'), {
    recursive: true,
  });
  const before = readTree(project);
  const run = regenerate(project);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/could not write the project/);
  expect(run.stderr).toMatch(/Nothing was changed/);
  expect(readTree(project)).toEqual(before);
  expect(existsSync(path.join(project, '.hookwright', 'tmp'))).toBe(false);
});

test('an invalid document leaves the project byte-identical', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) => yaml.replace('type: object', 'type: objct'));
  const before = readTree(project);
  const run = regenerate(project);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/spec\.yaml:\d+:\d+: /);
  expect(readTree(project)).toEqual(before);
});

test('a non-empty folder that is not a hookwright project is refused unless --force', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-occupied-'));
  writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  const run = hookwright(['generate', SINCH_SPEC, '-o', dir]);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/exists, is not empty and is not a hookwright project/);
  expect(readTree(dir)).toEqual({ 'notes.txt': 'mine' });
  const forced = hookwright(['generate', SINCH_SPEC, '-o', dir, '--force', '-q']);
  expect(forced.status).toBe(0);
  expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
});

test('nothing is written outside the project, even through a symlink', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) => yaml.replace(/^components:/m, newChannel));
  const outside = mkdtempSync(path.join(tmpdir(), 'hookwright-outside-'));
  cpSync(path.join(project, 'src', 'handlers'), outside, { recursive: true });
  execFileSync('rm', ['-rf', path.join(project, 'src', 'handlers')]);
  symlinkSync(outside, path.join(project, 'src', 'handlers'));
  const before = readTree(outside);
  const run = regenerate(project);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/outside the output folder/);
  expect(readTree(outside)).toEqual(before);
});

test('an up-to-date project is recognised from the manifest alone', () => {
  const { project } = scenario();
  const run = regenerate(project, '--check');
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(/inputs and files unchanged since the last run/);
  // Touching an input (same content) keeps it up to date; changing a byte does not.
  const { editSpec } = {
    editSpec: (edit: (s: string) => string) =>
      writeFileSync(
        path.join(project, '..', 'spec.yaml'),
        edit(readFileSync(path.join(project, '..', 'spec.yaml'), 'utf8')),
      ),
  };
  editSpec((yaml) => yaml);
  expect(regenerate(project, '--check').status).toBe(0);
  editSpec((yaml) => `${yaml}\n`);
  const changed = regenerate(project, '--check');
  expect(changed.stderr).not.toMatch(/inputs and files unchanged/);
  // A new byte changes no code, but it changes the project's copy of the document: out of date.
  expect(changed.status).toBe(1);
  expect(regenerate(project, '--dry-run').stdout).toMatch(/would update +asyncapi\/spec\.yaml/);
});

test('the regenerated project still builds and passes its own tests', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) => yaml.replace(/^components:/m, newChannel));
  expect(regenerate(project).status).toBe(0);
  linkNodeModules(project); // the dependencies it declares, installed once for every test
  const output = execFileSync('npm', ['test'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(output).toMatch(/# fail 0/);
  expect(output).toMatch(
    /receiveRecordNotification: a signed CHANNEL_EVENT sample reaches the handler/,
  );
}, 400_000);

test('package.json, tsconfig.json and src/server.ts are yours: kept byte for byte when the document changes', () => {
  const { project, editSpec } = scenario();
  const yours = ['package.json', 'tsconfig.json', 'src/server.ts'];
  const edited: Record<string, string> = {};
  for (const file of yours) {
    const full = path.join(project, file);
    const content = readFileSync(full, 'utf8');
    edited[file] = file.endsWith('.json')
      ? `${JSON.stringify({ ...JSON.parse(content), mine: true }, null, 2)}\n`
      : `${content}\n// started by my process manager\n`;
    writeFileSync(full, edited[file]);
  }
  editSpec((yaml) => yaml.replace(/^components:/m, newChannel));

  const json = regenerate(project, '--json');
  expect(json.status).toBe(0);
  const summary = JSON.parse(json.stdout) as {
    files: Array<{ path: string; action: string; ownership: string }>;
  };
  for (const file of yours)
    expect(summary.files.find((f) => f.path === file)).toEqual({
      path: file,
      action: 'keep',
      ownership: 'scaffolded',
    });
  // The run did change generated files, so the kept ones were kept by choice.
  expect(summary.files.some((f) => f.action === 'update')).toBe(true);
  for (const file of yours)
    expect(readFileSync(path.join(project, file), 'utf8')).toBe(edited[file]);
});

test('--dry-run lists what would be updated, deleted, orphaned and in conflict, and counts the kept files', () => {
  const { project, editSpec } = scenario();
  editSpec((yaml) =>
    yaml.replace(/ {2}\/conversation\/smart-conversations:[\s\S]*?(?=^components:)/m, ''),
  );
  const generated = path.join(project, 'src/generated/operations.ts');
  writeFileSync(generated, `${readFileSync(generated, 'utf8')}// tweak\n`);
  // A generated model of the removed operation, edited by hand: orphaned, not deleted.
  const model = path.join(project, 'src/generated/models/SmartConversationPayload.ts');
  writeFileSync(model, `${readFileSync(model, 'utf8')}// mine\n`);
  const before = readTree(project);
  const dry = regenerate(project, '--dry-run');
  expect(dry.status).toBe(0);
  const lines = dry.stdout.split('\n');
  const line = (label: string, file: string) =>
    lines.find((l) => new RegExp(`^  ${label} +${file.replace(/[.]/g, '\\.')}$`).test(l));
  expect(line('would update', 'src/generated/handlers.ts')).toBeDefined();
  expect(
    line('would delete', 'src/generated/models/SmartConversationPayloadAnalysisResults.ts'),
  ).toBeDefined();
  expect(line('conflict', 'src/generated/operations.ts')).toBeDefined();
  expect(line('orphaned', 'src/generated/models/SmartConversationPayload.ts')).toBeDefined();
  // The removed operation's handler stub, untouched since scaffolded, would be deleted.
  expect(dry.stdout).toMatch(
    /^ {2}would delete +src\/handlers\/receiveSmartConversationResult\.ts \(unchanged since it was scaffolded\)$/m,
  );
  // Unchanged and kept files are counted, not listed.
  expect(dry.stdout).toMatch(/^ {2}\d+ unchanged, \d+ kept \(yours\)$/m);
  expect(line('kept \\(yours\\)', 'package.json')).toBeUndefined();
  expect(dry.stdout).toMatch(/dry run: nothing written/);
  expect(readTree(project)).toEqual(before);
});
