/**
 * `generate()`: the whole pipeline as one library call, with no terminal I/O.
 * load → plan → models → render → format → write. Nothing is written unless every
 * stage before `write` succeeded, and in --dry-run / --check nothing is written at all.
 */
import path from 'node:path';
import { HookwrightError } from './errors';
import type { ReceiverIR } from '../plan/ir';
import { load, type LoadedDocument } from '../load';
import { plan } from '../plan';
import { startProducer, type Produced } from './produce';
import { timed as timeStage, type Stage, type StageReport } from './timed';
import { applyPlan, changes, planWrite, type WritePlan } from '../write';
import {
  NO_OPERATION_CHANGES,
  buildManifest,
  hash,
  operationChanges,
  readManifest,
  sameRecord,
  serialiseManifest,
  unchangedSinceManifest,
  type Manifest,
  type OperationChanges,
} from '../write/manifest';
import { retainedTyping, type Retained } from '../write/retain';
import { readFile } from 'node:fs/promises';

export type { Stage } from './timed';
export type { OperationChanges } from '../write/manifest';

export interface GenerateOptions {
  /** The AsyncAPI document. Optional when `output` holds a project: its manifest names the document. */
  spec?: string;
  /** The project folder. */
  output: string;
  /** `write` (default), `dry-run` (plan only) or `check` (plan only; `upToDate` tells the result). */
  mode?: 'write' | 'dry-run' | 'check';
  /** Overwrite hand-edited generated files; generate into a non-empty folder. */
  force?: boolean;
  /** Signature profile to use instead of the one detected from the document's security scheme. */
  signature?: string;
  /** Called after each stage, for progress output. */
  onStage?: (stage: Stage, detail: string, ms: number) => void;
}

export interface GenerateResult {
  outDir: string;
  spec: string;
  mode: NonNullable<GenerateOptions['mode']>;
  /** The document's IR; absent when the run found nothing changed without reading the document. */
  ir?: ReceiverIR;
  /** Counts for the summary line; absent with `ir`. */
  summary?: { operations: number; routes: number; skipped: ReceiverIR['skipped'] };
  plan: WritePlan;
  warnings: string[];
  /** How the receive operations changed since the last run (empty on a first run). */
  operationChanges: OperationChanges;
  /** Whether the project on disk already equals what this run produces. */
  upToDate: boolean;
  timings: Partial<Record<Stage, number>>;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const mode = options.mode ?? 'write';
  const outDir = path.resolve(options.output);
  const timings: GenerateResult['timings'] = {};
  const report: StageReport = (stage, detail, ms) => {
    timings[stage] = ms;
    options.onStage?.(stage, detail, ms);
  };
  const timed = <T>(stage: Stage, work: () => Promise<T> | T, describe: (value: T) => string) =>
    timeStage(stage, work, describe, report);

  const previous = await readManifest(outDir);
  const specFile = resolveSpec(options.spec, previous, outDir);
  const signature = options.signature ?? stringOption(previous?.options.signature);

  // Nothing changed since the last run (same hookwright, same options, same input bytes,
  // every file as written): answer from the manifest, without loading the parser or Modelina.
  if (mode !== 'write' || previous) {
    const started = performance.now();
    const unchanged =
      previous && (await unchangedSinceManifest(outDir, previous, specFile, signature));
    if (unchanged) {
      report(
        'write',
        `inputs and files unchanged since the last run (${mode === 'write' ? 'nothing to write' : `${mode}: nothing written`})`,
        performance.now() - started,
      );
      return {
        outDir,
        spec: path.resolve(specFile),
        mode,
        plan: unchanged,
        operationChanges: NO_OPERATION_CHANGES,
        warnings: [],
        upToDate: true,
        timings,
      };
    }
  }

