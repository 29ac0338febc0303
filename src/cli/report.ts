/** What the command line prints about a run: stage lines, the summary, the JSON form. */
import path from 'node:path';
import { formatWhere, type Problem } from '../pipeline/errors';
import type { GenerateResult, Stage } from '../pipeline/generate';
import { recipeNamed } from '../plan/recipes';
import type { ReceiverIR } from '../plan/ir';
import { VERSION } from '../pipeline/version';
import type { PlannedFile } from '../write';
import {
  displayPath,
  paint,
  unifiedDiff,
  type GlobalFlags,
  type Output,
  type Style,
} from './terminal';

export function reportStage(
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

/**
 * The account of a run. Its result goes to stdout (what happened to each file, the diffs of
 * --diff, operations added or removed, the overrides used, the verdict), so that
 * `hookwright generate … | grep updated` works; how it was decided (perspective, endpoint),
 * warnings and the next steps go to stderr with the progress lines. With --json, the JSON
 * summary is all there is on stdout.
 */
export function reportResult(
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
  if (flags.quiet) return failed ? 1 : 0;
  const out = stdoutOf(output);
  const dryRun = result.mode !== 'write';
  const quietActions = new Set<PlannedFile['action']>(['unchanged', 'keep']);
  const listed = result.plan.files.filter(
    (f) => !quietActions.has(f.action) || f.note !== undefined,
  );
  output.err();
  for (const file of compact(listed)) {
    const { label, style } = ACTION_LABEL[file.action];
    out.out(
      `  ${paint(out, style, (dryRun ? willLabel(file.action) : label).padEnd(14))}${file.path}${file.note ? paint(out, 'dim', ` (${file.note})`) : ''}`,
    );
    if (showDiff && file.previous !== undefined && file.content !== undefined)
      out.out(unifiedDiff(file.path, file.previous, file.content));
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
  if (counts.length > 0) out.out(paint(out, 'dim', `  ${counts.join(', ')}`));
  reportOverrides(out, result);
  if (result.upgradedFrom !== undefined) {
    const pin = result.plan.files.find(
      (f) => f.path === 'package.json' && f.note?.includes('devDependencies.hookwright'),
    );
    out.out(
      `${paint(out, 'cyan', 'upgrade')} hookwright ${result.upgradedFrom} → ${VERSION}: the generated files above are ${result.mode === 'write' ? 'now' : 'would be'} ${VERSION}'s${pin ? `; package.json pins hookwright ${VERSION} (run npm install, then npm run regenerate uses it)` : ''}. Your files are untouched; npm run build && npm test shows whether your handlers still fit.`,
    );
  }
  const { added, removed, payloadChanged } = result.operationChanges;
  if (added.length > 0)
    out.out(
      `${paint(out, 'green', 'added')} ${added.join(', ')}: new route${added.length === 1 ? '' : 's'} and handler stub${added.length === 1 ? '' : 's'} in src/handlers/`,
    );
  if (removed.length > 0) {
    out.out(
      `${paint(out, 'yellow', 'removed')} ${removed.join(', ')}: gone from the document; route${removed.length === 1 ? '' : 's'} and generated code removed${added.length > 0 ? ' (renamed? the new name is listed as added)' : ''}`,
    );
  }
  if (payloadChanged.length > 0) {
    out.out(
      `${paint(out, 'yellow', 'payload changed')} ${payloadChanged.join(', ')}: check their handlers (npm run typecheck points at what no longer fits)`,
    );
  }
  for (const file of listed.filter((f) => f.action === 'orphan')) {
    out.out(
      `${paint(out, 'yellow', 'orphaned')} ${file.path}: ${file.ownership === 'scaffolded' ? 'its operation is gone from the document, and you edited it: kept, with its type (deprecated) so that the project builds; nothing routes to it. Move what you need and delete the file' : 'no longer generated, but edited since; left in place'}`,
    );
  }
  if (result.ir) reportDecisions(output, result.ir);
  reportSkippedAndWarnings(output, result.summary?.skipped ?? [], result.warnings);
  output.err();
  const where = path.relative(process.cwd(), result.outDir) || '.';
  if (result.mode === 'check') {
    out.out(
      result.upToDate
        ? `${paint(out, 'green', '✔')} ${where} is up to date`
        : `${paint(out, 'red', '✖')} ${where} is out of date: run hookwright generate`,
    );
  } else if (result.mode === 'dry-run') {
    out.out(`dry run: nothing written to ${where}`);
  } else {
    const routes = result.summary?.routes ?? 0;
    out.out(
      result.summary
        ? `${paint(out, 'green', '✔')} ${where}: ${result.summary.operations} handler${result.summary.operations === 1 ? '' : 's'}, ${routes} route${routes === 1 ? '' : 's'}`
        : `${paint(out, 'green', '✔')} ${where} is up to date`,
    );
    if (result.summary && routes === 0) {
      output.err(
        `${paint(output, 'yellow', 'warning')} nothing in ${path.basename(result.spec)} is reachable over HTTP: the project has models and handler types, but no webhook routes.`,
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
  return failed ? 1 : 0;
}

/** The same output, coloured only when stdout itself is a terminal. */
export function stdoutOf(output: Output): Output {
  return { ...output, color: output.color && Boolean(process.stdout.isTTY) };
}

/** One line per template override the run used: the built-in path, and the file that replaced it. */
function reportOverrides(out: Output, result: GenerateResult): void {
  for (const file of result.templates?.overrides ?? [])
    out.out(
      `${paint(out, 'cyan', 'override'.padEnd(14))}${file} ${paint(out, 'dim', `(${displayPath(path.join(result.templates?.dir ?? '', file))})`)}`,
    );
}

/**
 * One line for `--watch`: what a regeneration did to the project (counts by action, and the
 * operations that came or went).
 */
export function describeRun(result: GenerateResult): string {
  const counts = new Map<string, number>();
  for (const file of result.plan.files)
    if (!['unchanged', 'keep'].includes(file.action))
      counts.set(file.action, (counts.get(file.action) ?? 0) + 1);
  if (counts.size === 0) return '✔ already up to date';
  const parts = [...counts].map(
    ([action, n]) => `${n} ${ACTION_LABEL[action as PlannedFile['action']].label}`,
  );
  const { added, removed, payloadChanged } = result.operationChanges;
  const changes = [
    added.length > 0 ? `added ${added.join(', ')}` : '',
    removed.length > 0 ? `removed ${removed.join(', ')}` : '',
    payloadChanged.length > 0 ? `payload changed ${payloadChanged.join(', ')}` : '',
  ].filter(Boolean);
  return `✔ regenerated: ${parts.join(', ')}${changes.length > 0 ? `; ${changes.join('; ')}` : ''}`;
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

export function reportDecisions(output: Output, ir: ReceiverIR): void {
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

export function reportSkippedAndWarnings(
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
export function reportProblems(
  output: Output,
  problems: readonly Problem[],
  generated: boolean,
): void {
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

export function jsonSummary(result: GenerateResult) {
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
    ...(result.templates ? { templates: result.templates } : {}),
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
