/**
 * For tests only: `HOOKWRIGHT_TEST_DELAY=point:ms[,point:ms]` pauses a run at a named point
 * (`locked`: right after the lock is taken; `file`: after each file written; `stale`: after a
 * stale lock is found, before taking it over), so that a test can act while the run is there
 * (start a second run, kill it). Each pause is announced on stderr, so that the test can tell
 * that the run got there.
 */
export type DelayPoint = 'locked' | 'file' | 'stale';

export async function testDelay(point: DelayPoint): Promise<void> {
  const spec = process.env.HOOKWRIGHT_TEST_DELAY;
  if (!spec) return;
  for (const part of spec.split(',')) {
    const [name, ms] = part.split(':');
    if (name === point && Number(ms) > 0) {
      process.stderr.write(`[test delay] ${point} ${ms} ms\n`);
      await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    }
  }
}
