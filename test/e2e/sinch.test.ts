/**
 * End to end, as a user would: pack hookwright, install the tarball on its own (no dev
 * dependencies), generate the Sinch receiver with it, install and compile that project,
 * run its own tests, start it, and talk to it over real HTTP with Sinch-signed requests.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/cli';
import { SINCH_SPEC } from '../helpers/corpus';
import { shared } from '../helpers/shared';

/** Sinch's published known-answer vectors (shared/sinch, beside the repository). */
const SINCH_VECTORS = shared('sinch/signature-vectors.json', "Sinch's signature vectors");

const SECRET = 'e2e-secret';
const work = mkdtempSync(path.join(tmpdir(), 'hookwright-e2e-'));
const project = path.join(work, 'sinch-receiver');
let server: ChildProcess | undefined;
let baseUrl = '';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

/** Sinch's scheme, written independently of the generated code. */
function sinchHeaders(
  body: string,
  secret = SECRET,
  nonce: string = randomUUID(),
  timestamp = String(Math.floor(Date.now() / 1000)),
) {
  const signature = createHmac('sha256', secret)
    .update(`${body}.${nonce}.${timestamp}`)
    .digest('base64');
  return {
    'content-type': 'application/json',
    'x-sinch-webhook-signature': signature,
    'x-sinch-webhook-signature-nonce': nonce,
    'x-sinch-webhook-signature-timestamp': timestamp,
    'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
  };
}

async function post(route: string, body: string, headers: Record<string, string>) {
  const response = await fetch(baseUrl + route, { method: 'POST', headers, body });
  return {
    status: response.status,
    body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
  };
}

beforeAll(() => {
  // 1. The package as npm would publish it, installed with runtime dependencies only.
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], REPO)
    .trim()
    .split('\n')
    .pop() as string;
  const installDir = path.join(work, 'install');
  run('npm', ['init', '-y'], work, {});
  execFileSync('mkdir', ['-p', installDir]);
  writeFileSync(
    path.join(installDir, 'package.json'),
    '{"name":"e2e-user","version":"1.0.0","private":true}',
  );
  run(
    'npm',
    ['install', '--omit=dev', '--no-audit', '--no-fund', path.join(work, tarball)],
    installDir,
  );

  // 2. npx hookwright generate, from the installed package.
  const out = run(
    'npx',
    ['hookwright', 'generate', SINCH_SPEC, '-o', project, '--no-color'],
    installDir,
  );
  void out;

  // 3. The generated project: install, compile under strict, and its own tests.
  run('npm', ['install', '--no-audit', '--no-fund'], project);
  run('npx', ['tsc', '--noEmit'], project);
}, 600_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

