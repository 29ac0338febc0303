import type { JsonSchema, JsonValue, NamedSchemaIR } from '../../src/plan/ir';
import {
  decodePointerToken,
  deref,
  encodePointerToken,
  holdsSchemas,
  isObject,
  keywordKind,
  mapSchema,
  reachedKeys,
  refKey,
  refTo,
  resolveSchema,
  subschemas,
  walk,
  type PathSegment,
} from '../../src/schema';

const named = (schemas: Record<string, JsonSchema>): Record<string, NamedSchemaIR> =>
  Object.fromEntries(Object.entries(schemas).map(([k, schema]) => [k, { name: k, schema }]));

describe('keyword table', () => {
  test.each([
    ['properties', 'map'],
    ['patternProperties', 'map'],
    ['$defs', 'map'],
    ['items', 'schemaOrList'],
    ['prefixItems', 'list'],
    ['allOf', 'list'],
    ['not', 'schema'],
    ['additionalProperties', 'schema'],
    ['dependencies', 'mapOrNames'],
    ['enum', undefined],
    ['const', undefined],
    ['default', undefined],
    ['examples', undefined],
    ['required', undefined],
    ['x-anything', undefined],
    ['constructor', undefined],
    ['__proto__', undefined],
  ])('%s holds %s', (keyword, kind) => {
    expect(keywordKind(keyword)).toBe(kind);
    expect(holdsSchemas(keyword)).toBe(kind !== undefined);
  });
});

describe('$ref helpers', () => {
  test.each([
    ['#/$defs/Foo', 'Foo'],
    ['#/$defs/a~1b', 'a/b'],
    ['#/$defs/a~0b', 'a~b'],
    // ~01 is `~` then `1`, not `/`: ~1 is decoded before ~0.
    ['#/$defs/a~01', 'a~1'],
    ['#/$defs/a%20b', 'a b'],
    ['#/$defs/a%7E1b', 'a/b'],
    ['#/$defs/100%', '100%'],
    ['#/$defs/Foo/properties/bar', undefined],
    ['#/$defs/', undefined],
    ['#/definitions/Foo', undefined],
    ['other.yaml#/$defs/Foo', undefined],
  ])('refKey(%s) = %s', (ref, key) => {
    expect(refKey(ref)).toBe(key);
  });

  test.each(['Foo', 'a/b', 'a~b', '~1', 'a b', 'ü', '%', '#', 'x?y', '__proto__'])(
    'refTo and refKey round-trip %s',
    (key) => {
      const ref = refTo(key);
      expect(ref.startsWith('#/$defs/')).toBe(true);
      expect(ref.slice('#/$defs/'.length)).not.toMatch(/[/#\s]/);
      expect(refKey(ref)).toBe(key);
    },
  );

  test('another prefix', () => {
    expect(refTo('A/b', '#/definitions/')).toBe('#/definitions/A~1b');
    expect(refKey('#/definitions/A~1b', '#/definitions/')).toBe('A/b');
  });

  test('pointer tokens', () => {
    expect(encodePointerToken('~/')).toBe('~0~1');
    expect(decodePointerToken('~0~1')).toBe('~/');
  });

  test('deref: one reference deep, undefined for a missing target', () => {
    const defs = named({ A: { type: 'string' }, B: { $ref: '#/$defs/A' } });
    expect(deref({ $ref: '#/$defs/A' }, defs)).toEqual({ type: 'string' });
    expect(deref({ $ref: '#/$defs/B' }, defs)).toEqual({ $ref: '#/$defs/A' });
    expect(deref({ $ref: '#/$defs/Missing' }, defs)).toBeUndefined();
    expect(deref({ type: 'number' }, defs)).toEqual({ type: 'number' });
    expect(deref(true, defs)).toBeUndefined();
  });

  test('reachedKeys follows references through named schemas, not through data', () => {
    const defs = named({
      A: { type: 'object', properties: { b: { $ref: '#/$defs/B' } } },
      B: { items: { $ref: '#/$defs/A' } },
      C: { type: 'string' },
      D: { type: 'string' },
    });
    const root: JsonSchema = {
      allOf: [{ $ref: '#/$defs/A' }],
      default: { $ref: '#/$defs/C' },
      properties: { enum: { $ref: '#/$defs/D' } },
    };
    expect(reachedKeys(root, defs)).toEqual(['A', 'B', 'D']);
  });
});

describe('walker', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      enum: { type: 'string', enum: [{ type: 'not a schema' }] },
      default: { items: [{ type: 'number' }, true] },
    },
    default: { properties: { hidden: { type: 'string' } } },
    dependencies: { a: ['b'], c: { required: ['d'] } },
    allOf: [{ not: { type: 'null' } }],
    'x-extension': { properties: { hidden: {} } },
  };

  test('subschemas: only where the table says, with their paths', () => {
    expect([...subschemas(schema)].map((s) => s.path)).toEqual([
      ['properties', 'enum'],
      ['properties', 'default'],
      ['dependencies', 'c'],
      ['allOf', 0],
    ]);
  });

  test('walk: every schema object with its path from the root', () => {
    const paths: Array<readonly PathSegment[]> = [];
    walk(schema, (_node, path) => void paths.push(path));
    expect(paths).toEqual([
      [],
      ['properties', 'enum'],
      ['properties', 'default'],
      ['properties', 'default', 'items', 0],
      ['dependencies', 'c'],
      ['allOf', 0],
      ['allOf', 0, 'not'],
    ]);
  });

  test('walk: a visitor returning false stops the descent (cycles)', () => {
    const a: { [key: string]: unknown } = { type: 'object' };
    a.properties = { self: a };
    const seen = new Set<object>();
    let visits = 0;
    walk(a, (node) => {
      visits++;
      if (seen.has(node)) return false;
      seen.add(node);
    });
    expect(visits).toBe(2);
  });

  test('mapSchema rebuilds subschemas and keeps data, own keys included', () => {
    const input = JSON.parse(
      '{"properties":{"__proto__":{"type":"string"},"a":{"type":"number"}},"const":{"type":"x"}}',
    ) as JsonSchema;
    const out = mapSchema<JsonValue>(input, (child) =>
      isObject(child) ? { ...child, seen: true } : (child as JsonValue),
    );
    expect(JSON.stringify(out)).toBe(
      '{"properties":{"__proto__":{"type":"string","seen":true},"a":{"type":"number","seen":true}},"const":{"type":"x"}}',
    );
  });
});

describe('resolveSchema', () => {
  test('$ref and allOf folded at the root; the registry is not touched', () => {
    const defs = named({
      Base: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    });
    const before = JSON.stringify(defs);
    expect(
      resolveSchema(
        {
          allOf: [
            { $ref: '#/$defs/Base' },
            { properties: { id: { minLength: 1 } }, required: ['x'] },
          ],
        },
        defs,
      ),
    ).toEqual({
      type: 'object',
      properties: { id: { allOf: [{ type: 'string' }, { minLength: 1 }] } },
      required: ['id', 'x'],
    });
    expect(JSON.stringify(defs)).toBe(before);
  });

  test('a reference with escaped characters resolves', () => {
    const defs = named({ 'a/b~c': { type: 'string' } });
    expect(resolveSchema({ $ref: '#/$defs/a~1b~0c' }, defs)).toEqual({ type: 'string' });
  });
});
