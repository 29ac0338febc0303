import type { JsonSchema, MessageIR, NamedSchemaIR } from '../../src/plan/ir';
import { describeMatch, matchersFor, type MessageMatch } from '../../src/render/match';

function msg(key: string, parts: { payload?: JsonSchema; headers?: JsonSchema } = {}): MessageIR {
  return { key, payloadName: key, examples: [], bindings: {}, extensions: {}, ...parts };
}

function named(schemas: Record<string, JsonSchema>): Record<string, NamedSchemaIR> {
  return Object.fromEntries(Object.entries(schemas).map(([k, schema]) => [k, { name: k, schema }]));
}

const headers = (props: Record<string, JsonSchema>, required?: string[]): JsonSchema => ({
  type: 'object',
  properties: props,
  ...(required ? { required } : {}),
});
const obj = (props: Record<string, JsonSchema>, required?: string[]): JsonSchema => ({
  type: 'object',
  properties: props,
  ...(required ? { required } : {}),
});

interface Case {
  name: string;
  messages: MessageIR[];
  defs?: Record<string, JsonSchema>;
  expected: Array<MessageMatch | undefined>;
}

const cases: Case[] = [
  {
    name: 'header const',
    messages: [
      msg('Created', {
        headers: headers({ 'x-event-type': { type: 'string', const: 'order.created' } }),
      }),
      msg('Cancelled', {
        headers: headers({ 'x-event-type': { type: 'string', const: 'order.cancelled' } }),
      }),
    ],
    expected: [
      { headers: { 'x-event-type': 'order.created' } },
      { headers: { 'x-event-type': 'order.cancelled' } },
    ],
  },
  {
    name: 'header one-value enum, names matched case-insensitively and emitted lower-case',
    messages: [
      msg('Created', {
        headers: headers({ 'X-Event-Type': { type: 'string', enum: ['order.created'] } }),
      }),
      msg('Cancelled', { headers: headers({ 'x-EVENT-type': { enum: ['order.cancelled'] } }) }),
    ],
    expected: [
      { headers: { 'x-event-type': 'order.created' } },
      { headers: { 'x-event-type': 'order.cancelled' } },
    ],
  },
  {
    name: 'header schemas through $ref and allOf',
    defs: {
      CommonHeaders: headers({ 'X-Signature': { type: 'string' } }),
      CreatedHeaders: {
        allOf: [{ $ref: '#/$defs/CommonHeaders' }, headers({ 'X-Kind': { const: 'created' } })],
      },
    },
    messages: [
      msg('Created', { headers: { $ref: '#/$defs/CreatedHeaders' } }),
      msg('Deleted', { headers: headers({ 'x-kind': { const: 'deleted' } }) }),
    ],
    expected: [{ headers: { 'x-kind': 'created' } }, { headers: { 'x-kind': 'deleted' } }],
  },
  {
    name: 'a shared header value is not used; the next header is',
    messages: [
      msg('A', { headers: headers({ 'x-source': { const: 'shop' }, 'x-type': { const: 'a' } }) }),
      msg('B', { headers: headers({ 'X-Source': { const: 'shop' }, 'x-type': { const: 'b' } }) }),
    ],
    expected: [{ headers: { 'x-type': 'a' } }, { headers: { 'x-type': 'b' } }],
  },
  {
    name: 'a shared header value is not used; the payload decides',
    messages: [
      msg('A', {
        headers: headers({ 'x-source': { const: 'shop' } }),
        payload: obj({ type: { const: 'a' } }, ['type']),
      }),
      msg('B', {
        headers: headers({ 'x-source': { const: 'shop' } }),
        payload: obj({ type: { const: 'b' } }, ['type']),
      }),
    ],
    expected: [{ payload: { type: 'a' } }, { payload: { type: 'b' } }],
  },
  {
    name: 'a header value another message lists in its enum is not used',
    messages: [
      msg('A', { headers: headers({ 'x-type': { const: 'a' } }) }),
      msg('AorB', { headers: headers({ 'x-type': { enum: ['a', 'b'] } }) }),
    ],
    expected: [undefined, undefined],
  },
  {
    name: 'per message: one by header, another that does not fix it falls through',
    messages: [
      msg('Ping', {
        headers: headers({ 'x-type': { const: 'ping' } }),
        payload: obj({ id: { type: 'string' } }),
      }),
      msg('Order', {
        headers: headers({ 'x-type': { type: 'string' } }),
        payload: obj({ order_id: { type: 'string' } }, ['order_id']),
      }),
      msg('Other', { payload: obj({ id: { type: 'string' } }) }),
    ],
    expected: [{ headers: { 'x-type': 'ping' } }, { requiredKeys: ['order_id'] }, undefined],
  },
  {
    name: 'non-string header constants are not used',
    messages: [
      msg('A', { headers: headers({ 'x-version': { const: 1 } }) }),
      msg('B', { headers: headers({ 'x-version': { const: 2 } }) }),
    ],
    expected: [undefined, undefined],
  },
  {
    name: 'payload const (via $ref and allOf at the root)',
    defs: {
      Base: obj({ id: { type: 'string' }, type: { type: 'string' } }, ['id', 'type']),
      Created: { allOf: [{ $ref: '#/$defs/Base' }, obj({ type: { const: 'created' } })] },
      Deleted: { allOf: [{ $ref: '#/$defs/Base' }, obj({ type: { enum: ['deleted'] } })] },
    },
    messages: [
      msg('Created', { payload: { $ref: '#/$defs/Created' } }),
      msg('Deleted', { payload: { $ref: '#/$defs/Deleted' } }),
    ],
    expected: [{ payload: { type: 'created' } }, { payload: { type: 'deleted' } }],
  },
  {
    name: 'payload constants of other types; required properties preferred',
    messages: [
      msg('V1', { payload: obj({ beta: { const: true }, version: { const: 1 } }, ['version']) }),
      msg('V2', { payload: obj({ beta: { const: false }, version: { const: 2 } }, ['version']) }),
      msg('Legacy', { payload: obj({ version: { const: null } }) }),
    ],
    expected: [
      { payload: { version: 1 } },
      { payload: { version: 2 } },
      { payload: { version: null } },
    ],
  },
  {
    name: 'a shared payload value is not used',
    messages: [
      msg('A', {
        payload: obj({ source: { const: 'shop' }, a_id: { type: 'string' } }, ['source', 'a_id']),
      }),
      msg('B', {
        payload: obj({ source: { const: 'shop' }, b_id: { type: 'string' } }, ['source', 'b_id']),
      }),
    ],
    expected: [{ requiredKeys: ['a_id'] }, { requiredKeys: ['b_id'] }],
  },
  {
    name: 'required key: the first in property order that no other message declares',
    messages: [
      msg('Payment', {
        payload: obj(
          { amount: { type: 'number' }, payment_id: { type: 'string' }, card: { type: 'string' } },
          ['card', 'amount', 'payment_id'],
        ),
      }),
      msg('Refund', {
        payload: obj(
          {
            amount: { type: 'number' },
            refund_id: { type: 'string' },
            payment_id: { type: 'string' },
          },
          ['amount', 'refund_id'],
        ),
      }),
    ],
    expected: [{ requiredKeys: ['card'] }, { requiredKeys: ['refund_id'] }],
  },
  {
    name: 'required key another message declares as optional is not used',
    messages: [
      msg('Full', {
        payload: obj({ id: { type: 'string' }, note: { type: 'string' } }, ['id', 'note']),
      }),
      msg('Short', { payload: obj({ id: { type: 'string' }, note: { type: 'string' } }, ['id']) }),
    ],
    expected: [undefined, undefined],
  },
  {
    name: 'fallback: nothing tells them apart',
    messages: [
      msg('A', { payload: obj({ id: { type: 'string' } }, ['id']) }),
      msg('B', { payload: obj({ id: { type: 'string' } }, ['id']) }),
      msg('C'),
    ],
    expected: [undefined, undefined, undefined],
  },
  {
    name: 'a single message needs no rule',
    messages: [msg('Only', { headers: headers({ 'x-type': { const: 'only' } }) })],
    expected: [undefined],
  },
];

