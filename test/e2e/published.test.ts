/**
 * Documents as providers publish them (issue 10), end to end with the built CLI: each one
 * is generated into a project that compiles under strict and passes its own tests (signed
 * requests over real HTTP), and the form-encoded one is also started and called over HTTP
 * with requests signed independently of the generated code.
 *
 * - slips.yaml: a 2.1 document with the usual validation errors: fails with a hint without
 *   --lenient, generates with it (the errors listed, remembered for regeneration).
 * - form-callbacks.yaml: form-encoded, text and binary callbacks, HMAC-signed.
 * - no-servers.yaml: no `servers` at all (HTTP assumed, and said so).
 * - mixed-kafka.yaml: one webhook operation and one Kafka operation (no stub for the latter).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright, REPO, type CliRun } from '../helpers/cli';
import { emitBuild, ownTests } from '../helpers/project';
import { linkNodeModules } from '../helpers/receiver-deps';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'published');
const SECRET = 'published-secret';
const work = mkdtempSync(path.join(tmpdir(), 'hookwright-published-'));

function generateProject(fixture: string, ...flags: string[]): { project: string; run: CliRun } {
  const project = path.join(work, path.basename(fixture, '.yaml'));
  const run = hookwright(['generate', path.join(FIXTURES, fixture), '-o', project, ...flags]);
  return { project, run };
}

/**
 * The project's own `npm test`: `tsc` under the project's strict config (its typecheck script,
 * which `npm test` runs first: checked here, since that is what says the project compiles), then
 * its tests.
 */
function compileAndTest(project: string): string {
  linkNodeModules(project);
  return ownTests(project);
}

function read(project: string, file: string): string {
  return readFileSync(path.join(project, file), 'utf8');
}

/**
 * Builds the project and starts `dist/src/server.js` on a free port. Only projects that
 * `compileAndTest` type-checked, unchanged since: the build emits without checking again.
 */
