/**
 * The scale-out flags (`--redis`, `--queue bullmq`): what they resolve to, what they add to
 * a project, that the manifest keeps them for regeneration, and that a project generated
 * without them has none of it. (test/e2e/scaleout.test.ts runs such projects on Redis.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isHookwrightError } from '../src/pipeline/errors';
import { resolveScaleOut, selectTemplate, type ScaleOut } from '../src/render/scaleout';
import { hookwright } from './helpers/cli';
import { SINCH_SPEC } from './helpers/corpus';
import { readTree } from './helpers/tree';

const work = mkdtempSync(path.join(tmpdir(), 'hookwright-scaleout-flags-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const off: ScaleOut = { redis: false, queue: false };
const redisOnly: ScaleOut = { redis: true, queue: false };
const both: ScaleOut = { redis: true, queue: true };

describe('resolveScaleOut', () => {
  test.each<
    [string, { flags: { redis?: boolean; queue?: string }; recorded?: object; want: ScaleOut }]
  >([
    ['no flags, new project', { flags: {}, want: off }],
    ['--redis', { flags: { redis: true }, want: redisOnly }],
    ['--queue bullmq implies redis', { flags: { queue: 'bullmq' }, want: both }],
    [
      'no flags keep the recorded queue',
      { flags: {}, recorded: { redis: true, queue: 'bullmq' }, want: both },
    ],
    ['no flags keep the recorded redis', { flags: {}, recorded: { redis: true }, want: redisOnly }],
    [
      '--queue none drops the queue, keeps redis',
      { flags: { queue: 'none' }, recorded: { redis: true, queue: 'bullmq' }, want: redisOnly },
    ],
    ['--no-redis drops redis', { flags: { redis: false }, recorded: { redis: true }, want: off }],
    [
      '--queue none --no-redis drops both',
      {
        flags: { queue: 'none', redis: false },
        recorded: { redis: true, queue: 'bullmq' },
        want: off,
      },
    ],
  ])('%s', (_name, { flags, recorded, want }) => {
    expect(resolveScaleOut(flags, recorded as Record<string, string | boolean>)).toEqual(want);
  });

  test.each<[string, { redis?: boolean; queue?: string }, object]>([
    ['--queue bullmq --no-redis', { queue: 'bullmq', redis: false }, {}],
    ['--no-redis on a queue project', { redis: false }, { redis: true, queue: 'bullmq' }],
    ['an unknown engine', { queue: 'sqs' }, {}],
  ])('%s is a user error with a hint', (_name, flags, recorded) => {
    let error: unknown;
    try {
      resolveScaleOut(flags, recorded as Record<string, string | boolean>);
    } catch (caught) {
      error = caught;
    }
    expect(isHookwrightError(error)).toBe(true);
    expect((error as { hint?: string }).hint).toBeTruthy();
  });
});

describe('selectTemplate', () => {
  test.each<[string, ScaleOut, { include: boolean; as: string }]>([
    ['src/server.ts', off, { include: true, as: 'src/server.ts' }],
    ['src/server.ts', redisOnly, { include: false, as: 'src/server.ts' }],
    ['src/server.scaleout.ts.hbs', off, { include: false, as: 'src/server.ts' }],
    ['src/server.scaleout.ts.hbs', redisOnly, { include: true, as: 'src/server.ts' }],
    [
      'src/generated/runtime/redis.ts',
      redisOnly,
      { include: true, as: 'src/generated/runtime/redis.ts' },
    ],
    [
      'src/generated/runtime/queue.ts',
      redisOnly,
      { include: false, as: 'src/generated/runtime/queue.ts' },
    ],
    ['src/worker.ts.hbs', both, { include: true, as: 'src/worker.ts.hbs' }],
    ['src/generated/runtime/core.ts', both, { include: true, as: 'src/generated/runtime/core.ts' }],
  ])('%s with %j', (template, scaleOut, want) => {
    expect(selectTemplate(template, scaleOut)).toEqual(want);
  });
});

describe('generating with the flags', () => {
  const QUEUE_FILES = ['src/generated/runtime/queue.ts', 'src/worker.ts', 'scripts/failed-jobs.ts'];
  const manifestOf = (project: string) =>
    JSON.parse(readFileSync(path.join(project, '.hookwright/manifest.json'), 'utf8')) as {
      options: Record<string, unknown>;
      generated: Record<string, string>;
      scaffolded: string[];
    };
  const packageOf = (project: string) =>
    JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };

  test('without flags: no Redis file, no new dependency, nothing recorded', () => {
    const project = path.join(work, 'plain');
    expect(hookwright(['generate', SINCH_SPEC, '-o', project, '-q']).status).toBe(0);
    const files = Object.keys(readTree(project));
    expect(files).not.toContain('src/generated/runtime/redis.ts');
    for (const file of QUEUE_FILES) expect(files).not.toContain(file);
    expect(Object.keys(packageOf(project).dependencies).sort()).toEqual([
      'ajv',
      'ajv-formats',
      'fastify',
      'secure-json-parse',
    ]);
    expect(manifestOf(project).options).not.toHaveProperty('redis');
    expect(manifestOf(project).options).not.toHaveProperty('queue');
    expect(readFileSync(path.join(project, 'WEBHOOKS.md'), 'utf8')).not.toContain(
      'Running many instances',
    );
  });

  test('--queue bullmq: the queue, the worker, pinned dependencies, recorded in the manifest', () => {
    const project = path.join(work, 'queue');
    const run = hookwright(['generate', SINCH_SPEC, '-o', project, '-q', '--queue', 'bullmq']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const manifest = manifestOf(project);
    expect(manifest.options).toMatchObject({ redis: true, queue: 'bullmq' });
    expect(Object.keys(manifest.generated)).toEqual(
      expect.arrayContaining([
        'src/generated/runtime/redis.ts',
        'src/generated/runtime/queue.ts',
        'scripts/failed-jobs.ts',
      ]),
    );
    expect(manifest.scaffolded).toEqual(expect.arrayContaining(['src/server.ts', 'src/worker.ts']));
    const pkg = packageOf(project);
    expect(pkg.dependencies).toMatchObject({ bullmq: '6.7.0', ioredis: '6.0.0', pino: '10.4.0' });
    expect(pkg.scripts).toMatchObject({
      worker: 'node dist/src/worker.js',
      'failed-jobs': 'tsx scripts/failed-jobs.ts',
    });
    const readme = readFileSync(path.join(project, 'WEBHOOKS.md'), 'utf8');
    expect(readme).toContain('## Running many instances');
    for (const variable of [
      'REDIS_URL',
      'REDIS_PREFIX',
      'REDIS_TIMEOUT_MS',
      'QUEUE_NAME',
      'JOB_ATTEMPTS',
      'JOB_BACKOFF_MS',
      'WORKER_CONCURRENCY',
      'JOB_LOCK_MS',
      'SHUTDOWN_GRACE_MS',
    ]) {
      expect(readme).toContain(`\`${variable}\``);
      expect(readFileSync(path.join(project, '.env.example'), 'utf8')).toContain(`${variable}=`);
    }
    expect(readFileSync(path.join(project, 'src/server.ts'), 'utf8')).toContain('queueDispatch(');

    // A bare regeneration keeps the flags: nothing to do, --check passes.
    expect(hookwright(['generate', '--check', '-o', project]).status).toBe(0);
    const again = hookwright(['generate', '-o', project, '--json']);
    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as { upToDate: boolean }).upToDate).toBe(true);
    // Asking for what is recorded is no change either.
    expect(hookwright(['generate', '--check', '-o', project, '--queue', 'bullmq']).status).toBe(0);
    // Asking for something else is drift.
    expect(hookwright(['generate', '--check', '-o', project, '--queue', 'none']).status).toBe(1);
  });

  test('--queue none on a queue project removes the generated queue files and says what to do', () => {
    const project = path.join(work, 'queue-off');
    expect(
      hookwright(['generate', SINCH_SPEC, '-o', project, '-q', '--queue', 'bullmq']).status,
    ).toBe(0);
    const run = hookwright(['generate', '-o', project, '--queue', 'none']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/The queue is off/);
    const files = Object.keys(readTree(project));
    expect(files).not.toContain('src/generated/runtime/queue.ts');
    expect(files).not.toContain('scripts/failed-jobs.ts');
    // The user's worker, deleted because it is exactly as scaffolded (an edited one is kept).
    expect(files).not.toContain('src/worker.ts');
    expect(files).toContain('src/generated/runtime/redis.ts');
    expect(manifestOf(project).options).toMatchObject({ redis: true });
    expect(manifestOf(project).options).not.toHaveProperty('queue');
  });

  test('--redis on an existing project: the Redis module is added, and the user is told what to wire', () => {
    const project = path.join(work, 'later');
    expect(hookwright(['generate', SINCH_SPEC, '-o', project, '-q']).status).toBe(0);
    const run = hookwright(['generate', '-o', project, '--redis']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Redis is on: package.json and src\/server.ts are yours/);
    expect(Object.keys(readTree(project))).toContain('src/generated/runtime/redis.ts');
    expect(manifestOf(project).options).toMatchObject({ redis: true });
    expect(manifestOf(project).options).not.toHaveProperty('queue');
  });

  test('--no-redis with --queue bullmq: exit 1, nothing written', () => {
    const project = path.join(work, 'contradiction');
    const run = hookwright([
      'generate',
      SINCH_SPEC,
      '-o',
      project,
      '--queue',
      'bullmq',
      '--no-redis',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs Redis/);
    expect(() => readTree(project)).toThrow();
  });
});
