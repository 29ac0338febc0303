import type { JsonSchema } from '../../src/plan/ir';
import { generateModels, type ModelsResult } from '../../src/models';
import { propertyKey } from '../../src/models/literals';
import { ANONYMOUS, compileAll, formatted, irOf, message, type CompileUnit } from './support';

type Schemas = Record<string, JsonSchema | boolean>;

async function run(
  schemas: Schemas,
): Promise<{ result: ModelsResult; files: Record<string, string> }> {
  const result = await generateModels(irOf(schemas));
  return { result, files: await formatted(result) };
}

const names = (result: ModelsResult): string[] => result.files.map((f) => f.name);

/** Every result of this file, type-checked together at the end (one program is much faster). */
const toCompile: Record<string, CompileUnit> = {};

/** `{ a: { type: 'object', properties: { x: ... } } }`-style objects, shorter. */
const obj = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  ...extra,
});
const str: JsonSchema = { type: 'string' };

describe('naming of nested models', () => {
  const cases: Array<[string, { given: Schemas; want: string[] }]> = [
    [
      'nested objects: parent name + property name',
      {
        given: {
          Payload: obj({
            message: obj({ contact_message: obj({ text_message: obj({ text: str }) }) }),
          }),
        },
        want: [
          'Payload',
          'PayloadMessage',
          'PayloadMessageContactMessage',
          'PayloadMessageContactMessageTextMessage',
        ],
      },
    ],
    [
      'array items get Item, arrays of arrays ItemItem',
      {
        given: {
          P: obj({
            rows: { type: 'array', items: { type: 'array', items: obj({ v: str }) } },
            tags: { type: 'array', items: obj({ k: str }) },
          }),
        },
        want: ['P', 'PRowsItemItem', 'PTagsItem'],
      },
    ],
    [
      'map values get Value',
      {
        given: { P: obj({ byId: { type: 'object', additionalProperties: obj({ v: str }) } }) },
        want: ['P', 'PByIdValue'],
      },
    ],
    [
      'oneOf / anyOf options get OptionN, or their title',
      {
        given: {
          P: obj({
            pet: { oneOf: [obj({ meow: str }, { title: 'cat thing' }), obj({ bark: str })] },
            any: { anyOf: [obj({ a: str }), obj({ b: str })] },
          }),
        },
        want: ['P', 'PAnyOption1', 'PAnyOption2', 'PPetCatThing', 'PPetOption2'],
      },
    ],
    [
      'enums get the property name',
      {
        given: { P: obj({ status: { type: 'string', enum: ['a', 'b'] } }) },
        want: ['P', 'PStatus'],
      },
    ],
    [
      'awkward property names make valid identifiers',
      {
        given: {
          P: obj({
            'data-id': obj({ a: str }),
            '2fa_enabled': obj({ b: str }),
            class: obj({ c: str }),
            'x.y': obj({ d: str }),
          }),
        },
        want: ['P', 'P2faEnabled', 'PClass', 'PDataId', 'PXY'],
      },
    ],
    [
      'a title inside a property does not replace the path name',
      {
        given: { P: obj({ inner: obj({ a: str }, { title: 'Something Else', $id: 'urn:x' }) }) },
        want: ['P', 'PInner'],
      },
    ],
    [
      'a schema of several types names its object part',
      {
        given: { P: { type: ['object', 'string'], properties: { q: str } } },
        want: ['P', 'PObject'],
      },
    ],
    [
      'registry schemas of any kind are models of their own',
      {
        given: {
          Name: { type: 'string', enum: ['a', 'b'] },
          Id: str,
          Ids: { type: 'array', items: { $ref: '#/$defs/Id' } },
          Either: { oneOf: [{ $ref: '#/$defs/Id' }, { type: 'integer' }] },
        },
        want: ['Either', 'Id', 'Ids', 'Name'],
      },
    ],
  ];

  test.each(cases)('%s', async (_name, { given, want }) => {
    const { result } = await run(given);
    expect(names(result)).toEqual(want);
    expect(result.warnings).toEqual([]);
    toCompile[`naming ${_name}`] = { result };
  });

  test('names that collide after normalisation get distinct names, with a warning', async () => {
    const { result, files } = await run({
      P: obj({ 'a-b': obj({ x: str }), a_b: obj({ y: str }) }),
    });
    expect(names(result)).toEqual(['P', 'PAB', 'PAB2']);
    expect(files['P.ts']).toContain("'a-b'?: PAB;");
    expect(files['P.ts']).toContain('a_b?: PAB2;');
    expect(result.warnings).toEqual([
      'two models are both named "PAB"; the one for schemas.P.properties.a_b is called "PAB2"',
    ]);
  });

  test('a nested name that a registry schema already has is suffixed, the registry name is kept', async () => {
    const { result } = await run({ Foo: obj({ bar: obj({ x: str }) }), FooBar: obj({ y: str }) });
    expect(names(result)).toEqual(['Foo', 'FooBar', 'FooBar2']);
    expect(result.warnings).toHaveLength(1);
  });

  test('a registry key that would clash with index.ts is renamed, with a warning', async () => {
    const { result } = await run({ Index: str });
    expect(names(result)).toEqual(['Index2']);
    expect(result.payloadTypes).toEqual({ IndexMessage: 'Index2' });
    expect(result.warnings).toEqual([
      'schema "Index" cannot be a model of that name; it is called "Index2"',
    ]);
  });

  test('a registry key that is not an identifier is made one, with a warning', async () => {
    const { result } = await run({ 'my-schema': str, class: str });
    expect(names(result)).toEqual(['Class', 'MySchema']);
    expect(result.payloadTypes).toEqual({ 'my-schemaMessage': 'MySchema', classMessage: 'Class' });
    expect(result.warnings).toHaveLength(2);
    toCompile['odd keys'] = { result };
  });

  test('a shared schema is one model, and every message using it gets its name', async () => {
    const ir = irOf({ Shared: obj({ a: str }) }, [message('Other', { $ref: '#/$defs/Shared' })]);
    const result = await generateModels(ir);
    expect(names(result)).toEqual(['Shared']);
    expect(result.payloadTypes).toEqual({ SharedMessage: 'Shared', Other: 'Shared' });
  });

  test('a registry enum or string used in many places is one model, referred to by name', async () => {
    const status: JsonSchema = { $ref: '#/$defs/Status' };
    const { result, files } = await run({
      Status: { type: 'string', enum: ['open', 'paid'], description: 'Where it is' },
      Id: str,
      A: obj({ status, previous: status, id: { $ref: '#/$defs/Id' } }),
      B: obj({ status, list: { type: 'array', items: status } }),
    });
    expect(names(result)).toEqual(['A', 'B', 'Id', 'Status']);
    expect(files['A.ts']).toContain('  status?: Status;\n  previous?: Status;\n  id?: Id;');
    expect(files['B.ts']).toContain('  list?: Status[];');
    // The model's own description is on its declaration, not repeated at each use.
    expect(files['A.ts']).not.toContain('Where it is');
    expect(files['Status.ts']).toContain('Where it is');
    expect(result.warnings).toEqual([]);
    toCompile['shared enum'] = { result };
  });

  test('payloads: none → unknown; inline → a model named payloadName; unknown $ref → unknown with a warning', async () => {
    const ir = irOf({}, [
      message('NoPayload', undefined),
      message('Inline', { type: 'string' }),
      message('Dangling', { $ref: '#/$defs/Missing' }),
    ]);
    const result = await generateModels(ir);
    expect(result.payloadTypes).toEqual({
      NoPayload: 'unknown',
      Inline: 'InlinePayload',
      Dangling: 'unknown',
    });
    expect(names(result)).toEqual(['InlinePayload']);
    expect(result.warnings).toEqual([
      'the payload of message Dangling refers to "#/$defs/Missing", which is not in the schema registry; its type is unknown',
    ]);
  });

  test('no models: an empty module', async () => {
    const result = await generateModels(irOf({}));
    expect(result).toEqual({ files: [], index: 'export {};\n', payloadTypes: {}, warnings: [] });
  });

  test('deterministic: the order of the registry does not matter, and nothing is ever anonymous', async () => {
    const schemas: Schemas = {
      B: obj({
        x: obj({ y: { oneOf: [obj({ a: str }), obj({ a: str })] } }),
        same: obj({ z: str }),
      }),
      A: obj({
        b: { $ref: '#/$defs/B' },
        xSame: obj({ q: str }),
        list: { type: 'array', items: { enum: [1, 2] } },
      }),
      BX: obj({ y: str }),
    };
    const reversed = Object.fromEntries(Object.entries(schemas).reverse());
    const first = await generateModels(irOf(schemas));
    const second = await generateModels(irOf(reversed));
    expect(second.files).toEqual(first.files);
    expect(second.index).toEqual(first.index);
    for (const file of first.files) {
      expect(file.name).not.toMatch(ANONYMOUS);
      expect(file.content).not.toMatch(ANONYMOUS);
    }
  });

  test('the IR is not modified', async () => {
    const ir = irOf({
      P: obj({
        a: { nullable: true, type: 'string' },
        m: { type: 'object', patternProperties: { '^x': str } },
      }),
    });
    const before = JSON.stringify(ir);
    await generateModels(ir);
    expect(JSON.stringify(ir)).toBe(before);
  });
});

