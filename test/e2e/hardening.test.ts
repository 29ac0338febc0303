/**
 * The attacks of issue 12, replayed against a generated Sinch receiver running as its own
 * process: replays after more than 10,000 callbacks, non-ASCII nonces, an oversized request
 * id, a body that trickles in, a handler that never resolves, and SIGTERM with a hung handler
 * and an idle keep-alive connection. Deadlines are set to about a second by configuration.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright } from '../helpers/cli';
import { waitFor } from '../helpers/processes';
import { SINCH_SPEC } from '../helpers/corpus';
import { linkNodeModules } from '../helpers/receiver-deps';

const SECRET = 'hardening-secret';
const ROUTE = '/conversation/message-inbound';
const project = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-hardening-')), 'receiver');

interface Server {
  process: ChildProcess;
  port: number;
  logs: string[];
  exited: Promise<number | null>;
}
const servers: Server[] = [];

beforeAll(() => {
  const run = hookwright(['generate', SINCH_SPEC, '-o', project]);
  expect(run.status).toBe(0);
  linkNodeModules(project);
  // A user's handler that never resolves for a marked payload, and keeps a timer running.
  const handlerFile = path.join(project, 'src/handlers/receiveInboundMessage.ts');
  const original = readFileSync(handlerFile, 'utf8');
  const edited = original.replace(
    /(const handler: \w+ = async \(payload, context\) => \{)/,
    "$1\n  if ((payload as { app_id?: string }).app_id === 'hang') {\n    setInterval(() => undefined, 1000);\n    await new Promise(() => undefined);\n  }",
  );
  expect(edited).not.toBe(original);
  writeFileSync(handlerFile, edited);
}, 120_000);

afterAll(() => {
  for (const server of servers) server.process.kill('SIGKILL');
});

/** Starts `src/server.ts` (through tsx) and waits for its listening line. */
async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: project,
    env: {
      ...process.env,
      WEBHOOK_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  // 'close', not 'exit': the process's last log lines may still be in its pipes at 'exit'.
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no listening line: ${seen}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.on('exit', () => reject(new Error(`server exited: ${seen}`)));
  });
  const server = { process: child, port, logs, exited };
  servers.push(server);
  return server;
}

/** Waits (up to 10 s) until the server has logged a line matching `pattern`; fails if it never does. */
async function logLine(server: { logs: string[] }, pattern: RegExp): Promise<void> {
  await waitFor(() => (pattern.test(server.logs.join('')) ? true : undefined), 10_000);
  expect(server.logs.join('')).toMatch(pattern);
}

