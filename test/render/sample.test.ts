import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema, JsonValue, NamedSchemaIR, ReceiverIR } from '../../src/plan/ir';
import { conforms, sampleFor, patternStrings } from '../../src/render/samples';
import { CORPUS, CORPUS_DIR, corpusDocuments } from '../helpers/corpus';
import { load } from '../../src/load';
import { plan } from '../../src/plan';

type Defs = Record<string, NamedSchemaIR>;

function named(schemas: Record<string, JsonSchema>): Defs {
  return Object.fromEntries(Object.entries(schemas).map(([k, schema]) => [k, { name: k, schema }]));
}

/** Ajv errors for `value` against `schema` (with the IR's named schemas as `$defs`); [] when valid. */
function errors(schema: JsonSchema, defs: Defs, value: JsonValue): string[] {
  // Unknown formats are ignored (as the generated receiver's Ajv does); logger off keeps the output clean.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  const root = {
    ...schema,
    $defs: Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, v.schema])),
  };
  const validate = ajv.compile(root);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

function expectValid(schema: JsonSchema, defs: Defs, value: JsonValue): void {
  expect({ value, errors: errors(schema, defs, value) }).toEqual({ value, errors: [] });
}

interface Case {
  name: string;
  schema: JsonSchema;
  defs?: Record<string, JsonSchema>;
  /** Exact sample, when it matters. */
  expected?: JsonValue;
  /** Further checks on the sample (an object for every case that has them). */
  check?: (value: Record<string, unknown>) => void;
}

const FORMATS: Record<string, string> = {
  'date-time': '2024-01-15T09:30:00Z',
  date: '2024-01-15',
  time: '09:30:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/resource',
  url: 'https://example.com/resource',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'aGVsbG8=',
  binary: 'aGVsbG8=',
};

