/** What became of a piece of work by its deadline. */
export type Settled =
  { state: 'resolved' } | { state: 'rejected'; error: unknown } | { state: 'late' };

/**
 * Waits for `work` for at most `ms` milliseconds. Past the deadline it resolves `late` and
 * leaves `work` running (a promise cannot be cancelled); `onLate` then hears how it ended,
 * so that a late failure is logged rather than becoming an unhandled rejection.
 */
export function settleWithin(
  work: Promise<unknown>,
  ms: number,
  onLate: (ended: Exclude<Settled, { state: 'late' }>) => void,
): Promise<Settled> {
  return new Promise((resolve) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      resolve({ state: 'late' });
    }, ms);
    const settle = (ended: Exclude<Settled, { state: 'late' }>): void => {
      clearTimeout(timer);
      if (late) onLate(ended);
      else resolve(ended);
    };
    work.then(
      () => settle({ state: 'resolved' }),
      (error: unknown) => settle({ state: 'rejected', error }),
    );
  });
}
