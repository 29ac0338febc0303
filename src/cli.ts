/**
 * The command line: arguments → one call of `generate()` or `validate()` → exit code.
 * Only `main` decides the exit code; user errors are printed plainly, bugs with a
 * request to report them, and stack traces only with --debug.
 */
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { HookwrightError, formatWhere, isHookwrightError, type Problem } from './errors';
import { generate, type GenerateResult, type Stage } from './generate';
import { DEFAULT_REF_TIMEOUT_MS, type LoadOptions } from './load';
import { VERSION } from './version';
import { asUserError } from './write/fs-errors';
import type { PlannedFile } from './write';
import type { ReceiverIR } from './ir';
import { RECIPE_NAMES, recipeNamed } from './plan/recipes';
import { ENDPOINT_LAYOUTS, PERSPECTIVES, type PlanOptions } from './plan/delivery';

interface GlobalFlags {
  quiet?: boolean;
  json?: boolean;
  color?: boolean;
  debug?: boolean;
}

interface Output {
  out: (line?: string) => void;
  err: (line?: string) => void;
  color: boolean;
}

const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;
type Style = keyof typeof STYLES;

function paint(output: Output, style: Style, text: string): string {
  if (!output.color) return text;
  const [open, close] = STYLES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

function useColor(flags: GlobalFlags): boolean {
  if (flags.color === false || flags.json) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(process.stderr.isTTY);
}

export async function main(argv: string[] = process.argv): Promise<number> {
  let exitCode = 0;
  let flags: GlobalFlags = {};
  const output: Output = {
    out: (line = '') => process.stdout.write(`${line}\n`),
    err: (line = '') => process.stderr.write(`${line}\n`),
    color: false,
  };

  const program = new Command('hookwright')
    .description(
      'Generate a typed, signature-verifying webhook receiver from an AsyncAPI document.',
    )
    .version(VERSION, '-v, --version', 'print the hookwright version')
    .option('-q, --quiet', 'print only errors')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces')
    .showHelpAfterError('(run hookwright --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    })
    .hook('preAction', (cmd) => {
      flags = cmd.opts<GlobalFlags>();
      output.color = useColor(flags);
    });

  program
    .command('generate')
    .description('generate (or regenerate) a receiver project')
    .argument(
      '[spec]',
      'AsyncAPI document (YAML or JSON); defaults to the one in the project manifest',
    )
    .option('-o, --output <dir>', 'project folder to write', '.')
    .option('--dry-run', 'print what would change and write nothing')
    .option(
      '--diff',
      'with --dry-run: show a unified diff of every generated file that would change',
    )
    .option('--check', 'exit 1 if the project is not up to date with the document; write nothing')
    .option('--force', 'overwrite generated files edited by hand; generate into a non-empty folder')
    .option(
      '--lenient',
      'go on when the document has validation errors but is still usable (they become warnings); remembered in the manifest',
    )
    .option('--no-lenient', 'stop at validation errors again in a project generated with --lenient')
    .addOption(
      new Option(
        '--signature <recipe>',
        'signature recipe for every signing security scheme, instead of the declared or detected one',
      ).choices([...RECIPE_NAMES, 'none']),
    )
    .option(
      '--signature-option <key=value>',
      `a field of the generic hmac recipe (repeatable): ${Object.keys(recipeNamed('hmac')?.options ?? {}).join(', ')}`,
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--redis',
      'share replay protection between instances through Redis (REDIS_URL), with /readyz',
    )
    .option('--no-redis', 'turn the Redis layer off again')
    .addOption(
      new Option(
        '--queue <engine>',
        'bullmq: enqueue verified deliveries and run the handlers in a worker (implies --redis); none: no queue',
      ).choices(['bullmq', 'none']),
    )
    .addOption(
      new Option(
        '--perspective <side>',
        "which operations to serve: the receiver's (publish / receive), the provider's (subscribe / send), or auto",
      ).choices([...PERSPECTIVES]),
    )
    .addOption(
      new Option(
        '--endpoint <layout>',
        'one route per channel path, one URL for every event, or auto (single unless every address is a path)',
      ).choices([...ENDPOINT_LAYOUTS]),
    )
    .option('--endpoint-path <path>', 'the route of the single endpoint (default /webhooks)')
    .option(
      '--dispatch <where>',
      'where each request carries its event type: header:NAME or body:/json/pointer',
    )
    .option(
      '--dispatch-value <source>',
      "with --dispatch: where each event's value is in the document (name, title, channel, operation or an x- extension)",
    )
    .option(
      '--ref-root <dir>',
      "folder that file $refs must stay inside (default: the document's folder)",
    )
    .option('--allow-remote-refs', 'fetch http(s) $refs (off by default)')
    .option(
      '--ref-timeout <ms>',
      'deadline of each remote $ref fetch',
      String(DEFAULT_REF_TIMEOUT_MS),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ hookwright generate spec/sinch-conversation-webhooks.yaml -o sinch-receiver
  $ hookwright generate asyncapi.yaml -o my-receiver --dry-run
  $ cd my-receiver && hookwright generate            # regenerate from the manifest
  $ hookwright generate --check -o my-receiver       # CI drift gate: exit 1 when out of date
  $ hookwright generate asyncapi.yaml -o my-receiver --queue bullmq   # many instances, a worker
  $ hookwright generate github.yaml -o gh --dispatch header:X-GitHub-Event   # one URL, event type in a header`,
    )
    .action(
      async (
        spec: string | undefined,
        opts: {
          output: string;
          dryRun?: boolean;
          diff?: boolean;
          check?: boolean;
          force?: boolean;
          signature?: string;
          signatureOption?: string[];
          redis?: boolean;
          queue?: string;
          lenient?: boolean;
        } & DeliveryFlags &
          RefFlags,
      ) => {
        if (opts.check && opts.dryRun)
          throw new HookwrightError('--check and --dry-run cannot be used together', {
            hint: '--check is for CI (exit code), --dry-run for people (the list of changes).',
          });
        const mode = opts.check ? 'check' : opts.dryRun ? 'dry-run' : 'write';
        const result = await generate({
          spec,
          output: opts.output,
          mode,
          force: opts.force,
          signature: opts.signature,
          signatureOptions: opts.signatureOption,
          redis: opts.redis,
          queue: opts.queue,
          lenient: opts.lenient,
          ...deliveryOptions(opts),
          refs: refOptions(opts),
          onStage: (stage, detail, ms) => reportStage(output, flags, stage, detail, ms),
        });
        exitCode = reportResult(output, flags, result, Boolean(opts.diff));
      },
    );

  program
    .command('validate')
    .description('load and check a document, and say what a receiver would serve; writes nothing')
    .argument('<spec>', 'AsyncAPI document (YAML or JSON)')
    .addOption(
      new Option('--perspective <side>', 'receiver, provider or auto, as for generate').choices([
        ...PERSPECTIVES,
      ]),
    )
    .addOption(
      new Option('--endpoint <layout>', 'per-channel, single or auto, as for generate').choices([
        ...ENDPOINT_LAYOUTS,
      ]),
    )
    .option('--endpoint-path <path>', 'the route of the single endpoint, as for generate')
    .option('--dispatch <where>', 'header:NAME or body:/json/pointer, as for generate')
    .option('--dispatch-value <source>', 'as for generate')
    .option(
      '--ref-root <dir>',
      "folder that file $refs must stay inside (default: the document's folder)",
    )
    .option('--allow-remote-refs', 'fetch http(s) $refs (off by default)')
    .option(
      '--ref-timeout <ms>',
      'deadline of each remote $ref fetch',
      String(DEFAULT_REF_TIMEOUT_MS),
    )
    .option('--lenient', 'report validation errors as warnings when the document is still usable')
    .action(async (spec: string, opts: DeliveryFlags & RefFlags & { lenient?: boolean }) => {
      const { load } = await import('./load');
      const { plan, nothingToServe } = await import('./plan');
      const started = performance.now();
      const loaded = await load(spec, { ...refOptions(opts), lenient: opts.lenient });
      const ir = plan(loaded.document, deliveryOptions(opts));
      const nothing = nothingToServe(ir, loaded.source);
      if (nothing) throw nothing;
      if (flags.json) {
        output.out(
          JSON.stringify(
            {
              ok: true,
              spec: loaded.source,
              files: loaded.files,
              perspective: ir.perspective,
              endpoint: ir.endpoint,
              dispatch: ir.dispatch,
              operations: ir.operations.map((op) => ({
                id: op.id,
                address: op.channel.address,
                http: op.http,
                messages: op.messages,
              })),
              skipped: ir.skipped,
              warnings: ir.warnings,
              problems: loaded.problems,
            },
            null,
            2,
          ),
        );
        return;
      }
      if (flags.quiet) return;
      reportProblems(output, loaded.problems, false);
      const verdict =
        loaded.problems.length > 0
          ? `is a usable AsyncAPI ${ir.asyncapi} document with ${loaded.problems.length} known problem${loaded.problems.length === 1 ? '' : 's'}`
          : `is a valid AsyncAPI ${ir.asyncapi} document`;
      // The result (the verdict and the route table) on stdout, for pipes
      // (`hookwright validate x.yaml | grep POST`); how it was decided, and warnings, on stderr.
      const result: Output = { ...output, color: output.color && Boolean(process.stdout.isTTY) };
      result.out(
        `${paint(result, 'green', '✔')} ${spec} ${verdict} ${paint(result, 'dim', `(${Math.round(performance.now() - started)} ms)`)}`,
      );
      reportDecisions(output, ir);
      for (const op of ir.operations) {
        const address = ir.endpoint.layout === 'single' ? ir.endpoint.path : op.channel.address;
        result.out(
          `  ${op.http ? paint(result, 'cyan', (op.httpMethod ?? 'POST').padEnd(6)) : paint(result, 'dim', 'no route')} ${address} → ${op.id}`,
        );
      }
      reportSkippedAndWarnings(output, ir.skipped, ir.warnings);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; bad flags with 1.
      return error.exitCode === 0 ? 0 : 1;
    }
    printError(output, flags, asUserError(error));
    return 1;
  }
}

function reportStage(
  output: Output,
  flags: GlobalFlags,
  stage: Stage,
  detail: string,
  ms: number,
): void {
  if (flags.quiet || flags.json) return;
  output.err(
    `${paint(output, 'cyan', stage.padEnd(7))}${detail} ${paint(output, 'dim', `${Math.round(ms)} ms`)}`,
  );
}

const ACTION_LABEL: Record<PlannedFile['action'], { label: string; style: Style }> = {
  create: { label: 'created', style: 'green' },
  update: { label: 'updated', style: 'yellow' },
  unchanged: { label: 'unchanged', style: 'dim' },
  keep: { label: 'kept (yours)', style: 'dim' },
  delete: { label: 'deleted', style: 'red' },
  orphan: { label: 'orphaned', style: 'yellow' },
  conflict: { label: 'conflict', style: 'red' },
};

function reportResult(
  output: Output,
  flags: GlobalFlags,
  result: GenerateResult,
  showDiff: boolean,
): number {
  const failed = result.mode === 'check' && !result.upToDate;
  if (!flags.json && !flags.quiet) reportProblems(output, result.problems, true);
  if (flags.json) {
    output.out(JSON.stringify(jsonSummary(result), null, 2));
    return failed ? 1 : 0;
  }
  if (!flags.quiet) {
    const dryRun = result.mode !== 'write';
    const quietActions = new Set<PlannedFile['action']>(['unchanged', 'keep']);
    const listed = result.plan.files.filter(
      (f) => !quietActions.has(f.action) || f.note !== undefined,
    );
    output.err();
    for (const file of compact(listed)) {
      const { label, style } = ACTION_LABEL[file.action];
      output.err(
        `  ${paint(output, style, (dryRun ? willLabel(file.action) : label).padEnd(14))}${file.path}${file.note ? paint(output, 'dim', ` (${file.note})`) : ''}`,
      );
      if (showDiff && file.previous !== undefined && file.content !== undefined)
        output.err(unifiedDiff(file.path, file.previous, file.content));
    }
    const counts = (['unchanged', 'keep'] as const)
      .map(
        (action) =>
          [
            action,
            result.plan.files.filter((f) => f.action === action && f.note === undefined).length,
          ] as const,
      )
      .filter(([, n]) => n > 0)
      .map(([action, n]) => `${n} ${ACTION_LABEL[action].label}`);
    if (counts.length > 0) output.err(paint(output, 'dim', `  ${counts.join(', ')}`));
    if (result.upgradedFrom !== undefined) {
      const pin = result.plan.files.find(
        (f) => f.path === 'package.json' && f.note?.includes('devDependencies.hookwright'),
      );
      output.err(
        `${paint(output, 'cyan', 'upgrade')} hookwright ${result.upgradedFrom} → ${VERSION}: the generated files above are ${result.mode === 'write' ? 'now' : 'would be'} ${VERSION}'s${pin ? `; package.json pins hookwright ${VERSION} (run npm install, then npm run regenerate uses it)` : ''}. Your files are untouched; npm run build && npm test shows whether your handlers still fit.`,
      );
    }
    const { added, removed, payloadChanged } = result.operationChanges;
    if (added.length > 0)
      output.err(
        `${paint(output, 'green', 'added')} ${added.join(', ')}: new route${added.length === 1 ? '' : 's'} and handler stub${added.length === 1 ? '' : 's'} in src/handlers/`,
      );
    if (removed.length > 0) {
      output.err(
        `${paint(output, 'yellow', 'removed')} ${removed.join(', ')}: gone from the document; route${removed.length === 1 ? '' : 's'} and generated code removed${added.length > 0 ? ' (renamed? the new name is listed as added)' : ''}`,
      );
    }
    if (payloadChanged.length > 0) {
      output.err(
        `${paint(output, 'yellow', 'payload changed')} ${payloadChanged.join(', ')}: check their handlers (npm run typecheck points at what no longer fits)`,
      );
    }
    for (const file of listed.filter((f) => f.action === 'orphan')) {
      output.err(
        `${paint(output, 'yellow', 'orphaned')} ${file.path}: ${file.ownership === 'scaffolded' ? 'its operation is gone from the document, and you edited it: kept, with its type (deprecated) so that the project builds; nothing routes to it. Move what you need and delete the file' : 'no longer generated, but edited since; left in place'}`,
      );
    }
    if (result.ir) reportDecisions(output, result.ir);
    reportSkippedAndWarnings(output, result.summary?.skipped ?? [], result.warnings);
    output.err();
    const where = path.relative(process.cwd(), result.outDir) || '.';
    if (result.mode === 'check') {
      output.err(
        result.upToDate
          ? `${paint(output, 'green', '✔')} ${where} is up to date`
          : `${paint(output, 'red', '✖')} ${where} is out of date: run hookwright generate`,
      );
    } else if (result.mode === 'dry-run') {
      output.err(`dry run: nothing written to ${where}`);
    } else {
      const routes = result.summary?.routes ?? 0;
      output.err(
        result.summary
          ? `${paint(output, 'green', '✔')} ${where}: ${result.summary.operations} handler${result.summary.operations === 1 ? '' : 's'}, ${routes} route${routes === 1 ? '' : 's'}`
          : `${paint(output, 'green', '✔')} ${where} is up to date`,
      );
      if (result.summary && routes === 0) {
        output.err(
          paint(
            output,
            'yellow',
            `  Nothing in ${path.basename(result.spec)} is reachable over HTTP: the project has models and handler types, but no webhook routes.`,
          ),
        );
      }
      if (result.plan.fresh) {
        const secret = (result.ir?.signatures ?? [])
          .map(
            (s) =>
              `${s.variable}=${recipeNamed(s.recipe)?.keyKind === 'public-key' ? "'<public key>'" : 'change-me'} `,
          )
          .join('');
        output.err(
          `\nNext:\n  cd ${where}\n  npm install\n  npm test\n  npm run build && ${secret}npm start`,
        );
      }
    }
  }
  return failed ? 1 : 0;
}

/**
 * A fresh project creates dozens of files: list them by folder when a folder has many.
 * Anything else (an update, a conflict) is always listed file by file.
 */
function compact(files: PlannedFile[]): PlannedFile[] {
  const created = files.filter((f) => f.action === 'create');
  if (created.length <= 12) return files;
  const byFolder = new Map<string, PlannedFile[]>();
  for (const f of created) {
    const folder = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/') + 1) : '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
  }
  const out: PlannedFile[] = [];
  for (const [folder, group] of byFolder) {
    if (group.length > 3 && folder)
      out.push({
        ...group[0],
        path: `${folder} (${group.length} files)`,
        previous: undefined,
        content: undefined,
      });
    else out.push(...group);
  }
  return [...out, ...files.filter((f) => f.action !== 'create')];
}

function willLabel(action: PlannedFile['action']): string {
  return {
    create: 'would create',
    update: 'would update',
    unchanged: 'unchanged',
    keep: 'kept (yours)',
    delete: 'would delete',
    orphan: 'orphaned',
    conflict: 'conflict',
  }[action];
}

interface DeliveryFlags {
  perspective?: PlanOptions['perspective'];
  endpoint?: PlanOptions['endpoint'];
  endpointPath?: string;
  dispatch?: string;
  dispatchValue?: string;
}

function deliveryOptions(opts: DeliveryFlags): PlanOptions {
  if (opts.dispatchValue !== undefined && opts.dispatch === undefined)
    throw new HookwrightError('--dispatch-value needs --dispatch', {
      hint: 'Say where requests carry their event type too, for example --dispatch header:X-Event-Type.',
    });
  return {
    perspective: opts.perspective,
    endpoint: opts.endpoint,
    endpointPath: opts.endpointPath,
    dispatch: opts.dispatch,
    dispatchValue: opts.dispatchValue,
  };
}

/** One line each: which perspective and endpoint layout, and why. */
function reportDecisions(output: Output, ir: ReceiverIR): void {
  output.err(
    `${paint(output, 'bold', 'perspective')} ${ir.perspective.used}: ${ir.perspective.reason}`,
  );
  const layout =
    ir.endpoint.layout === 'single'
      ? `one URL, POST ${ir.endpoint.path}`
      : 'one route per channel path';
  output.err(`${paint(output, 'bold', 'endpoint')}    ${layout}: ${ir.endpoint.reason}`);
  if (ir.dispatch)
    output.err(
      `${paint(output, 'bold', 'dispatch')}    by ${ir.dispatch.in} ${ir.dispatch.at}, each event's value from its ${ir.dispatch.source}`,
    );
}

function reportSkippedAndWarnings(
  output: Output,
  skipped: ReceiverIR['skipped'],
  warnings: string[],
): void {
  if (skipped.length > 0) {
    output.err();
    output.err(paint(output, 'bold', 'Not served over HTTP:'));
    for (const s of skipped) output.err(`  - ${s.what}: ${s.reason}`);
  }
  for (const w of warnings) output.err(`${paint(output, 'yellow', 'warning')} ${w}`);
}

/** The document's errors that --lenient went on past, one warning each, with where it is. */
function reportProblems(output: Output, problems: readonly Problem[], generated: boolean): void {
  for (const problem of problems) {
    const where = problem.where
      ? `${paint(output, 'bold', formatWhere({ ...problem.where, file: displayPath(problem.where.file) }))}: `
      : '';
    const at = problem.where?.path ? paint(output, 'dim', ` at ${problem.where.path}`) : '';
    output.err(`${paint(output, 'yellow', 'warning')} ${where}${problem.message}${at}`);
  }
  if (problems.length > 0)
    output.err(
      `${paint(output, 'yellow', 'warning')} --lenient: went on past ${problems.length} error${problems.length === 1 ? '' : 's'} in the document${generated ? '; WEBHOOKS.md (the generated reference) lists them under "Known problems of the document"' : ''}`,
    );
}

function jsonSummary(result: GenerateResult) {
  return {
    ok: result.mode !== 'check' || result.upToDate,
    mode: result.mode,
    upToDate: result.upToDate,
    outDir: result.outDir,
    spec: result.spec,
    perspective: result.ir?.perspective,
    endpoint: result.ir?.endpoint,
    dispatch: result.ir?.dispatch,
    operations: result.ir?.operations.map((op) => ({
      id: op.id,
      name: op.name,
      address: op.channel.address,
      method: op.httpMethod ?? 'POST',
      route: op.http,
      messages: op.messages,
    })),
    operationChanges: result.operationChanges,
    ...(result.upgradedFrom !== undefined ? { upgradedFrom: result.upgradedFrom } : {}),
    files: result.plan.files.map((f) => ({
      path: f.path,
      action: f.action,
      ownership: f.ownership,
      ...(f.note ? { note: f.note } : {}),
    })),
    skipped: result.summary?.skipped ?? [],
    warnings: result.warnings,
    problems: result.problems,
    timingsMs: Object.fromEntries(
      Object.entries(result.timings).map(([k, v]) => [k, Math.round(v ?? 0)]),
    ),
  };
}

function printError(output: Output, flags: GlobalFlags, error: unknown): void {
  if (flags.json) {
    const problems: Problem[] = isHookwrightError(error) ? [...error.problems] : [];
    output.out(
      JSON.stringify(
        {
          ok: false,
          error: (error as Error).message,
          problems,
          hint: isHookwrightError(error) ? error.hint : undefined,
        },
        null,
        2,
      ),
    );
    if (!isHookwrightError(error) || flags.debug) output.err((error as Error).stack);
    return;
  }
  if (isHookwrightError(error)) {
    output.err(`${paint(output, 'red', 'error')} ${error.message}`);
    for (const problem of error.problems) {
      const where = problem.where
        ? `${paint(output, 'bold', formatWhere({ ...problem.where, file: displayPath(problem.where.file) }))}`
        : '';
      const at = problem.where?.path ? paint(output, 'dim', ` at ${problem.where.path}`) : '';
      output.err(`  ${where}${where ? ': ' : ''}${problem.message}${at}`);
      if (problem.hint) output.err(`    ${paint(output, 'dim', problem.hint)}`);
    }
    if (error.hint) output.err(`${paint(output, 'cyan', 'hint')} ${error.hint}`);
    if (flags.debug) output.err(error.stack);
    return;
  }
  output.err(
    `${paint(output, 'red', 'error')} hookwright failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
  );
  if (flags.debug) output.err((error as Error)?.stack);
  else
    output.err(
      'This is a bug in hookwright. Run again with --debug for the stack trace and please report it.',
    );
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** A unified diff of one file, as `git diff` would show it. */
function unifiedDiff(file: string, before: string, after: string): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, {
    context: 3,
  })
    .replace(/^=+\n/, '')
    .trimEnd();
}

interface RefFlags {
  refRoot?: string;
  allowRemoteRefs?: boolean;
  refTimeout: string;
}

/** The $ref flags of `generate` and `validate`. */
function refOptions(opts: RefFlags): LoadOptions {
  const timeout = /^\d+$/.test(opts.refTimeout) ? Number(opts.refTimeout) : NaN;
  if (!Number.isSafeInteger(timeout) || timeout < 1) {
    throw new HookwrightError(
      `--ref-timeout must be a positive number of milliseconds; got "${opts.refTimeout}"`,
    );
  }
  return {
    refRoot: opts.refRoot,
    allowRemoteRefs: opts.allowRemoteRefs === true,
    refTimeoutMs: timeout,
  };
}
