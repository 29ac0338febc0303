'use strict';
/**
 * Section 5 of the bench: the scale-out layer. The Sinch receiver generated with `--redis` and
 * with `--queue bullmq`, against one redis-server of the bench's own, on this machine's cores:
 *
 *   direct, 1 instance     handler in the request, in-memory replay store (REDIS_URL unset)
 *   direct, 2 instances    handler in the request, replay store shared in Redis
 *   queue, 2 instances     verify, validate, enqueue (BullMQ) and answer 202; one worker
 *                          (`npm run worker`) runs the handlers at the same time
 *
 * Two-instance modes get two autocannon instances at once (5 connections each, one per
 * receiver: the load balancer's job); the one-instance mode gets one with 10. Rounds
 * alternate the modes. After the rounds, one more queue round runs with --cpu-prof on a
 * receiver and the worker, and the profile says where their time goes.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer, probe, loadOnce, ticksPerSecond } = require('./lib/load');
const { findRedisServer, startRedis } = require('./lib/redis');
const { run, tail, summary, percentile } = require('./lib/measure');
const machine = require('./lib/machine');

const QUEUE = 'bench';
const PREFIX = 'hookwright';

/** CPU ms of a process so far (Linux /proc), or undefined. */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/** Merges several loadOnce results run at the same time (one per receiver). */
function merged(results) {
  const ok = results.reduce((n, r) => n + r.ok, 0);
  const seconds = Math.max(...results.map((r) => r.durationS));
  const latencies = results.flatMap((r) => r.latencies);
  const statuses = {};
  for (const r of results)
    for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    rps: ok / seconds,
    ok,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
    clientCpu: results.reduce((n, r) => n + (r.clientCpu ?? 0), 0) / results.length,
  };
}

/**
 * Spawns the worker (node [nodeArgs...] dist/src/worker.js) in its own process group. Node's
 * own options (`--cpu-prof`) go in nodeArgs: node refuses some of them in NODE_OPTIONS.
 */
function startWorker(dir, env, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, 'dist/src/worker.js'], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  return {
    pid: child.pid,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Self time by where the code lives, from a V8 .cpuprofile: [{ what, share }] and top functions. */
function profileSummary(file, window) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  // Samples taken while the load ran (V8's timestamps and process.hrtime are the same
  // monotonic clock, in µs): start-up (module loading) and shutdown stay out of the picture.
  const hits = new Map();
  let at = profile.startTime;
  let inWindow = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    inWindow++;
    hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const windowed = window !== undefined && inWindow > 0;
  if (!windowed) {
    hits.clear();
    for (const node of profile.nodes) if (node.hitCount) hits.set(node.id, node.hitCount);
  }
  const interval =
    profile.timeDeltas.length > 0
      ? profile.timeDeltas.reduce((a, b) => a + b, 0) / profile.timeDeltas.length
      : 1;
  const byPlace = new Map();
  const byFunction = new Map();
  let total = 0;
  let socketWrites = 0;
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    const count = hits.get(node.id) ?? 0;
    if (functionName === '(idle)' || !count) continue;
    const us = count * interval;
    total += us;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const place = pkg
      ? pkg
      : /dist\/src\/generated\/runtime\//.test(url)
        ? 'generated runtime (core, adapter, queue)'
        : /dist\/src\//.test(url)
          ? 'generated project code'
          : url.startsWith('node:')
            ? 'Node.js internals (http, net, streams, crypto glue)'
            : functionName === '(garbage collector)'
              ? 'garbage collector'
              : functionName === '(program)'
                ? 'V8/native (program)'
                : 'native (no script)';
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${pkg ?? (url.split('/').pop() || '')}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    // libuv stream writes (native, no script): a socket write each, to Redis or to a client.
    if (
      !url &&
      /^(?:writev|write(?:Buffer|Utf8String|Latin1String|AsciiString|Ucs2String))$/.test(
        functionName,
      )
    )
      socketWrites += us;
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([what, us]) => ({ what, share: us / total }));
  return {
    places: top(byPlace, 8),
    functions: top(byFunction, 8),
    busyMs: total / 1000,
    windowed,
    socketWrites: total > 0 ? socketWrites / total : 0,
    generated:
      total > 0 ? (byPlace.get('generated runtime (core, adapter, queue)') ?? 0) / total : 0,
  };
}