const cases: Case[] = [
  {
    name: 'formats',
    schema: {
      type: 'object',
      properties: Object.fromEntries(
        Object.keys(FORMATS).map((f) => [`f_${f}`, { type: 'string', format: f }]),
      ),
    },
    expected: Object.fromEntries(Object.entries(FORMATS).map(([f, v]) => [`f_${f}`, v])),
  },
  {
    name: 'other known formats and an unknown one',
    schema: {
      type: 'object',
      properties: {
        duration: { type: 'string', format: 'duration' },
        pointer: { type: 'string', format: 'json-pointer' },
        rel: { type: 'string', format: 'relative-json-pointer' },
        template: { type: 'string', format: 'uri-template' },
        ref: { type: 'string', format: 'uri-reference' },
        re: { type: 'string', format: 'regex' },
        small: { type: 'integer', format: 'int32' },
        big: { format: 'int64' },
        ratio: { type: 'number', format: 'double' },
        colour: { type: 'string', format: 'x-colour' },
      },
    },
    check: (v) => {
      expect(v.colour).toBe('sample-colour');
      expect(v.big).toBe(0);
    },
  },
  {
    name: 'readable strings from the property name',
    schema: { type: 'object', required: ['app_id'], properties: { app_id: { type: 'string' } } },
    expected: { app_id: 'sample-app_id' },
  },
  {
    name: 'const wins over examples, default and enum',
    schema: {
      type: 'string',
      const: 'fixed',
      examples: ['ex'],
      default: 'def',
      enum: ['fixed', 'ex', 'def'],
    },
    expected: 'fixed',
  },
  {
    name: 'examples[0] before default and enum',
    schema: { type: 'string', examples: ['ex', 'other'], default: 'def', enum: ['def', 'ex'] },
    expected: 'ex',
  },
  {
    name: 'default before enum',
    schema: { type: 'string', default: 'def', enum: ['a', 'def'] },
    expected: 'def',
  },
  {
    name: 'enum[0]',
    schema: { type: 'string', enum: ['QUEUED', 'DELIVERED'] },
    expected: 'QUEUED',
  },
  { name: 'enum without a type', schema: { enum: [3, 'x'] }, expected: 3 },
  {
    name: 'an example of the wrong type is skipped',
    schema: { type: 'integer', examples: ['seven'], minimum: 2 },
    expected: 2,
  },
  {
    name: 'an object example',
    schema: { type: 'object', properties: { a: { type: 'integer' } }, examples: [{ a: 42 }] },
    expected: { a: 42 },
  },
  {
    name: 'nested objects: required at every depth, optional ones filled while shallow',
    schema: {
      type: 'object',
      required: ['l1'],
      properties: {
        l1: {
          type: 'object',
          properties: {
            l2: {
              type: 'object',
              properties: {
                l3: {
                  type: 'object',
                  properties: {
                    l4: {
                      type: 'object',
                      properties: {
                        l5: {
                          type: 'object',
                          properties: {
                            l6: {
                              type: 'object',
                              required: ['deep'],
                              properties: {
                                optional: { type: 'string' },
                                deep: {
                                  type: 'object',
                                  required: ['id'],
                                  properties: { id: { type: 'string', minLength: 1 } },
                                },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    check: (v) => {
      expect(v).toHaveProperty(['l1', 'l2', 'l3', 'l4', 'l5', 'l6'], { deep: { id: 'sample-id' } });
    },
  },
  {
    name: 'arrays: one item, or minItems items',
    schema: {
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' } },
        three: { type: 'array', minItems: 3, items: { type: 'integer' } },
        none: { type: 'array', maxItems: 0 },
      },
    },
    expected: { tags: ['sample-tags'], three: [0, 0, 0], none: [] },
  },
  {
    name: 'arrays: uniqueItems varies the items',
    schema: {
      type: 'object',
      properties: {
        s: { type: 'array', minItems: 3, uniqueItems: true, items: { type: 'string' } },
        i: {
          type: 'array',
          minItems: 3,
          uniqueItems: true,
          items: { type: 'integer', minimum: 1 },
        },
        e: { type: 'array', minItems: 2, uniqueItems: true, items: { enum: ['a', 'b'] } },
        d: {
          type: 'array',
          minItems: 2,
          uniqueItems: true,
          items: { type: 'string', format: 'date-time' },
        },
        u: {
          type: 'array',
          minItems: 2,
          uniqueItems: true,
          items: { type: 'string', format: 'uuid' },
        },
        b: { type: 'array', minItems: 2, uniqueItems: true, items: { type: 'boolean' } },
        o: {
          type: 'array',
          minItems: 2,
          uniqueItems: true,
          items: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', format: 'email' } },
          },
        },
      },
    },
    check: (v) => {
      expect(v.s).toHaveLength(3);
      expect(v.i).toEqual([1, 2, 3]);
      expect(v.e).toEqual(['a', 'b']);
      expect(new Set(v.d as string[]).size).toBe(2);
    },
  },
  {
    name: 'arrays: tuples and contains',
    schema: {
      type: 'object',
      properties: {
        pair: {
          type: 'array',
          items: [{ type: 'string' }, { type: 'integer', minimum: 4 }],
          additionalItems: false,
        },
        some: {
          type: 'array',
          items: { type: 'integer' },
          contains: { type: 'integer', minimum: 10 },
        },
      },
    },
    expected: { pair: ['sample-pair', 4], some: [10] },
  },
  {
    name: 'allOf merges (resolved) subschemas',
    defs: {
      Base: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string', format: 'uuid' }, kind: { type: 'string' } },
      },
    },
    schema: {
      allOf: [
        { $ref: '#/$defs/Base' },
        {
          type: 'object',
          required: ['amount'],
          properties: { amount: { type: 'number', minimum: 1 }, kind: { enum: ['refund'] } },
        },
      ],
    },
    expected: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', kind: 'refund', amount: 1 },
  },
  {
    name: 'allOf with additionalProperties: false keeps only its properties',
    schema: {
      allOf: [
        {
          type: 'object',
          additionalProperties: false,
          properties: { a: { type: 'string' }, b: { type: 'integer' } },
        },
        { properties: { c: { type: 'string' } } },
      ],
    },
    expected: { a: 'sample-a', b: 0 },
  },
  {
    name: 'oneOf: the first option',
    schema: { oneOf: [{ type: 'string', format: 'email' }, { type: 'integer' }] },
    expected: 'user@example.com',
  },
  {
    name: 'oneOf: optional properties another option requires are left out',
    schema: {
      type: 'object',
      properties: { card: { type: 'string' }, iban: { type: 'string' } },
      oneOf: [{ required: ['card'] }, { required: ['iban'] }],
    },
    expected: { card: 'sample-card' },
  },
  {
    name: 'oneOf: discriminated options via $ref',
    defs: {
      Cat: {
        type: 'object',
        required: ['type'],
        properties: { type: { const: 'cat' }, meow: { type: 'boolean' } },
      },
      Dog: {
        type: 'object',
        required: ['type'],
        properties: { type: { const: 'dog' }, bark: { type: 'boolean' } },
      },
    },
    schema: { oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }] },
    expected: { type: 'cat', meow: true },
  },
  {
    name: 'oneOf: objects that accept each other get a property only the other option declares, with a value it rejects',
    defs: {
      objectWithKey: { type: 'object', properties: { key: { type: 'string' } } },
      objectWithKey2: { type: 'object', properties: { key2: { type: 'string' } } },
    },
    schema: { oneOf: [{ $ref: '#/$defs/objectWithKey' }, { $ref: '#/$defs/objectWithKey2' }] },
    expected: { key: 'sample-key', key2: 0 },
  },
  {
    name: 'oneOf: another option when the first one matches both',
    schema: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          properties: { n: { type: 'integer', minimum: 1 } },
        },
        { type: 'object', additionalProperties: false, properties: { n: { type: 'integer' } } },
      ],
    },
    expected: { n: 0 },
  },
  {
    name: 'anyOf: the first non-null option',
    schema: { anyOf: [{ type: 'null' }, { type: 'string', format: 'date' }] },
    expected: '2024-01-15',
  },
  {
    name: 'type arrays: the first non-null type',
    schema: {
      type: 'object',
      properties: {
        a: { type: ['string', 'null'], format: 'email' },
        b: { type: ['null', 'integer'], minimum: 3 },
        c: { type: ['null'] },
        d: { type: 'string', nullable: true },
      },
    },
    expected: { a: 'user@example.com', b: 3, c: null, d: 'sample-d' },
  },
  {
    name: 'recursive $ref: optional recursion is dropped',
    defs: {
      Node: {
        type: 'object',
        required: ['value'],
        properties: {
          value: { type: 'integer' },
          parent: { $ref: '#/$defs/Node' },
          children: { type: 'array', items: { $ref: '#/$defs/Node' } },
          meta: {
            type: 'object',
            properties: { owner: { $ref: '#/$defs/Node' }, label: { type: 'string' } },
          },
        },
      },
    },
    schema: { $ref: '#/$defs/Node' },
    expected: { value: 0, meta: { label: 'sample-label' } },
  },
  {
    name: 'recursive $ref: required recursion ends in an empty array or null',
    defs: {
      Tree: {
        type: 'object',
        required: ['children', 'next'],
        properties: {
          children: { type: 'array', items: { $ref: '#/$defs/Tree' } },
          next: { oneOf: [{ $ref: '#/$defs/Tree' }, { type: 'null' }] },
        },
      },
    },
    schema: { $ref: '#/$defs/Tree' },
    expected: { children: [], next: null },
  },
  {
    name: 'recursive $ref: mutual recursion',
    defs: {
      Person: {
        type: 'object',
        properties: { name: { type: 'string' }, employer: { $ref: '#/$defs/Company' } },
      },
      Company: {
        type: 'object',
        properties: {
          title: { type: 'string' },
          ceo: { $ref: '#/$defs/Person' },
          staff: { type: 'array', items: { $ref: '#/$defs/Person' } },
        },
      },
    },
    schema: { $ref: '#/$defs/Person' },
    expected: { name: 'sample-name', employer: { title: 'sample-title' } },
  },
  {
    name: 'pattern: generated from simple regexes',
    schema: {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
        topic: { type: 'string', pattern: '^(orders|refunds)\\.[a-z]+$' },
        phone: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' },
        long: { type: 'string', pattern: '^[a-z]+$', minLength: 12 },
        matching: { type: 'string', pattern: 'match' },
        hex: { type: 'string', pattern: '^[0-9a-f]{8}$' },
        notDigits: { type: 'string', pattern: '^[^0-9]+$', maxLength: 3 },
      },
    },
    check: (v) => {
      expect(v.code).toBe('AAA-0000');
      expect(v.matching).toBe('sample-matching');
      expect(v.long).toHaveLength(12);
    },
  },
  {
    name: 'string length: padded and truncated',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', minLength: 20 },
        cc: { type: 'string', maxLength: 2 },
        exact: { type: 'string', minLength: 5, maxLength: 5 },
      },
    },
    expected: { id: 'sample-idxxxxxxxxxxx', cc: 'sa', exact: 'sampl' },
  },
  {
    name: 'numeric bounds',
    schema: {
      type: 'object',
      properties: {
        plain: { type: 'number' },
        min: { type: 'integer', minimum: 5 },
        exMin: { type: 'integer', exclusiveMinimum: 5 },
        between: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        step: { type: 'integer', minimum: 10, multipleOf: 7 },
        negative: { type: 'integer', maximum: -3 },
        belowZero: { type: 'integer', exclusiveMaximum: 0 },
        fraction: { type: 'number', minimum: 0.25, multipleOf: 0.1 },
        halves: { type: 'number', exclusiveMinimum: 1, multipleOf: 0.5 },
        range: { type: 'integer', minimum: -10, maximum: 10 },
      },
    },
    check: (v) => {
      expect(v).toMatchObject({
        plain: 0,
        min: 5,
        exMin: 6,
        between: 0.5,
        step: 14,
        negative: -3,
        belowZero: -1,
        halves: 1.5,
        range: 0,
      });
    },
  },
  {
    name: 'additionalProperties map: no extra keys needed',
    schema: { type: 'object', additionalProperties: { type: 'integer' } },
    expected: {},
  },
  {
    name: 'additionalProperties map with minProperties',
    schema: {
      type: 'object',
      minProperties: 2,
      additionalProperties: { type: 'string', format: 'date' },
    },
    expected: { key1: '2024-01-15', key2: '2024-01-15' },
  },
  {
    name: 'patternProperties only, with minProperties',
    schema: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      patternProperties: { '^x-[a-z]+$': { type: 'boolean' } },
    },
    expected: { 'x-a': true },
  },
  {
    name: 'maxProperties limits optional properties',
    schema: {
      type: 'object',
      maxProperties: 2,
      required: ['c'],
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
    },
    expected: { a: 'sample-a', c: 'sample-c' },
  },
  {
    name: 'required keys not declared in properties',
    schema: {
      type: 'object',
      required: ['a', 'b'],
      properties: { a: { type: 'string' } },
      additionalProperties: { type: 'integer' },
    },
    expected: { a: 'sample-a', b: 0 },
  },
  {
    name: 'dependencies bring their dependants',
    schema: {
      type: 'object',
      maxProperties: 2,
      properties: { card: { type: 'string' }, billing: { type: 'string' }, z: { type: 'string' } },
      required: ['card'],
      dependencies: { card: ['billing'] },
    },
    expected: { card: 'sample-card', billing: 'sample-billing' },
  },
  {
    name: '$ref with sibling keywords',
    defs: {
      Money: {
        type: 'object',
        properties: { amount: { type: 'integer' }, currency: { type: 'string' } },
      },
    },
    schema: { $ref: '#/$defs/Money', required: ['amount'], description: 'a price' },
    expected: { amount: 0, currency: 'sample-currency' },
  },
  { name: 'empty schema', schema: {}, expected: {} },
  {
    name: 'required keys named like Object.prototype members are sampled (own keys)',
    schema: JSON.parse(
      '{"type":"object","required":["toString","constructor","__proto__"],' +
        '"properties":{"toString":{"type":"string"}},"additionalProperties":{"type":"integer"}}',
    ) as JsonSchema,
    check: (value) => {
      expect(JSON.stringify(value)).toBe(
        '{"toString":"sample-toString","constructor":0,"__proto__":0}',
      );
    },
  },
  {
    name: 'prefixItems is no draft-07 keyword: items applies to every item (as Ajv checks)',
    schema: {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'boolean' }],
      items: { type: 'integer' },
      minItems: 3,
    },
    expected: [0, 0, 0],
  },
  {
    name: 'an optional property is left out when its dependants do not fit (maxProperties)',
    schema: {
      type: 'object',
      maxProperties: 2,
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
      dependencies: { a: ['b', 'c'] },
    },
    expected: { b: 'sample-b', c: 'sample-c' },
  },
  {
    name: 'the dependants of required properties come before optional properties (maxProperties)',
    schema: {
      type: 'object',
      maxProperties: 2,
      properties: { card: { type: 'string' }, z: { type: 'string' }, billing: { type: 'string' } },
      required: ['card'],
      dependencies: { card: ['billing'] },
    },
    expected: { card: 'sample-card', billing: 'sample-billing' },
  },
  {
    name: 'boolean and null types',
    schema: { type: 'object', properties: { ok: { type: 'boolean' }, nothing: { type: 'null' } } },
    expected: { ok: true, nothing: null },
  },
];

