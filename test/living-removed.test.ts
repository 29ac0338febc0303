/**
 * Operations removed from the document and renamed in it, over regenerations of a project
 * (issue 13), through the CLI as a user would: the stubs the user left untouched go, the ones
 * they edited stay, typed, so that the project still builds and passes its own tests after
 * every scenario. (The other scenarios of a project's life are in test/living.test.ts.)
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseManifest } from './helpers/json';
import {
  NEW_CHANNEL,
  buildAndTest,
  regenerate,
  removeSmartConversations,
  scenario,
} from './helpers/living';

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
