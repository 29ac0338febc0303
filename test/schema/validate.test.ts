import type { JsonSchema, JsonValue, NamedSchemaIR } from '../../src/plan/ir';
import { conforms, rebaseRefs, refTo } from '../../src/schema';

function named(schemas: Record<string, JsonSchema>): Record<string, NamedSchemaIR> {
  return Object.fromEntries(
    Object.entries(schemas).map(([key, schema]) => [key, { key, name: key, schema }]),
  );
}

describe('conforms: Ajv over the IR registry', () => {
  const defs = named({
    'a/b~c': { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    Tree: {
      type: 'object',
      properties: { children: { type: 'array', items: { $ref: refTo('Tree') } } },
      additionalProperties: false,
    },
    Stamp: { type: 'string', format: 'date-time' },
  });

  test('references into the registry, keys with / and ~ included', () => {
    const schema = { $ref: refTo('a/b~c') };
    expect(conforms({ id: 'x' }, schema, defs)).toBe(true);
    expect(conforms({ id: 1 }, schema, defs)).toBe(false);
    expect(conforms({}, schema, defs)).toBe(false);
  });

  test('recursive named schemas', () => {
    const tree = { $ref: refTo('Tree') };
    expect(conforms({ children: [{ children: [] }] }, tree, defs)).toBe(true);
    expect(conforms({ children: [{ children: [], extra: 1 }] }, tree, defs)).toBe(false);
  });

  test('formats are checked as ajv-formats does', () => {
    expect(conforms('2024-01-15T09:30:00Z', { $ref: refTo('Stamp') }, defs)).toBe(true);
    expect(conforms('yesterday', { $ref: refTo('Stamp') }, defs)).toBe(false);
    expect(conforms('user@example.com', { type: 'string', format: 'email' }, defs)).toBe(true);
    expect(conforms('nope', { type: 'string', format: 'email' }, defs)).toBe(false);
    // Unknown formats pass, as in the receiver (strict: false).
    expect(conforms('x', { type: 'string', format: 'x-unknown' }, defs)).toBe(true);
  });

  test('oneOf means exactly one', () => {
    const schema: JsonValue = { oneOf: [{ type: 'integer' }, { type: 'number' }] };
    expect(conforms(1.5, schema, defs)).toBe(true);
    expect(conforms(1, schema, defs)).toBe(false);
  });

  test('booleans and no schema', () => {
    expect(conforms(1, undefined, defs)).toBe(true);
    expect(conforms(1, true, defs)).toBe(true);
    expect(conforms(1, false, defs)).toBe(false);
  });

  test('a schema Ajv cannot compile (a reference the registry lacks) accepts everything', () => {
    expect(conforms(1, { $ref: refTo('Missing') }, defs)).toBe(true);
  });

  test('copies of one schema give the same answers; registries are kept apart', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } };
    expect(conforms({ n: 1 }, schema, defs)).toBe(true);
    expect(conforms({ n: 'x' }, JSON.parse(JSON.stringify(schema)) as JsonValue, defs)).toBe(false);
    const other = named({ 'a/b~c': { type: 'string' } });
    expect(conforms('s', { $ref: refTo('a/b~c') }, other)).toBe(true);
    expect(conforms('s', { $ref: refTo('a/b~c') }, defs)).toBe(false);
  });
});

describe('rebaseRefs', () => {
  test('only $ref keywords change, not properties or data named $ref', () => {
    const schema: JsonValue = {
      $ref: '#/$defs/A',
      properties: {
        $ref: { type: 'string', const: '#/$defs/B' },
        inner: { items: { $ref: '#/$defs/C' } },
      },
      examples: [{ $ref: '#/$defs/D' }],
    };
    expect(rebaseRefs(schema, 'base:x')).toEqual({
      $ref: 'base:x#/$defs/A',
      properties: {
        $ref: { type: 'string', const: '#/$defs/B' },
        inner: { items: { $ref: 'base:x#/$defs/C' } },
      },
      examples: [{ $ref: '#/$defs/D' }],
    });
  });
});
