/**
 * `generate()`: the whole pipeline as one library call, with no terminal I/O.
 * load → plan → models → render → format → write. Nothing is written unless every
 * stage before `write` succeeded, and in --dry-run / --check nothing is written at all.
 */
import path from 'node:path';
import { formatWhere, type Problem } from './errors';
import type { ReceiverIR } from '../plan/ir';
import { load, type LoadedDocument, type LoadOptions } from '../load';
import { documentLimits } from '../load/limits';
import { relative } from '../load/paths';
import { nothingToServe, plan, routeCount, type PlanOptions } from '../plan';
import { startProducer, type Produced } from './produce';
import { timed as timeStage, type Stage, type StageReport } from './timed';
import { applyPlan, changes, planWrite, type WritePlan } from '../write';
import {
  NO_OPERATION_CHANGES,
  buildManifest,
  compareVersions,
  hash,
  operationChanges,
  readManifest,
  sameRecord,
  serialiseManifest,
  unchangedSinceManifest,
  type OperationChanges,
} from '../write/manifest';
import { assertInputsUntouched, assertOwnedFoldersInside } from '../write/guards';
import { asUserError } from '../write/fs-errors';
import { afterRecovery } from '../write/journal';
import { lockRun, testDelay, type RunLock } from '../write/lock';
import { retainedTyping, type Retained } from '../write/retain';
import { chooseSpec, vendor, type Vendored } from '../write/vendor';
import { readFile } from 'node:fs/promises';
import { scaleOutChangeWarnings, scaleOutOptions } from '../render/scaleout';
import { VERSION } from './version';
import { recordedOptions, recordedScaleOut, runSettings, toPosix } from './settings';
import { conflictError, describePlan, describeWrite, planLeniently } from './describe';

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
  /** Signature recipe to use instead of the one the document declares or its header names (`none`: no verification). */
  signature?: string;
  /** `key=value` fields of the generic recipe (`--signature-option`). */
  signatureOptions?: string[];
  /** Shared replay store on Redis (`--redis`); `false` turns it off. Absent: as the manifest says. */
  redis?: boolean;
  /** `bullmq` for a queue and a worker (implies `redis`), `none` for none. Absent: as the manifest says. */
  queue?: string;
  /**
   * Go on past the parser's errors when it still builds a document (see `load`). Undefined:
   * as the project's manifest says (a project generated leniently stays lenient).
   */
  lenient?: boolean;
  /** `receiver`, `provider` or `auto`: which operations of the document are served. */
  perspective?: PlanOptions['perspective'];
  /** `per-channel`, `single` or `auto`: one route per channel path, or one URL for every event. */
  endpoint?: PlanOptions['endpoint'];
  /** The route of the single endpoint (default `/webhooks`). */
  endpointPath?: string;
  /** `header:NAME` or `body:/json/pointer`: where requests carry their event type. */
  dispatch?: string;
  /** Where each event's value is in the document (`name`, `title`, `channel`, `operation`, `x-...`). */
  dispatchValue?: string;
  /** How `$ref`s may leave the document (folder, remote fetches, deadline). */
  refs?: LoadOptions;
  /**
   * A folder of overrides of built-in templates, by their relative paths (`--templates`);
   * `false` for the built-in templates only. Absent: as the manifest says.
   */
  templates?: string | false;
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
  /** With `lenient`: the parser's errors that the run went on past, with where each one is. */
  problems: Problem[];
  /** How the receive operations changed since the last run (empty on a first run). */
  operationChanges: OperationChanges;
  /** Whether the project on disk already equals what this run produces. */
  upToDate: boolean;
  /** The hookwright version that wrote the project before, when this (newer) one upgrades it. */
  upgradedFrom?: string;
  /** The template overrides this run used: their folder (absolute) and the built-in paths they replace. */
  templates?: { dir: string; overrides: string[] };
  /** The document and every file it references (absolute paths), with the hash of each as read. */
  inputs: Record<string, string>;
  timings: Partial<Record<Stage, number>>;
}

