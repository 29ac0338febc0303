'use strict';
/**
 * Receiver throughput: start HTTP servers on 127.0.0.1, check that they accept (and reject)
 * what they should, and load them with autocannon's programmatic API using correctly
 * Sinch-signed requests, each with a fresh nonce.
 *
 * Every address here is 127.0.0.1: servers are started with HOST=127.0.0.1 and every
 * request (probe or load) goes to http://127.0.0.1:<port>.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');
const { percentile, tail } = require('./measure');

const LOOPBACK = '127.0.0.1';

/** A free TCP port on the loopback interface (asked of the kernel, then released). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `node [nodeArgs...] <script>` with HOST=127.0.0.1 and a free PORT, and waits until
 * GET /healthz answers. `nodeArgs` are node's own options (`--cpu-prof`, ...): node refuses
 * some of them in NODE_OPTIONS, so they go on the command line. Resolves a handle { name, pid, url, stop(), peakRssKB() }; rejects with the
 * server's output when it exits or does not answer within `readyTimeoutMs`.
 */
async function startServer({ name, script, cwd, env = {}, nodeArgs = [], readyTimeoutMs = 30000 }) {
  const port = await freePort();
  const output = [];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { ...process.env, ...env, HOST: LOOPBACK, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a signal meant for the bench's terminal group does not reach it.
    detached: true,
  });
  child.stdout.on('data', (c) => output.push(c));
  child.stderr.on('data', (c) => output.push(c));
  let exited = false;
  let exitReason;
  child.on('exit', (code, signal) => {
    exited = true;
    exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
  });
  const url = `http://${LOOPBACK}:${port}`;
  const handle = {
    name,
    pid: child.pid,
    url,
    output: () => Buffer.concat(output).toString('utf8'),
    /** undefined while the server runs; how it ended otherwise. */
    exited: () => (exited ? exitReason : undefined),
    /** Peak resident set size of the server so far (Linux /proc VmHWM), in kB. */
    peakRssKB() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        return match ? Number(match[1]) : undefined;
      } catch {
        return undefined;
      }
    },
    /** SIGTERM (the servers close gracefully), SIGKILL after 5 s. */
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited before it was ready: ${tail(handle.output())}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return handle;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await handle.stop();
  throw new Error(
    `${name} did not answer GET /healthz within ${readyTimeoutMs / 1000} s: ${tail(handle.output())}`,
  );
}

/**
 * Sinch's signature headers for `body`: base64(HMAC-SHA256(secret, body + "." + nonce + "." +
 * timestamp)). Each call takes a new nonce (a per-process random prefix and a counter: never
 * repeated) and the current time in seconds.
 */
function sinchSigner(secret) {
  const prefix = crypto.randomBytes(6).toString('hex');
  let counter = 0;
  return (body, overrides = {}) => {
    const nonce = overrides.nonce ?? `${prefix}-${(counter++).toString(36)}`;
    const timestamp = overrides.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signature = crypto
      .createHmac('sha256', overrides.secret ?? secret)
      .update(`${body}.${nonce}.${timestamp}`)
      .digest('base64');
    return {
      'x-sinch-webhook-signature': signature,
      'x-sinch-webhook-signature-nonce': nonce,
      'x-sinch-webhook-signature-timestamp': timestamp,
      'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
    };
  };
}

/** Clock ticks per second of /proc/<pid>/stat CPU times (USER_HZ, almost always 100). */
let clockTicks;
function ticksPerSecond() {
  if (clockTicks === undefined) {
    const probe = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clockTicks = Number(probe.stdout?.trim()) || 100;
  }
  return clockTicks;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc), or undefined. */
function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/** One POST with fetch; resolves the status code (or 0 on a network error). */
async function post(url, body, headers) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * What each server does with a correctly signed request, a wrongly signed one and a replay
 * of the first (same nonce). Resolves { signed, badSignature, replay } status codes.
 */
async function probe(url, body, secret) {
  const sign = sinchSigner(secret);
  const headers = sign(body);
  const signed = await post(url, body, headers);
  const replay = await post(url, body, headers);
  const badSignature = await post(url, body, sign(body, { secret: `${secret}-wrong` }));
  return { signed, badSignature, replay };
}

/**
 * Loads `url` for `durationS` seconds with `connections` keep-alive connections (no
 * pipelining), every request signed with a fresh nonce in autocannon's setupRequest hook.
 * Latency is taken from autocannon's per-response event (sub-millisecond; autocannon's own
 * histogram keeps whole milliseconds) for 2xx responses only.
 *
 * Resolves { rps, ok, non2xx, errors, timeouts, p50, p99, durationS, statuses, serverCpu, clientCpu }:
 * rps counts 2xx responses per second of the actual run; serverCpu (of `serverPid`) and
 * clientCpu (this process: autocannon and the signing) are CPU time ÷ wall time, so 1.0 is
 * one core kept busy. A server near or above 1.0 is the bottleneck; a client near 1.0 means
 * the load generator may be limiting the number.
 */
async function loadOnce(
  autocannon,
  { url, body, secret, durationS, connections = 10, serverPid, keepLatencies = false },
) {
  const sign = sinchSigner(secret);
  const target = new URL(url);
  const latencies = [];
  const statuses = {};
  let ok = 0;
  let non2xx = 0;
  const instance = autocannon({
    url: `${target.protocol}//${target.host}`,
    connections,
    pipelining: 1,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        path: target.pathname,
        headers: { 'content-type': 'application/json' },
        body,
        setupRequest(request) {
          request.headers = { ...request.headers, ...sign(body) };
          request.body = body;
          return request;
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) {
      ok++;
      latencies.push(responseTimeMs);
    } else {
      non2xx++;
    }
  });
  const serverCpuBefore = serverPid ? processCpuMs(serverPid) : undefined;
  const clientCpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const result = await instance;
  const wallMs = Number(process.hrtime.bigint() - wallBefore) / 1e6;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const serverCpuAfter = serverPid ? processCpuMs(serverPid) : undefined;
  const seconds = result.duration || durationS;
  return {
    rps: ok / seconds,
    ok,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    durationS: seconds,
    statuses,
    serverCpu:
      serverCpuBefore !== undefined && serverCpuAfter !== undefined
        ? (serverCpuAfter - serverCpuBefore) / wallMs
        : undefined,
    clientCpu: (clientCpu.user + clientCpu.system) / 1000 / wallMs,
    ...(keepLatencies ? { latencies } : {}),
  };
}

module.exports = { LOOPBACK, startServer, sinchSigner, probe, loadOnce, freePort, ticksPerSecond };
