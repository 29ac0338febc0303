import type { JsonSchema, NamedSchemaIR } from '../../src/plan/ir';
import {
  TYPE_KEYWORDS,
  appliesTo,
  arrayShape,
  composesShape,
  impliedType,
  nestedProperties,
  objectShape,
  propertySchema,
} from '../../src/schema';

const named = (schemas: Record<string, JsonSchema>): Record<string, NamedSchemaIR> =>
  Object.fromEntries(Object.entries(schemas).map(([k, schema]) => [k, { name: k, schema }]));
const regex = (pattern: string, key: string) => new RegExp(pattern, 'u').test(key);

describe('which value a keyword applies to', () => {
  test.each([
    ['allOf', 'all', true],
    ['oneOf', 'option', true],
    ['anyOf', 'option', true],
    ['then', 'conditional', true],
    ['else', 'conditional', true],
    ['dependencies', 'conditional', true],
    ['dependentSchemas', 'conditional', true],
    ['if', 'test', false],
    ['not', 'test', false],
    ['properties', 'child', false],
    ['items', 'child', false],
    ['prefixItems', 'child', false],
    ['additionalProperties', 'child', false],
    ['$defs', 'none', false],
    ['definitions', 'none', false],
    ['enum', undefined, false],
    ['default', undefined, false],
    ['constructor', undefined, false],
  ])('%s: %s (composes the shape: %s)', (keyword, applies, composes) => {
    expect(appliesTo(keyword)).toBe(applies);
    expect(composesShape(keyword)).toBe(composes);
  });

  it('lists the keywords of a static type, combinators last', () => {
    expect(TYPE_KEYWORDS).toEqual([
      'type',
      'properties',
      'required',
      'additionalProperties',
      'items',
      'additionalItems',
      'enum',
      'const',
      'allOf',
      'anyOf',
      'oneOf',
      '$ref',
    ]);
  });
});

describe('impliedType', () => {
  test.each<[JsonSchema, string | undefined]>([
    [{ properties: {} }, 'object'],
    [{ minProperties: 1 }, 'object'],
    [{ items: {} }, 'array'],
    [{ uniqueItems: true }, 'array'],
    [{ pattern: '^a' }, 'string'],
    [{ format: 'email' }, 'string'],
    [{ multipleOf: 2 }, 'number'],
    // An object keyword wins over a string one, a string one over a number one.
    [{ maxLength: 3, required: ['a'] }, 'object'],
    [{ minimum: 1, minLength: 1 }, 'string'],
    [{ description: 'no type', enum: [1] }, undefined],
    [{ 'x-minLength': 3 }, undefined],
    [{}, undefined],
  ])('%j → %s', (schema, type) => {
    expect(impliedType(schema)).toBe(type);
  });
});

describe('objectShape', () => {
  it('takes properties, required, patterns and additionalProperties, in order', () => {
    const shape = objectShape({
      required: ['b', 'a', 3],
      properties: { b: { type: 'string' }, a: true },
      patternProperties: { '^x-': { type: 'number' }, '^y': false },
      additionalProperties: { type: 'boolean' },
    });
    expect([...shape.properties]).toEqual([
      ['b', { type: 'string' }],
      ['a', true],
    ]);
    expect(shape.required).toEqual(['b', 'a']);
    expect(shape.patterns).toEqual([
      ['^x-', { type: 'number' }],
      ['^y', false],
    ]);
    expect(shape.additional).toEqual({ type: 'boolean' });
  });

  it('reads properties named like keywords, or like Object.prototype, as properties', () => {
    // JSON.parse makes `__proto__` an own key, as a parsed document has it.
    const shape = objectShape(
      JSON.parse(
        '{"properties":{"properties":{"type":"string"},"items":{"type":"number"},' +
          '"required":{"type":"boolean"},"__proto__":{"type":"null"}}}',
      ) as JsonSchema,
    );
    expect([...shape.properties.keys()].sort()).toEqual(
      ['__proto__', 'items', 'properties', 'required'].sort(),
    );
    expect(shape.required).toEqual([]);
    expect(shape.properties.has('constructor')).toBe(false);
    expect(shape.properties.has('toString')).toBe(false);
  });

  it('takes list-form dependencies, not schema dependencies nor 2019-09 dependentRequired', () => {
    // The receiver's Ajv validates draft-07, where dependentRequired is no keyword.
    const shape = objectShape({
      dependencies: { card: ['billing'], vat: { required: ['country'] } },
      dependentRequired: { a: ['b', 'c'] },
    });
    expect(shape.dependentRequired).toEqual([['card', ['billing']]]);
  });

  it('is empty for a schema that declares nothing about objects', () => {
    const shape = objectShape({ type: 'string', enum: ['properties'] });
    expect(shape.properties.size).toBe(0);
    expect(shape.patterns).toEqual([]);
    expect(shape.additional).toBeUndefined();
    expect(shape.dependentRequired).toEqual([]);
  });
});