/**
 * A run holds the project's lock from before it reads the manifest until after it has written
 * (`write/lock.ts`); `--check` and `--dry-run` write nothing, but hold it too, so that they never
 * read a project that another run is half-way through writing.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  try {
    const readOnly = (options.mode ?? 'write') !== 'write';
    const lock = await lockRun(path.resolve(options.output), { readOnly });
    try {
      await testDelay('locked');
      // A run killed while writing in place is rolled back first (`write/journal.ts`).
      return await afterRecovery(lock.outDir, readOnly, () =>
        run(options, readOnly ? undefined : lock),
      );
    } finally {
      await lock.release();
    }
  } catch (error) {
    // A permission, a full disk, a file where a folder should be: the user's, with the path.
    throw asUserError(error);
  }
}

async function run(options: GenerateOptions, lock: RunLock | undefined): Promise<GenerateResult> {
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
  const choice = chooseSpec(options.spec, previous, outDir);
  const specFile = choice.file;
  const settings = await runSettings(options, previous, outDir);
  const { effective, signature, signatureOptions, scaleOut, lenient, templates } = settings;
  const { templatesRecord, templatesUsed, templateWarnings } = settings;

  // Nothing changed since the last run (same hookwright, same options, same input bytes,
  // every file as written): answer from the manifest, without loading the parser or Modelina.
  if (mode !== 'write' || previous) {
    const started = performance.now();
    const recordedLayer = previous && recordedScaleOut(previous);
    const unchanged =
      previous &&
      recordedLayer?.redis === scaleOut.redis &&
      recordedLayer.queue === scaleOut.queue &&
      (await unchangedSinceManifest(outDir, previous, specFile, {
        options: effective,
        signatureOptions,
        lenient,
        templates: templatesRecord,
      }));
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
        problems: [],
        upToDate: true,
        ...(templatesUsed ? { templates: templatesUsed } : {}),
        inputs: Object.fromEntries(
          Object.entries(previous.inputs).map(([file, digest]) => [
            path.resolve(outDir, file),
            digest,
          ]),
        ),
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
  let vendored: Vendored;
  try {
    loaded = await timed(
      'load',
      () => load(specFile, { ...options.refs, lenient }),
      (l) =>
        `${path.relative(process.cwd(), l.source) || l.source} (${l.files.length} file${l.files.length === 1 ? '' : 's'})`,
    );
    const problems = loaded.problems;
    const document = loaded.document;
    ir = await timed(
      'plan',
      () =>
        planLeniently(
          () =>
            plan(document, {
              perspective: effective.perspective as PlanOptions['perspective'],
              endpoint: effective.endpoint as PlanOptions['endpoint'],
              endpointPath: effective.endpointPath,
              dispatch: effective.dispatch,
              dispatchValue: effective.dispatchValue,
              signature,
              signatureOptions,
            }),
          problems,
        ),
      describePlan,
    );
    const nothing = nothingToServe(ir, loaded.source);
    if (nothing) throw nothing;
    vendored = await vendor(outDir, loaded, previous);
    specPath = vendored.spec;
    const knownProblems = problems.map((problem) => ({
      location: problem.where
        ? formatWhere({
            ...problem.where,
            file: toPosix(path.relative(outDir, problem.where.file)),
          })
        : specPath,
      path: problem.where?.path,
      message: problem.message,
    }));
    retained = await retainedTyping(outDir, previous, ir);
    produced = await producer.produce(
      {
        ir,
        signature,
        specPath,
        specSource: vendored.source,
        knownProblems,
        retained,
        scaleOut,
        templates,
        samples: { maxBytes: documentLimits().maxSampleBytes, file: relative(loaded.source) },
      },
      report,
    );
  } finally {
    producer.close();
  }
  const formatted = [...produced.files, ...vendored.files];

  const inputs: Record<string, string> = {};
  const read: Record<string, string> = {};
  for (const file of loaded.files) {
    read[file] = hash(await readFile(file).catch(() => ''));
    inputs[toPosix(path.relative(outDir, file))] = read[file];
  }

  const manifestFor = (planned: WritePlan) =>
    buildManifest({
      spec: specPath,
      source: vendored.source,
      options: {
        ...recordedOptions(ir, signature, signatureOptions),
        ...(lenient ? { lenient } : {}),
        ...scaleOutOptions(scaleOut),
      },
      knownProblems: lenient ? loaded.problems.length : undefined,
      signatures: ir.signatures.map(
        ({ scheme, recipe, header, source, variable, options: fields }) => ({
          scheme,
          recipe,
          header,
          source,
          variable,
          options: fields,
        }),
      ),
      inputs,
      templates: templatesRecord,
      files: formatted,
      planned,
      previous,
      operations: produced.operations,
    });
  const { planned: writePlan, manifest } = await timed(
    'write',
    async () => {
      const planned = await planWrite(outDir, formatted, previous, { force: options.force });
      await assertInputsUntouched(planned, loaded.files);
      const manifest = manifestFor(planned);
      const conflicts = planned.files.filter((f) => f.action === 'conflict');
      if (mode === 'write') {
        if (conflicts.length > 0) throw conflictError(conflicts.map((f) => f.path));
        await assertOwnedFoldersInside(outDir);
        await applyPlan(planned, serialiseManifest(manifest), { staging: lock?.staging });
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
    summary: summarise(ir, Object.keys(produced.operations).length),
    plan: writePlan,
    warnings: [
      ...(choice.note ? [choice.note] : []),
      ...loaded.warnings.map((w) => w.message),
      ...ir.warnings,
      ...produced.warnings,
      ...retained.untyped.map(
        (name) =>
          `src/handlers/${name}.ts: its operation is gone and its handler type could not be found in src/generated/handlers.ts; the file may no longer compile`,
      ),
      ...(previous && mode === 'write'
        ? scaleOutChangeWarnings(recordedScaleOut(previous), scaleOut)
        : []),
      ...templateWarnings,
    ],
    problems: loaded.problems,
    operationChanges: operationChanges(previous, manifest.operations),
    upgradedFrom:
      previous && compareVersions(previous.generator.version, VERSION) < 0
        ? previous.generator.version
        : undefined,
    upToDate:
      changes(writePlan).length === 0 && (mode !== 'write' ? sameRecord(previous, manifest) : true),
    ...(templatesUsed ? { templates: templatesUsed } : {}),
    inputs: read,
    timings,
  };
}

/** `handlers`: one per operation, or fewer where one handler stands for events the document cannot tell apart. */
function summarise(ir: ReceiverIR, handlers: number): NonNullable<GenerateResult['summary']> {
  return {
    operations: handlers,
    routes: routeCount(ir),
    skipped: ir.skipped,
  };
}
