/**
 * The size cap of a generated sample (issue 12): the generator counts the sample's bytes as it
 * builds it and stops at the first byte past the cap, naming where in the sample that was; a
 * bound that alone asks for more (`minItems`, `minLength`, `minProperties`) stops it before
 * anything is built. Under the cap, samples are as before.
 */
import type { JsonSchema, NamedSchemaIR } from '../../src/plan/ir';
import {
  DEFAULT_MAX_SAMPLE_BYTES,
  SampleTooLarge,
  jsonSizeWithin,
  patternStrings,
  sampleFor,
} from '../../src/render/samples';

function tooLarge(schema: JsonSchema, maxBytes?: number, defs: Record<string, NamedSchemaIR> = {}) {
  try {
    sampleFor(schema, defs, maxBytes === undefined ? {} : { maxBytes });
  } catch (error) {
    if (error instanceof SampleTooLarge) return error;
    throw error;
  }
  throw new Error('no SampleTooLarge');
}

test('the default cap is 256 KiB', () => {
  expect(DEFAULT_MAX_SAMPLE_BYTES).toBe(256 * 1024);
});

test('a bound that alone needs more than the cap is refused before anything is built', () => {
  const items = tooLarge({ type: 'array', minItems: 200_000, items: { type: 'string' } });
  expect(items.reason).toBe('minItems 200000');
  expect(items.at).toEqual([]);
  // Not even a 50-million-character string is built.
  const text = tooLarge({
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 50_000_000 } },
  });
  expect(text.reason).toBe('minLength 50000000');
  expect(text.at).toEqual(['name']);
  const keys = tooLarge({ type: 'object', minProperties: 100_000 });
  expect(keys.reason).toBe('minProperties 100000');
});

test('a fan-out of small parts stops at the first byte past the cap, deep inside the sample', () => {
  // 12 required properties on each of 6 levels: 12^6 ≈ 3 million leaves, each a few bytes.
  const level = (inner: JsonSchema): JsonSchema => ({
    type: 'object',
    required: Array.from({ length: 12 }, (_, i) => `p${i}`),
    properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${i}`, inner])),
  });
  let schema: JsonSchema = { type: 'integer' };
  for (let i = 0; i < 6; i++) schema = level(schema);
  const error = tooLarge(schema);
  expect(error.limit).toBe(DEFAULT_MAX_SAMPLE_BYTES);
  expect(error.reason).toBeUndefined();
  // Stopped part-way: somewhere under the first levels, not after building all of it.
  expect(error.at.length).toBeGreaterThan(1);
  expect(error.at[0]).not.toBe('p11');
});

test('a value the schema gives (examples, default, const) counts too', () => {
  const big = 'x'.repeat(10_000);
  expect(tooLarge({ type: 'string', examples: [big] }, 1000).at).toEqual([]);
  expect(sampleFor({ type: 'string', examples: [big] }, {}, { maxBytes: 20_000 })).toBe(big);
});

test('under the cap the sample is the same as without one, and uniqueItems stays linear', () => {
  const schema: JsonSchema = {
    type: 'array',
    minItems: 20_000,
    uniqueItems: true,
    items: { type: 'integer' },
  };
  const sample = sampleFor(schema, {}, { maxBytes: 1024 * 1024 }) as number[];
  expect(sample).toHaveLength(20_000);
  expect(new Set(sample).size).toBe(20_000);
  // The cap is exact: the sample's JSON is at most the cap, and one byte less refuses it.
  const size = JSON.stringify(sample).length;
  expect(sampleFor(schema, {}, { maxBytes: size })).toEqual(sample);
  expect(tooLarge(schema, size - 1).at.length).toBeLessThanOrEqual(1);
});

test('strings generated from a pattern are given up on once longer than the cap', () => {
  expect(patternStrings('^a{100000000}$', 0, 0, 1000)).toEqual([]);
  expect(patternStrings('^(ab){3}$', 0, 0, 1000)).toEqual(['ababab']);
});

test('jsonSizeWithin: JSON.stringify length, counted only up to the limit', () => {
  const value = { a: [1, 'two', null, true], 'b"c': { d: 'é' } };
  expect(jsonSizeWithin(value, Infinity)).toBe(Buffer.byteLength(JSON.stringify(value)));
  // An alias fan-out (one array used 10 times, 6 levels deep) is not serialised to be measured.
  let shared: unknown[] = ['x'.repeat(100)];
  for (let i = 0; i < 6; i++) shared = Array(10).fill(shared);
  expect(jsonSizeWithin(shared as never, 1_000_000)).toBeUndefined();
});