describe('types of tricky schemas', () => {
  // [case, registry, file to look at, lines it must contain (prettier-formatted)]
  const cases: Array<
    [string, { given: Schemas; file: string; want: string[]; models?: string[] }]
  > = [
    [
      'allOf parts are merged into one interface',
      {
        given: {
          Base: obj({ id: str }, { required: ['id'] }),
          All: {
            allOf: [
              { $ref: '#/$defs/Base' },
              obj({ extra: obj({ z: str }) }, { required: ['extra'] }),
            ],
          },
        },
        file: 'All.ts',
        want: ['export interface All {', '  id: string;', '  extra: AllExtra;'],
        models: ['All', 'AllExtra', 'Base'],
      },
    ],
    [
      'oneOf and anyOf are unions',
      {
        given: {
          A: obj({ a: str }),
          B: obj({ b: str }),
          U: obj({
            one: { oneOf: [{ $ref: '#/$defs/A' }, { $ref: '#/$defs/B' }, str] },
            any: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] },
          }),
        },
        file: 'U.ts',
        want: ['  one?: A | B | string;', '  any?: number | boolean;'],
      },
    ],
    [
      'a registry union is a type alias',
      {
        given: {
          A: obj({ a: str }),
          B: obj({ b: str }),
          U: { oneOf: [{ $ref: '#/$defs/A' }, { $ref: '#/$defs/B' }] },
        },
        file: 'U.ts',
        want: ['export type U = A | B;'],
      },
    ],
    [
      'null: type arrays, nullable: true, anyOf with null, type null',
      {
        given: {
          R: obj({ r: str }),
          N: obj({
            a: { type: ['string', 'null'] },
            b: { type: 'string', nullable: true },
            c: obj({ x: str }, { nullable: true }),
            d: { anyOf: [{ $ref: '#/$defs/R' }, { type: 'null' }] },
            e: { type: 'null' },
            f: { enum: ['x', null] },
            g: { type: ['integer', 'string', 'null'] },
            h: { type: 'array', items: { type: ['number', 'null'] } },
          }),
        },
        file: 'N.ts',
        want: [
          '  a?: string | null;',
          '  b?: string | null;',
          '  c?: NC | null;',
          '  d?: R | null;',
          '  e?: null;',
          '  f?: NF | null;',
          '  g?: string | null | number;',
          '  h?: (number | null)[];',
        ],
      },
    ],
    [
      'additionalProperties maps: Record alone, index signature beside properties, none by default',
      {
        given: {
          M: obj({
            counts: { type: 'object', additionalProperties: { type: 'integer' } },
            free: { type: 'object' },
            patterns: {
              type: 'object',
              patternProperties: { '^a': str, '^b': { type: 'integer' } },
            },
            mixed: obj(
              { id: str },
              { required: ['id'], additionalProperties: { type: 'boolean' } },
            ),
            open: obj({ id: str }, { additionalProperties: {} }),
            closed: obj({ id: str }),
          }),
        },
        file: 'M.ts',
        want: [
          '  counts?: Record<string, number>;',
          '  free?: Record<string, unknown>;',
          '  patterns?: Record<string, string | number>;',
          '  mixed?: MMixed;',
          '  open?: MOpen;',
          '  closed?: MClosed;',
        ],
      },
    ],
    [
      'index signature admits the named properties',
      {
        given: {
          M: obj(
            { id: str, n: { type: 'number' } },
            { required: ['id'], additionalProperties: { type: 'boolean' } },
          ),
        },
        file: 'M.ts',
        want: ['  id: string;', '  n?: number;', '  [key: string]: boolean | string | number;'],
      },
    ],
    [
      'no additionalProperties member on plain objects',
      {
        given: { M: obj({ id: str }) },
        file: 'M.ts',
        want: ['export interface M {\n  id?: string;\n}'],
      },
    ],
    [
      'arrays of arrays, tuples, untyped arrays',
      {
        given: {
          A: obj({
            grid: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
            open: { type: 'array', items: [str, { type: 'integer' }] },
            closed: { type: 'array', items: [str], additionalItems: false },
            any: { type: 'array' },
          }),
        },
        file: 'A.ts',
        want: [
          '  grid?: number[][];',
          '  open?: [string, number, ...unknown[]];',
          '  closed?: [string];',
          '  any?: unknown[];',
        ],
      },
    ],
    [
      'string and integer enums are literal unions, quotes escaped',
      {
        given: { E: { type: 'string', enum: ['a', "it's", 'say "hi"', 'x | y', 'back\\slash'] } },
        file: 'E.ts',
        want: [`export type E = 'a' | "it's" | 'say "hi"' | 'x | y' | 'back\\\\slash';`],
      },
    ],
    [
      'integer enum',
      {
        given: { E: { type: 'integer', enum: [1, 2, -3] } },
        file: 'E.ts',
        want: ['export type E = 1 | 2 | -3;'],
      },
    ],
    [
      'enum of mixed JSON values',
      {
        given: { E: { enum: ['a', 1, true, null, { x: 1 }, [1]] } },
        file: 'E.ts',
        want: ["export type E = 'a' | 1 | true | null | { x: 1 } | [1];"],
      },
    ],
    [
      'const and single-value enums are inline literals',
      {
        given: {
          C: obj({
            kind: { const: 'message' },
            zero: { const: 0 },
            no: { const: false },
            empty: { const: '' },
            nil: { const: null },
            shape: { const: { a: [1] } },
            single: { enum: ['only'] },
            typed: { type: 'string', const: 'x' },
          }),
        },
        file: 'C.ts',
        want: [
          "  kind?: 'message';",
          '  zero?: 0;',
          '  no?: false;',
          "  empty?: '';",
          '  nil?: null;',
          '  shape?: { a: [1] };',
          "  single?: 'only';",
          "  typed?: 'x';",
        ],
        models: ['C'],
      },
    ],
    [
      'awkward property names are quoted so the JSON key stays exact',
      {
        given: {
          K: JSON.parse(
            JSON.stringify({
              type: 'object',
              required: ['default'],
              properties: {
                default: str,
                class: str,
                delete: str,
                'data-id': str,
                'x.y': str,
                '2fa_enabled': { type: 'boolean' },
                "it's": str,
                'a\\b': str,
                constructor: str,
                toString: str,
              },
            }).replace('"properties":{', '"properties":{"__proto__":{"type":"string"},'),
          ) as JsonSchema,
        },
        file: 'K.ts',
        want: [
          // (generated as "__proto__"; prettier unquotes it, which is the same key in a type)
          '  __proto__?: string;',
          '  default: string;',
          '  class?: string;',
          '  delete?: string;',
          "  'data-id'?: string;",
          "  'x.y'?: string;",
          "  '2fa_enabled'?: boolean;",
          `  "it's"?: string;`,
          "  'a\\\\b'?: string;",
          '  constructor?: string;',
          '  toString?: string;',
        ],
      },
    ],
    [
      'descriptions become JSDoc, and */ cannot close the comment',
      {
        given: {
          D: obj(
            { a: { type: 'string', description: 'ends */ early; /* nested' } },
            { description: 'Model */ doc\nsecond line', deprecated: true },
          ),
        },
        file: 'D.ts',
        want: [
          '/**\n * Model *\\/ doc\n * second line\n * @deprecated\n */\nexport interface D {',
          '  /**\n   * ends *\\/ early; /* nested\n   */\n  a?: string;',
        ],
      },
    ],
    [
      'cycles: a schema referring to itself',
      {
        given: {
          Tree: obj({
            children: { type: 'array', items: { $ref: '#/$defs/Tree' } },
            parent: { $ref: '#/$defs/Tree' },
          }),
          Node: { oneOf: [str, { type: 'array', items: { $ref: '#/$defs/Node' } }] },
        },
        file: 'Tree.ts',
        want: ['export interface Tree {\n  children?: Tree[];\n  parent?: Tree;\n}'],
      },
    ],
    [
      'a recursive union',
      {
        given: { Node: { oneOf: [str, { type: 'array', items: { $ref: '#/$defs/Node' } }] } },
        file: 'Node.ts',
        want: ['export type Node = string | Node[];'],
      },
    ],
    [
      'the false schema is never',
      {
        given: { N: obj({ gone: false as unknown as JsonSchema }) },
        file: 'N.ts',
        want: ['  gone?: never;'],
      },
    ],
    [
      'imports are type-only, sorted, and never of the file itself',
      {
        given: {
          B: obj({ a: { $ref: '#/$defs/A' }, self: { $ref: '#/$defs/B' } }),
          A: obj({ x: str }),
        },
        file: 'B.ts',
        want: ["import type { A } from './A';\n\nexport interface B {"],
      },
    ],
  ];

  test.each(cases)('%s', async (_name, { given, file, want, models }) => {
    const { result, files } = await run(given);
    for (const snippet of want) expect(files[file]).toContain(snippet);
    if (models) expect(names(result)).toEqual(models);
    expect(files[file]).not.toContain('additionalProperties');
    toCompile[`types ${_name}`] = { result };
  });

  test('allOf parts that both have a property, one by $ref, leave the referenced model alone', async () => {
    const { result, files } = await run({
      Address: obj({ street: str }),
      Base: obj({ home: { $ref: '#/$defs/Address' }, id: str }),
      Both: {
        allOf: [
          { $ref: '#/$defs/Base' },
          obj({ home: obj({ zip: str }), id: { description: 'only documents it' } }),
        ],
      },
    });
    expect(names(result)).toEqual(['Address', 'Base', 'Both', 'BothHome']);
    expect(files['Address.ts']).toBe('export interface Address {\n  street?: string;\n}\n');
    expect(files['Base.ts']).toContain('  home?: Address;\n  id?: string;');
    expect(files['Both.ts']).toContain('  home?: BothHome;\n  id?: string;');
    expect(files['BothHome.ts']).toContain('  street?: string;\n  zip?: string;');
    toCompile['allOf same property'] = { result };
  });

  test('oneOf beside properties: each option gets the properties, named after the option', async () => {
    const { result, files } = await run({
      Cat: obj({ meow: { type: 'boolean' } }, { required: ['meow'] }),
      Pet: obj(
        { name: str, owner: obj({ id: str }) },
        {
          required: ['name'],
          oneOf: [{ $ref: '#/$defs/Cat' }, obj({ bark: { type: 'boolean' } })],
        },
      ),
    });
    expect(names(result)).toEqual(['Cat', 'Pet', 'PetCat', 'PetOption2', 'PetOwner']);
    expect(files['Pet.ts']).toContain('export type Pet = PetCat | PetOption2;');
    expect(files['PetCat.ts']).toContain('  name: string;\n  owner?: PetOwner;\n  meow: boolean;');
    expect(files['PetOption2.ts']).toContain(
      '  name: string;\n  owner?: PetOwner;\n  bark?: boolean;',
    );
    expect(files['Cat.ts']).toBe('export interface Cat {\n  meow: boolean;\n}\n');
    toCompile['oneOf distributed'] = { result };
  });

  test('then / else / dependencies add optional properties; if and not add nothing', async () => {
    const { files, result } = await run({
      T: obj(
        { kind: str },
        {
          required: ['kind'],
          if: obj({ kind: { const: 'a' } }),
          then: obj({ a: str }, { required: ['a'] }),
          else: obj({ b: str }),
          dependencies: { kind: obj({ c: str }, { required: ['c'] }), other: ['kind'] },
          not: { required: ['zzz'] },
        },
      ),
    });
    expect(files['T.ts']).toContain(
      '  kind: string;\n  a?: string;\n  b?: string;\n  c?: string;\n}',
    );
    toCompile['then else'] = { result };
  });

  test('composition that refers to itself does not loop', async () => {
    const { result, files } = await run({
      Loop: {
        allOf: [
          { $ref: '#/$defs/Loop' },
          obj({ a: str, next: { allOf: [{ $ref: '#/$defs/Loop' }] } }),
        ],
      },
    });
    expect(files['Loop.ts']).toContain('  a?: string;');
    toCompile['self allOf'] = { result };
  });

  test('index.ts re-exports every model as a type, sorted', async () => {
    const { files } = await run({ B: obj({ c: obj({ d: str }) }), A: str });
    expect(files['index.ts']).toBe(
      "export type { A } from './A';\nexport type { B } from './B';\nexport type { BC } from './BC';\n",
    );
  });

  test('a wrong payload fails to compile (the types say something)', async () => {
    const { result } = await run({
      P: obj({ id: str, n: { type: 'integer' } }, { required: ['id'] }),
    });
    const use = `import type { P } from './index';\nexport const ok: P = { id: 'x', n: 1 };\n// @ts-expect-error id is required\nexport const missing: P = { n: 1 };\n// @ts-expect-error n is a number\nexport const wrong: P = { id: 'x', n: 'one' };\n`;
    toCompile['wrong payload'] = { result, extra: { 'use.ts': use } };
  });
});

