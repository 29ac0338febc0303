/**
 * The stages after `plan`: models → render → format, from the IR (plain data) to
 * formatted files. Its input and output are plain data, so it runs in a worker thread
 * that loads Modelina, Handlebars and prettier while the main thread is still parsing.
 */
import path from 'node:path';
import type { GeneratedFile } from './files';
import { operationFingerprints } from './fingerprint';
import type { ReceiverIR } from '../plan/ir';
import type { SampleLimits } from '../render/samples/message';
import type { ScaleOut } from '../render/scaleout';
import type { TemplateOverrides } from '../render/templates';
import { timed, type Stage, type StageReport } from './timed';
import { startWorker } from './worker';
import type { Retained } from '../write/retain';

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
  /** The user's overrides of built-in templates (`--templates`). */
  templates?: TemplateOverrides;
  /** The size cap of samples, and the document errors name. */
  samples?: SampleLimits;
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
  warnings: string[];
  /** Operation name → fingerprint of its payload types (for the manifest). */
  operations: Record<string, string>;
}

export async function produce(
  request: ProduceRequest,
  report: StageReport = () => undefined,
): Promise<Produced> {
  const { generateModels } = await import('../models');
  const { render } = await import('../render');
  const { format } = await import('../format');
  const { ir } = request;
  const models = await timed(
    'models',
    () => generateModels(ir),
    (m) => `${m.files.length} models`,
    report,
  );
  const rendered = await timed(
    'render',
    () =>
      render(ir, models, {
        signature: request.signature,
        specPath: request.specPath,
        specSource: request.specSource,
        scaleOut: request.scaleOut,
        knownProblems: request.knownProblems,
        retained: request.retained,
        templates: request.templates,
        samples: request.samples,
      }),
    (r) => `${r.files.length} files`,
    report,
  );
  const files = await timed(
    'format',
    () => format(rendered.files, rendered.formatHints),
    (f) => `${f.length} files`,
    report,
  );
  return {
    files,
    warnings: [...models.warnings, ...rendered.warnings],
    operations: operationFingerprints(ir, models.payloadTypes, rendered.handlers),
  };
}

/** Loads and warms up what `produce` needs, so that the first real call is fast. */
export async function warmUp(): Promise<void> {
  (await import('../models/modelina')).modelina();
  require('handlebars');
  // Ajv checks the samples and the shared routes (render); compiling once warms its code generator.
  const { conforms } = await import('../schema');
  conforms({ warm: 'up' }, { type: 'object', properties: { warm: { type: 'string' } } }, {});
  const { format } = await import('../format');
  const { BUILTIN_TEMPLATES } = await import('../render');
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

/** A stage that ran in the worker, reported back to the main thread. */
export type StageEvent = [Stage, string, number];

export interface Producer {
  produce(request: ProduceRequest, report?: StageReport): Promise<Produced>;
  close(): void;
}

const WORKER_FILE = path.join(__dirname, 'produce-worker.js');

/**
 * A worker thread that starts loading right away, or (where the compiled worker is not
 * there, as when running from TypeScript sources in tests) the same work in-process.
 */
export function startProducer(): Producer {
  const worker = startWorker<ProduceRequest, Produced, StageEvent>(WORKER_FILE);
  if (worker === undefined) return { produce, close: () => undefined };
  return {
    produce: (request, report) =>
      worker.call(request, ([stage, detail, ms]) => report?.(stage, detail, ms)),
    close: () => worker.close(),
  };
}
