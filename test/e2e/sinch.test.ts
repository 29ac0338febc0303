/**
 * End to end, as a user would: pack hookwright, install the tarball on its own (no dev
 * dependencies), generate the Sinch receiver with it, install and compile that project,
 * run its own tests, start it, and talk to it over real HTTP with Sinch-signed requests.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/cli';
import { FUTURE_SECONDS, nowSeconds } from '../helpers/clock';
import { VERSION } from '../../src/pipeline/version';
import { SINCH_SPEC } from '../helpers/corpus';
import { parsePackageJson } from '../helpers/json';
import { foundIn } from '../helpers/leaks';
import { shared } from '../helpers/shared';

/** Sinch's published known-answer vectors (shared/sinch, beside the repository). */
const SINCH_VECTORS = shared('sinch/signature-vectors.json', "Sinch's signature vectors");

const SECRET = 'e2e-secret';
const work = mkdtempSync(path.join(tmpdir(), 'hookwright-e2e-'));
const project = path.join(work, 'sinch-receiver');
const installDir = path.join(work, 'install');
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

/** POSTs and returns the status and the JSON body; a body that is not JSON fails the test. */
async function post(route: string, body: string, headers: Record<string, string>) {
  const response = await fetch(baseUrl + route, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${route} answered ${response.status} with a body that is not JSON: ${text}`);
  }
  return { status: response.status, body: parsed };
}

beforeAll(() => {
  // 1. The package as npm would publish it, installed with runtime dependencies only.
  const tarball = run(
    'npm',
    ['pack', '--silent', '--ignore-scripts', '--pack-destination', work],
    REPO,
  )
    .trim()
    .split('\n')
    .pop() as string;
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

  // 3. The generated project pins the hookwright that generated it. That version is not on the
  // registry (it is this checkout), so the tarball stands in for it, as `npm install` of the
  // published version would; then install, compile under strict, and its own tests.
  const pkg = parsePackageJson(readFileSync(path.join(project, 'package.json'), 'utf8'));
  expect(pkg.devDependencies.hookwright).toBe(VERSION);
  expect(pkg.scripts.regenerate).toBe('hookwright generate');
  run(
    'npm',
    ['pkg', 'set', `devDependencies.hookwright=file:${path.join(work, tarball)}`],
    project,
  );
  // engine-strict: every package of the tree must accept the Node running this test (the
  // project's engines agree with its dependencies; cookie@2, which needs Node 22, is overridden).
  // That it compiles under strict is the project's own `npm test` (its typecheck, then its tests).
  run('npm', ['install', '--engine-strict', '--no-audit', '--no-fund'], project);
}, 600_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

test('generate() is importable from the installed package, with its type declarations', () => {
  const output = path.join(work, 'from-library');
  const script = `
    const { generate, VERSION } = require('hookwright');
    generate({ spec: ${JSON.stringify(SINCH_SPEC)}, output: ${JSON.stringify(output)} }).then(
      (result) => console.log(JSON.stringify({
        version: VERSION,
        mode: result.mode,
        operations: result.ir.operations.length,
        handlers: result.plan.files.filter((f) => f.path.startsWith('src/handlers/')).length,
      })),
      (error) => { console.error(error); process.exitCode = 1; },
    );`;
  const printed = JSON.parse(run(process.execPath, ['-e', script], installDir)) as object;
  const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    version: string;
  };
  expect(printed).toEqual({ version, mode: 'write', operations: 14, handlers: 14 });
  expect(existsSync(path.join(output, 'src', 'handlers', 'receiveOptOut.ts'))).toBe(true);
  const installed = path.join(installDir, 'node_modules', 'hookwright');
  const { types } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
    types: string;
  };
  expect(readFileSync(path.join(installed, types), 'utf8')).toMatch(/export \{ generate,/);
}, 120_000);

test('npm run regenerate runs the project’s own hookwright (node_modules), offline, and finds it up to date', () => {
  const output = run('npm', ['run', 'regenerate', '--', '--check', '--no-color'], project, {
    npm_config_offline: 'true',
  });
  void output;
  const bin = readFileSync(
    path.join(project, 'node_modules', 'hookwright', 'package.json'),
    'utf8',
  );
  expect(parsePackageJson(bin).version).toBe(VERSION);
}, 120_000);

test('the generated project compiles under strict and passes its own tests', () => {
  const output = run('npm', ['test'], project);
  // Its typecheck first (`tsc --noEmit` under the project's strict tsconfig.json), then its tests.
  expect(output).toMatch(/^> npm run typecheck && /m);
  expect(output).toMatch(/^> tsc --noEmit$/m);
  // node:test's summary: TAP (`# fail 0`) on Node 20 when not on a terminal, its spec
  // reporter (`ℹ fail 0`) on Node 24 (this test runs on both in CI).
  expect(output).toMatch(/^(?:#|ℹ) fail 0$/m);
  expect(output).toMatch(/^(?:#|ℹ) pass [1-9]\d+$/m);
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
  const chunks: Buffer[] = [];
  /** The server's stdout and stderr, as the bytes it wrote. */
  const rawLogs = () => Buffer.concat(chunks);
  /** Its JSON log lines (pino writes one object per line). */
  const logLines = () =>
    rawLogs()
      .toString('utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  /** Markers that only request bodies carry, in fields no handler logs. */
  const unlogged: string[] = [];

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
    server.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    server.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start: ${rawLogs().toString()}`)),
        20_000,
      );
      server?.stdout?.on('data', () => {
        const match = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(
          rawLogs().toString(),
        );
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
  }, 120_000);

  /** The lines logged for one request (Fastify takes the request id from x-request-id). */
  async function linesOf(requestId: string) {
    await new Promise((r) => setTimeout(r, 100));
    return logLines().filter((line) => line.requestId === requestId);
  }

  test.each(routes)(
    '%s: a Sinch-signed callback → 200 and the %s handler runs',
    async (route, operationId, messageName) => {
      // app_id is a field every stub logs; `note` one that none does.
      const appId = `app-${randomUUID()}`;
      const note = `note-"${randomUUID()}"-\\`;
      unlogged.push(note);
      const body = JSON.stringify({ app_id: appId, project_id: 'project-1', note });
      const requestId = randomUUID();
      const response = await post(route, body, {
        ...sinchHeaders(body),
        'x-request-id': requestId,
      });
      expect(response).toEqual({ status: 200, body: { ok: true } });
      // The proof that the handler ran is its own log line, bound to this request by the
      // runtime and carrying a value only this request's payload has.
      const lines = await linesOf(requestId);
      const fromHandler = lines.filter((line) => line.appId === appId);
      expect(fromHandler).toEqual([
        expect.objectContaining({
          operationId,
          messageName,
          projectId: 'project-1',
          msg: expect.stringMatching(/^Received /) as string,
        }),
      ]);
      expect(lines.find((line) => line.msg === 'webhook handled')).toEqual(
        expect.objectContaining({ operationId, messageName, status: 200 }),
      );
    },
  );

  SINCH_VECTORS.test(
    "the signing here matches Sinch's known-answer vectors; a fresh request signed the same way passes, the vector itself is stale",
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
      expect(vectors.vectors.length).toBeGreaterThan(0);
      for (const v of vectors.vectors) {
        expect(
          sinchHeaders(v.body, v.secret, v.nonce, v.timestamp)['x-sinch-webhook-signature'],
        ).toBe(v.expected_signature);
        // The vector's body, signed the same way now (fresh nonce and timestamp): accepted.
        // The route is the one its payload belongs to, and the payload validates there.
        const route = /"contact_create_notification"/.test(v.body)
          ? '/conversation/contact-create'
          : '/conversation/message-delivery';
        expect(await post(route, v.body, sinchHeaders(v.body))).toEqual({
          status: 200,
          body: { ok: true },
        });
        // The vector as Sinch signed it in 2021 (with the secret we run with): too old.
        const asSigned = sinchHeaders(v.body, SECRET, v.nonce, v.timestamp);
        expect(await post(route, v.body, asSigned)).toEqual({
          status: 401,
          body: { error: 'invalid signature', reason: 'stale_timestamp' },
        });
      }
    },
  );

  const rejected = (reason: string) => ({
    status: 401,
    body: { error: 'invalid signature', reason },
  });

  test('401: wrong secret, stale timestamp, replayed nonce, missing signature', async () => {
    const body = JSON.stringify({ app_id: 'a' });
    const route = '/conversation/message-inbound';
    expect(await post(route, body, sinchHeaders(body, 'wrong'))).toEqual(rejected('bad_signature'));
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    expect(await post(route, body, sinchHeaders(body, SECRET, randomUUID(), stale))).toEqual(
      rejected('stale_timestamp'),
    );
    const headers = sinchHeaders(body);
    expect(await post(route, body, headers)).toEqual({ status: 200, body: { ok: true } });
    expect(await post(route, body, headers)).toEqual(rejected('replayed_nonce'));
    expect(await post(route, body, { 'content-type': 'application/json' })).toEqual(
      rejected('missing_signature'),
    );
  });

  test('401 for timestamps from the future beyond the window, 200 just inside it', async () => {
    const body = JSON.stringify({ app_id: 'a' });
    const route = '/conversation/message-inbound';
    const now = nowSeconds();
    for (const ahead of [FUTURE_SECONDS, 3600, 5 * 365 * 86_400]) {
      const headers = sinchHeaders(body, SECRET, randomUUID(), String(now + ahead));
      expect(await post(route, body, headers)).toEqual(rejected('future_timestamp'));
    }
    const inside = sinchHeaders(body, SECRET, randomUUID(), String(now + 290));
    expect(await post(route, body, inside)).toEqual({ status: 200, body: { ok: true } });
  });

  test('the old secret of a rotation still works', async () => {
    const body = JSON.stringify({ app_id: 'a' });
    expect(await post('/conversation/opt-in', body, sinchHeaders(body, 'old-secret'))).toEqual({
      status: 200,
      body: { ok: true },
    });
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

  test('npm run send-sample posts a signed sample that the receiver accepts', () => {
    const env = { ...process.env, RECEIVER_URL: baseUrl, WEBHOOK_SECRET: SECRET };
    const sent = spawnSync('npm', ['run', 'send-sample', '--', 'receiveMessageDelivery'], {
      cwd: project,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(sent.status).toBe(0);
    expect(sent.stdout).toContain(`POST ${baseUrl}/conversation/message-delivery -> 200 OK`);
    expect(sent.stdout).toContain('{"ok":true}');
    const wrongSecret = spawnSync('npm', ['run', 'send-sample', '--', 'receiveMessageDelivery'], {
      cwd: project,
      env: { ...env, WEBHOOK_SECRET: 'not-the-secret' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(wrongSecret.status).toBe(1);
    expect(wrongSecret.stdout).toContain('-> 401 Unauthorized');
    const unknown = spawnSync('npm', ['run', 'send-sample', '--', 'noSuchOperation'], {
      cwd: project,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown operationId "noSuchOperation"[\s\S]*receiveOptIn/);
  }, 120_000);

  test('500 when the handler throws, without the error in the response', async () => {
    const body = JSON.stringify({ request_id: 'explode' });
    expect(await post('/conversation/opt-out', body, sinchHeaders(body))).toEqual({
      status: 500,
      body: { error: 'handler failed' },
    });
  });

  test('a field a handler logs is in the info logs; no secret and no other payload field is', async () => {
    // Every request above carried a marker in a field that no handler logs.
    expect(unlogged).toHaveLength(routes.length);
    const loggedId = `id-${randomUUID()}`;
    const hidden = `hidden-"${randomUUID()}"`;
    const body = JSON.stringify({ app_id: loggedId, request_id: 'r-1', note: hidden });
    expect(await post('/conversation/opt-out', body, sinchHeaders(body))).toEqual({
      status: 200,
      body: { ok: true },
    });
    await new Promise((r) => setTimeout(r, 100));
    const raw = rawLogs();
    // The search finds what is logged (the handler logs app_id)...
    expect(foundIn(raw, loggedId)).not.toEqual([]);
    // ...and nothing else of a payload, in any encoding, nor a secret.
    for (const text of [...unlogged, hidden, body, SECRET, 'old-secret'])
      expect({ text, found: foundIn(raw, text) }).toEqual({ text, found: [] });
  });
});