describe('random schemas (seeded, so failures reproduce)', () => {
  /** mulberry32: a tiny deterministic PRNG. */
  function prng(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const KEYS = [
    'id',
    'default',
    'class',
    '__proto__',
    'constructor',
    'toString',
    'data-id',
    'x.y',
    '2fa_enabled',
    '',
    ' ',
    "it's",
    'quo"te',
    'back\\slash',
    'new\nline',
    '*/',
    '日本',
    'naïve',
    'a-b',
    'a_b',
    'A B',
    '$ref',
    'additionalProperties',
    'enum',
    'type',
    'index',
  ];
  const TEXTS = [
    'plain',
    'ends */ early',
    '/* opens',
    'line\u2028separator',
    'back`tick ${x}',
    '@param x',
    '',
    'multi\nline\r\ntext',
  ];
  const VALUES = [
    'a',
    "it's",
    'say "hi"',
    'x | y',
    '*/',
    '',
    0,
    -1,
    2.5,
    true,
    false,
    null,
    { k: 'v' },
    [1, 'a'],
  ];

  function randomIr(
    seed: number,
    count: number,
  ): { schemas: Schemas; keys: Record<string, string[]> } {
    const random = prng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const names = Array.from({ length: count }, (_, i) => `S${i}`);
    const schema = (depth: number): JsonSchema => {
      const kind =
        depth >= 3
          ? pick(['string', 'integer', 'ref', 'enum'])
          : pick([
              'string',
              'integer',
              'number',
              'boolean',
              'null',
              'enum',
              'const',
              'object',
              'object',
              'array',
              'tuple',
              'oneOf',
              'anyOf',
              'allOf',
              'ref',
              'map',
              'types',
              'empty',
            ]);
      const extra: JsonSchema = random() < 0.3 ? { description: pick(TEXTS) } : {};
      if (random() < 0.15) extra.nullable = true;
      if (random() < 0.1) extra.title = pick(TEXTS);
      switch (kind) {
        case 'enum':
          return {
            enum: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(VALUES)),
            ...extra,
          };
        case 'const':
          return { const: pick(VALUES), ...extra };
        case 'object': {
          const properties: Record<string, JsonSchema> = {};
          for (let i = 0; i < 1 + Math.floor(random() * 4); i++)
            properties[pick(KEYS)] = schema(depth + 1);
          const required = Object.keys(properties).filter(() => random() < 0.4);
          const ap = pick([undefined, undefined, false, true, {}, { type: 'string' }]);
          return {
            type: 'object',
            properties,
            required,
            ...(ap === undefined ? {} : { additionalProperties: ap as JsonSchema }),
            ...extra,
          };
        }
        case 'map':
          return { type: 'object', additionalProperties: schema(depth + 1), ...extra };
        case 'array':
          return { type: 'array', items: schema(depth + 1), ...extra };
        case 'tuple':
          return {
            type: 'array',
            items: [schema(depth + 1), schema(depth + 1)],
            ...(random() < 0.5 ? { additionalItems: false } : {}),
            ...extra,
          };
        case 'oneOf':
        case 'anyOf':
          return { [kind]: [schema(depth + 1), schema(depth + 1), schema(depth + 1)], ...extra };
        case 'allOf':
          return {
            allOf: [
              { type: 'object', properties: { [pick(KEYS)]: schema(depth + 1) } },
              { type: 'object', properties: { [pick(KEYS)]: schema(depth + 1) } },
            ],
            ...extra,
          };
        case 'ref':
          return { $ref: `#/$defs/${pick(names)}` };
        case 'types':
          return {
            type: [
              pick(['string', 'integer', 'object', 'array']),
              pick(['null', 'boolean', 'number']),
            ],
            ...extra,
          };
        case 'empty':
          return { ...extra };
        default:
          return { type: kind, ...extra };
      }
    };
    const schemas: Schemas = {};
    const keys: Record<string, string[]> = {};
    for (const name of names) {
      // Roots are objects (so that their keys can be checked), nested ones anything.
      const properties: Record<string, JsonSchema> = {};
      for (let i = 0; i < 2 + Math.floor(random() * 5); i++) {
        const key = pick(KEYS);
        // JSON.parse keeps `__proto__` as an own key, as a document's JSON or YAML would.
        if (key === '__proto__')
          Object.defineProperty(properties, key, {
            value: schema(1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else properties[key] = schema(1);
      }
      keys[name] = Object.keys(properties);
      schemas[name] = { type: 'object', properties, description: pick(TEXTS) };
    }
    return { schemas, keys };
  }

  test.each((process.env.MODELS_SEEDS ?? '1,2,3').split(',').map(Number))(
    'seed %i: models are generated, compile, and keep every JSON key',
    async (seed) => {
      const { schemas, keys } = randomIr(seed, 40);
      const result = await generateModels(irOf(schemas));
      for (const file of result.files) {
        expect(file.name).not.toMatch(ANONYMOUS);
        expect(file.content).not.toMatch(ANONYMOUS);
      }
      for (const [name, list] of Object.entries(keys)) {
        const content = result.files.find((f) => f.name === name)?.content ?? '';
        expect(content).toContain(`export interface ${name} {`);
        for (const key of list)
          expect(content).toMatch(new RegExp(`^ *${escapeRegExp(propertyKey(key))}\\??: `, 'm'));
      }
      toCompile[`random ${seed}`] = { result };
    },
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('every model set above compiles under strict TypeScript', () => {
  expect(Object.keys(toCompile).length).toBeGreaterThan(20);
  expect(compileAll(toCompile)).toEqual([]);
});
