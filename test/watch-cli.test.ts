/**
 * `hookwright generate --watch` as a user runs it: a real child process, edits of the
 * document (one invalid, one valid) and of a file it references, then Ctrl-C (SIGINT).
 * No timing is asserted: each step waits, generously, for the line it expects.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './helpers/cli';
import { emitBuild, ownTests } from './helpers/project';
import { linkNodeModules } from './helpers/receiver-deps';
import { readTree } from './helpers/tree';

/** One line of `watch --json`, as far as these tests read it. */
interface WatchLine {
  event: string;
  ok: boolean;
  changed?: string[];
  problems?: Array<{ message: string }>;
  operationChanges?: { added: string[] };
}

const SPEC = `asyncapi: 2.6.0
info:
  title: Orders
  version: 1.0.0
servers:
  web:
    url: https://hooks.example.com
    protocol: https
    security:
      - signature: []
channels:
  /hooks/orders:
    publish:
      operationId: receiveOrder
      message:
        name: OrderCreated
        payload:
          $ref: './schemas/order.yaml'
components:
  securitySchemes:
    signature:
      type: httpApiKey
      in: header
      name: X-Hub-Signature-256
`;

const ORDER = `type: object
required: [id]
properties:
  id:
    type: string
`;

const REFUND_CHANNEL = `  /hooks/refunds:
    publish:
      operationId: receiveRefund
      message:
        name: RefundIssued
        payload:
          type: object
          required: [refundId]
          properties:
            refundId:
              type: string
components:`;