describe('sampleFor', () => {
  test('the Ajv check itself rejects invalid values (formats and $defs included)', () => {
    expect(errors({ type: 'string', format: 'email' }, {}, 'not an email')).not.toEqual([]);
    expect(errors({ type: 'string', format: 'date-time' }, {}, '2024-01-15')).not.toEqual([]);
    expect(errors({ $ref: '#/$defs/X' }, named({ X: { type: 'integer' } }), 'a')).not.toEqual([]);
    expect(errors({ $ref: '#/$defs/X' }, named({ X: { type: 'integer' } }), 1)).toEqual([]);
  });

  test.each(cases)('$name', ({ schema, defs: rawDefs, expected, check }) => {
    const defs = named(rawDefs ?? {});
    const value = sampleFor(schema, defs);
    expectValid(schema, defs, value);
    if (expected !== undefined) expect(value).toEqual(expected);
    check?.(value as Record<string, unknown>);
  });

  test('conforms (the registry rebased into one Ajv) agrees with a self-contained bundle', () => {
    const probes: JsonValue[] = [
      null,
      0,
      -1,
      0.5,
      7,
      'x',
      '',
      'user@example.com',
      '2024-01-15',
      true,
      [],
      [1, 1],
      {},
      { a: 'x' },
    ];
    for (const { schema, defs: rawDefs } of cases) {
      const defs = named(rawDefs ?? {});
      for (const value of [sampleFor(schema, defs), ...probes]) {
        expect([schema, value, conforms(value, schema, defs)]).toEqual([
          schema,
          value,
          errors(schema, defs, value).length === 0,
        ]);
      }
    }
  });

  test('no schema, true', () => {
    expect(sampleFor(undefined, {})).toEqual({});
    expect(sampleFor(true as unknown as JsonSchema, {})).toEqual({});
  });

  test('deterministic, and the schema is not touched', () => {
    for (const { schema, defs: rawDefs } of cases) {
      const defs = named(rawDefs ?? {});
      const before = JSON.stringify({ schema, defs });
      const a = sampleFor(schema, defs);
      const b = sampleFor(
        JSON.parse(JSON.stringify(schema)) as JsonSchema,
        JSON.parse(JSON.stringify(defs)) as Defs,
      );
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(JSON.stringify({ schema, defs })).toBe(before);
    }
  });

  test('a given value is copied, not shared', () => {
    const schema: JsonSchema = { type: 'object', default: { a: [1] } };
    const value = sampleFor(schema, {}) as { a: number[] };
    value.a.push(2);
    expect(schema.default).toEqual({ a: [1] });
  });

  test('required-only recursion terminates (the sample cannot be valid)', () => {
    const defs = named({
      Loop: { type: 'object', required: ['self'], properties: { self: { $ref: '#/$defs/Loop' } } },
    });
    const value = sampleFor({ $ref: '#/$defs/Loop' }, defs);
    let depth = 0;
    type Chain = { self?: Chain } | undefined;
    for (let v = value as Chain; v?.self; v = v.self) depth++;
    expect(depth).toBeGreaterThan(5);
    expect(depth).toBeLessThan(40);
  });

  test('a pattern beyond the simple subset: the plain value is returned anyway', () => {
    const value = sampleFor({ type: 'string', pattern: '^(a)\\1$' }, {});
    expect(value).toBe('string');
  });

  test.each([
    ['^[A-Z]{2}\\d+$', 'AA0'],
    ['^(foo|bar)-(?:x|y)?$', 'foo-'],
    ['^\\w+@\\w+\\.com$', 'a@a.com'],
    ['^[^\\s]{3}$', 'aaa'],
    ['\\u0041\\x42', 'AB'],
  ])('patternStrings(%s)', (pattern, expected) => {
    expect(patternStrings(pattern, 0)).toEqual([expected]);
    expect(new RegExp(pattern, 'u').test(expected)).toBe(true);
  });
});