/** Sinch's scheme over bytes, written independently of the generated code. */
function sinchHeaders(body: string, nonce: Buffer = Buffer.from(randomUUID())) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SECRET)
    .update(
      Buffer.concat([Buffer.from(body), Buffer.from('.'), nonce, Buffer.from(`.${timestamp}`)]),
    )
    .digest('base64');
  return {
    'content-type': 'application/json',
    'x-sinch-webhook-signature': signature,
    // Node writes a header string's characters as bytes one to one (latin1).
    'x-sinch-webhook-signature-nonce': nonce.toString('latin1'),
    'x-sinch-webhook-signature-timestamp': timestamp,
    'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });
afterAll(() => agent.destroy());

/** One POST over the shared keep-alive agent. */
function post(
  port: number,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: ROUTE, method: 'POST', headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One POST written byte for byte on a fresh socket: header values go out exactly as given. */
function rawPost(
  port: number,
  body: string,
  headers: Record<string, string | Buffer>,
): Promise<{ status: number; body: string }> {
  const head = Buffer.concat([
    Buffer.from(`POST ${ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`),
    ...Object.entries(headers).map(([name, value]) =>
      Buffer.concat([Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n')]),
    ),
    Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
  ]);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(head));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

const payload = (appId = 'app-1') => JSON.stringify({ app_id: appId, project_id: 'p' });

test('a replay of the first of 10,001 verified callbacks is refused (401)', async () => {
  const server = await startServer();
  const body = payload();
  const requests = Array.from({ length: 10_001 }, () => sinchHeaders(body));
  let next = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < requests.length) {
        const { status } = await post(server.port, body, requests[next++]);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  expect(Object.fromEntries(statuses)).toEqual({ 200: 10_001 });
  for (const index of [0, 1, 5_000]) {
    const replay = await post(server.port, body, requests[index]);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)).toMatchObject({ reason: 'replayed_nonce' });
  }
}, 180_000);

test('a non-ASCII nonce is verified over the bytes that were sent', async () => {
  const server = await startServer();
  const body = payload();
  const nonce = Buffer.from(`nonce-ñ-${randomUUID()}-✓`, 'utf8');
  const headers = { ...sinchHeaders(body, nonce), 'x-sinch-webhook-signature-nonce': nonce };
  const response = await rawPost(server.port, body, headers);
  expect(response).toEqual({ status: 200, body: '{"ok":true}' });
}, 60_000);

test('signed requests: a content coding or charset it does not decode gets 415, a BOM is accepted, a __proto__ key gets 400', async () => {
  const server = await startServer();
  const body = payload();
  const gzip = await post(server.port, body, {
    ...sinchHeaders(body),
    'content-encoding': 'gzip',
  });
  expect(gzip.status).toBe(415);
  expect(JSON.parse(gzip.body)).toEqual({
    error: 'unsupported content encoding',
    accepted: ['identity'],
  });
  const utf16 = await post(server.port, body, {
    ...sinchHeaders(body),
    'content-type': 'application/json; charset=utf-16',
  });
  expect(utf16.status).toBe(415);
  expect(JSON.parse(utf16.body)).toMatchObject({ error: 'unsupported charset' });
  const withBom = `\ufeff${body}`;
  expect(await post(server.port, withBom, sinchHeaders(withBom))).toEqual({
    status: 200,
    body: '{"ok":true}',
  });
  const poisoned = '{"app_id":"a","project_id":"p","__proto__":{"admin":true}}';
  const refused = await post(server.port, poisoned, sinchHeaders(poisoned));
  expect(refused.status).toBe(400);
  expect(JSON.parse(refused.body)).toEqual({ error: 'forbidden key' });
}, 60_000);

test('an 8 KB x-request-id is neither trusted nor logged', async () => {
  const server = await startServer();
  const body = payload();
  // 8 KB of arbitrary non-ASCII bytes.
  const hostile = Buffer.from(Array.from({ length: 8192 }, (_, i) => 0x80 + (i % 0x7f)));
  const response = await rawPost(server.port, body, {
    ...sinchHeaders(body),
    'x-request-id': hostile,
  });
  expect(response.status).toBe(200);
  const bad = await rawPost(server.port, body, {
    'content-type': 'application/json',
    'x-request-id': 'r'.repeat(9000),
  });
  expect(bad.status).toBe(401);
  // Both requests' completion lines, before looking at what they say.
  await logLine(server, /signature rejected/);
  const logged = server.logs.join('');
  expect(logged).toMatch(/"requestId":"[0-9a-f-]{36}"/);
  expect(logged).not.toContain(hostile.subarray(0, 16).toString('utf8'));
  expect(logged).not.toContain(hostile.subarray(0, 16).toString('latin1'));
  expect(logged).not.toContain('rrrr');
}, 60_000);

test('a body that trickles in is cut off by REQUEST_TIMEOUT_MS (408, socket closed)', async () => {
  const server = await startServer({ HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '1000' });
  const socket = connect(server.port, '127.0.0.1');
  const received: Buffer[] = [];
  const drip = setInterval(() => socket.writable && socket.write(' '), 100);
  socket.on('data', (chunk: Buffer) => {
    received.push(chunk);
    clearInterval(drip);
  });
  // Node answers 408 and destroys the socket; a drip byte that arrives after its last read makes
  // the kernel reset the connection instead of closing it (seen on Node 24). The answer has
  // been read by then, so a reset counts as the close.
  const closed = new Promise((resolve, reject) => {
    socket.on('close', resolve);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
  socket.write(
    `POST ${ROUTE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
  );
  await closed;
  clearInterval(drip);
  expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 408 /);
}, 60_000);

test('a handler that never resolves gets 503 after HANDLER_TIMEOUT_MS, and SIGTERM still ends the process within its grace period', async () => {
  const server = await startServer({ HANDLER_TIMEOUT_MS: '500', SHUTDOWN_GRACE_MS: '1000' });
  const body = payload('hang');
  const response = await post(server.port, body, sinchHeaders(body));
  expect(response.status).toBe(503);
  // The 503 may arrive before the log line does (another pipe): wait for it, boundedly.
  await logLine(server, /"operationId":"receiveInboundMessage".*handler deadline exceeded/);
  // An idle keep-alive connection stays in the agent's pool; a second request hangs in flight.
  const inFlight = post(server.port, body, sinchHeaders(body)).catch(() => ({
    status: 0,
    body: '',
  }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  server.process.kill('SIGTERM');
  const cutOff = new Promise<'still running'>((resolve) =>
    setTimeout(() => resolve('still running'), 15_000).unref(),
  );
  expect(await Promise.race([server.exited, cutOff])).toBe(0);
  expect(server.logs.join('')).toContain('shutting down');
  await inFlight;
}, 60_000);

test('SIGTERM with only an idle keep-alive connection open ends the process at once', async () => {
  const server = await startServer({ KEEP_ALIVE_TIMEOUT_MS: '600000', SHUTDOWN_GRACE_MS: '60000' });
  const body = payload();
  expect((await post(server.port, body, sinchHeaders(body))).status).toBe(200);
  server.process.kill('SIGTERM');
  const cutOff = new Promise<'still running'>((resolve) =>
    setTimeout(() => resolve('still running'), 15_000).unref(),
  );
  // With a 60 s grace period and a 10 min keep-alive, only closing idle connections at once
  // lets the process end before the cut-off.
  expect(await Promise.race([server.exited, cutOff])).toBe(0);
  expect(server.logs.join('')).toContain('"msg":"shut down"');
}, 60_000);
