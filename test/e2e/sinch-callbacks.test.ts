/**
 * The faithful Sinch document end to end: its receiver, generated, compiled and started,
 * serves every trigger at ONE URL, as a real Sinch webhook posts them. Every payload in
 * `shared/sinch/payloads/` (Sinch's own examples, one per trigger), sent as its exact bytes
 * and signed the way Sinch signs, must reach its own trigger's handler (each handler logs its
 * own identity). Events the document does not declare are acknowledged and logged as
 * ignored; bad signatures are refused with 401.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright, REPO } from '../helpers/cli';
import { ownTests } from '../helpers/project';
import { linkNodeModules } from '../helpers/receiver-deps';
import { handled, markHandlers, startBuilt, type Running } from '../helpers/running';
import { shared } from '../helpers/shared';

const PAYLOADS = shared('sinch/payloads', "Sinch's sample callback payloads");
const SPEC = path.join(REPO, 'spec', 'sinch-conversation-callbacks.yaml');
const SECRET = 'callbacks-secret';

/** Sinch's scheme, written here independently of the generated code. */
function sinchHeaders(body: string, secret = SECRET, nonce = randomUUID()) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-sinch-webhook-signature': createHmac('sha256', secret)
      .update(`${body}.${nonce}.${timestamp}`)
      .digest('base64'),
    'x-sinch-webhook-signature-nonce': nonce,
    'x-sinch-webhook-signature-timestamp': timestamp,
    'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
  };
}

/** MESSAGE_INBOUND → receiveMessageInbound: the document's operation for each trigger. */
const operationFor = (trigger: string) =>
  `receive${trigger
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('')}`;

PAYLOADS.describe('the faithful Sinch document: every trigger at one URL', () => {
  const triggers = readdirSync(PAYLOADS.path)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  const project = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-callbacks-')), 'receiver');
  let running: Running;
  let handlerFiles: string[] = [];
  // generate's result (its summary) is on stdout, its decisions on stderr.
  let summary = '';
  let report = '';

  async function post(body: string, headers: Record<string, string>, route = '/webhooks') {
    const requestId = randomUUID();
    const response = await fetch(running.url + route, {
      method: 'POST',
      headers: { ...headers, 'x-request-id': requestId },
      body,
    });
    const answer = { status: response.status, body: await response.json() };
    const lines = await handled(running, requestId);
    return {
      ...answer,
      ran: lines.filter((l) => l.msg === 'handler ran').map((l) => l.handlerFile),
      lines,
    };
  }

  beforeAll(async () => {
    const run = hookwright(['generate', SPEC, '-o', project]);
    summary = run.stdout;
    report = run.stderr;
    expect(run.status).toBe(0);
    linkNodeModules(project);
    handlerFiles = markHandlers(project);
    running = await startBuilt(
      project,
      { WEBHOOK_SECRET: `old-secret,${SECRET}` },
      { typesCheckedByOwnTests: true },
    );
  }, 600_000);

  afterAll(() => running?.stop());

  test('one route, one handler per trigger, and the report says why', () => {
    expect(summary).toMatch(/: 21 handlers, 1 route/);
    expect(report).toMatch(
      /^endpoint {4}one URL, POST \/webhooks: channel "callbacks" has no address/m,
    );
    expect(triggers.length).toBeGreaterThanOrEqual(21);
    expect(handlerFiles).toEqual(triggers.map(operationFor).sort());
  });

  test('the generated project compiles under strict and passes its own tests', () => {
    ownTests(project);
  }, 300_000);

  test.each(triggers.map((trigger) => [trigger]))(
    '%s, signed and POSTed to /webhooks, reaches its own handler',
    async (trigger) => {
      // The exact bytes of Sinch's example: the signature is over them, not over re-serialised JSON.
      const body = readFileSync(PAYLOADS.resolve(`${trigger}.json`), 'utf8');
      const response = await post(body, sinchHeaders(body));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
      expect(response.ran).toEqual([operationFor(trigger)]);
      const ran = response.lines.find((l) => l.msg === 'handler ran');
      expect(ran?.messageName).toBe(trigger);
      const done = response.lines.find((l) => l.msg === 'webhook handled');
      expect(done).toMatchObject({
        operationId: operationFor(trigger),
        messageName: trigger,
        status: 200,
      });
    },
  );

  test('an event the document does not declare: 200, logged as ignored, no handler', async () => {
    const body = JSON.stringify({
      app_id: 'app',
      project_id: 'project',
      accepted_time: '2026-01-01T00:00:00Z',
      brand_new_notification: { id: 'x' },
    });
    const response = await post(body, sinchHeaders(body));
    expect(response).toMatchObject({ status: 200, body: { ok: true, ignored: true }, ran: [] });
    expect(response.lines.some((l) => String(l.msg).startsWith('ignored'))).toBe(true);
    expect(response.lines.find((l) => l.msg === 'webhook handled')).toMatchObject({ status: 200 });
  });

  test('a known trigger with an invalid payload: 400, no handler', async () => {
    const body = JSON.stringify({ app_id: 'a', project_id: 'p', message: 'not an object' });
    const response = await post(body, sinchHeaders(body));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid payload' });
    expect(response.ran).toEqual([]);
  });

  test('401 for a wrong secret, a changed body, a replayed nonce and no signature; the old secret of a rotation still works', async () => {
    const body = readFileSync(PAYLOADS.resolve('MESSAGE_INBOUND.json'), 'utf8');
    const wrong = await post(body, sinchHeaders(body, 'not-the-secret'));
    expect(wrong).toMatchObject({
      status: 401,
      body: { error: 'invalid signature', reason: 'bad_signature' },
      ran: [],
    });
    const changed = await post(`${body} `, sinchHeaders(body));
    expect(changed).toMatchObject({ status: 401, ran: [] });
    const headers = sinchHeaders(body);
    expect((await post(body, headers)).status).toBe(200);
    expect(await post(body, headers)).toMatchObject({
      status: 401,
      body: { reason: 'replayed_nonce' },
      ran: [],
    });
    expect(await post(body, { 'content-type': 'application/json' })).toMatchObject({
      status: 401,
      body: { reason: 'missing_signature' },
      ran: [],
    });
    expect(await post(body, sinchHeaders(body, 'old-secret'))).toMatchObject({
      status: 200,
      ran: ['receiveMessageInbound'],
    });
  });

  test('the per-trigger paths of the seed document are not routes here', async () => {
    const body = readFileSync(PAYLOADS.resolve('MESSAGE_INBOUND.json'), 'utf8');
    const response = await fetch(`${running.url}/conversation/message-inbound`, {
      method: 'POST',
      headers: sinchHeaders(body),
      body,
    });
    expect(response.status).toBe(404);
  });

  test('no secret and no payload in the info logs', () => {
    const all = JSON.stringify(running.lines());
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('Hi!');
    expect(all).not.toContain('9KC0p+pi4zPGFO99ACDxdQ==');
  });
});