/**
 * Where queue mode's time goes, in words: from the per-process CPU of the measured queue rounds
 * (medians; 1.00 = one core) and the profile of the extra round. Every process shares the
 * machine's cores, so the limit is one of: a process at a core of its own (Node's event loop and
 * redis-server are single-threaded), the cores themselves, full (the largest consumer named;
 * other people's processes count, and make the figures disturbed), or neither (waiting). The
 * profile then says which functions of the receiver and of the worker take their time.
 */
function bottleneckOf(state, profiles) {
  const med = (xs) => summary(xs.filter(Number.isFinite))?.median;
  const cores = require('node:os').cpus().length;
  const receivers = state.perReceiverCpu.length
    ? state.perReceiverCpu[0].map((_c, i) => med(state.perReceiverCpu.map((r) => r[i])) ?? 0)
    : [];
  const receiversCpu = receivers.reduce((a, b) => a + b, 0);
  const usage = [
    { what: `the ${receivers.length} receivers`, cpu: receiversCpu },
    { what: 'the worker', cpu: med(state.workerCpu) ?? 0 },
    { what: 'redis-server', cpu: med(state.redisCpu) ?? 0 },
    { what: 'the load generator (autocannon + signing)', cpu: med(state.clientCpu) ?? 0 },
    { what: 'other processes (not the bench)', cpu: med(state.othersCpu) ?? 0 },
  ].sort((a, b) => b.cpu - a.cpu);
  const total = usage.reduce((n, u) => n + u.cpu, 0);
  const list = usage.map((u) => `${u.what} ${u.cpu.toFixed(2)}`).join(', ');
  const single = [
    ...receivers.map((cpu, i) => ({ what: `receiver #${i + 1}`, cpu })),
    { what: 'the worker', cpu: med(state.workerCpu) ?? 0 },
    { what: 'redis-server', cpu: med(state.redisCpu) ?? 0 },
  ].find((u) => u.cpu >= 0.9);
  const parts = [];
  if (single) {
    parts.push(
      `${single.what} ran at ${single.cpu.toFixed(2)} of one core (its work is single-threaded) while all processes together used ${total.toFixed(2)} of ${cores} cores (${list}): ${single.what} is the limit.`,
    );
  } else if (total >= 0.85 * cores) {
    const ours = usage.filter((u) => !u.what.startsWith('other processes'));
    parts.push(
      `CPU: the machine's ${cores} cores were full (${total.toFixed(2)} in use: ${list}), so throughput is bounded by the cores that the receivers, the worker, Redis and the load generator share; of the bench's processes the largest consumer is ${ours[0].what}, then ${ours[1].what}.`,
    );
    if ((med(state.othersCpu) ?? 0) >= 0.15)
      parts.push(
        'Other processes took part of the cores: on an idle machine the figures would be higher.',
      );
  } else {
    parts.push(
      `No process was at a full core and together they used ${total.toFixed(2)} of ${cores} cores (${list}): the limit is waiting (a request's round trips to Redis: replay claim, then the job's add), not CPU.`,
    );
  }
  const fmt = (p, n) =>
    `${p.places
      .slice(0, n)
      .map((x) => `${x.what} ${(x.share * 100).toFixed(0)} %`)
      .join(', ')}; top functions ${p.functions
      .slice(0, n)
      .map((f) => `\`${f.what}\` ${(f.share * 100).toFixed(0)} %`)
      .join(', ')}`;
  const pct = (x) => `${(x * 100).toFixed(0)} %`;
  if (profiles.receiver)
    parts.push(
      `A receiver's time (profile): ${fmt(profiles.receiver, 4)}. Socket writes (one per Redis command and per response) are ${pct(profiles.receiver.socketWrites)} of it; the generated runtime's own code (verify, validate, enqueue) ${pct(profiles.receiver.generated)}.`,
    );
  if (profiles.worker)
    parts.push(
      `The worker's: ${fmt(profiles.worker, 4)}; socket writes to Redis ${pct(profiles.worker.socketWrites)}.`,
    );
  return parts.join(' ');
}