test('the generated project passes its own tests', () => {
  const output = run('npm', ['test'], project);
  expect(output).toMatch(/# fail 0/);
  expect(output).toMatch(/# pass [1-9]\d+/);
}, 300_000);

describe('the running receiver', () => {
  const routes = [
    ['/conversation/message-inbound', 'receiveInboundMessage', 'MESSAGE_INBOUND'],
    ['/conversation/message-delivery', 'receiveMessageDelivery', 'MESSAGE_DELIVERY'],
    ['/conversation/event-inbound', 'receiveInboundEvent', 'EVENT_INBOUND'],
    ['/conversation/contact-create', 'receiveContactCreate', 'CONTACT_EVENT'],
    ['/conversation/contact-update', 'receiveContactUpdate', 'CONTACT_EVENT'],
    ['/conversation/contact-delete', 'receiveContactDelete', 'CONTACT_EVENT'],
    ['/conversation/contact-merge', 'receiveContactMerge', 'CONTACT_MERGE'],
    ['/conversation/conversation-start', 'receiveConversationStart', 'CONVERSATION_EVENT'],
    ['/conversation/conversation-stop', 'receiveConversationStop', 'CONVERSATION_EVENT'],
    ['/conversation/channel-event', 'receiveChannelEvent', 'CHANNEL_EVENT'],
    ['/conversation/capability', 'receiveCapabilityResult', 'CAPABILITY'],
    ['/conversation/opt-in', 'receiveOptIn', 'OPT_EVENT'],
    ['/conversation/opt-out', 'receiveOptOut', 'OPT_EVENT'],
    ['/conversation/smart-conversations', 'receiveSmartConversationResult', 'SMART_CONVERSATIONS'],
  ] as const;
  const logs: string[] = [];

  beforeAll(async () => {
    // A user edit: one handler throws for a marked payload, to see the 500.
    const handlerFile = path.join(project, 'src/handlers/receiveOptOut.ts');
    const original = readFileSync(handlerFile, 'utf8');
    writeFileSync(
      handlerFile,
      original.replace(
        'const handler: ReceiveOptOutHandler = async (payload, context) => {',
        "const handler: ReceiveOptOutHandler = async (payload, context) => {\n  if (payload.request_id === 'explode') throw new Error('database is down');",
      ),
    );
    run('npm', ['run', 'build'], project);

    server = spawn(process.execPath, ['dist/src/server.js'], {
      cwd: project,
      env: {
        ...process.env,
        WEBHOOK_SECRET: `old-secret,${SECRET}`,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start: ${logs.join('')}`)),
        20_000,
      );
      server?.stdout?.on('data', () => {
        const match = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(logs.join(''));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
  }, 120_000);

  test.each(routes)(
    '%s: a Sinch-signed callback → 200 and the %s handler runs',
    async (route, operationId, messageName) => {
      const body = JSON.stringify({
        app_id: 'app-1',
        project_id: 'project-1',
        marker: randomUUID(),
      });
      const response = await post(route, body, sinchHeaders(body));
      expect(response).toEqual({ status: 200, body: { ok: true } });
      await new Promise((r) => setTimeout(r, 50));
      const handled = logs
        .join('')
        .split('\n')
        .filter((line) => line.includes('"webhook handled"'))
        .pop();
      expect(handled).toContain(`"operationId":"${operationId}"`);
      expect(handled).toContain(`"messageName":"${messageName}"`);
    },
  );

  SINCH_VECTORS.test(
    'the known-answer vectors from Sinch verify (window off in the generated unit tests); here a fresh request signed the same way passes',
    async () => {
      const vectors = JSON.parse(readFileSync(SINCH_VECTORS.path, 'utf8')) as {
        vectors: Array<{
          body: string;
          secret: string;
          nonce: string;
          timestamp: string;
          expected_signature: string;
        }>;
      };
      for (const v of vectors.vectors) {
        expect(
          sinchHeaders(v.body, v.secret, v.nonce, v.timestamp)['x-sinch-webhook-signature'],
        ).toBe(v.expected_signature);
      }
    },
  );

  test('401: wrong secret, stale timestamp, replayed nonce, missing signature', async () => {
    const body = JSON.stringify({ app_id: 'a' });
    const route = '/conversation/message-inbound';
    expect((await post(route, body, sinchHeaders(body, 'wrong'))).status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await post(route, body, sinchHeaders(body, SECRET, randomUUID(), stale))).body).toEqual(
      { error: 'invalid signature', reason: 'stale_timestamp' },
    );
    const headers = sinchHeaders(body);
    expect((await post(route, body, headers)).status).toBe(200);
    expect((await post(route, body, headers)).body).toEqual({
      error: 'invalid signature',
      reason: 'replayed_nonce',
    });
    expect((await post(route, body, { 'content-type': 'application/json' })).body).toEqual({
      error: 'invalid signature',
      reason: 'missing_signature',
    });
  });

  test('the old secret of a rotation still works', async () => {
    const body = JSON.stringify({ app_id: 'a' });
    expect(
      (await post('/conversation/opt-in', body, sinchHeaders(body, 'old-secret'))).status,
    ).toBe(200);
  });

  test('400: malformed JSON and a payload that fails the schema', async () => {
    const malformed = '{"app_id": ';
    expect(await post('/conversation/message-inbound', malformed, sinchHeaders(malformed))).toEqual(
      { status: 400, body: { error: 'malformed JSON' } },
    );
    const invalid = JSON.stringify({ message_delivery_report: { status: 'LOST' } });
    const response = await post('/conversation/message-delivery', invalid, sinchHeaders(invalid));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/must be equal to one of the allowed values/);
  });

  test('404, 413, 415', async () => {
    const body = JSON.stringify({ app_id: 'a' });
    expect((await post('/conversation/unknown', body, sinchHeaders(body))).status).toBe(404);
    const big = JSON.stringify({ padding: 'x'.repeat(1_100_000) });
    expect((await post('/conversation/message-inbound', big, sinchHeaders(big))).status).toBe(413);
    expect(
      (
        await post('/conversation/message-inbound', body, {
          ...sinchHeaders(body),
          'content-type': 'text/plain',
        })
      ).status,
    ).toBe(415);
  });

  test('500 when the handler throws, without the error in the response', async () => {
    const body = JSON.stringify({ request_id: 'explode' });
    expect(await post('/conversation/opt-out', body, sinchHeaders(body))).toEqual({
      status: 500,
      body: { error: 'handler failed' },
    });
  });

  test('no secret and no payload in the info logs', () => {
    const all = logs.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('explode');
  });
});
