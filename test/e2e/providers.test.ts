/**
 * Provider-side documents end to end, with no flag: a 2.x document whose events are told
 * apart by a header (GitHub-like `X-GitHub-Event`) and a 3.x document whose events are told
 * apart by a value nested in an envelope (Slack-like `event.type`). Each generates one typed
 * handler per event at one URL; the running receiver sends each request to its own handler
 * (each handler logs its own identity).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright, REPO } from '../helpers/cli';
import { ownTests } from '../helpers/project';
import { linkNodeModules } from '../helpers/receiver-deps';
import { handled, markHandlers, startBuilt, type Running } from '../helpers/running';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'providers');
const SECRET = 'provider-secret';

/**
 * Generates `fixture`, marks its handlers and starts it. `typesCheckedByOwnTests`: a test of the
 * describe runs the project's own `npm test` (which type-checks it), so the build only emits.
 */
function setUp(fixture: string, env: NodeJS.ProcessEnv, typesCheckedByOwnTests = false) {
  const state = {
    project: '',
    handlers: [] as string[],
    running: undefined as Running | undefined,
  };
  beforeAll(async () => {
    state.project = path.join(
      mkdtempSync(path.join(tmpdir(), `hookwright-${fixture}-`)),
      'receiver',
    );
    const run = hookwright([
      'generate',
      path.join(FIXTURES, `${fixture}.yaml`),
      '-o',
      state.project,
    ]);
    expect(run.status).toBe(0);
    linkNodeModules(state.project);
    state.handlers = markHandlers(state.project);
    state.running = await startBuilt(state.project, env, { typesCheckedByOwnTests });
  }, 600_000);
  afterAll(() => state.running?.stop());

  const send = async (payload: unknown, headers: Record<string, string> = {}) => {
    const running = state.running as Running;
    const body = JSON.stringify(payload);
    const requestId = randomUUID();
    const response = await fetch(`${running.url}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
      body,
    });
    const lines = await handled(running, requestId);
    return {
      status: response.status,
      body: await response.json(),
      ran: lines.filter((l) => l.msg === 'handler ran').map((l) => l.handlerFile),
      lines,
    };
  };
  return { state, send };
}

describe('a provider-side 2.x document dispatched by header (GitHub-like)', () => {
  const { state, send } = setUp('github-like', { WEBHOOK_SECRET: SECRET }, true);
  const signed = (payload: unknown, event: string) => ({
    'X-GitHub-Event': event,
    'X-Hub-Signature-256': `sha256=${createHmac('sha256', SECRET).update(JSON.stringify(payload)).digest('hex')}`,
  });
  const repository = { id: 1296269, full_name: 'octo/hello-world' };
  const change = { action: 'opened', number: 7, repository };

  test('one typed handler per event, no flag', () => {
    expect(state.handlers).toEqual(['onCommitComment', 'onIssues', 'onPullRequest', 'onPush']);
    ownTests(state.project);
  }, 300_000);

  test.each([
    ['push', { ref: 'refs/heads/main', repository }, 'onPush'],
    ['pull_request', change, 'onPullRequest'],
    // The same payload as pull_request: only the header tells it apart.
    ['issues', change, 'onIssues'],
    [
      'commit_comment',
      { action: 'created', comment: { id: 1, body: 'nice' }, repository },
      'onCommitComment',
    ],
  ] as const)('X-GitHub-Event: %s reaches %s', async (event, payload, handler) => {
    const response = await send(payload, signed(payload, event));
    expect(response).toMatchObject({ status: 200, body: { ok: true }, ran: [handler] });
  });

  test('an event type the document does not list is acknowledged and logged as ignored', async () => {
    const payload = { zen: 'Keep it logically awesome.' };
    const response = await send(payload, signed(payload, 'ping'));
    expect(response).toMatchObject({ status: 200, body: { ok: true, ignored: true }, ran: [] });
    expect(response.lines.some((l) => String(l.msg).startsWith('ignored'))).toBe(true);
  });

  test('a bad signature gets 401 and runs nothing', async () => {
    const response = await send(change, {
      ...signed(change, 'issues'),
      'X-Hub-Signature-256': 'sha256=00',
    });
    expect(response).toMatchObject({ status: 401, ran: [] });
  });
});

describe('a provider-side 3.x document with a nested discriminator (Slack-like)', () => {
  const { state, send } = setUp('slack-like', {});
  const envelope = { type: 'event_callback', team_id: 'T1', event_id: 'Ev1' };

  test('one typed handler per event, no flag', () => {
    expect(state.handlers).toEqual(['onAppMention', 'onReactionAdded', 'onUrlVerification']);
  });

  test.each([
    [
      { ...envelope, event: { type: 'app_mention', user: 'U1', text: 'hi', ts: '1.2' } },
      'onAppMention',
    ],
    [
      { ...envelope, event: { type: 'reaction_added', user: 'U1', reaction: 'tada' } },
      'onReactionAdded',
    ],
    [{ type: 'url_verification', challenge: 'abc' }, 'onUrlVerification'],
  ] as const)('%j reaches %s', async (payload, handler) => {
    const response = await send(payload);
    expect(response).toMatchObject({ status: 200, body: { ok: true }, ran: [handler] });
    expect(response.lines.find((l) => l.msg === 'webhook handled')).toMatchObject({
      operationId: handler,
    });
  });

  test('an event type nested in the envelope that no operation declares is ignored', async () => {
    const response = await send({ ...envelope, event: { type: 'team_join', user: 'U2' } });
    expect(response).toMatchObject({ status: 200, body: { ok: true, ignored: true }, ran: [] });
  });

  test('a recognised event with an invalid payload gets 400', async () => {
    const response = await send({ ...envelope, event: { type: 'app_mention', user: 'U1' } });
    expect(response).toMatchObject({ status: 400, ran: [] });
  });
});