async function prepare(dir, hookwright, flags, log) {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) {
    if (entry !== 'node_modules' && entry !== 'package-lock.json')
      fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  const steps = [
    [
      'hookwright generate',
      process.execPath,
      [hookwright, 'generate', ...flags, '-o', dir, '-q', '--force'],
    ],
    // The project pins the hookwright that generated it (this checkout, not on the registry).
    ['npm pkg delete', 'npm', ['pkg', 'delete', 'devDependencies.hookwright']],
    ['npm install', 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']],
    ['npm run build', 'npm', ['run', 'build']],
  ];
  for (const [name, command, args] of steps) {
    log(`  ${path.basename(dir)}: ${name}`);
    const result = await run(command, args, { cwd: dir });
    if (result.code !== 0) throw new Error(`${name} failed in ${dir}: ${tail(result.output)}`);
  }
}

/**
 * ctx: { opts, log, hookwright, spec, cache (folder), route, body, secret, waitForIdle, compare, ensureTools }
 */
async function scaleOut(ctx) {
  const { opts, log, route, body, secret } = ctx;
  log('\n== 5. scale-out: queue mode beside direct mode');
  const section = {
    title: '5. Scale-out: queue mode (BullMQ) beside direct mode, on one Redis',
    short: '5. scale-out',
    about: [
      `The Sinch receiver generated with \`--redis\` (direct modes) and with \`--queue bullmq\` (queue mode), the same signed MESSAGE_INBOUND load as section 4 (${opts.duration} s rounds, fresh nonce per request, 10 connections in all), one redis-server started by the bench (no persistence, 127.0.0.1). **direct, 1 instance**: handler in the request, in-memory replay store. **direct, 2 instances**: handler in the request, replay store shared in Redis (\`SET NX PXAT\`). **queue, 2 instances + 1 worker**: each request is verified, validated, its nonce claimed in Redis and the delivery added as a BullMQ job (job id = nonce), answered 202; one worker (\`npm run worker\`, WORKER_CONCURRENCY=8) runs the handler at the same time. Two-instance modes are loaded by two autocannon instances at once, 5 connections each, one per receiver (the load balancer's part). Receivers and worker at LOG_LEVEL=warn. Everything (load generator, receivers, Redis, worker) shares this machine's cores.`,
      '"server CPU" is the receivers\' CPU added up (1.00 = one core); the per-process table below has each process, Redis and the worker included. "worker jobs/s" is jobs completed during the round ÷ its length; "backlog" is what was still queued when the round ended, and "drained in" how long the worker then took to empty the queue.',
    ],
    throughput: [],
    comparisons: [],
    notes: [],
  };
  const labels = {
    direct1: 'direct, 1 instance (in-memory replay store)',
    direct2: 'direct, 2 instances, replay store in Redis',
    queue2: 'queue, 2 instances + 1 worker (BullMQ)',
  };
  const unavailable = (reason) => {
    section.throughput = Object.values(labels).map((label) => ({
      label,
      status: 'unavailable',
      reason,
    }));
    return { section };
  };
  if (opts.skipReceiver) return unavailable('skipped (--skip-receiver)');
  if (!findRedisServer())
    return unavailable('redis-server is not installed (apt-get install redis-server)');
  const tools = await ctx.ensureTools();
  if (!tools.ok) return unavailable(tools.reason);
  const autocannon = require(require.resolve('autocannon', { paths: [tools.dir] }));

  const redisDir = path.join(ctx.cache, 'receiver-redis');
  const queueDir = path.join(ctx.cache, 'receiver-queue');
  try {
    await prepare(redisDir, ctx.hookwright, [ctx.spec, '--redis'], log);
    await prepare(queueDir, ctx.hookwright, [ctx.spec, '--queue', 'bullmq'], log);
  } catch (error) {
    return unavailable(error.message);
  }

  const redis = await startRedis();
  const started = [];
  const baseEnv = {
    WEBHOOK_SECRET: secret,
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: PREFIX,
    QUEUE_NAME: QUEUE,
    WORKER_CONCURRENCY: '8',
  };
  const receiverEnv = (mode) =>
    mode === 'direct1' ? { ...baseEnv, REDIS_URL: '' } : { ...baseEnv, REDIS_URL: redis.url };
  const start = async (name, dir, env, nodeArgs = []) => {
    const server = await startServer({
      name,
      script: path.join(dir, 'dist', 'src', 'server.js'),
      cwd: dir,
      env,
      nodeArgs,
    });
    started.push(server);
    return server;
  };
  const completed = () => redis.integer(['ZCARD', `${PREFIX}:${QUEUE}:completed`]);
  const backlog = async () =>
    ((await redis.integer(['LLEN', `${PREFIX}:${QUEUE}:wait`])) ?? 0) +
    ((await redis.integer(['LLEN', `${PREFIX}:${QUEUE}:active`])) ?? 0);
  const drain = async (timeoutMs) => {
    const startedAt = Date.now();
    while (Date.now() - startedAt < timeoutMs) {
      if ((await backlog()) === 0) return Date.now() - startedAt;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  };

  const states = {};
  /** Profile summaries of the extra queue round: { receiver?, worker? }. */
  const profiles = {};
  let worker;
  try {
    const servers = {
      direct1: [await start(labels.direct1, redisDir, receiverEnv('direct1'))],
      direct2: [
        await start(`${labels.direct2} #1`, redisDir, receiverEnv('direct2')),
        await start(`${labels.direct2} #2`, redisDir, receiverEnv('direct2')),
      ],
      queue2: [
        await start(`${labels.queue2} #1`, queueDir, receiverEnv('queue2')),
        await start(`${labels.queue2} #2`, queueDir, receiverEnv('queue2')),
      ],
    };
    worker = startWorker(queueDir, { ...baseEnv, REDIS_URL: redis.url });
    const before = (await completed()) ?? 0;
    for (const [mode, list] of Object.entries(servers)) {
      const checks = await probe(`${list[0].url}${route}`, body, secret);
      section.notes.push(
        `${labels[mode]}: signed → ${checks.signed}, same nonce again → ${checks.replay}, wrong signature → ${checks.badSignature}.`,
      );
      states[mode] = {
        key: mode,
        label: labels[mode],
        status: 'ok',
        rps: [],
        p50: [],
        p99: [],
        serverCpu: [],
        clientCpu: [],
        redisCpu: [],
        workerCpu: [],
        othersCpu: [],
        perReceiverCpu: [],
        workerRps: [],
        backlog: [],
        drainMs: [],
        non2xx: 0,
        errors: 0,
        disturbed: 0,
        servers: list,
      };
      if (checks.signed < 200 || checks.signed >= 300) {
        states[mode].status = 'failed';
        states[mode].reason = `a signed request got ${checks.signed}: ${tail(list[0].output())}`;
      }
    }
    // The worker is up once it has run the probe's job.
    const workerUp = await (async () => {
      for (let i = 0; i < 200; i++) {
        if (((await completed()) ?? 0) > before) return true;
        if (worker.exited()) return false;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    })();
    if (!workerUp) {
      states.queue2.status = 'failed';
      states.queue2.reason = `the worker did not run the probe job: ${tail(worker.output())}`;
    }

    const loadMode = async (state, durationS) => {
      const per = state.servers.length === 1 ? 10 : 5;
      const cpuBefore = state.servers.map((s) => cpuMs(s.pid));
      const redisBefore = cpuMs(redis.pid);
      const workerBefore = cpuMs(worker.pid);
      const doneBefore = (await completed()) ?? 0;
      const machineBefore = machine.snapshot();
      const wall = process.hrtime.bigint();
      const results = await Promise.all(
        state.servers.map((s) =>
          loadOnce(autocannon, {
            url: `${s.url}${route}`,
            body,
            secret,
            durationS,
            connections: per,
            keepLatencies: true,
          }),
        ),
      );
      const end = process.hrtime.bigint();
      const wallMs = Number(end - wall) / 1e6;
      const outside = machine.between(machineBefore, machine.snapshot());
      const doneAfter = (await completed()) ?? 0;
      const result = merged(results);
      const perReceiver = state.servers.map((s, i) => (cpuMs(s.pid) - cpuBefore[i]) / wallMs);
      const redisCpu = (cpuMs(redis.pid) - redisBefore) / wallMs;
      const workerCpu = (cpuMs(worker.pid) - workerBefore) / wallMs;
      const serverCpu = perReceiver.reduce((a, b) => a + b, 0);
      return {
        ...result,
        serverCpu,
        perReceiver,
        redisCpu,
        workerCpu,
        // Everything else on the machine: busy time outside the bench's own process tree, less
        // the receivers, Redis and the worker (which run outside it until they are stopped).
        othersCpu: outside
          ? Math.max(0, outside.otherCores - serverCpu - redisCpu - workerCpu)
          : undefined,
        workerRps: ((doneAfter - doneBefore) * 1000) / wallMs,
        window: { fromUs: Number(wall / 1000n), toUs: Number(end / 1000n) },
      };
    };
    const active = () => Object.values(states).filter((s) => s.status === 'ok');
    if (!opts.quick) for (const state of active()) await loadMode(state, 2);
    await drain(120_000);
    for (let round = 0; round < opts.runs; round++) {
      for (const state of active()) {
        await ctx.waitForIdle();
        const r = await loadMode(state, opts.duration);
        state.rps[round] = r.rps;
        state.p50[round] = r.p50;
        state.p99[round] = r.p99;
        state.serverCpu[round] = r.serverCpu;
        state.clientCpu[round] = r.clientCpu;
        state.redisCpu[round] = r.redisCpu;
        state.workerCpu[round] = r.workerCpu;
        state.othersCpu[round] = r.othersCpu;
        state.perReceiverCpu[round] = r.perReceiver;
        state.non2xx += r.non2xx;
        state.errors += r.errors;
        if (state.key === 'queue2') {
          state.workerRps[round] = r.workerRps;
          state.backlog[round] = await backlog();
          state.drainMs[round] = await drain(300_000);
        }
        const codes = Object.entries(r.statuses)
          .map(([c, n]) => `${c}×${n}`)
          .join(' ');
        log(
          `  round ${round + 1}/${opts.runs}  ${state.label.padEnd(46)} ${Math.round(r.rps).toString().padStart(7)} req/s  p50 ${r.p50?.toFixed(2)} ms  p99 ${r.p99?.toFixed(2)} ms  cpu receivers ${r.serverCpu.toFixed(2)} redis ${r.redisCpu.toFixed(2)} worker ${r.workerCpu.toFixed(2)} client ${r.clientCpu.toFixed(2)} others ${r.othersCpu?.toFixed(2) ?? '?'}${state.key === 'queue2' ? `  worker ${Math.round(r.workerRps)} jobs/s, backlog ${state.backlog[round]}` : ''}  [${codes}]`,
        );
      }
    }
    for (const state of Object.values(states)) {
      state.peakRssKB = Math.max(...state.servers.map((s) => s.peakRssKB() ?? 0)) || undefined;
      if (state.status === 'ok' && (state.non2xx > 0 || state.errors > 0)) {
        state.status = 'failed';
        state.reason = `invalid: ${state.non2xx} non-2xx responses, ${state.errors} errors/timeouts`;
      }
    }

    // One more queue round, profiled: a receiver and the worker started with --cpu-prof.
    if (states.queue2.status === 'ok') {
      const profDir = fs.mkdtempSync(path.join(ctx.cache, 'profile-'));
      try {
        const recvDir = path.join(profDir, 'receiver');
        const workDir = path.join(profDir, 'worker');
        for (const server of servers.queue2) await server.stop();
        await worker.stop();
        const profiled = [
          await start('profiled receiver', queueDir, receiverEnv('queue2'), [
            '--cpu-prof',
            `--cpu-prof-dir=${recvDir}`,
          ]),
          await start('receiver #2', queueDir, receiverEnv('queue2')),
        ];
        worker = startWorker(queueDir, { ...baseEnv, REDIS_URL: redis.url }, [
          '--cpu-prof',
          `--cpu-prof-dir=${workDir}`,
        ]);
        await new Promise((r) => setTimeout(r, 1500));
        log('  profiling one queue round (--cpu-prof on receiver #1 and the worker)');
        const profiledRound = await loadMode(
          { ...states.queue2, servers: profiled },
          opts.duration,
        );
        await drain(300_000);
        for (const server of profiled) await server.stop();
        await worker.stop();
        const first = (dir) => {
          const files = fs.existsSync(dir)
            ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
            : [];
          return files.length ? path.join(dir, files[0]) : undefined;
        };
        const lines = [];
        for (const [key, who, dir] of [
          ['receiver', 'receiver (queue mode)', recvDir],
          ['worker', 'worker', workDir],
        ]) {
          const file = first(dir);
          if (!file) {
            lines.push(`- ${who}: no profile written`);
            continue;
          }
          const summarised = profileSummary(file, profiledRound.window);
          const { places, functions, busyMs, windowed } = summarised;
          profiles[key] = summarised;
          const pct = (x) => `${(x.share * 100).toFixed(0)} %`;
          lines.push(
            `- **${who}** (${Math.round(busyMs)} ms busy ${windowed ? 'during the load' : 'in all, start-up included'}): ${places.map((p) => `${p.what} ${pct(p)}`).join(', ')}. Top functions: ${functions
              .slice(0, 6)
              .map((f) => `\`${f.what}\` ${pct(f)}`)
              .join(', ')}.`,
          );
        }
        section.profile = lines;
      } finally {
        fs.rmSync(profDir, { recursive: true, force: true });
      }
    }
  } finally {
    for (const server of started) await server.stop();
    if (worker) await worker.stop();
    section.notes.push(
      `Redis after the section: ${(await redis.command(['INFO', 'memory']).catch(() => '')).match(/used_memory_human:(\S+)/)?.[1] ?? '?'} used.`,
    );
    await redis.stop();
  }

  section.throughput = Object.values(states).map((s) => ({
    label: s.label,
    status: s.status,
    reason: s.reason,
    rps: summary(s.rps),
    p50: summary(s.p50),
    p99: summary(s.p99),
    serverCpu: summary(s.serverCpu),
    clientCpu: summary(s.clientCpu),
    non2xx: s.non2xx,
    errors: s.errors,
    peakRssKB: s.peakRssKB,
  }));
  const med = (xs) => summary(xs.filter(Number.isFinite))?.median;
  const fmt = (x, digits = 2) => (x === undefined ? '–' : x.toFixed(digits));
  const rows = Object.values(states).map((s) => {
    const receivers = s.perReceiverCpu.length
      ? s.perReceiverCpu[0].map((_c, i) => fmt(med(s.perReceiverCpu.map((r) => r[i])))).join(' + ')
      : '–';
    return `| ${s.label} | ${receivers} | ${fmt(med(s.redisCpu))} | ${s.key === 'queue2' ? fmt(med(s.workerCpu)) : '–'} | ${fmt(med(s.clientCpu))} | ${fmt(med(s.othersCpu))} | ${s.key === 'queue2' ? Math.round(med(s.workerRps) ?? 0) : '–'} | ${s.key === 'queue2' ? Math.round(med(s.backlog) ?? 0) : '–'} | ${s.key === 'queue2' ? `${fmt((med(s.drainMs) ?? 0) / 1000, 1)} s` : '–'} |`;
  });
  const bottleneck =
    states.queue2.status === 'ok' ? bottleneckOf(states.queue2, profiles) : undefined;
  if (bottleneck) section.bottleneck = bottleneck;
  section.extra = [
    'CPU per process (median of the rounds, 1.00 = one core) and the worker:',
    '',
    '| mode | receivers | redis-server | worker | load generator | other processes | worker jobs/s | backlog at round end | drained in |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...(section.profile
      ? [
          '',
          'Profile of one extra queue-mode round (V8 --cpu-prof, self time, idle excluded):',
          '',
          ...section.profile,
        ]
      : []),
    ...(bottleneck ? ['', `**Bottleneck (queue mode).** ${bottleneck}`] : []),
  ].join('\n');

  const st = (s) => ({ ...s, command: { label: s.label } });
  section.comparisons = [
    ctx.compare(
      'queue (2 instances) ÷ direct (1 instance), req/s',
      st(states.queue2),
      st(states.direct1),
      { metric: 'rps' },
    ),
    ctx.compare(
      'queue (2 instances) ÷ direct (2 instances, Redis), req/s',
      st(states.queue2),
      st(states.direct2),
      { metric: 'rps' },
    ),
    ctx.compare(
      'queue (2 instances) ÷ direct (1 instance), p99',
      st(states.queue2),
      st(states.direct1),
      { metric: 'p99' },
    ),
    ctx.compare(
      'direct, Redis store (2 instances) ÷ in-memory (1 instance), req/s',
      st(states.direct2),
      st(states.direct1),
      { metric: 'rps' },
    ),
  ];
  return { section };
}

module.exports = { scaleOut };