describe('sampleFor: the Sinch spec', () => {
  let ir: ReceiverIR;
  beforeAll(async () => {
    ir = plan(
      (await load(path.resolve(__dirname, '..', '..', 'spec', 'sinch-conversation-webhooks.yaml')))
        .document,
    );
  });

  /** Every declared property of the (resolved) schema is in the sample, recursively; date-times look like dates. */
  function expectFilled(schema: JsonValue, value: JsonValue, defs: Defs, where: string): void {
    let s = schema as JsonSchema;
    while (typeof s.$ref === 'string') s = defs[s.$ref.replace('#/$defs/', '')].schema;
    if (s.format === 'date-time')
      expect([where, value]).toEqual([
        where,
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      ]);
    if (s.type === 'string' && s.format === undefined && s.enum === undefined) {
      expect([where, value]).toEqual([
        where,
        `sample-${where
          .split('.')
          .pop()!
          .replace(/\[0\]$/, '')}`,
      ]);
    }
    if (Array.isArray(s.enum)) expect(s.enum).toContain(value);
    if (s.properties && typeof s.properties === 'object' && !Array.isArray(s.properties)) {
      const obj = value as Record<string, JsonValue>;
      for (const [key, sub] of Object.entries(s.properties)) {
        expect([`${where}.${key}`, key in obj]).toEqual([`${where}.${key}`, true]);
        expectFilled(sub, obj[key], defs, `${where}.${key}`);
      }
    }
    if (s.type === 'array') {
      expect((value as JsonValue[]).length).toBe(1);
      expectFilled(s.items, (value as JsonValue[])[0], defs, `${where}[0]`);
    }
  }

  test('every message payload has a valid, realistic sample', () => {
    expect(ir.messages.length).toBeGreaterThan(5);
    for (const message of ir.messages) {
      const value = sampleFor(message.payload, ir.schemas);
      expectValid(message.payload!, ir.schemas, value);
      expectFilled(message.payload!, value, ir.schemas, message.key);
      expect(sampleFor(message.payload, ir.schemas)).toEqual(value);
    }
  });

  test('the inbound message sample', () => {
    const inbound = ir.messages.find((m) => m.key === 'MessageInbound')!;
    const value = sampleFor(inbound.payload, ir.schemas);
    expect(value).toHaveProperty('app_id', 'sample-app_id');
    expect(value).toHaveProperty('accepted_time', '2024-01-15T09:30:00Z');
    expect(value).toHaveProperty('message.contact_message.text_message', { text: 'sample-text' });
    expect(value).toHaveProperty('message.channel_identity', {
      channel: 'sample-channel',
      identity: 'sample-identity',
      app_id: 'sample-app_id',
    });
    const delivery = ir.messages.find((m) => m.key === 'MessageDelivery')!;
    expect(sampleFor(delivery.payload, ir.schemas)).toHaveProperty(
      'message_delivery_report.status',
      'QUEUED_ON_CHANNEL',
    );
  });
});

CORPUS.describe('sampleFor: the corpus', () => {
  const docs = corpusDocuments();

  test('every message payload of every corpus document has a valid sample', async () => {
    const invalid: string[] = [];
    let count = 0;
    for (const doc of docs) {
      const loaded = await load(doc, { allowRemoteRefs: true, refRoot: CORPUS_DIR });
      const ir: ReceiverIR = plan(loaded.document);
      for (const message of ir.messages) {
        if (!message.payload) continue;
        count++;
        const value = sampleFor(message.payload, ir.schemas);
        const problems = errors(message.payload, ir.schemas, value);
        if (problems.length > 0)
          invalid.push(
            `${path.basename(path.dirname(doc))}/${path.basename(doc)} ${message.key}: ${problems.join('; ')}`,
          );
      }
    }
    expect(count).toBeGreaterThan(20);
    expect(invalid).toEqual([]);
  }, 120000);
});
