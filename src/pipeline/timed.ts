/** Stage timing: the one helper every stage of a run is measured with. */

export type Stage = 'load' | 'plan' | 'models' | 'render' | 'format' | 'write';

/** Told after each stage: what it did (for progress output) and how long it took. */
export type StageReport = (stage: Stage, detail: string, ms: number) => void;

/** Runs `work` as `stage` and reports it, with `describe(result)` as the detail. */
export async function timed<T>(
  stage: Stage,
  work: () => Promise<T> | T,
  describe: (value: T) => string,
  report: StageReport,
): Promise<T> {
  const started = performance.now();
  const value = await work();
  report(stage, describe(value), performance.now() - started);
  return value;
}
