'use strict';
/**
 * Measuring one command: wall time and peak memory of a fresh child process.
 *
 * Wall time: process.hrtime.bigint() taken just before spawn() and again at the child's
 * 'close' event (so it includes process start-up, module loading and exit: what a user
 * waits for). When /usr/bin/time wraps the command, its own fork/exec (about a
 * millisecond) is inside the measured time too.
 *
 * Peak memory: the "Maximum resident set size" that GNU `/usr/bin/time -v` reports
 * (the kernel's ru_maxrss of the command; for a command that starts children, the largest
 * single process, not their sum). Where /usr/bin/time is missing, every Node.js process the
 * command starts is preloaded (NODE_OPTIONS=--require rss-preload.js) with an exit hook
 * that appends process.resourceUsage().maxRSS to a file, and the largest value is taken;
 * all commands measured here are Node.js programs, so nothing is missed.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TIME_BIN = '/usr/bin/time';
const PRELOAD = path.join(__dirname, 'rss-preload.js');

let rssMethod;

/** 'time' when GNU time works here, otherwise 'preload'. `force` picks one (for testing). */
function detectRssMethod(force) {
  if (force) {
    rssMethod = force;
    return rssMethod;
  }
  if (rssMethod) return rssMethod;
  rssMethod = 'preload';
  if (fs.existsSync(TIME_BIN)) {
    const probe = spawnSync(TIME_BIN, ['-v', 'true'], { encoding: 'utf8' });
    if (probe.status === 0 && /Maximum resident set size/.test(probe.stderr)) rssMethod = 'time';
  }
  return rssMethod;
}

function describeRssMethod() {
  return detectRssMethod() === 'time'
    ? '`/usr/bin/time -v` "Maximum resident set size" of each command'
    : 'largest `process.resourceUsage().maxRSS` of the Node.js processes of each command (preloaded exit hook; /usr/bin/time not found)';
}

/**
 * Runs `command args` once and measures it.
 * Resolves { ms, rssKB, code, signal, stdout, stderr, timedOut }; never rejects for a
 * failing command (the caller decides what a non-zero exit means).
 */
function measure(command, args, { cwd, env, timeoutMs = 15 * 60 * 1000 } = {}) {
  const method = detectRssMethod();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hookwright-bench-m-'));
  const report = path.join(scratch, 'rss.txt');
  let file = command;
  let argv = args;
  const childEnv = { ...process.env, ...env };
  if (method === 'time') {
    file = TIME_BIN;
    argv = ['-v', '-o', report, command, ...args];
  } else {
    childEnv.BENCH_RSS_FILE = report;
    childEnv.NODE_OPTIONS =
      `${childEnv.NODE_OPTIONS ?? ''} --require ${JSON.stringify(PRELOAD)}`.trim();
  }

  return new Promise((resolve) => {
    const out = [];
    const err = [];
    const started = process.hrtime.bigint();
    // Its own process group, so that a timeout can end the command and all it started.
    const child = spawn(file, argv, {
      cwd,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    const finish = (code, signal, spawnError) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      let rssKB;
      let exitCode = code;
      try {
        const text = fs.readFileSync(report, 'utf8');
        if (method === 'time') {
          const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
          if (rss) rssKB = Number(rss[1]);
          // GNU time exits with the command's status, but says it explicitly too.
          const status = /Exit status: (\d+)/.exec(text);
          if (status) exitCode = Number(status[1]);
        } else {
          const values = text.split('\n').filter(Boolean).map(Number);
          if (values.length) rssKB = Math.max(...values);
        }
      } catch {
        // no report: the command did not start, or was killed
      }
      fs.rmSync(scratch, { recursive: true, force: true });
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        ms,
        rssKB,
        code: spawnError ? -1 : exitCode,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: spawnError ? String(spawnError.message) : stderr,
      });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Runs a command to completion without measuring it (installs, builds); resolves {code, output}. */
function run(command, args, { cwd, env, timeoutMs = 20 * 60 * 1000 } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, output: String(error.message) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** The last few non-empty lines of a command's output: the reason shown when it fails. */
function tail(text, lines = 4) {
  return (
    text
      // eslint-disable-next-line no-control-regex -- ESC starts the terminal codes removed here
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') // colours and cursor movement
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(-lines)
      .join(' | ')
      .slice(0, 400)
  );
}

// ---- statistics ---------------------------------------------------------------------

function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return undefined;
  return {
    n: finite.length,
    median: median(finite),
    min: Math.min(...finite),
    max: Math.max(...finite),
  };
}

/** Per-run ratios a[i] / b[i] of two series measured in alternation (pairs with a gap are skipped). */
function pairedRatios(a, b) {
  const ratios = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i] > 0) ratios.push(a[i] / b[i]);
  }
  return summary(ratios);
}

/** Percentile (0..100) of an unsorted array, nearest-rank. */
function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

module.exports = {
  measure,
  run,
  tail,
  detectRssMethod,
  describeRssMethod,
  median,
  summary,
  pairedRatios,
  percentile,
};
