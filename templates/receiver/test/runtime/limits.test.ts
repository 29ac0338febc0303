// The receiver's limits over real sockets: slow clients are cut off, a hung handler answers 503
// without stopping the work, a close drains or cuts connections within its grace period, and
// the client's request id is logged only when it is safe to. Deadlines are set to fractions of
// a second here; the defaults are in config.ts and the README.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/generated/runtime/config';
import { buildApp, closeGracefully, requestId } from '../../src/generated/runtime/fastify';
import type { HandlerEntry, OperationSpec } from '../../src/generated/runtime/types';
import { captureLogger, type LogLine } from '../helpers';

// One unsigned operation: the limits do not depend on the document.
const operation: OperationSpec = {
  operationId: 'receiveEvent',
  method: 'POST',
  path: '/events',
  address: '/events',
  parameters: [],
  signature: null,
  messages: [{ name: 'EVENT', schema: { type: 'object' } }],
};

async function listen(env: Record<string, string>, handler: HandlerEntry, lines: LogLine[] = []) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env }, [operation]);
  const app = buildApp({
    operations: [operation],
    handlers: { receiveEvent: handler },
    config,
    logger: captureLogger(lines),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, port, url: `http://127.0.0.1:${port}/events` };
}

/** Opens a raw connection; resolves with everything the server sent once it closes it. */
function rawConnection(port: number): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', () => undefined);
  });
  return { socket, closed };
}

const ok: HandlerEntry = async () => undefined;

describe('slow clients', () => {
  it(
    'cuts off a body that trickles in (408) once REQUEST_TIMEOUT_MS has passed',
    { timeout: 10_000 },
    async () => {
      const server = await listen({ HEADERS_TIMEOUT_MS: '200', REQUEST_TIMEOUT_MS: '400' }, ok);
      after(() => server.app.close());
      const { socket, closed } = rawConnection(server.port);
      socket.write(
        'POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100000\r\n\r\n{',
      );
      // One byte at a time, far faster than any idle timeout: only the request deadline stops it.
      const drip = setInterval(() => socket.writable && socket.write(' '), 50);
      const answer = await closed;
      clearInterval(drip);
      assert.match(answer, /^HTTP\/1\.1 408 /);
    },
  );

  it('closes a connection that never finishes its headers', { timeout: 10_000 }, async () => {
    const server = await listen({ HEADERS_TIMEOUT_MS: '200', REQUEST_TIMEOUT_MS: '400' }, ok);
    after(() => server.app.close());
    const { socket, closed } = rawConnection(server.port);
    socket.write('POST /events HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 50);
    const answer = await closed;
    clearInterval(drip);
    assert.match(answer, /^HTTP\/1\.1 408 /);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    assert.throws(
      () => loadConfig({ HEADERS_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '1000' }, [operation]),
      /HEADERS_TIMEOUT_MS \(2000\) must not exceed REQUEST_TIMEOUT_MS \(1000\)/,
    );
  });
});

describe('handler deadline', () => {
  it('answers 503 after HANDLER_TIMEOUT_MS, logs the operation, and lets the handler finish', async () => {
    const lines: LogLine[] = [];
    let finish: () => void = () => undefined;
    let finished = false;
    const slow: HandlerEntry = () =>
      new Promise<void>((resolve) => {
        finish = () => {
          finished = true;
          resolve();
        };
      });
    const server = await listen({ HANDLER_TIMEOUT_MS: '100' }, slow, lines);
    after(() => server.app.close());
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { error: 'handler timed out' });
    const timedOut = lines.find((line) => line.message?.startsWith('handler deadline exceeded'));
    assert.equal(timedOut?.level, 'error');
    assert.equal(timedOut?.bindings.operationId, 'receiveEvent');
    assert.equal(timedOut?.bindings.messageName, 'EVENT');
    // The work was not abandoned: it completes later, and that is logged too.
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(finished, true);
    assert.ok(lines.some((line) => line.message === 'handler finished after its deadline'));
  });

  it('logs a handler that fails after its deadline instead of leaving an unhandled rejection', async () => {
    const lines: LogLine[] = [];
    let fail: () => void = () => undefined;
    const slow: HandlerEntry = () =>
      new Promise<void>((_resolve, reject) => {
        fail = () => reject(new Error('late failure'));
      });
    const server = await listen({ HANDLER_TIMEOUT_MS: '50' }, slow, lines);
    after(() => server.app.close());
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 503);
    fail();
    await new Promise((resolve) => setImmediate(resolve));
    const late = lines.find((line) => line.message === 'handler failed after its deadline');
    assert.equal(late?.level, 'error');
  });
});

describe('graceful close', () => {
  it('closes idle keep-alive connections at once', { timeout: 10_000 }, async () => {
    const server = await listen({ KEEP_ALIVE_TIMEOUT_MS: '600000' }, ok);
    const { socket, closed } = rawConnection(server.port);
    socket.write(
      'POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    // The connection is now idle and would stay open for ten minutes.
    assert.equal(await closeGracefully(server.app, 600_000), 'drained');
    assert.match(await closed, /^HTTP\/1\.1 200 /);
  });

  it(
    'cuts a request still in flight once the grace period is over',
    { timeout: 10_000 },
    async () => {
      const hung: HandlerEntry = () => new Promise<void>(() => undefined);
      const server = await listen({ HANDLER_TIMEOUT_MS: '1000' }, hung);
      const { socket, closed } = rawConnection(server.port);
      socket.write(
        'POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await closeGracefully(server.app, 100), 'cut');
      await closed;
    },
  );
});

describe('request ids', () => {
  for (const [given, kept] of [
    ['req-42', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['x'.repeat(8192), false],
    ['line\nbreak', false],
    ['{"json":1}', false],
    ['', false],
  ] as const) {
    it(`${kept ? 'keeps' : 'replaces'} ${JSON.stringify(given.slice(0, 20))} (${given.length} characters)`, () => {
      const id = requestId(given);
      if (kept) assert.equal(id, given);
      else assert.match(id, /^[0-9a-f-]{36}$/);
    });
  }

  it('logs a replacement, not an 8 KB client id', async () => {
    const lines: LogLine[] = [];
    const server = await listen({ LOG_LEVEL: 'info' }, ok, lines);
    after(() => server.app.close());
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'é'.repeat(4096) },
      body: '{}',
    });
    assert.equal(response.status, 200);
    const handled = lines.find((line) => line.message === 'webhook handled');
    assert.match(String(handled?.bindings.requestId), /^[0-9a-f-]{36}$/);
  });
});
