/**
 * End to end, with a real redis-server started here: the Sinch receiver generated with
 * `--redis` and with `--queue bullmq`, installed, compiled under strict, run as several real
 * processes (receivers and workers) and called over real HTTP with Sinch-signed requests.
 * The document is Sinch's cut down to four operations (opt-out among them), each part Sinch's
 * own: what is tested here is the replay store and the queue, which every route shares.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright } from '../helpers/cli';
import { SINCH_SMALL_SPEC } from '../helpers/corpus';
import { startProcess, stopAll, waitFor, type Running } from '../helpers/processes';
import { emitBuild, ownTests } from '../helpers/project';
import { linkOwnDependencies } from '../helpers/receiver-deps';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis';

const SECRET = 'scaleout-secret';
const ROUTE = '/conversation/opt-out';

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
function sinchHeaders(body: string, nonce: string = randomUUID()): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-sinch-webhook-signature': createHmac('sha256', SECRET)
      .update(`${body}.${nonce}.${timestamp}`)
      .digest('base64'),
    'x-sinch-webhook-signature-nonce': nonce,
    'x-sinch-webhook-signature-timestamp': timestamp,
    'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
  };
}

async function post(base: string, body: string, headers: Record<string, string>) {
  const response = await fetch(base + ROUTE, { method: 'POST', headers, body });
  // Every answer of the receiver is JSON (or empty): a body that is not fails the test with
  // its text, instead of reading as {} and hiding what the receiver said.
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
  };
}

/**
 * The user's handler for opt-out events, recording each call in $E2E_RECORD. The payload's
 * `request_id` steers it: `flaky-*` throws on its first two attempts, `slow-*` hangs on its
 * first attempt (to be killed), `doomed-*` throws until $E2E_RECORD.fixed exists, `linger-*`
 * takes 1.5 s.
 */
const HANDLER = `import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ReceiveOptOutHandler } from '../generated/handlers';

const record = process.env.E2E_RECORD ?? '';

const handler: ReceiveOptOutHandler = async (payload, context) => {
  const id = payload.request_id ?? '';
  const before = readFileSync(record, 'utf8').split('\\n').filter((line) => line.includes(\`"attempt":"\${id}"\`));
  const attempt = before.length + 1;
  const line = { attempt: id, n: attempt, pid: process.pid, operationId: context.operationId, messageName: context.messageName, params: context.params, requestId: context.requestId, nonce: context.headers['x-sinch-webhook-signature-nonce'], payload };
  appendFileSync(record, JSON.stringify(line) + '\\n');
  if (id.startsWith('flaky-') && attempt <= 2) throw new Error(\`flaky, attempt \${attempt}\`);
  if (id.startsWith('slow-') && attempt === 1) await new Promise((resolve) => setTimeout(resolve, 120_000));
  if (id.startsWith('doomed-') && !existsSync(record + '.fixed')) throw new Error('doomed');
  if (id.startsWith('linger-')) await new Promise((resolve) => setTimeout(resolve, 1500));
  appendFileSync(record, JSON.stringify({ done: id, pid: process.pid }) + '\\n');
};

export default handler;
`;

interface Line {
  attempt?: string;
  done?: string;
  n?: number;
  pid?: number;
  [key: string]: unknown;
}

