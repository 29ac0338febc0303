/**
 * A careless-to-hostile document: channel parameters, a channel whose messages are told
 * apart by a header and one told apart by a payload field, `$ref`s across three files,
 * awkward property names, reserved-word operation ids, and text that tries to break out
 * of comments and strings. The generated project must compile, pass its own tests, and
 * route each signed request to the right handler function with the right type.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ts from 'typescript';
import { hookwright, REPO } from '../helpers/cli';
import { waitFor } from '../helpers/processes';
import { emitBuild, ownTests } from '../helpers/project';
import { linkNodeModules } from '../helpers/receiver-deps';
import { listTree } from '../helpers/tree';

const SPEC = path.join(REPO, 'test', 'fixtures', 'hostile', 'asyncapi.yaml');
const SECRET = 'hostile-secret';
const project = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-hostile-')), 'receiver');
let generateOutput = '';

beforeAll(() => {
  const run = hookwright(['generate', SPEC, '-o', project]);
  generateOutput = run.stderr;
  expect(run.status).toBe(0);
  linkNodeModules(project);
}, 120_000);

test('the summary lists what is not served over HTTP, and why', () => {
  expect(generateOutput).toMatch(/operation sendReceipt: `action: send`/);
  expect(generateOutput).toMatch(
    /operation onTelemetry: only reachable through broker \(mqtt\), not HTTP: no route and no handler/,
  );
});

test('names from the document never make a path outside the project', () => {
  for (const file of listTree(project, new Set(['node_modules']))) {
    expect(file).toMatch(/^[A-Za-z0-9_.\-/]+$/);
  }
  expect(listTree(project)).toEqual(
    expect.arrayContaining(['src/handlers/delete_.ts', 'src/handlers/onPayment.ts']),
  );
  // onTelemetry is only on an MQTT broker: no route calls a handler, so there is no stub.
  expect(listTree(project)).not.toContain('src/handlers/onTelemetry.ts');
});

test('text from the document stays inside comments and strings', () => {
  const handlers = readFileSync(path.join(project, 'src/generated/handlers.ts'), 'utf8');
  expect(handlers).toContain('Receive order events *\\/ alert(1) /*');
  const readme = readFileSync(path.join(project, 'WEBHOOKS.md'), 'utf8');
  expect(readme).not.toContain('</script>');
  // Parse every generated TypeScript file: a comment or string that broke out would leave
  // code the compiler sees (`alert(1)`, `injected()`, `evil()`, `hostile.exit`).
  for (const file of listTree(project).filter((f) => f.endsWith('.ts'))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(path.join(project, file), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    const calls: string[] = [];
    const visit = (node: import('typescript').Node) => {
      if (ts.isCallExpression(node)) calls.push(node.expression.getText(source));
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect({
      file,
      calls: calls.filter((c) => /^(alert|injected|evil|hostile\.exit)$/.test(c)),
    }).toEqual({ file, calls: [] });
  }
});

test('the project compiles under strict and passes its own tests', () => {
  // Its own `npm test`: its typecheck (`tsc --noEmit` under its strict tsconfig.json), then its tests.
  const output = ownTests(project);
  for (const message of [
    'order.created',
    'order.cancelled',
    'payment.succeeded',
    'payment.failed',
  ]) {
    expect(output).toContain(`a signed ${message} sample reaches the handler`);
  }
}, 300_000);

describe('the running receiver dispatches each message to its own handler function', () => {
  let server: ChildProcess;
  let baseUrl = '';
  const logs: string[] = [];

  beforeAll(async () => {
    // Type-checked by its own tests above, unchanged since: the build only emits.
    emitBuild(project);
    server = spawn(process.execPath, ['dist/src/server.js'], {
      cwd: project,
      env: { ...process.env, WEBHOOK_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 20_000);
      server.stdout?.on('data', () => {
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(logs.join(''));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
  }, 120_000);

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  /**
   * Sends a signed request with its own request id, and returns the status, the body and
   * the messages its handler functions logged: each stub function logs `Received <message>`,
   * bound by the runtime to the request id, so that is the proof that it ran.
   */
  async function send(
    route: string,
    payload: unknown,
    headers: Record<string, string> = {},
    secret = SECRET,
  ) {
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const requestId = randomUUID();
    const response = await fetch(baseUrl + route, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature,
        'x-request-id': requestId,
        ...headers,
      },
      body,
    });
    await new Promise((r) => setTimeout(r, 100));
    const lines = logs
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === requestId);
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      ran: lines
        .map((line) => line.msg)
        .filter((msg): msg is string => typeof msg === 'string' && msg.startsWith('Received ')),
      handled: lines.find((line) => line.msg === 'webhook handled'),
    };
  }

  const order = {
    id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    total: { amount: 5, currency: 'EUR' },
  };

  test('by header: X-Event-Type (any case) picks order.created or order.cancelled', async () => {
    const created = await send('/hooks/t-1/orders/o-9', order, { 'X-Event-Type': 'order.created' });
    expect(created).toMatchObject({ status: 200, body: { ok: true } });
    expect(created.ran).toEqual(['Received order.created']);
    expect(created.handled).toMatchObject({ messageName: 'order.created', status: 200 });
    const cancelled = await send(
      '/hooks/t-1/orders/o-9',
      { order, reason: 'changed mind' },
      { 'x-event-type': 'order.cancelled' },
    );
    expect(cancelled).toMatchObject({ status: 200, body: { ok: true } });
    expect(cancelled.ran).toEqual(['Received order.cancelled']);
  });

  test('by payload field: kind picks payment.succeeded or payment.failed', async () => {
    const ok = await send('/hooks/payments', {
      kind: 'succeeded',
      amount: { amount: 1, currency: 'USD' },
    });
    expect(ok).toMatchObject({ status: 200, body: { ok: true } });
    expect(ok.ran).toEqual(['Received payment.succeeded']);
    const failed = await send('/hooks/payments', {
      kind: 'failed',
      error: { code: 402, message: null },
    });
    expect(failed).toMatchObject({ status: 200, body: { ok: true } });
    expect(failed.ran).toEqual(['Received payment.failed']);
  });

  test('a request that matches no message is acknowledged and logged as ignored, and no handler runs', async () => {
    const response = await send('/hooks/payments', { kind: 'refunded' });
    expect(response).toMatchObject({ status: 200, body: { ok: true, ignored: true } });
    expect(response.ran).toEqual([]);
    const ignored = /"msg":"ignored: the request matches no event of the document"/;
    // The answer may arrive before the log line does (another pipe): wait for it, boundedly.
    await waitFor(() => (ignored.test(logs.join('')) ? true : undefined), 10_000);
    expect(logs.join('')).toMatch(ignored);
  });

  test('a well-formed signature made with another secret gets 401 bad_signature', async () => {
    const payload = { kind: 'succeeded', amount: { amount: 1, currency: 'USD' } };
    const response = await send('/hooks/payments', payload, {}, 'not-the-secret');
    expect(response).toMatchObject({
      status: 401,
      body: { error: 'invalid signature', reason: 'bad_signature' },
      ran: [],
    });
    const malformed = await send('/hooks/payments', payload, {
      'x-hub-signature-256': 'sha256=00',
    });
    expect(malformed).toMatchObject({
      status: 401,
      body: { error: 'invalid signature', reason: 'malformed_signature' },
      ran: [],
    });
  });
});
