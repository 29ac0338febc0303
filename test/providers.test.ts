/**
 * Documents written the way providers publish them: from the provider's side, with event
 * types for channels and one URL for every event. The perspective and endpoint decisions,
 * the dispatch rules they lead to, `--dispatch`, and the nothing-to-serve error.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '../src/pipeline/generate';
import { load } from '../src/load';
import { plan, type PlanOptions } from '../src/plan';
import { hookwright, REPO } from './helpers/cli';
import { parseManifest } from './helpers/json';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'providers');
const fixture = (name: string) => path.join(FIXTURES, `${name}.yaml`);
const work = mkdtempSync(path.join(tmpdir(), 'hookwright-providers-'));
const out = (name: string) => path.join(work, name);

async function planOf(name: string, options: PlanOptions = {}) {
  return plan((await load(fixture(name))).document, options);
}

function operationsTable(project: string): string {
  return readFileSync(path.join(project, 'src/generated/operations.ts'), 'utf8');
}

describe('perspective', () => {
  test.each([
    ['github-like', 'provider', /no receive operation and 4 send \(`subscribe`\) operations/],
    ['slack-like', 'provider', /no receive operation and 3 send \(`action: send`\) operations/],
    [
      'mixed',
      'receiver',
      /3 receive \(`publish`\) operations, so its 1 send operation is left out/,
    ],
  ] as const)('%s: auto means %s', async (name, used, reason) => {
    const ir = await planOf(name);
    expect(ir.perspective).toMatchObject({ used, requested: 'auto' });
    expect(ir.perspective.reason).toMatch(reason);
  });

  test('a mixed document serves its receive operations and lists the send one as skipped', async () => {
    const ir = await planOf('mixed');
    expect(ir.operations.map((op) => op.id)).toEqual([
      'receiveOrder',
      'receiveRefund',
      'readStockLevel',
    ]);
    expect(ir.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'operation sendNotification', kind: 'send-operation' }),
        expect.objectContaining({ kind: 'non-http', protocols: ['kafka'] }),
      ]),
    );
  });

  test('--perspective provider serves what a mixed document sends', async () => {
    const ir = await planOf('mixed', { perspective: 'provider' });
    expect(ir.perspective).toMatchObject({ used: 'provider', requested: 'provider' });
    expect(ir.operations.map((op) => [op.id, op.action])).toEqual([['sendNotification', 'send']]);
    expect(ir.skipped.filter((s) => s.kind === 'receive-operation')).toHaveLength(3);
  });

  test('3.x send operations land in the IR like receive operations', async () => {
    const ir = await planOf('slack-like');
    expect(ir.operations.map((op) => [op.id, op.action, op.channel.address])).toEqual([
      ['onAppMention', 'send', 'chat/events'],
      ['onReactionAdded', 'send', 'chat/events'],
      ['onUrlVerification', 'send', 'chat/events'],
    ]);
  });
});

describe('endpoint layout', () => {
  test('channels that are not URL paths mean one URL for every event', async () => {
    const ir = await planOf('github-like');
    expect(ir.endpoint).toMatchObject({ layout: 'single', requested: 'auto', path: '/webhooks' });
    expect(ir.endpoint.reason).toMatch(/channel address "push" is not a URL path/);
  });

  test('URL paths keep a route each; --endpoint and --endpoint-path override', async () => {
    expect((await planOf('mixed')).endpoint.layout).toBe('per-channel');
    const single = await planOf('mixed', { endpoint: 'single', endpointPath: '/shop/hooks' });
    expect(single.endpoint).toMatchObject({ layout: 'single', path: '/shop/hooks' });
  });

  test('a path that is not a URL path is refused', async () => {
    await expect(planOf('mixed', { endpointPath: 'hooks' })).rejects.toThrow(
      /--endpoint-path "hooks" is not a URL path/,
    );
  });
});

describe('one URL: dispatch across operations', () => {
  test('a provider-side 2.x document: one typed handler per event, told apart by header', async () => {
    const project = out('github');
    const result = await generate({ spec: fixture('github-like'), output: project });
    expect(result.summary).toMatchObject({ operations: 4, routes: 1 });
    const handlers = result.plan.files.filter((f) => f.path.startsWith('src/handlers/'));
    expect(handlers.map((f) => f.path).sort()).toEqual([
      'src/handlers/onCommitComment.ts',
      'src/handlers/onIssues.ts',
      'src/handlers/onPullRequest.ts',
      'src/handlers/onPush.ts',
    ]);
    const table = operationsTable(project);
    // One path for every route: stated once, in the `common` object each entry spreads.
    expect(table.match(/path: '\/webhooks'/g)).toHaveLength(1);
    expect(table).toMatch(/const common = \{[^}]*path: '\/webhooks',/);
    expect(table.match(/\.\.\.common,/g)).toHaveLength(4);
    for (const event of ['push', 'pull_request', 'issues', 'commit_comment'])
      expect(table).toContain(`match: { headers: { 'x-github-event': '${event}' } }`);
    const handlerTypes = readFileSync(path.join(project, 'src/generated/handlers.ts'), 'utf8');
    expect(handlerTypes).toContain('export type OnIssuesHandler = Handler<ChangeEvent>;');
  });

  test('a provider-side 3.x document: nested discriminators inside the envelope', async () => {
    const project = out('slack');
    await generate({ spec: fixture('slack-like'), output: project });
    const table = operationsTable(project);
    expect(table).toContain(`match: { payload: { '/event/type': 'app_mention' } }`);
    expect(table).toContain(`match: { payload: { '/event/type': 'reaction_added' } }`);
    expect(table).toContain(`match: { payload: { type: 'url_verification' } }`);
    const readme = readFileSync(path.join(project, 'WEBHOOKS.md'), 'utf8');
    expect(readme).toContain('### One URL for many events');
    expect(readme).toMatch(
      /`onAppMention` +\| `app_mention` .*payload \/event\/type = "app\\_mention"/,
    );
  });

  test('the faithful Sinch document: every trigger by its top-level key, at one URL', async () => {
    const project = out('sinch-callbacks');
    const result = await generate({
      spec: path.join(REPO, 'spec', 'sinch-conversation-callbacks.yaml'),
      output: project,
    });
    expect(result.summary).toMatchObject({ operations: 21, routes: 1 });
    expect(result.warnings).toEqual([]);
    const table = operationsTable(project);
    expect(table.match(/match: \{ requiredKeys: \[/g)).toHaveLength(21);
    expect(table).toContain(`match: { requiredKeys: ['contact_create_notification'] }`);
  });

  test('the seed document under --endpoint single: the events it cannot tell apart share one handler, with a warning', async () => {
    const project = out('seed-single');
    const result = await generate({
      spec: path.join(REPO, 'spec', 'sinch-conversation-webhooks.yaml'),
      output: project,
      endpoint: 'single',
    });
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^operations receiveContactCreate, receiveContactUpdate, receiveContactDelete share POST \/webhooks and the document cannot tell their requests apart.*one handler, receiveAnyContactEvent/,
        ),
      ]),
    );
    expect(existsSync(path.join(project, 'src/handlers/receiveAnyContactEvent.ts'))).toBe(true);
    expect(existsSync(path.join(project, 'src/handlers/receiveContactCreate.ts'))).toBe(false);
    const readme = readFileSync(path.join(project, 'WEBHOOKS.md'), 'utf8');
    expect(readme).toMatch(
      /`receiveAnyContactEvent` \(`src\/handlers\/receiveAnyContactEvent.ts`\) receives any of `receiveContactCreate`, `receiveContactUpdate`, `receiveContactDelete`/,
    );
  });

  test('events with the same payload: one combined handler without --dispatch, one each with it', async () => {
    const combined = await generate({ spec: fixture('same-payload'), output: out('same') });
    expect(combined.warnings.join('\n')).toMatch(
      /operations onCompanyCreation, onCompanyDeletion, onContactCreation .* cannot tell their requests apart.*receiveAnyWebhookEvent/,
    );
    expect(combined.summary?.operations).toBe(1);

    const project = out('same-dispatched');
    const split = await generate({
      spec: fixture('same-payload'),
      output: project,
      dispatch: 'body:/subscriptionType',
    });
    // The fixture has no servers: the only warning left is that HTTP was assumed.
    expect(split.warnings.filter((w) => !w.startsWith('the document declares no servers'))).toEqual(
      [],
    );
    expect(split.ir?.dispatch).toMatchObject({
      in: 'body',
      at: '/subscriptionType',
      source: 'x-crm-event-type',
    });
    const table = operationsTable(project);
    expect(table).toContain(`match: { payload: { '/subscriptionType': 'company.deletion' } }`);
    const manifest = parseManifest(
      readFileSync(path.join(project, '.hookwright/manifest.json'), 'utf8'),
    );
    expect(manifest.options).toEqual({
      dispatch: 'body:/subscriptionType',
      dispatchValue: 'x-crm-event-type',
      endpoint: 'single',
      endpointPath: '/webhooks',
      perspective: 'provider',
    });
    // A bare regeneration repeats the recorded choices.
    const again = await generate({ output: project, mode: 'check' });
    expect(again.upToDate).toBe(true);
  });

  test('--dispatch by header with the message name as each value', async () => {
    const ir = await planOf('github-like', { dispatch: 'header:X-Event', dispatchValue: 'name' });
    expect(ir.dispatch?.values.map((v) => v.value)).toEqual([
      'push',
      'pull_request',
      'issues',
      'commit_comment',
    ]);
    expect(ir.dispatch?.at).toBe('x-event');
  });

  test.each([
    ['query:event', {}, /--dispatch "query:event" is not a place in a request/],
    ['body:event', {}, /is not a place in a request/],
    ['body:/type', { dispatchValue: 'summary' }, /--dispatch-value "summary" is not a place/],
    ['body:/type', { dispatchValue: 'title' }, /cannot tell each event's value from the document/],
  ] as const)('--dispatch %s is refused clearly', async (dispatch, more, message) => {
    await expect(planOf('same-payload', { dispatch, ...more })).rejects.toThrow(message);
  });
});

describe('nothing to serve over HTTP', () => {
  test('exit 1, nothing written, what the document has, and why no flag helps', () => {
    const project = out('kafka');
    const run = hookwright(['generate', fixture('kafka-only'), '-o', project]);
    expect(run.status).toBe(1);
    expect(existsSync(project)).toBe(false);
    expect(run.stderr).toMatch(
      /kafka-only.yaml has nothing to serve over HTTP \(perspective receiver\); nothing was written/,
    );
    expect(run.stderr).toMatch(
      /the document has 1 send operation on kafka \(sendCommand\); 1 receive operation only on non-HTTP servers \(kafka: operation readReading\)/,
    );
    expect(run.stderr).toMatch(
      /hint No flag turns a Kafka, MQTT or WebSocket operation into a webhook/,
    );
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test('a provider-side document forced to the receiver perspective names --perspective provider', () => {
    const project = out('forced');
    const run = hookwright([
      'generate',
      fixture('github-like'),
      '-o',
      project,
      '--perspective',
      'receiver',
    ]);
    expect(run.status).toBe(1);
    expect(existsSync(project)).toBe(false);
    expect(run.stderr).toMatch(
      /the document has no receive operation; 4 send operations on https \(onPush, onPullRequest, onIssues, onCommitComment\)/,
    );
    expect(run.stderr).toMatch(
      /hint Pass --perspective provider to serve the 4 send operations HTTP can reach/,
    );
  });

  test('validate says the same, and --json carries the problem', () => {
    const run = hookwright(['--json', 'validate', fixture('kafka-only')]);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/nothing to serve/) as string,
    });
  });
});

describe('the report', () => {
  test('one line each for the perspective and the endpoint, and why', () => {
    const run = hookwright(['generate', fixture('github-like'), '-o', out('report'), '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^perspective provider: the document has no receive operation and 4 send \(`subscribe`\) operations/m,
    );
    expect(run.stderr).toMatch(
      /^endpoint {4}one URL, POST \/webhooks: channel address "push" is not a URL path/m,
    );
  });

  test('the seed document stays receiver-side, one route per trigger', () => {
    const run = hookwright([
      'validate',
      path.join(REPO, 'spec', 'sinch-conversation-webhooks.yaml'),
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^perspective receiver: the document has 14 receive \(`publish`\) operations$/m,
    );
    expect(run.stderr).toMatch(/^endpoint {4}one route per channel path/m);
  });
});
