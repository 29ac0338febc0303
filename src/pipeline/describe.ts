/**
 * What a run says about itself: the detail line of the plan and write stages, and the
 * errors it raises when the document is too broken or a generated file was edited.
 */
import { HookwrightError, isHookwrightError, type Problem } from './errors';
import type { ReceiverIR } from '../plan/ir';
import { routeCount } from '../plan';
import type { WritePlan } from '../write';

/**
 * With known problems, a document the parser built may still be too broken for the plan
 * (a channel that is a string, say): that is the document's fault, not a bug, so say so.
 */
export function planLeniently(work: () => ReceiverIR, problems: Problem[]): ReceiverIR {
  try {
    return work();
  } catch (error) {
    if (problems.length === 0 || isHookwrightError(error)) throw error;
    throw new HookwrightError(
      'the document is too broken to build a receiver from, even with --lenient',
      {
        problems,
        hint: 'Fix the problems listed (the first ones are usually the cause), then run again.',
        cause: error,
      },
    );
  }
}

export function conflictError(paths: string[]): HookwrightError {
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

export function describePlan(ir: ReceiverIR): string {
  const routes = routeCount(ir);
  const kind = ir.perspective.used === 'receiver' ? 'receive' : 'send';
  return `${ir.operations.length} ${kind} operation${ir.operations.length === 1 ? '' : 's'}, ${routes} HTTP route${routes === 1 ? '' : 's'}, ${ir.messages.length} message${ir.messages.length === 1 ? '' : 's'}${ir.skipped.length ? `, ${ir.skipped.length} skipped` : ''}`;
}

export function describeWrite(plan: WritePlan, mode: string): string {
  const counts = new Map<string, number>();
  for (const f of plan.files) counts.set(f.action, (counts.get(f.action) ?? 0) + 1);
  const parts = [...counts].map(([action, n]) => `${n} ${action}`).join(', ');
  return mode === 'write' ? parts : `${parts} (${mode}: nothing written)`;
}