describe('matchersFor', () => {
  test.each(cases)('$name', ({ messages, defs, expected }) => {
    const d = named(defs ?? {});
    expect(matchersFor(messages, d)).toEqual(expected);
    // Deterministic, and the input is left alone.
    const copy = JSON.parse(JSON.stringify(messages)) as typeof messages;
    expect(matchersFor(copy, d)).toEqual(matchersFor(messages, d));
    expect(copy).toEqual(messages);
  });

  test('no messages', () => {
    expect(matchersFor([], {})).toEqual([]);
  });
});

describe('describeMatch', () => {
  test.each<[MessageMatch | undefined, string]>([
    [{ headers: { 'x-event-type': 'order.created' } }, 'header x-event-type = "order.created"'],
    [{ payload: { type: 'created' } }, 'payload type = "created"'],
    [{ payload: { version: 2 } }, 'payload version = 2'],
    [{ payload: { beta: false } }, 'payload beta = false'],
    [{ payload: { version: null } }, 'payload version = null'],
    [{ requiredKeys: ['refund_id'] }, 'has required property "refund_id"'],
    [{ requiredKeys: ['a', 'b'] }, 'has required properties "a", "b"'],
    [{ headers: { 'x-a': '1' }, payload: { t: 'x' } }, 'header x-a = "1" and payload t = "x"'],
    [undefined, 'the first whose schema validates'],
    [{}, 'the first whose schema validates'],
  ])('%j', (match, text) => {
    expect(describeMatch(match)).toBe(text);
  });
});
