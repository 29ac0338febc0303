/**
 * The stages after `plan`: models → render → format, from plain data to formatted files.
 * Its input (the IR) and output are plain data, so it can run in a worker thread that
 * loads Modelina, Handlebars and prettier while the main thread is still parsing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HookwrightError, type Problem } from './errors';
import type { GeneratedFile } from './files';
import type { ReceiverIR } from './ir';
import type { ScaleOut } from './render/scaleout';
import type { Retained } from './write/retain';

export type ProduceStage = 'models' | 'render' | 'format';

export interface ProduceRequest {
  ir: ReceiverIR;
  signature?: string;
  specPath: string;
  /** Where the project's copy of the document came from (relative to the project). */
  specSource?: string;
  scaleOut?: ScaleOut;
  /** The parser's errors a lenient run went on past, for the generated README. */
  knownProblems?: KnownProblem[];
  /** Typing kept for removed operations whose handler the user edited. */
  retained?: Retained;
}

export interface KnownProblem {
  /** `file:line:col`, the file relative to the project. */
  location: string;
  /** JSON path in the document. */
  path?: string;
  message: string;
}

export interface Produced {
  files: GeneratedFile[];
  /** Operation name → fingerprint of its payload types (for the manifest). */
  operations: Record<string, string>;
  warnings: string[];
  /** Stage → [detail, milliseconds], in order. */
  stages: Array<[ProduceStage, string, number]>;
}

export async function produce(request: ProduceRequest): Promise<Produced> {
  const { generateModels } = await import('./models');
  const { render } = await import('./render');
  const { format } = await import('./format');
  const stages: Produced['stages'] = [];
  const timed = async <T>(
    stage: ProduceStage,
    work: () => Promise<T>,
    detail: (value: T) => string,
  ): Promise<T> => {
    const started = performance.now();
    const value = await work();
    stages.push([stage, detail(value), performance.now() - started]);
    return value;
  };
  const models = await timed(
    'models',
    () => generateModels(request.ir),
    (m) => `${m.files.length} models`,
  );
  const rendered = await timed(
    'render',
    () =>
      render(request.ir, models, {
        signature: request.signature,
        specPath: request.specPath,
        specSource: request.specSource,
        scaleOut: request.scaleOut,
        knownProblems: request.knownProblems,
        retained: request.retained,
      }),
    (r) => `${r.files.length} files`,
  );
  const files = await timed(
    'format',
    () => format(rendered.files),
    (f) => `${f.length} files`,
  );
  return {
    files,
    operations: Object.fromEntries(
      rendered.context.routes.map((op) => [op.name, op.payloadFingerprint]),
    ),
    warnings: [...models.warnings, ...rendered.warnings],
    stages,
  };
}

/** Loads and warms up what `produce` needs, so that the first real call is fast. */
export async function warmUp(): Promise<void> {
  (await import('./models/modelina')).modelina();
  require('handlebars');
  const { format } = await import('./format');
  const { BUILTIN_TEMPLATES } = await import('./render');
  const { readFile } = await import('node:fs/promises');
  // Formatting real code once compiles prettier's hot paths.
  const sample = await readFile(
    path.join(BUILTIN_TEMPLATES, 'src', 'generated', 'runtime', 'core.ts'),
    'utf8',
  );
  await format([
    { path: 'warm-up.ts', content: sample, ownership: 'generated' },
    {
      path: 'warm-up.md',
      content: '# Warm-up\n\n| a | b |\n| --- | --- |\n| `c` | d |\n',
      ownership: 'generated',
    },
    { path: 'warm-up.json', content: '{"warm": ["up"]}', ownership: 'generated' },
  ]);
}

export interface Producer {
  produce(request: ProduceRequest): Promise<Produced>;
  close(): void;
}

const WORKER_FILE = path.join(__dirname, 'produce-worker.js');

/**
 * A worker thread that starts loading right away, or (where the compiled worker is not
 * there, as when running from TypeScript sources in tests) the same work in-process.
 */
export function startProducer(): Producer {
  if (!existsSync(WORKER_FILE)) return { produce, close: () => undefined };
  const worker = new Worker(WORKER_FILE);
  worker.unref();
  let failure: Error | undefined;
  worker.once('error', (error) => {
    failure = error;
  });
  return {
    produce(request) {
      if (failure) return Promise.reject(failure);
      return new Promise<Produced>((resolve, reject) => {
        worker.once('message', (message: WorkerReply) => {
          if (message.ok) resolve(message.produced);
          else reject(revive(message.error));
        });
        worker.once('error', reject);
        worker.postMessage(request);
      });
    },
    close: () => void worker.terminate(),
  };
}

export type WorkerReply = { ok: true; produced: Produced } | { ok: false; error: SerialisedError };

export interface SerialisedError {
  hookwright: boolean;
  message: string;
  stack?: string;
  problems?: Problem[];
  hint?: string;
}

export function serialise(error: unknown): SerialisedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return e instanceof HookwrightError
    ? {
        hookwright: true,
        message: e.message,
        stack: e.stack,
        problems: [...e.problems],
        hint: e.hint,
      }
    : { hookwright: false, message: e.message, stack: e.stack };
}

function revive(error: SerialisedError): Error {
  const revived = error.hookwright
    ? new HookwrightError(error.message, { problems: error.problems, hint: error.hint })
    : new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}