describeWithRedis('scale-out on a real Redis', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'hookwright-scaleout-'));
  const queueProject = path.join(work, 'queue-receiver');
  const redisProject = path.join(work, 'redis-receiver');
  const record = path.join(work, 'record.jsonl');
  let redis: RedisServer;

  const lines = (): Line[] =>
    readFileSync(record, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);
  const attempts = (id: string) => lines().filter((line) => line.attempt === id);
  const dones = (id: string) => lines().filter((line) => line.done === id);

  const env = (): NodeJS.ProcessEnv => ({
    WEBHOOK_SECRET: SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    REDIS_URL: redis.url,
    REDIS_TIMEOUT_MS: '1000',
    JOB_ATTEMPTS: '5',
    JOB_BACKOFF_MS: '100',
    JOB_LOCK_MS: '2000',
    WORKER_CONCURRENCY: '2',
    SHUTDOWN_GRACE_MS: '10000',
    E2E_RECORD: record,
  });

  async function receiver(project: string, extra: NodeJS.ProcessEnv = {}) {
    const process = startProcess(project, 'dist/src/server.js', { ...env(), ...extra });
    const [, url] = await process.waitForLog(
      /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/,
    );
    return { process, url: url };
  }
  async function worker(): Promise<Running> {
    const process = startProcess(queueProject, 'dist/src/worker.js', env());
    await process.waitForLog(/"msg":"worker started"/);
    return process;
  }

  beforeAll(async () => {
    redis = await startRedis();
    writeFileSync(record, '');
    for (const [project, flag] of [
      [queueProject, ['--queue', 'bullmq']],
      [redisProject, ['--redis']],
    ] as const) {
      const generated = hookwright(['generate', SINCH_SMALL_SPEC, '-o', project, '-q', ...flag]);
      expect(generated.stderr).toBe('');
      expect(generated.status).toBe(0);
      writeFileSync(path.join(project, 'src/handlers/receiveOptOut.ts'), HANDLER);
    }
    // What the queue project declares, installed once per machine and shared (without the
    // hookwright pin, which is this checkout, not on the registry; these tests do not
    // regenerate: test/e2e/sinch.test.ts covers it). Its dependencies are a superset of the
    // Redis project's.
    linkOwnDependencies(queueProject);
    symlinkSync(path.join(queueProject, 'node_modules'), path.join(redisProject, 'node_modules'));
    // The Redis project's build (`tsc` under its strict tsconfig.json) checks its types; the
    // queue project's are checked by its own `npm test` (the first test), on these same files.
    run('npm', ['run', 'build'], redisProject);
    emitBuild(queueProject);
  }, 600_000);

  afterAll(async () => {
    await stopAll();
    await redis?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  test('the generated projects declare their dependencies and pass their own tests', () => {
    const manifest = (project: string) =>
      JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
        scripts: Record<string, string>;
      };
    expect(Object.keys(manifest(queueProject).dependencies)).toEqual(
      expect.arrayContaining(['bullmq', 'ioredis', 'pino']),
    );
    expect(manifest(queueProject).scripts.worker).toBe('node dist/src/worker.js');
    expect(Object.keys(manifest(redisProject).dependencies)).toContain('ioredis');
    expect(Object.keys(manifest(redisProject).dependencies)).not.toContain('bullmq');
    expect(existsSync(path.join(redisProject, 'src/worker.ts'))).toBe(false);
    ownTests(queueProject);
  }, 300_000);

  describe('--redis: two receiver instances sharing one Redis', () => {
    test('a callback accepted by one instance is refused (401, replay) by the other', async () => {
      const a = await receiver(redisProject);
      const b = await receiver(redisProject);
      expect(a.process.logs()).toContain('"replayStore":"redis (shared by every instance)"');
      const id = `shared-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      const headers = sinchHeaders(body);
      expect(await post(a.url, body, headers)).toEqual({ status: 200, body: { ok: true } });
      expect(await post(b.url, body, headers)).toEqual({
        status: 401,
        body: { error: 'invalid signature', reason: 'replayed_nonce' },
      });
      expect(await post(a.url, body, headers)).toMatchObject({ status: 401 });
      expect(attempts(id)).toHaveLength(1);
      // A fresh delivery goes through either instance.
      const other = JSON.stringify({ app_id: 'app-1', request_id: `shared-${randomUUID()}` });
      expect((await post(b.url, other, sinchHeaders(other))).status).toBe(200);
      expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
      await Promise.all([a.process.stop(), b.process.stop()]);
    }, 60_000);

    test('without REDIS_URL the start-up log says replay protection is per instance', async () => {
      const alone = await receiver(redisProject, { REDIS_URL: '' });
      expect(alone.process.logs()).toContain('in-memory (per instance, forgotten on restart)');
      expect(alone.process.logs()).toContain('replay protection is per instance');
      expect(await alone.process.stop()).toBe(0);
    }, 60_000);

    test('SIGTERM: a receiver finishes the request in flight (200), then exits 0', async () => {
      const one = await receiver(redisProject);
      const id = `linger-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      const answer = post(one.url, body, sinchHeaders(body));
      expect(await waitFor(() => attempts(id)[0], 20_000)).toBeDefined();
      const exited = one.process.stop('SIGTERM');
      expect(await answer).toEqual({ status: 200, body: { ok: true } });
      expect({ code: await exited, logs: one.process.logs() }).toMatchObject({ code: 0 });
      expect(dones(id)).toHaveLength(1);
    }, 60_000);

    test('a handler that fails forgets the claim, so that the provider retry is accepted', async () => {
      const one = await receiver(redisProject);
      const id = `doomed-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      const headers = sinchHeaders(body);
      expect((await post(one.url, body, headers)).status).toBe(500);
      writeFileSync(`${record}.fixed`, '');
      try {
        expect(await post(one.url, body, headers)).toEqual({ status: 200, body: { ok: true } });
        expect((await post(one.url, body, headers)).status).toBe(401);
      } finally {
        rmSync(`${record}.fixed`);
      }
      await one.process.stop();
    }, 60_000);
  });

  describe('--queue bullmq: receivers enqueue, workers run the handlers', () => {
    let q1: { process: Running; url: string };
    let q2: { process: Running; url: string };
    let w1: Running;

    beforeAll(async () => {
      q1 = await receiver(queueProject);
      q2 = await receiver(queueProject);
      w1 = await worker();
    }, 60_000);

    test('a signed callback is answered 202, and the handler gets the typed payload once, though sent twice', async () => {
      const id = `once-${randomUUID()}`;
      const payload = { app_id: 'app-1', project_id: 'p-1', request_id: id, contact_id: 'c-1' };
      const body = JSON.stringify(payload);
      const nonce = randomUUID();
      const headers = sinchHeaders(body, nonce);
      const [first, second] = await Promise.all([
        post(q1.url, body, headers),
        post(q2.url, body, headers),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([202, 401]);
      const accepted = first.status === 202 ? first : second;
      expect(accepted.body).toEqual({ ok: true, jobId: nonce });
      // The provider sends it again later: refused as a replay, not run again.
      expect((await post(q1.url, body, headers)).status).toBe(401);
      expect(await waitFor(() => dones(id)[0], 20_000)).toBeDefined();
      await new Promise((r) => setTimeout(r, 500)); // room for a second run, were there one
      const calls = attempts(id);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        operationId: 'receiveOptOut',
        messageName: 'OPT_EVENT',
        payload,
        nonce,
        params: {},
        pid: w1.child.pid,
      });
    }, 60_000);

    test('the same delivery id enqueued twice is one job (job id = delivery id); a binary body reaches the handler as a Buffer', () => {
      const script = path.join(queueProject, 'scripts', 'e2e-dedupe.ts');
      writeFileSync(
        script,
        `import { connectRedis, loadRedisConfig } from '../src/generated/runtime/redis';
import { loadQueueConfig, openQueue, queueDispatch, startWorker } from '../src/generated/runtime/queue';
import type { HandlerContext, OperationSpec } from '../src/generated/runtime/types';

async function main(): Promise<void> {
  const redis = loadRedisConfig(process.env);
  const config = loadQueueConfig(process.env, { name: 'dedupe-check' });
  const client = connectRedis(redis, 'request');
  const queue = openQueue(client, redis, config);
  await queue.waitUntilReady();
  const dispatch = queueDispatch(queue, config, 1000);
  const context = { operationId: 'receiveOptOut', messageName: 'OPT_EVENT', headers: { authorization: 'Bearer secret', 'x-one': '1' }, params: {}, requestId: 'r', receivedAt: new Date(), log: console } as unknown as HandlerContext;
  const handler = async (): Promise<void> => undefined;
  const answers = [];
  for (const id of ['delivery-1', 'delivery-1', '42', 'a:b']) answers.push(await dispatch({ payload: { n: answers.length }, context, handler, deliveryId: id }));
  const counts = await queue.getJobCounts('waiting');
  const job = await queue.getJob('delivery-1');
  // A binary body reaches the worker's handler as the same bytes, a Buffer.
  await queue.obliterate({ force: true });
  await dispatch({ payload: Buffer.from([0, 1, 254, 255]), context, handler, deliveryId: 'binary-1' });
  const received = await new Promise<unknown>((resolve) => {
    const operations = [{ operationId: 'receiveOptOut' }] as unknown as OperationSpec[];
    const logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => logger } as unknown as HandlerContext['log'];
    const blocking = connectRedis(redis, 'blocking');
    const { worker } = startWorker({ operations, handlers: { receiveOptOut: async (payload: unknown) => resolve(payload) }, connection: blocking, redis, config, logger });
    void worker;
  });
  const binary = Buffer.isBuffer(received) ? [...received] : received;
  console.log(JSON.stringify({ answers, waiting: counts.waiting, data: job?.data, binary }));
  await queue.obliterate({ force: true });
  process.exit(0);
}
void main();
`,
      );
      const output = JSON.parse(
        run('npx', ['tsx', 'scripts/e2e-dedupe.ts'], queueProject, env()).trim(),
      ) as {
        answers: Array<{ status: number; body: { jobId: string } }>;
        waiting: number;
        data: { payload: unknown; headers: Record<string, string> };
        binary: unknown;
      };
      expect(output.answers.map((a) => a.body.jobId)).toEqual([
        'delivery-1',
        'delivery-1',
        '#42',
        '#a%3Ab',
      ]);
      expect(output.waiting).toBe(3);
      expect(output.data.payload).toEqual({ n: 0 });
      expect(output.data.headers).toEqual({ 'x-one': '1' });
      expect(output.binary).toEqual([0, 1, 254, 255]);
    }, 120_000);

    test('a handler that throws twice, then succeeds: retried with backoff, done once', async () => {
      const id = `flaky-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      expect((await post(q1.url, body, sinchHeaders(body))).status).toBe(202);
      expect(await waitFor(() => dones(id)[0], 30_000)).toBeDefined();
      await new Promise((r) => setTimeout(r, 500));
      expect(attempts(id).map((line) => line.n)).toEqual([1, 2, 3]);
      expect(dones(id)).toHaveLength(1);
      expect(w1.logs().match(/"msg":"job failed; will retry"/g)?.length).toBeGreaterThanOrEqual(2);
    }, 60_000);

    test('a job that fails on every attempt is kept; the failed-jobs script lists and re-enqueues it', async () => {
      const id = `doomed-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      const answer = await post(q2.url, body, sinchHeaders(body));
      expect(answer.status).toBe(202);
      const jobId = answer.body.jobId as string;
      await w1.waitForLog(new RegExp(`"jobId":"${jobId}".*job failed for good`), 30_000);
      expect(attempts(id)).toHaveLength(5);
      const listed = run('npm', ['run', '--silent', 'failed-jobs'], queueProject, env());
      expect(listed).toContain(jobId);
      expect(listed).toContain('receiveOptOut');
      writeFileSync(`${record}.fixed`, '');
      try {
        const retried = run(
          'npm',
          ['run', '--silent', 'failed-jobs', '--', 'retry', jobId],
          queueProject,
          env(),
        );
        expect(retried).toContain(`re-enqueued ${jobId}`);
        expect(await waitFor(() => dones(id)[0], 20_000)).toBeDefined();
      } finally {
        rmSync(`${record}.fixed`);
      }
      expect(run('npm', ['run', '--silent', 'failed-jobs'], queueProject, env())).not.toContain(
        jobId,
      );
    }, 120_000);

    test('a worker killed with SIGKILL mid-job: a restarted worker completes the job, nothing lost', async () => {
      const id = `slow-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      expect((await post(q1.url, body, sinchHeaders(body))).status).toBe(202);
      expect(await waitFor(() => attempts(id)[0], 20_000)).toBeDefined();
      await w1.stop('SIGKILL');
      w1 = await worker();
      const done = await waitFor(() => dones(id)[0], 30_000);
      expect(done).toMatchObject({ pid: w1.child.pid });
      expect(attempts(id).map((line) => line.n)).toEqual([1, 2]);
      expect(dones(id)).toHaveLength(1);
    }, 90_000);

    test('SIGTERM: the worker finishes its current job, then exits 0', async () => {
      const id = `linger-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      expect((await post(q2.url, body, sinchHeaders(body))).status).toBe(202);
      expect(await waitFor(() => attempts(id)[0], 20_000)).toBeDefined();
      const stopping = w1;
      const code = await stopping.stop('SIGTERM');
      expect(code).toBe(0);
      expect(dones(id)).toEqual([{ done: id, pid: stopping.child.pid }]);
      w1 = await worker();
    }, 60_000);

    test('Redis stopped: 503 and /readyz fails; Redis back: traffic flows again, no restart', async () => {
      await redis.stop();
      const id = `outage-${randomUUID()}`;
      const body = JSON.stringify({ app_id: 'app-1', request_id: id });
      const during = await post(q1.url, body, sinchHeaders(body));
      expect(during.status).toBe(503);
      expect((await fetch(`${q1.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${q2.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${q1.url}/healthz`)).status).toBe(200);

      await redis.start();
      const ready = await waitFor(
        async () => ((await fetch(`${q1.url}/readyz`)).status === 200 ? true : undefined),
        20_000,
      );
      expect(ready).toBe(true);
      // The provider's retry (re-signed, same payload) is accepted and handled.
      const after = await post(q1.url, body, sinchHeaders(body));
      expect(after.status).toBe(202);
      expect(await waitFor(() => dones(id)[0], 30_000)).toBeDefined();
      expect(attempts(id)).toHaveLength(1);
    }, 90_000);

    test('SIGTERM: receivers stop accepting, finish what is in flight and exit 0', async () => {
      expect(await q1.process.stop('SIGTERM')).toBe(0);
      expect(await q2.process.stop('SIGTERM')).toBe(0);
      expect(await w1.stop('SIGTERM')).toBe(0);
    }, 30_000);

    test('no secret and no payload in the logs', () => {
      for (const logs of [q1.process.logs(), q2.process.logs(), w1.logs()]) {
        expect(logs).not.toContain(SECRET);
        expect(logs).not.toContain('"request_id"');
      }
    });
  });
});
