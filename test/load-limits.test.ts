/**
 * Issue 12's hostile documents through the CLI: each fails with exit 1, a clear message and no
 * stack trace, long before it could exhaust memory or hang (the parser never sees the bombs).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, hookwright } from './helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-limits-'));
const specDir = path.join(dir, 'spec');
mkdirSync(specDir);
mkdirSync(path.join(dir, 'secret-dir'));
writeFileSync(
  path.join(dir, 'secret-dir', 'creds.yaml'),
  'type: object\nproperties: { password: { const: hunter2 } }\n',
);

function withPayload(name: string, payload: string, extra = ''): string {
  const file = path.join(specDir, `${name}.yaml`);
  writeFileSync(
    file,
    `asyncapi: 3.0.0
info: { title: Limits, version: 1.0.0 }
channels:
  events: { address: /events, messages: { event: { payload: ${payload} } } }
operations:
  onEvent: { action: receive, channel: { $ref: '#/channels/events' } }
${extra}`,
  );
  return file;
}

function expectRefused(args: string[], message: string | RegExp): void {
  const run = hookwright(args);
  expect(run.stderr).toMatch(message);
  expect(run.status).toBe(1);
  expect(run.stderr).not.toMatch(/bug in hookwright|\n\s+at |FATAL ERROR/);
}

test('a 900-byte YAML alias bomb is refused before it is expanded', () => {
  const levels = 'abcdefghi'.split('');
  const lines = levels.map((name, i) =>
    i === 0
      ? `x-a: &a [${Array(9).fill('"lol"').join(',')}]`
      : `x-${name}: &${name} [${Array(9)
          .fill(`*${levels[i - 1]}`)
          .join(',')}]`,
  );
  const file = path.join(specDir, 'bomb.yaml');
  writeFileSync(
    file,
    `asyncapi: 3.0.0\ninfo: { title: Bomb, version: 1.0.0 }\n${lines.join('\n')}\nchannels: {}\n`,
  );
  expectRefused(['validate', file], /expands to more than 1000000 nodes/);
  expectRefused(['generate', file, '-o', path.join(dir, 'bomb-out')], /expands to more than/);
});

test('document size and nesting depth are limited, with the variable to raise them', () => {
  const deep = withPayload('deep', `${'{ items: '.repeat(60)}{}${' }'.repeat(60)}`);
  const run = hookwright(['validate', deep], { env: { HOOKWRIGHT_MAX_DOCUMENT_DEPTH: '50' } });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(
    /is nested \d+ levels deep \(limit 50, HOOKWRIGHT_MAX_DOCUMENT_DEPTH\)/,
  );
  const big = hookwright(['validate', deep], { env: { HOOKWRIGHT_MAX_DOCUMENT_BYTES: '100' } });
  expect(big.status).toBe(1);
  expect(big.stderr).toMatch(
    /is too large: \d+ bytes \(limit 100\)[\s\S]*HOOKWRIGHT_MAX_DOCUMENT_BYTES/,
  );
});

test('a pure $ref cycle is refused before the parser can loop on it', () => {
  const file = withPayload(
    'cycle',
    "{ $ref: '#/components/schemas/A' }",
    "components:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }\n",
  );
  expectRefused(
    ['validate', file],
    /\$ref cycle[\s\S]*#\/components\/schemas\/A → #\/components\/schemas\/B → #\/components\/schemas\/A/,
  );
});

test('a pure $ref cycle across files is refused before the parser can loop on it', () => {
  writeFileSync(path.join(specDir, 'cycle-a.yaml'), "$ref: './cycle-b.yaml'\n");
  writeFileSync(path.join(specDir, 'cycle-b.yaml'), "$ref: './cycle-a.yaml'\n");
  const file = withPayload('cycle-files', "{ $ref: './cycle-a.yaml' }");
  expectRefused(
    ['validate', file],
    /\$ref cycle[\s\S]*cycle-a\.yaml# → cycle-b\.yaml# → cycle-a\.yaml#/,
  );
  // Through a pointer into the other file, and back into the document itself.
  writeFileSync(
    path.join(specDir, 'cycle-c.yaml'),
    "x: { $ref: './cycle-pointer.yaml#/components/schemas/A' }\n",
  );
  const pointer = withPayload(
    'cycle-pointer',
    "{ $ref: '#/components/schemas/A' }",
    "components:\n  schemas:\n    A: { $ref: './cycle-c.yaml#/x' }\n",
  );
  expectRefused(['generate', pointer, '-o', path.join(dir, 'cycle-out')], /\$ref cycle/);
  // A recursive schema (a $ref beside other keywords) is not a pure cycle: it is served.
  writeFileSync(
    path.join(specDir, 'tree.yaml'),
    "type: object\nproperties: { children: { type: array, items: { $ref: './tree.yaml' } } }\n",
  );
  const tree = hookwright(['validate', withPayload('tree-doc', "{ $ref: './tree.yaml' }")]);
  expect(tree.stdout).toMatch(/is a valid AsyncAPI/);
  expect(tree.status).toBe(0);
}, 120_000);

test('file $refs stay inside the document folder, named by their real path', () => {
  const outside = withPayload('outside', "{ $ref: '../secret-dir/creds.yaml' }");
  expectRefused(
    ['generate', outside, '-o', path.join(dir, 'outside-out')],
    `$ref to ${path.join(dir, 'secret-dir', 'creds.yaml')} is outside ${specDir}`,
  );
  const passwd = withPayload('passwd', "{ $ref: '/etc/passwd' }");
  expectRefused(['validate', passwd], '$ref to /etc/passwd is outside');
  // --ref-root widens the root.
  const allowed = hookwright(['validate', outside, '--ref-root', dir]);
  expect(allowed.stdout).toMatch(/is a valid AsyncAPI/);
  expect(allowed.status).toBe(0);
});

describe('remote $refs', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    // Answers /schema.json, never answers /hang, and never finishes the body of /trickle.
    server = createServer((request, response) => {
      if (request.url === '/schema.json') response.end('{"type":"object"}');
      // Headers at once, then one byte of the body, then nothing.
      if (request.url === '/trickle') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  test('are off by default, with the flag named', () => {
    const file = withPayload('remote', `{ $ref: '${base}/schema.json' }`);
    expectRefused(
      ['validate', file],
      /remote \$refs, which are off by default[\s\S]*--allow-remote-refs/,
    );
    const allowed = hookwright(['validate', file, '--allow-remote-refs']);
    expect(allowed.stdout).toMatch(/is a valid AsyncAPI/);
    expect(allowed.status).toBe(0);
  });

  test('a server that never answers is given up on after --ref-timeout', async () => {
    const file = withPayload('hang', `{ $ref: '${base}/hang' }`);
    // Asynchronous, so that this process's server can keep the hung connection open.
    const child = spawn(
      process.execPath,
      [BIN, 'validate', file, '--allow-remote-refs', '--ref-timeout', '500'],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Without the deadline this run would wait for ever; with it, the schema stands in as unknown.
    // The verdict is the command's result, so it is on stdout.
    expect(stdout).toMatch(/is a valid AsyncAPI/);
    expect(code).toBe(0);
  }, 60_000);

  test('so is a server that sends its headers and then stalls in the body', async () => {
    const file = withPayload('trickle', `{ $ref: '${base}/trickle' }`);
    const child = spawn(
      process.execPath,
      [
        BIN,
        'generate',
        file,
        '-o',
        path.join(dir, 'trickle-out'),
        '--allow-remote-refs',
        '--ref-timeout',
        '500',
      ],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toContain(`could not fetch ${base}/trickle`);
    expect(code).toBe(0);
  }, 60_000);
});