  // Modelina, Handlebars and prettier load in a worker while the parser works here.
  const producer = startProducer();
  let produced: Produced;
  let loaded: LoadedDocument;
  let ir: ReceiverIR;
  let specPath: string;
  let retained: Retained;
  try {
    loaded = await timed(
      'load',
      () => load(specFile),
      (l) =>
        `${path.relative(process.cwd(), l.source) || l.source} (${l.files.length} file${l.files.length === 1 ? '' : 's'})`,
    );
    ir = await timed('plan', () => plan(loaded.document), describePlan);
    specPath = toPosix(path.relative(outDir, loaded.source));
    retained = await retainedTyping(outDir, previous, ir);
    produced = await producer.produce({ ir, signature, specPath, retained }, report);
  } finally {
    producer.close();
  }
  const formatted = produced.files;

  const inputs: Record<string, string> = {};
  for (const file of loaded.files)
    inputs[toPosix(path.relative(outDir, file))] = hash(await readFile(file).catch(() => ''));

  const manifestFor = (planned: WritePlan) =>
    buildManifest({
      spec: specPath,
      signature,
      inputs,
      files: formatted,
      planned,
      previous,
      operations: produced.operations,
    });
  const { planned: writePlan, manifest } = await timed(
    'write',
    async () => {
      const planned = await planWrite(outDir, formatted, previous, { force: options.force });
      const manifest = manifestFor(planned);
      const conflicts = planned.files.filter((f) => f.action === 'conflict');
      if (mode === 'write') {
        if (conflicts.length > 0) throw conflictError(conflicts.map((f) => f.path));
        await applyPlan(planned, serialiseManifest(manifest));
      }
      return { planned, manifest };
    },
    ({ planned }) => describeWrite(planned, mode),
  );

  // Up to date: no file would change, and the manifest would record the same files and
  // operations (input hashes alone may differ, e.g. a reformatted document).
  return {
    outDir,
    spec: loaded.source,
    mode,
    ir,
    summary: summarise(ir),
    plan: writePlan,
    warnings: [
      ...loaded.warnings.map((w) => w.message),
      ...ir.warnings,
      ...produced.warnings,
      ...retained.untyped.map(
        (name) =>
          `src/handlers/${name}.ts: its operation is gone and its handler type could not be found in src/generated/handlers.ts; the file may no longer compile`,
      ),
    ],
    operationChanges: operationChanges(previous, manifest.operations),
    upToDate:
      changes(writePlan).length === 0 && (mode !== 'write' ? sameRecord(previous, manifest) : true),
    timings,
  };
}

function summarise(ir: ReceiverIR): NonNullable<GenerateResult['summary']> {
  return {
    operations: ir.operations.length,
    routes: ir.operations.filter((op) => op.http).length,
    skipped: ir.skipped,
  };
}

function resolveSpec(
  spec: string | undefined,
  previous: Manifest | undefined,
  outDir: string,
): string {
  if (spec) return spec;
  if (previous) return path.resolve(outDir, previous.spec);
  throw new HookwrightError('no AsyncAPI document given', {
    hint: `Pass one (hookwright generate asyncapi.yaml -o ${path.relative(process.cwd(), outDir) || '.'}), or run inside a generated project to regenerate it from its manifest.`,
  });
}

function conflictError(paths: string[]): HookwrightError {
  return new HookwrightError(
    `${paths.length} generated file${paths.length === 1 ? ' was' : 's were'} edited by hand; nothing was written`,
    {
      problems: paths.map((p) => ({
        message: 'changed since hookwright wrote it',
        where: { file: p },
      })),
      hint: 'Move your changes into src/handlers/ (yours, never overwritten) and run again, or pass --force to overwrite these files.',
    },
  );
}

function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function describePlan(ir: ReceiverIR): string {
  const routes = ir.operations.filter((op) => op.http).length;
  return `${ir.operations.length} receive operation${ir.operations.length === 1 ? '' : 's'}, ${routes} HTTP route${routes === 1 ? '' : 's'}, ${ir.messages.length} message${ir.messages.length === 1 ? '' : 's'}${ir.skipped.length ? `, ${ir.skipped.length} skipped` : ''}`;
}

function describeWrite(plan: WritePlan, mode: string): string {
  const counts = new Map<string, number>();
  for (const f of plan.files) counts.set(f.action, (counts.get(f.action) ?? 0) + 1);
  const parts = [...counts].map(([action, n]) => `${n} ${action}`).join(', ');
  return mode === 'write' ? parts : `${parts} (${mode}: nothing written)`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