describe('propertySchema', () => {
  const shape = objectShape({
    properties: { id: { type: 'string' }, constructor: { type: 'number' } },
    patternProperties: { '^x-': { type: 'boolean' }, '^x-n': { type: 'null' } },
    additionalProperties: false,
  });
  test.each<[string, unknown]>([
    ['id', { type: 'string' }],
    ['constructor', { type: 'number' }],
    // The first matching pattern wins, in declaration order.
    ['x-n1', { type: 'boolean' }],
    ['toString', false],
    ['other', false],
  ])('%s → %j', (key, schema) => {
    expect(propertySchema(shape, key, regex)).toEqual(schema);
  });

  it('is undefined where nothing is declared', () => {
    expect(propertySchema(objectShape({}), 'any', regex)).toBeUndefined();
  });
});

describe('arrayShape', () => {
  test.each<[string, JsonSchema, ReturnType<typeof arrayShape>]>([
    [
      'one items schema',
      { items: { type: 'string' } },
      {
        rest: { keyword: 'items', schema: { type: 'string' }, path: ['items'] },
      },
    ],
    [
      'a draft-07 tuple and additionalItems',
      { items: [{ type: 'string' }, 7], additionalItems: false },
      {
        tuple: { keyword: 'items', schemas: [{ type: 'string' }, {}] },
        rest: { keyword: 'additionalItems', schema: false, path: ['additionalItems'] },
      },
    ],
    [
      'prefixItems as draft-07 reads it: no keyword, items applies to every item',
      { prefixItems: [true], items: { type: 'number' }, additionalItems: false },
      { rest: { keyword: 'items', schema: { type: 'number' }, path: ['items'] } },
    ],
    ['additionalItems without a tuple (ignored)', { additionalItems: { type: 'string' } }, {}],
    ['nothing', {}, {}],
  ])('%s', (_, schema, shape) => {
    expect(arrayShape(schema)).toEqual(shape);
  });

  it('reads a 2020-12 prefixItems as the tuple and items as the rest, when asked', () => {
    const schema: JsonSchema = {
      prefixItems: [true],
      items: { type: 'number' },
      additionalItems: false,
    };
    expect(arrayShape(schema, { prefixItems: true })).toEqual({
      tuple: { keyword: 'prefixItems', schemas: [true] },
      rest: { keyword: 'items', schema: { type: 'number' }, path: ['items'] },
    });
    // A draft-07 tuple is still the tuple.
    expect(arrayShape({ items: [{}], additionalItems: true }, { prefixItems: true })).toEqual({
      tuple: { keyword: 'items', schemas: [{}] },
      rest: { keyword: 'additionalItems', schema: true, path: ['additionalItems'] },
    });
  });
});

describe('nestedProperties', () => {
  const defs = named({
    Event: {
      type: 'object',
      required: ['type'],
      properties: { type: { const: 'message' }, user: { $ref: '#/$defs/User' } },
    },
    User: { allOf: [{ properties: { id: { type: 'string' } }, required: ['id'] }] },
  });
  const envelope: JsonSchema = {
    type: 'object',
    required: ['event'],
    properties: { event: { $ref: '#/$defs/Event' }, 'a/b~': { type: 'string' } },
  };

  it('lists properties parents first, through $ref and allOf, with JSON pointers', () => {
    expect(
      [...nestedProperties(envelope, defs, 3)].map((p) => [p.pointer, p.depth, p.required]),
    ).toEqual([
      ['/event', 1, true],
      ['/event/type', 2, true],
      ['/event/user', 2, false],
      // Required in User, but User is optional in Event: not required from the root.
      ['/event/user/id', 3, false],
      ['/a~1b~0', 1, false],
    ]);
  });

  it('stops at maxDepth', () => {
    expect([...nestedProperties(envelope, defs, 2)].map((p) => p.pointer)).toEqual([
      '/event',
      '/event/type',
      '/event/user',
      '/a~1b~0',
    ]);
    expect([...nestedProperties(undefined, defs, 3)]).toEqual([]);
  });
});
