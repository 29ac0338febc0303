/**
 * The size cap of a sample (issue 12): a small document can ask for a huge one (`minItems:
 * 200000`, `minLength: 50000000`, a YAML alias fan-out in an example), which would be written
 * into `src/generated/samples.ts` and formatted at the cost of minutes and gigabytes. The generator
 * counts the bytes of the sample's JSON as it builds it and stops the moment the cap is passed,
 * so that such a document fails in milliseconds; a document's own example is measured the
 * same way, stopping at the cap, without ever serialising it whole.
 */
import type { JsonValue } from '../../plan/ir';
import { isObject } from '../../schema';

/** The default cap of one sample's JSON (payload and headers), in bytes. */
export const DEFAULT_MAX_SAMPLE_BYTES = 256 * 1024;
/** The variable that sets the cap (listed in the README). */
export const MAX_SAMPLE_BYTES_VARIABLE = 'HOOKWRIGHT_MAX_SAMPLE_BYTES';
/**
 * Values generated and then discarded (a `oneOf` option tried and dropped) do not count
 * towards the sample's size, but do towards the work: at most this many times the cap.
 */
const WORK_FACTOR = 8;

export type SamplePath = ReadonlyArray<string | number>;

/** Thrown by the generator when a sample would be larger than the cap. */
export class SampleTooLarge extends Error {
  constructor(
    readonly limit: number,
    /** Where in the sample the cap was passed. */
    readonly at: SamplePath,
    /** What asked for that much, when one keyword did (`minItems 200000`). */
    readonly reason?: string,
  ) {
    super(`the sample is larger than ${limit} bytes`);
    this.name = 'SampleTooLarge';
  }
}

/** The bytes a sample may still take; shared by every value of one sample. */
export class SampleBudget {
  private size = 0;
  private work = 0;
  constructor(readonly limit: number) {}

  get remaining(): number {
    return this.limit - this.size;
  }

  /** Counts `bytes` more of the sample at `at`; throws once the cap is passed. */
  spend(bytes: number, at: SamplePath, reason?: string): void {
    this.size += bytes;
    this.work += bytes;
    if (this.size > this.limit || this.work > WORK_FACTOR * this.limit)
      throw new SampleTooLarge(this.limit, at, reason);
  }

  /** Throws when at least `bytes` more are known to be needed (before building any of them). */
  need(bytes: number, at: SamplePath, reason: string): void {
    if (bytes > this.remaining) throw new SampleTooLarge(this.limit, at, reason);
  }

  /** The size so far, to go back to when a value is discarded. */
  mark(): number {
    return this.size;
  }

  reset(mark: number): void {
    this.size = mark;
  }
}

/**
 * The size in bytes of `value`'s JSON, counted only up to `limit`: undefined as soon as it is
 * larger. Values shared by reference (YAML aliases) count once per use, as JSON writes them.
 */
export function jsonSizeWithin(value: JsonValue | undefined, limit: number): number | undefined {
  let size = 0;
  const stack: Array<JsonValue | undefined> = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) continue;
    if (typeof next === 'string') size += Buffer.byteLength(JSON.stringify(next));
    else if (Array.isArray(next)) {
      size += 2 + Math.max(0, next.length - 1);
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
    } else if (isObject(next)) {
      const keys = Object.keys(next);
      size += 2 + Math.max(0, keys.length - 1);
      for (const key of keys) {
        size += Buffer.byteLength(JSON.stringify(key)) + 1;
        stack.push(next[key]);
      }
    } else size += String(next).length;
    if (size > limit) return undefined;
  }
  return size;
}

/** `1.5 MiB`, `300 KiB`, `512 bytes`: a size for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
