/** Sample numbers: the simplest value the bounds and `multipleOf` allow. */
import type { JsonSchema } from '../../plan/ir';
import { finiteNumber as num } from '../../schema';

/** `format`s that say which kind of number a schema without `type` is. */
export const NUMBER_FORMATS: Record<string, string> = {
  int32: 'integer',
  int64: 'integer',
  float: 'number',
  double: 'number',
};

/**
 * A number for `s`: 0 when allowed, else the smallest allowed value (the largest, when
 * only an upper bound excludes 0), honouring exclusive bounds (draft-04 and later forms)
 * and `multipleOf` the way Ajv checks it; `variant` > 0 gives the next allowed values.
 */
export function sampleNumber(s: JsonSchema, integer: boolean, variant: number): number {
  let lo = num(s.minimum);
  let loExclusive = false;
  let hi = num(s.maximum);
  let hiExclusive = false;
  const exMin = s.exclusiveMinimum;
  const exMax = s.exclusiveMaximum;
  if (typeof exMin === 'number' && (lo === undefined || exMin >= lo)) {
    lo = exMin;
    loExclusive = true;
  } else if (exMin === true && lo !== undefined) loExclusive = true; // draft-04 form
  if (typeof exMax === 'number' && (hi === undefined || exMax <= hi)) {
    hi = exMax;
    hiExclusive = true;
  } else if (exMax === true && hi !== undefined) hiExclusive = true;
  const step = num(s.multipleOf);
  const multipleOf = step !== undefined && step > 0 ? step : undefined;
  if (typeof s.format === 'string' && NUMBER_FORMATS[s.format] === 'integer') integer = true;

  const allowed = (x: number): boolean => {
    if (!Number.isFinite(x)) return false;
    if (lo !== undefined && (loExclusive ? x <= lo : x < lo)) return false;
    if (hi !== undefined && (hiExclusive ? x >= hi : x > hi)) return false;
    if (integer && !Number.isInteger(x)) return false;
    if (multipleOf !== undefined) {
      const r = x / multipleOf; // as Ajv checks it
      if (r !== parseInt(String(r), 10)) return false;
    }
    return true;
  };

  const found: number[] = [];
  const want = variant + 1;
  const tryValue = (x: number): boolean => {
    const clean = Number(x.toPrecision(15));
    for (const candidate of clean === x ? [x] : [clean, x]) {
      if (allowed(candidate) && !found.includes(candidate)) {
        found.push(candidate);
        break;
      }
    }
    return found.length >= want;
  };

  const unit = multipleOf ?? 1;
  const down = lo === undefined && hi !== undefined && hi <= 0;
  // With a whole step, the allowed values from the first one on are that step apart (the
  // bounds are an interval): the n-th is computed, not searched for (a long uniqueItems
  // array asks for tens of thousands of them).
  if (variant > 0 && Number.isInteger(unit)) {
    const first = sampleNumber(s, integer, 0);
    const x = down ? first - variant * unit : first + variant * unit;
    if (allowed(first) && allowed(x) && Math.abs(x) < 1e15) return x;
  }
  const start = allowed(0) ? 0 : down ? hi! : (lo ?? 0);
  const k0 = down ? Math.floor(start / unit) : Math.ceil(start / unit);
  for (let n = 0; n < 10000; n++) {
    const k = down ? k0 - n : k0 + n;
    if (tryValue(k * unit)) return found[variant];
  }
  // Exclusive real bounds closer than one unit, or a variation past the range.
  if (!integer && multipleOf === undefined && lo !== undefined && hi !== undefined) {
    if (tryValue((lo + hi) / 2)) return found[variant];
  }
  if (found.length > 0) return found[variant % found.length];
  return lo ?? hi ?? 0; // nothing allowed was found: bounds contradict
}
