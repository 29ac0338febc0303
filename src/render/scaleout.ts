/**
 * The optional scale-out layer of a generated receiver: a replay store shared through Redis
 * (`--redis`) and a BullMQ queue with a worker (`--queue bullmq`, which implies `--redis`).
 * One table says which templates only such a project gets; the core does not change for it.
 */
import { HookwrightError } from '../pipeline/errors';

export interface ScaleOut {
  /** Shared replay store (and readiness) on Redis when `REDIS_URL` is set. */
  redis: boolean;
  /** Verified deliveries go to a BullMQ queue; `npm run worker` runs the handlers. */
  queue: boolean;
}

export const NO_SCALE_OUT: ScaleOut = { redis: false, queue: false };

export const QUEUE_ENGINES = ['bullmq', 'none'] as const;

/**
 * The flags of this run over the options the project was generated with (kept in the
 * manifest): a flag given wins, an absent one keeps what the project has.
 */
export function resolveScaleOut(
  flags: { redis?: boolean; queue?: string },
  previous: Readonly<Record<string, string | boolean | string[]>> = {},
): ScaleOut {
  if (flags.queue !== undefined && !(QUEUE_ENGINES as readonly string[]).includes(flags.queue))
    throw new HookwrightError(`unknown queue engine "${flags.queue}"`, {
      hint: `--queue takes ${QUEUE_ENGINES.join(' or ')}.`,
    });
  const queue = flags.queue !== undefined ? flags.queue === 'bullmq' : previous.queue === 'bullmq';
  if (queue && flags.redis === false)
    throw new HookwrightError('--queue bullmq needs Redis, and --no-redis turns it off', {
      hint:
        flags.queue === undefined
          ? 'This project uses the queue: pass --queue none --no-redis to drop both.'
          : 'Drop --no-redis (the queue implies --redis).',
    });
  const redis = queue || (flags.redis ?? previous.redis === true);
  return { redis, queue };
}

/** What the manifest records: nothing for a project without the layer. */
export function scaleOutOptions(scaleOut: ScaleOut): Record<string, string | boolean> {
  return {
    ...(scaleOut.redis ? { redis: true } : {}),
    ...(scaleOut.queue ? { queue: 'bullmq' } : {}),
  };
}

export const SCALE_OUT_DEPENDENCIES = {
  redis: { ioredis: '6.0.0' },
  queue: { bullmq: '6.7.0', pino: '10.4.0' },
} as const;

/**
 * Templates by what they need. A template listed with `replaces` is written to that path
 * instead of the default one (the default template is then skipped).
 */
const TEMPLATES: ReadonlyArray<{ template: string; when: keyof ScaleOut; replaces?: string }> = [
  { template: 'src/generated/runtime/redis.ts', when: 'redis' },
  { template: 'src/generated/runtime/queue.ts', when: 'queue' },
  { template: 'src/server.scaleout.ts.hbs', when: 'redis', replaces: 'src/server.ts' },
  { template: 'src/worker.ts.hbs', when: 'queue' },
  { template: 'scripts/failed-jobs.ts.hbs', when: 'queue' },
];

/**
 * Whether `template` belongs in a project with `scaleOut`, and under which template name it
 * is rendered (`src/server.scaleout.ts.hbs` stands in for `src/server.ts`).
 */
export function selectTemplate(
  template: string,
  scaleOut: ScaleOut,
): { include: boolean; as: string } {
  const row = TEMPLATES.find((t) => t.template === template);
  if (row) return { include: scaleOut[row.when], as: row.replaces ?? template };
  const replacement = TEMPLATES.find((t) => t.replaces === template);
  return { include: !(replacement && scaleOut[replacement.when]), as: template };
}

/**
 * When a regeneration turns the layer on or off, the user's own files (package.json,
 * src/server.ts) are not rewritten: say what to change in them.
 */
export function scaleOutChangeWarnings(before: ScaleOut, after: ScaleOut): string[] {
  const warnings: string[] = [];
  const deps = (part: keyof typeof SCALE_OUT_DEPENDENCIES) =>
    Object.entries(SCALE_OUT_DEPENDENCIES[part])
      .map(([name, version]) => `"${name}": "${version}"`)
      .join(', ');
  if (after.redis && !before.redis)
    warnings.push(
      `Redis is on: package.json and src/server.ts are yours and were not changed. Add ${deps('redis')} to the dependencies, and wire src/generated/runtime/redis.ts into src/server.ts (a fresh project generated with --redis shows how).`,
    );
  if (after.queue && !before.queue)
    warnings.push(
      `The BullMQ queue is on: add ${deps('queue')} to the dependencies and the scripts "worker": "node dist/src/worker.js" and "failed-jobs": "tsx scripts/failed-jobs.ts" to package.json, and pass queueDispatch() to buildApp in src/server.ts (a fresh project generated with --queue bullmq shows how). src/worker.ts was created.`,
    );
  if (before.queue && !after.queue)
    warnings.push(
      'The queue is off: src/generated/runtime/queue.ts and scripts/failed-jobs.ts were removed (src/worker.ts too, unless you edited it). Remove their use from src/server.ts (yours, not changed), and from src/worker.ts if it is still there, so that the project compiles; drain the queue first.',
    );
  if (before.redis && !after.redis)
    warnings.push(
      'Redis is off: src/generated/runtime/redis.ts was removed. Remove its use from src/server.ts (yours, not changed) so that the project compiles.',
    );
  return warnings;
}