async function startServer(
  project: string,
  env: Record<string, string>,
): Promise<{ server: ChildProcess; url: string }> {
  emitBuild(project);
  const server = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: project,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start: ${logs.join('')}`)),
      20_000,
    );
    server.stdout?.on('data', (chunk: Buffer) => {
      logs.push(chunk.toString());
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(logs.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { server, url };
}

/** The generic HMAC-SHA256 scheme, written independently of the generated code. */
function hmacHex(body: string | Buffer): string {
  return createHmac('sha256', SECRET).update(body).digest('hex');
}

async function post(url: string, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a 2.1 document with the slips providers make', () => {
  const fixture = path.join(FIXTURES, 'slips.yaml');
  let project = '';
  let lenientRun: CliRun;

  beforeAll(() => {
    ({ project, run: lenientRun } = generateProject('slips.yaml', '--lenient'));
  }, 120_000);

  test('without --lenient: every error with where it is, then a hint naming the flag; nothing written', () => {
    const target = path.join(work, 'strict');
    const run = hookwright(['generate', fixture, '-o', target]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error .*slips\.yaml is not a valid AsyncAPI document/);
    expect(run.stderr).toContain(
      'slips.yaml:22:15: Property "name" is not expected to be here at channels["/callbacks/parcels"].publish.message.name',
    );
    expect(run.stderr).toMatch(
      /slips\.yaml:70:19: "type" property must be equal to one of the allowed values.*Did you mean "integer"\?/,
    );
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^hint .*--lenient.*The risk: /);
    expect(existsSync(target)).toBe(false);
  });

  test('with --lenient: each error is a warning with file, line, column and JSON path', () => {
    expect(lenientRun.status).toBe(0);
    const warnings = lenientRun.stderr
      .split('\n')
      .filter((l) => /^warning .*slips\.yaml:\d+:\d+: /.test(l));
    expect(warnings).toContain(
      'warning test/fixtures/published/slips.yaml:24:18: Property "summary" is not expected to be here at channels["/callbacks/parcels"].publish.message.summary',
    );
    expect(lenientRun.stderr).toMatch(
      /warning schema BatchReportPayload count: type "int" is read as "integer"/,
    );
    expect(lenientRun.stderr).toContain(`went on past ${warnings.length} errors in the document`);

    const manifest = JSON.parse(read(project, '.hookwright/manifest.json')) as {
      options: Record<string, unknown>;
      knownProblems: number;
    };
    expect(manifest.options.lenient).toBe(true);
    expect(manifest.knownProblems).toBe(warnings.length);

    const readme = read(project, 'WEBHOOKS.md');
    expect(readme).toContain('## Known problems of the document');
    expect(readme).toMatch(
      /\| `\.\.\/.*slips\.yaml:22:15` +\| `channels\["\/callbacks\/parcels"\]\.publish\.message\.name` +\| Property "name" is not expected to be here +\|/,
    );
  });

  test('what the invalid parts still say is kept: both oneOf messages, integer types', () => {
    const handlers = read(project, 'src/generated/handlers.ts');
    expect(handlers).toMatch(
      /'parcel\.delivered': ParcelDelivered;\s+'parcel\.failed': ParcelFailed;/,
    );
    expect(read(project, 'src/generated/models/BatchReportPayload.ts')).toMatch(/count: number;/);
    expect(read(project, 'src/generated/models/ParcelDelivered.ts')).toMatch(/attempts: number;/);
    expect(read(project, 'src/generated/schemas.ts')).toContain(
      "attempts: { type: 'integer', minimum: 1 }",
    );
  });

  test('a regeneration without the flag stays lenient; --no-lenient turns it off', () => {
    const again = hookwright(['generate', '--check'], { cwd: project });
    expect(again.status).toBe(0);
    const regenerated = hookwright(['generate'], { cwd: project });
    expect(regenerated.status).toBe(0);
    const strict = hookwright(['generate', '--no-lenient'], { cwd: project });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/hint .*--lenient/);
  }, 120_000);

  test('the project compiles, passes its own tests and serves signed requests', async () => {
    const output = compileAndTest(project);
    expect(output).toContain(
      'receiveParcelEvent: a signed parcel.delivered sample reaches the handler',
    );
    const { server, url } = await startServer(project, { WEBHOOK_SECRET: SECRET });
    try {
      // The document's own example has a property its schema forbids: it is accepted.
      const body = JSON.stringify({ batchId: 'B-7', count: 3, region: 'eu-west' });
      const ok = await post(`${url}/callbacks/batches`, body, {
        'content-type': 'application/json',
        'x-signature-sha256': hmacHex(body),
      });
      expect(ok).toEqual({ status: 200, body: { ok: true } });
      const wrongType = JSON.stringify({ batchId: 'B-7', count: 1.5 });
      const rejected = await post(`${url}/callbacks/batches`, wrongType, {
        'content-type': 'application/json',
        'x-signature-sha256': hmacHex(wrongType),
      });
      expect(rejected.status).toBe(400);
      expect(rejected.body.details).toEqual(['/count must be integer']);
      const unsigned = await post(`${url}/callbacks/batches`, body, {
        'content-type': 'application/json',
      });
      expect(unsigned.status).toBe(401);
    } finally {
      server.kill('SIGTERM');
    }
  }, 300_000);
});

describe('form-encoded, text and binary callbacks, signed', () => {
  let project = '';
  const record = () => path.join(project, 'received.jsonl');

  beforeAll(() => {
    const { project: dir, run } = generateProject('form-callbacks.yaml');
    project = dir;
    expect(run.status).toBe(0);
    // The user's handlers: each records what it got; the annotations only compile if the
    // handlers are typed with the declared types (and not `any` or `unknown`).
    const recorder = (name: string, type: string, body: string) =>
      writeFileSync(
        path.join(project, 'src', 'handlers', `${name}.ts`),
        `import { appendFileSync } from 'node:fs';
import type { ${type} } from '../generated/handlers';

const handler: ${type} = async (payload, context) => {
${body}
  appendFileSync(process.env.RECORD_FILE ?? 'received.jsonl', JSON.stringify({ operation: context.operationId, seen }) + '\\n');
};

export default handler;
`,
      );
    recorder(
      'receiveMessageStatus',
      'ReceiveMessageStatusHandler',
      `  const segments: number = payload.NumSegments;
  const price: number | undefined = payload.Price;
  const final: boolean | undefined = payload.Final;
  const tags: string[] | undefined = payload.Tags;
  // @ts-expect-error NumSegments is a number, not a string
  const wrong: string = payload.NumSegments;
  void wrong;
  const seen = { payload, types: { segments: typeof segments, price: typeof price, final: typeof final, tags: Array.isArray(tags) } };`,
    );
    recorder(
      'receiveOperatorNote',
      'ReceiveOperatorNoteHandler',
      `  const text: string = payload;
  const seen = { text, type: typeof text };`,
    );
    recorder(
      'receiveMediaUpload',
      'ReceiveMediaUploadHandler',
      `  const bytes: Buffer = payload;
  const seen = { buffer: Buffer.isBuffer(bytes), hex: bytes.toString('hex') };`,
    );
  }, 120_000);

  test('the route table declares each message content type; handlers are typed', () => {
    const operations = read(project, 'src/generated/operations.ts');
    expect(operations).toContain("contentType: 'application/x-www-form-urlencoded'");
    expect(operations).toContain("contentType: 'text/plain'");
    expect(operations).toContain("contentType: 'application/octet-stream'");
    const handlers = read(project, 'src/generated/handlers.ts');
    expect(handlers).toContain('ReceiveMessageStatusHandler = Handler<MessageStatusPayload>');
    expect(handlers).toContain('ReceiveOperatorNoteHandler = Handler<string>');
    expect(handlers).toContain('ReceiveMediaUploadHandler = Handler<Buffer>');
    expect(read(project, 'WEBHOOKS.md')).toContain(
      '- `POST /sms/status` accepts `application/x-www-form-urlencoded`',
    );
  });

  test('the project compiles and passes its own tests', () => {
    const output = compileAndTest(project);
    expect(output).toContain(
      'receiveMessageStatus: a signed MessageStatus sample reaches the handler',
    );
    expect(output).toContain('answers 415 for text/plain, with the accepted types');
  }, 300_000);

  describe('over real HTTP', () => {
    let server: ChildProcess;
    let url = '';
    const FORM = 'application/x-www-form-urlencoded';
    const seen = () =>
      readFileSync(record(), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { operation: string; seen: Record<string, unknown> });
    const signed = (body: string | Buffer, contentType: string) => ({
      'content-type': contentType,
      'x-callback-signature': hmacHex(body),
    });

    beforeAll(async () => {
      rmSync(record(), { force: true });
      ({ server, url } = await startServer(project, {
        WEBHOOK_SECRET: SECRET,
        RECORD_FILE: record(),
      }));
    }, 120_000);
    afterAll(() => server?.kill('SIGTERM'));

    test('a form callback reaches its handler with its declared types', async () => {
      const body =
        'MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC1&MessageStatus=delivered' +
        '&NumSegments=2&Price=-0.0075&Final=true&Tags=welcome&Tags=campaign+7&Extra=kept';
      const response = await post(
        `${url}/sms/status`,
        body,
        signed(body, `${FORM}; charset=utf-8`),
      );
      expect(response).toEqual({ status: 200, body: { ok: true } });
      expect(seen().pop()).toEqual({
        operation: 'receiveMessageStatus',
        seen: {
          payload: {
            MessageSid: 'SM0123456789abcdef0123456789abcdef',
            AccountSid: 'AC1',
            MessageStatus: 'delivered',
            NumSegments: 2,
            Price: -0.0075,
            Final: true,
            Tags: ['welcome', 'campaign 7'],
            Extra: 'kept',
          },
          types: { segments: 'number', price: 'number', final: 'boolean', tags: true },
        },
      });
    });

    test('a single value of an array field arrives as an array', async () => {
      const body =
        'MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC1&MessageStatus=sent&NumSegments=1&Tags=only';
      expect((await post(`${url}/sms/status`, body, signed(body, FORM))).status).toBe(200);
      expect((seen().pop()?.seen.payload as Record<string, unknown>).Tags).toEqual(['only']);
    });

    test('a value that does not coerce to its declared type gets 400 with the reason', async () => {
      const body =
        'MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC1&MessageStatus=sent&NumSegments=two';
      const response = await post(`${url}/sms/status`, body, signed(body, FORM));
      expect(response).toEqual({
        status: 400,
        body: { error: 'invalid payload', details: ['/NumSegments must be integer'] },
      });
    });

    test('the signature is over the raw bytes: the same form encoded differently is rejected', async () => {
      const body =
        'MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC1&MessageStatus=sent&NumSegments=1&Tags=a+b';
      const reencoded = body.replace('a+b', 'a%20b');
      const response = await post(`${url}/sms/status`, reencoded, signed(body, FORM));
      expect(response.status).toBe(401);
    });

    test('another content type gets 415 with the accepted list', async () => {
      const body = JSON.stringify({ MessageSid: 'SM1' });
      const response = await post(`${url}/sms/status`, body, signed(body, 'application/json'));
      expect(response).toEqual({
        status: 415,
        body: { error: 'unsupported content type', accepted: [FORM] },
      });
    });

    test('text/plain reaches its handler as a string, octet-stream as a Buffer', async () => {
      const note = 'Carrier outage in region 4 — retries pending';
      expect(
        (await post(`${url}/sms/notes`, note, signed(note, 'text/plain; charset=utf-8'))).status,
      ).toBe(200);
      expect(seen().pop()).toEqual({
        operation: 'receiveOperatorNote',
        seen: { text: note, type: 'string' },
      });
      const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80]);
      expect(
        (await post(`${url}/sms/media`, bytes, signed(bytes, 'application/octet-stream'))).status,
      ).toBe(200);
      expect(seen().pop()).toEqual({
        operation: 'receiveMediaUpload',
        seen: { buffer: true, hex: '00ff1080' },
      });
      const tooLong = 'x'.repeat(501);
      expect((await post(`${url}/sms/notes`, tooLong, signed(tooLong, 'text/plain'))).status).toBe(
        400,
      );
    });
  });
});

describe('a document without servers', () => {
  test('is served over HTTP, and the report says that was assumed', () => {
    const { project, run } = generateProject('no-servers.yaml');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'warning the document declares no servers: hookwright assumed its webhooks are delivered over HTTP',
    );
    expect(read(project, 'src/generated/operations.ts')).toContain("path: '/hooks/invoices/paid'");
    expect(read(project, 'WEBHOOKS.md')).toContain(
      'The document declares no `servers`: hookwright assumed',
    );
    const output = compileAndTest(project);
    expect(output).toContain('onInvoicePaid: a signed invoice.paid sample reaches the handler');
  }, 300_000);
});

describe('a document with an HTTP and a Kafka operation', () => {
  test('the Kafka operation gets models but no route and no stub, and is listed with its protocol', () => {
    const { project, run } = generateProject('mixed-kafka.yaml');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      '- operation onShipmentScanned: only reachable through broker (kafka), not HTTP: no route and no handler (its models are generated)',
    );
    expect(run.stdout).toContain('1 handler, 1 route');
    expect(existsSync(path.join(project, 'src/handlers/onShipmentUpdated.ts'))).toBe(true);
    expect(existsSync(path.join(project, 'src/handlers/onShipmentScanned.ts'))).toBe(false);
    expect(read(project, 'src/generated/handlers.ts')).not.toContain('onShipmentScanned');
    expect(read(project, 'src/generated/handler-registry.ts')).not.toContain('onShipmentScanned');
    expect(read(project, 'src/generated/operations.ts')).not.toContain('onShipmentScanned');
    expect(read(project, 'src/generated/models/ShipmentScannedPayload.ts')).toMatch(
      /depot: string;/,
    );
    expect(read(project, 'WEBHOOKS.md')).toContain(
      '- `onShipmentScanned`: only reachable through broker \\(kafka\\), not HTTP',
    );
    const manifest = JSON.parse(read(project, '.hookwright/manifest.json')) as {
      operations: Record<string, string>;
    };
    expect(Object.keys(manifest.operations)).toEqual(['onShipmentUpdated']);
    compileAndTest(project);
  }, 300_000);
});
