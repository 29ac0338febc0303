import { runInThisContext } from 'node:vm';
import Ajv from 'ajv';
import type { JsonSchema, NamedSchemaIR } from '../../src/plan/ir';
import { REGISTRY_ID, schemaRegistry, validationSchema } from '../../src/render/bundles';
import { openObjects } from '../../src/schema';
import { tsValueLiteral } from '../../src/render/text';

const closed = (props: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties: props,
  additionalProperties: false,
});

// Properties named like the keywords that hold data (or subschemas): each is a schema,
// and its own `additionalProperties: false` must go like any other.
const KEYWORD_NAMES = [
  'enum',
  'default',
  'const',
  'properties',
  'examples',
  'additionalProperties',
];

describe('the validation schema accepts properties the document does not list', () => {
  const payload = closed(
    Object.fromEntries(KEYWORD_NAMES.map((name) => [name, closed({ known: { type: 'string' } })])),
  );

  test('openObjects drops additionalProperties: false under properties named like keywords', () => {
    const out = openObjects(payload);
    expect(out.additionalProperties).toBeUndefined();
    for (const name of KEYWORD_NAMES) {
      const property = (out.properties as Record<string, JsonSchema>)[name];
      expect(property).toEqual({ type: 'object', properties: { known: { type: 'string' } } });
    }
  });

  test('Ajv accepts unlisted fields at every level, and still checks the listed ones', () => {
    const validate = new Ajv({ strict: false }).compile(validationSchema(payload));
    const body = Object.fromEntries(
      KEYWORD_NAMES.map((name) => [name, { known: 'x', addedLater: 1 }]),
    );
    expect(validate({ ...body, addedLater: true })).toBe(true);
    expect(validate({ ...body, default: { known: 1 } })).toBe(false);
  });

  test('data is copied as it is: enum, const, default and examples values are not schemas', () => {
    const schema: JsonSchema = {
      type: 'object',
      enum: [{ additionalProperties: false }],
      const: { additionalProperties: false },
      default: { additionalProperties: false },
      examples: [{ additionalProperties: false }],
    };
    expect(openObjects(schema)).toEqual(schema);
  });

  test('named schemas go into one registry, opened too, that the payload schemas refer into', () => {
    const defs: Record<string, NamedSchemaIR> = {
      Inner: { name: 'Inner', schema: closed({ enum: closed({ a: { type: 'string' } }) }) },
      'a/b c': { name: 'Ab', schema: closed({ inner: { $ref: '#/$defs/Inner' } }) },
      Unused: { name: 'Unused', schema: { type: 'string' } },
    };
    const payloads = [closed({ inner: { $ref: '#/$defs/Inner' } }), { $ref: '#/$defs/a~1b%20c' }];
    const registry = schemaRegistry(payloads, defs);
    // Only what the payloads reach, sorted by key; references between them stay local.
    expect(registry).toEqual({
      $id: REGISTRY_ID,
      $defs: {
        'a/b c': { type: 'object', properties: { inner: { $ref: '#/$defs/Inner' } } },
        Inner: {
          type: 'object',
          properties: { enum: { type: 'object', properties: { a: { type: 'string' } } } },
        },
      },
    });
    const [first, second] = payloads.map(validationSchema);
    expect(first).toEqual({
      type: 'object',
      properties: { inner: { $ref: 'hookwright:schemas#/$defs/Inner' } },
    });
    expect(second).toEqual({ $ref: 'hookwright:schemas#/$defs/a~1b%20c' });
    // As the receiver holds them: the registry added once, each payload compiled against it.
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(registry as object);
    for (const schema of [first, second]) {
      const validate = ajv.compile(schema);
      expect(validate({ inner: { enum: { a: 'x', b: 2 }, c: 3 }, d: 4 })).toBe(true);
      expect(validate({ inner: { enum: { a: 5 } } })).toBe(false);
    }
  });

  test('payloads that reach no named schema need no registry', () => {
    expect(schemaRegistry([closed({ a: { type: 'string' } })], {})).toBeUndefined();
  });
});

describe('a property named __proto__', () => {
  test('stays a property of the validation schema, and of the TypeScript literal', () => {
    const payload = JSON.parse(
      '{"type":"object","required":["__proto__"],"properties":{"__proto__":{"type":"string"}},"additionalProperties":false}',
    ) as JsonSchema;
    const schema = validationSchema(payload);
    expect(Object.keys(schema.properties as object)).toEqual(['__proto__']);
    const literal = tsValueLiteral(schema);
    expect(literal).toContain('["__proto__"]:');
    // The literal is a JavaScript expression: evaluated, it is the same data.
    const evaluated = runInThisContext(`(${literal})`) as object;
    expect(JSON.stringify(evaluated)).toBe(JSON.stringify(schema));
    // (Ajv compiles it; it does not look at a `__proto__` member of the data, whatever its value.)
    expect(new Ajv({ strict: false }).compile(evaluated)(JSON.parse('{"__proto__":"x"}'))).toBe(
      true,
    );
  });
});
