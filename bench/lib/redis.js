'use strict';
/**
 * A redis-server of the bench's own: on a free port of 127.0.0.1, in a temporary folder, no
 * persistence, stopped at the end. Plus a few raw RESP commands (no client library needed).
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { LOOPBACK, freePort } = require('./load');

function findRedisServer() {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const file = (found.stdout ?? '').trim();
  return found.status === 0 && file !== '' ? file : undefined;
}

/** Sends one command (an array of strings) and resolves the raw reply line(s). */
function command(port, args) {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: LOOPBACK });
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis timeout')));
    socket.on('connect', () =>
      socket.write(
        `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
      ),
    );
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

/** An integer reply (`:42`), or undefined. */
async function integer(port, args) {
  const reply = await command(port, args).catch(() => '');
  const match = /^:(-?\d+)/.exec(reply);
  return match ? Number(match[1]) : undefined;
}

async function startRedis() {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookwright-bench-redis-'));
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      LOOPBACK,
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if ((await command(port, ['PING']).catch(() => '')).startsWith('+PONG')) {
      return {
        pid: child.pid,
        port,
        url: `redis://${LOOPBACK}:${port}`,
        integer: (args) => integer(port, args),
        command: (args) => command(port, args),
        async stop() {
          if (child.exitCode === null) {
            const done = new Promise((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            await done;
          }
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start: ${output.slice(-500)}`);
}

module.exports = { findRedisServer, startRedis };