/** A running `generate --watch`, with its stdout and stderr kept apart. */
class Watcher {
  stdout = '';
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(cwd: string, args: string[]) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Waits (up to 60 s) until `stream` has `count` matches of `pattern`; returns the last. */
  async waitFor(
    stream: 'stdout' | 'stderr',
    pattern: RegExp,
    count = 1,
  ): Promise<RegExpMatchArray> {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const matches = [...this[stream].matchAll(global)];
      if (matches.length >= count) return matches[count - 1];
      if (Date.now() > deadline || this.child.exitCode !== null)
        throw new Error(
          `no ${count}× ${pattern} on ${stream}\n--- stdout:\n${this.stdout}\n--- stderr:\n${this.stderr}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let running: Watcher | undefined;
afterAll(() => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
});

/**
 * The project's own tests and build, with the shared dependencies: `npm test` type-checks it and
 * runs its tests, `npm run build` then emits without checking the same types again.
 */
function buildAndTest(project: string): string {
  linkNodeModules(project);
  const output = ownTests(project);
  emitBuild(project);
  return output;
}

/** Saves as editors do: a new file renamed over the old one. */
function save(file: string, content: string): void {
  writeFileSync(`${file}.swp-tmp`, content);
  renameSync(`${file}.swp-tmp`, file);
}

test('generate --watch: an invalid edit is reported and watching goes on; a valid one and a referenced file regenerate; Ctrl-C exits 0 and leaves no lock', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-watch-cli-'));
  mkdirSync(path.join(dir, 'schemas'));
  const spec = path.join(dir, 'spec.yaml');
  const order = path.join(dir, 'schemas', 'order.yaml');
  const project = path.join(dir, 'receiver');
  writeFileSync(spec, SPEC);
  writeFileSync(order, ORDER);

  const watcher = new Watcher(dir, ['generate', 'spec.yaml', '-o', 'receiver', '--watch']);
  running = watcher;
  // The first run reports as usual (its result on stdout), then says what it watches.
  await watcher.waitFor(
    'stderr',
    /^watching 2 files \(schemas\/order\.yaml, spec\.yaml\); Ctrl-C to stop$/m,
  );
  expect(watcher.stdout).toMatch(/✔ receiver: 1 handler, 1 route/);
  expect(existsSync(path.join(project, 'src/handlers/receiveOrder.ts'))).toBe(true);

  // 1. An invalid edit: its diagnostics (file, line) on stderr, one line on stdout, nothing written.
  const before = readTree(project);
  save(spec, SPEC.replace('./schemas/order.yaml', './schemas/ordre.yaml'));
  const failed = await watcher.waitFor('stdout', /^\[\d\d:\d\d:\d\d\] spec\.yaml changed: .*$/m);
  expect(failed[0]).toMatch(
    /✖ not regenerated \(errors on stderr\); the project is unchanged, still watching/,
  );
  await watcher.waitFor('stderr', /^error .*spec\.yaml/m);
  expect(watcher.stderr).toMatch(/spec\.yaml:\d+:\d+: \$ref points to a file that does not exist/);
  expect(readTree(project)).toEqual(before);
  expect(watcher.child.exitCode).toBeNull();

  // 2. A valid edit: a new operation, one terse line, and the project builds and passes its tests.
  save(spec, SPEC.replace(/^components:/m, REFUND_CHANNEL));
  const regenerated = await watcher.waitFor(
    'stdout',
    /^\[\d\d:\d\d:\d\d\] spec\.yaml changed: .*$/m,
    2,
  );
  expect(regenerated[0]).toMatch(/✔ regenerated: .*\d+ created.*; added receiveRefund/);
  expect(existsSync(path.join(project, 'src/handlers/receiveRefund.ts'))).toBe(true);
  const output = buildAndTest(project);
  expect(output).toMatch(/receiveRefund: a signed RefundIssued sample reaches the handler/);

  // 3. A file the document references.
  save(order, `${ORDER}  amount:\n    type: number\n`);
  const referenced = await watcher.waitFor(
    'stdout',
    /^\[\d\d:\d\d:\d\d\] schemas\/order\.yaml changed: .*$/m,
  );
  expect(referenced[0]).toMatch(/✔ regenerated: \d+ updated/);
  expect(readFileSync(path.join(project, 'src/generated/schemas.ts'), 'utf8')).toMatch(/amount/);
  // One line per regeneration on stdout, and nothing else after the first run's report.
  expect(watcher.stdout.split('\n').filter((l) => /^\[\d\d:\d\d:\d\d\]/.test(l))).toHaveLength(3);

  // 4. Ctrl-C: exit 0, no lock, no temporary folder.
  watcher.child.kill('SIGINT');
  expect(await watcher.exited).toBe(0);
  expect(watcher.stderr).toMatch(/stopped watching/);
  expect(existsSync(path.join(project, '.hookwright', 'lock'))).toBe(false);
  expect(existsSync(path.join(project, '.hookwright', 'tmp'))).toBe(false);
  expect(readdirSync(path.join(project, '.hookwright'))).toEqual(['manifest.json']);
  expect(readdirSync(dir).sort()).toEqual(['receiver', 'schemas', 'spec.yaml']); // no staging folder
  expect(watcher.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
}, 600_000);

test('generate --watch --json: one JSON object per line on stdout, nothing else', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-watch-json-'));
  mkdirSync(path.join(dir, 'schemas'));
  const spec = path.join(dir, 'spec.yaml');
  writeFileSync(spec, SPEC);
  writeFileSync(path.join(dir, 'schemas', 'order.yaml'), ORDER);
  const watcher = new Watcher(dir, [
    '--json',
    'generate',
    'spec.yaml',
    '-o',
    'receiver',
    '--watch',
  ]);
  running = watcher;
  await watcher.waitFor('stderr', /^watching 2 files/m);
  save(spec, SPEC.replace('./schemas/order.yaml', './schemas/ordre.yaml'));
  await watcher.waitFor('stdout', /"event":"failed"/);
  save(spec, SPEC.replace(/^components:/m, REFUND_CHANNEL));
  await watcher.waitFor('stdout', /"event":"regenerated"/);
  watcher.child.kill('SIGINT');
  expect(await watcher.exited).toBe(0);
  const lines = watcher.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as WatchLine);
  expect(lines.map((l) => [l.event, l.ok])).toEqual([
    ['generated', true],
    ['failed', false],
    ['regenerated', true],
  ]);
  expect(lines[1].changed).toEqual(['spec.yaml']);
  expect(lines[1].problems?.[0].message).toMatch(/\$ref points to a file that does not exist/);
  expect(lines[2].operationChanges?.added).toEqual(['receiveRefund']);
  // stderr: what is watched, and that it stopped; no diagnostics twice.
  expect(watcher.stderr).not.toMatch(/^error /m);
}, 300_000);

test('--watch with --check, --dry-run or --diff is refused', () => {
  for (const flag of ['--check', '--dry-run']) {
    const run = spawnSync(process.execPath, [BIN, 'generate', 'x.yaml', '--watch', flag], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--watch cannot be used with ${flag}`);
  }
});
