/**
 * For tests only: `HOOKWRIGHT_TEST_DELAY=point:wait[,point:wait]` pauses a run at a named point
 * (`locked`: right after the lock is taken; `file`: after each file written; `stale`: after a
 * stale lock is found, before taking it over), so that a test can act while the run is there
 * (start a second run, kill it). `wait` is a number of milliseconds, or `@` and a file: the run
 * then waits until that file exists (the test says when, however slow the machine is), for at
 * most two minutes. Each pause is announced on stderr, so that the test can tell that the run
 * got there.
 */
import { existsSync } from 'node:fs';

export type DelayPoint = 'locked' | 'file' | 'stale';

const RELEASE_WAIT_MS = 120_000;

export async function testDelay(point: DelayPoint): Promise<void> {
  const spec = process.env.HOOKWRIGHT_TEST_DELAY;
  if (!spec) return;
  for (const part of spec.split(',')) {
    const separator = part.indexOf(':');
    if (separator < 0 || part.slice(0, separator) !== point) continue;
    const wait = part.slice(separator + 1);
    if (wait.startsWith('@')) {
      const release = wait.slice(1);
      process.stderr.write(`[test delay] ${point} until ${release}\n`);
      const deadline = Date.now() + RELEASE_WAIT_MS;
      while (!existsSync(release) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } else if (Number(wait) > 0) {
      process.stderr.write(`[test delay] ${point} ${wait} ms\n`);
      await new Promise((resolve) => setTimeout(resolve, Number(wait)));
    }
  }
}
