import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/generated/runtime/config';
import { createReceiver, type IncomingWebhook } from '../../src/generated/runtime/core';
import { lookup, pickMessage } from '../../src/generated/runtime/dispatch';
import type {
  HandlerContext,
  HandlerEntry,
  JsonSchema,
  Logger,
  MessageMatch,
  MessageSpec,
  OperationSpec,
} from '../../src/generated/runtime/types';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
});

// One unsigned operation with four messages, one per dispatch rule.
const operation = {
  operationId: 'receiveOrderEvent',
  method: 'POST',
  path: '/orders/:orderId',
  address: '/orders/{orderId}',
  parameters: ['orderId'],
  signature: null,
  messages: [
    {
      name: 'ORDER_V1',
      schema: object({ id: { type: 'integer' } }, ['id']),
      match: { headers: { 'x-event-version': '1' } },
    },
    {
      name: 'ORDER_PAID',
      schema: object({ meta: object({ kind: { const: 'paid' } }, ['kind']) }, ['meta']),
      match: { payload: { '/meta/kind': 'paid' } },
    },
    {
      name: 'ORDER_SHIPPED',
      schema: object({ tracking: { type: 'string' } }, ['tracking']),
      match: { requiredKeys: ['tracking'] },
    },
    { name: 'ORDER_NOTE', schema: object({ note: { type: 'string' } }, ['note']) },
  ],
} as const satisfies OperationSpec;

const config = loadConfig({}, [operation]);

function receiver(handler: HandlerEntry) {
  return createReceiver({
    operations: [operation],
    handlers: { receiveOrderEvent: handler },
    config,
    logger: silent,
  });
}

function webhook(payload: unknown, headers: Record<string, string> = {}): IncomingWebhook {
  return {
    operationId: 'receiveOrderEvent',
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: Buffer.from(JSON.stringify(payload)),
    params: { orderId: 'o-1' },
    requestId: 'r-1',
  };
}

describe('dispatch among several messages', () => {
  const seen: string[] = [];
  const record = async (_payload: unknown, context: HandlerContext) => {
    seen.push(`${context.messageName}:${context.params.orderId}`);
  };
  const byFunction = receiver(record);

  for (const [rule, request, expected] of [
    ['a fixed header', webhook({ id: 1, tracking: 't' }, { 'x-event-version': '1' }), 'ORDER_V1'],
    ['a fixed payload value', webhook({ meta: { kind: 'paid' }, tracking: 't' }), 'ORDER_PAID'],
    ['a unique required key', webhook({ tracking: 't', note: 'n' }), 'ORDER_SHIPPED'],
    // ORDER_V1 ({ id }) would validate too, but it is recognised by its header, which is
    // missing: only messages without a rule of their own are left to schema validation.
    ['schema, never a message whose rule failed', webhook({ id: 1, note: 'n' }), 'ORDER_NOTE'],
    ['the only schema that validates', webhook({ note: 'n' }), 'ORDER_NOTE'],
  ] as const) {
    it(`picks by ${rule}`, async () => {
      seen.length = 0;
      const result = await byFunction.handle(request);
      assert.deepEqual(result, {
        status: 200,
        body: { ok: true },
        operationId: 'receiveOrderEvent',
        messageName: expected,
      });
      assert.deepEqual(seen, [`${expected}:o-1`]);
    });
  }

  it('acknowledges a request that matches no message (UNMATCHED_EVENTS=ignore, the default)', async () => {
    seen.length = 0;
    const result = await byFunction.handle(webhook({ other: true }));
    assert.deepEqual(result, { status: 200, body: { ok: true, ignored: true } });
    assert.deepEqual(seen, []);
  });

  it('answers 400 naming the candidates with UNMATCHED_EVENTS=reject', async () => {
    const rejecting = createReceiver({
      operations: [operation],
      handlers: { receiveOrderEvent: record },
      config: loadConfig({ UNMATCHED_EVENTS: 'reject' }, [operation]),
      logger: silent,
    });
    const result = await rejecting.handle(webhook({ other: true }));
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, {
      error: 'payload matches no message',
      candidates: ['ORDER_V1', 'ORDER_PAID', 'ORDER_SHIPPED', 'ORDER_NOTE'],
    });
    assert.deepEqual(seen, []);
  });

  it('picks the first of several rule-less messages whose schema the payload fits', async () => {
    // Two messages no rule tells apart: { note } and { note, memo? }; both fit a bare note.
    const twoSchemas = {
      ...operation,
      messages: [
        { name: 'NOTE_A', schema: object({ note: { type: 'string' } }, ['note']) },
        {
          name: 'NOTE_B',
          schema: object({ note: { type: 'string' }, memo: { type: 'string' } }, ['memo']),
        },
      ],
    } as const satisfies OperationSpec;
    const names: string[] = [];
    const schemaOnly = createReceiver({
      operations: [twoSchemas],
      handlers: {
        receiveOrderEvent: async (_payload, context) => void names.push(context.messageName),
      },
      config: loadConfig({}, [twoSchemas]),
      logger: silent,
    });
    // Fits both: the first listed. Fits only the second ({ memo } without note): the second.
    assert.equal((await schemaOnly.handle(webhook({ note: 'n', memo: 'm' }))).status, 200);
    assert.equal((await schemaOnly.handle(webhook({ memo: 'm' }))).status, 200);
    assert.deepEqual(names, ['NOTE_A', 'NOTE_B']);
  });

  it('calls the per-message function of an object entry', async () => {
    const names: string[] = [];
    const perMessage = receiver({
      ORDER_V1: async () => void names.push('v1'),
      ORDER_PAID: async () => void names.push('paid'),
      ORDER_SHIPPED: async () => void names.push('shipped'),
      ORDER_NOTE: async () => void names.push('note'),
    });
    assert.equal((await perMessage.handle(webhook({ note: 'n' }))).status, 200);
    assert.equal((await perMessage.handle(webhook({ tracking: 't' }))).status, 200);
    assert.deepEqual(names, ['note', 'shipped']);
  });

  it('refuses to start when a message has no handler', () => {
    assert.throws(() => receiver({ ORDER_V1: record }), ConfigError);
  });
});

// Three operations on one URL, as a provider that posts every event to one endpoint.
const envelope = (type: string) =>
  object({ event: object({ type: { const: type } }, ['type']), ts: { type: 'string' } }, ['event']);
const oneUrl = (
  operationId: string,
  name: string,
  schema: JsonSchema,
  match: MessageMatch,
): OperationSpec => ({
  operationId,
  method: 'POST',
  path: '/webhooks',
  address: '',
  parameters: [],
  signature: null,
  messages: [{ name, schema, match }],
});
const shared = [
  oneUrl('onPush', 'push', object({}), { headers: { 'x-event': 'push' } }),
  oneUrl('onMention', 'app_mention', envelope('app_mention'), {
    payload: { '/event/type': 'app_mention' },
  }),
  oneUrl('onReaction', 'reaction_added', envelope('reaction_added'), {
    payload: { '/event/type': 'reaction_added' },
  }),
];

describe('dispatch across the operations of one URL', () => {
  const calls: string[] = [];
  const named = (name: string) => async (_payload: unknown, context: HandlerContext) => {
    calls.push(`${name}<-${context.operationId}/${context.messageName}`);
  };
  const lines: string[] = [];
  const capturing: Logger = {
    debug: () => undefined,
    info: (first: object | string, message?: string) =>
      void lines.push(typeof first === 'string' ? first : (message ?? '')),
    warn: () => undefined,
    error: () => undefined,
    child: () => capturing,
  };
  const oneUrlReceiver = createReceiver({
    operations: shared,
    handlers: {
      onPush: named('onPush'),
      onMention: named('onMention'),
      onReaction: named('onReaction'),
    },
    config: loadConfig({}, shared),
    logger: capturing,
  });
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    oneUrlReceiver.handle({ ...webhook(payload, headers), operationId: 'onPush', params: {} });

  for (const [what, payload, headers, expected] of [
    ['a header', {}, { 'x-event': 'push' }, 'onPush<-onPush/push'],
    ['a nested value', { event: { type: 'app_mention' } }, {}, 'onMention<-onMention/app_mention'],
    [
      'another nested value',
      { event: { type: 'reaction_added' } },
      {},
      'onReaction<-onReaction/reaction_added',
    ],
  ] as const) {
    it(`reaches the operation recognised by ${what}, whichever operation the route was entered by`, async () => {
      calls.length = 0;
      const result = await post(payload, headers);
      assert.equal(result.status, 200);
      assert.deepEqual(calls, [expected]);
    });
  }

  it('acknowledges an event no operation declares, with an ignored log line', async () => {
    calls.length = 0;
    lines.length = 0;
    const result = await post({ event: { type: 'team_join' } });
    assert.deepEqual(result, { status: 200, body: { ok: true, ignored: true } });
    assert.deepEqual(calls, []);
    assert.ok(lines.some((line) => line.startsWith('ignored')));
  });

  it('answers 400 for a recognised event whose payload is invalid', async () => {
    calls.length = 0;
    const result = await post({ event: { type: 'app_mention' }, ts: 5 });
    assert.equal(result.status, 400);
    assert.equal(result.operationId, 'onMention');
    assert.equal(result.body.error, 'invalid payload');
    assert.deepEqual(calls, []);
  });
});

// pickMessage and lookup on their own: which message wins, and what is said about the others.
interface Candidate {
  readonly spec: MessageSpec;
  readonly operationId: string;
  fits(payload: unknown): boolean;
}
const candidate = (
  operationId: string,
  name: string,
  match: MessageMatch | undefined,
  fits: boolean,
): Candidate => ({
  spec: { name, schema: {}, ...(match === undefined ? {} : { match }) },
  operationId,
  fits: () => fits,
});
const names = (picked: { message?: Candidate; alsoFits: readonly Candidate[] }) => ({
  message: picked.message?.spec.name,
  alsoFits: picked.alsoFits.map((m) => m.spec.name),
});

describe('pickMessage', () => {
  it('takes the only message of a route as it is, rule or not', () => {
    const only = candidate('op', 'ONLY', { headers: { 'x-kind': 'only' } }, false);
    assert.deepEqual(names(pickMessage([only], {}, {})), { message: 'ONLY', alsoFits: [] });
  });

  it('a message recognised by a rule comes with no "also fits"', () => {
    const byHeader = candidate('a', 'BY_HEADER', { headers: { 'x-kind': 'h' } }, true);
    const rest = candidate('b', 'REST', undefined, true);
    assert.deepEqual(names(pickMessage([byHeader, rest], { 'x-kind': 'h' }, {})), {
      message: 'BY_HEADER',
      alsoFits: [],
    });
  });

  it('reads the first value of a repeated header', () => {
    const byHeader = candidate('a', 'BY_HEADER', { headers: { 'x-kind': 'h' } }, false);
    const rest = candidate('b', 'REST', undefined, true);
    assert.equal(pickMessage([byHeader, rest], { 'x-kind': ['h', 'other'] }, {}).message, byHeader);
    assert.equal(pickMessage([byHeader, rest], { 'x-kind': ['other', 'h'] }, {}).message, rest);
  });

  it('needs every fixed header and every fixed value of a rule, not some', () => {
    const both = candidate('a', 'BOTH', { headers: { 'x-a': '1', 'x-b': '2' } }, true);
    const values = candidate('a', 'VALUES', { payload: { kind: 'k', '/meta/v': 2 } }, true);
    const keys = candidate('a', 'KEYS', { requiredKeys: ['x', 'y'] }, true);
    const rest = candidate('b', 'REST', undefined, true);
    const all = [both, values, keys, rest];
    assert.equal(pickMessage(all, { 'x-a': '1' }, {}).message, rest);
    assert.equal(pickMessage(all, {}, { kind: 'k', meta: { v: 3 } }).message, rest);
    assert.equal(pickMessage(all, {}, { x: 1 }).message, rest);
    assert.equal(pickMessage(all, { 'x-a': '1', 'x-b': '2' }, {}).message, both);
    assert.equal(pickMessage(all, {}, { kind: 'k', meta: { v: 2 } }).message, values);
    assert.equal(pickMessage(all, {}, { x: 1, y: null }).message, keys);
  });

  it('an empty rule recognises nothing, and leaves its message to schema validation', () => {
    for (const match of [{}, { headers: {} }, { payload: {} }, { requiredKeys: [] }]) {
      const empty = candidate('a', 'EMPTY', match, false);
      const fitting = candidate('b', 'FITS', undefined, true);
      // The empty rule does not claim the request (every() of nothing is not a match) ...
      assert.equal(pickMessage([empty, fitting], {}, {}).message, fitting, JSON.stringify(match));
      // ... and its message is picked by its schema, as a message without a rule.
      const emptyFits = candidate('a', 'EMPTY', match, true);
      assert.equal(pickMessage([emptyFits, fitting], {}, {}).message, emptyFits);
    }
  });

  it('never picks by schema a message whose own rule failed, whichever kind of rule', () => {
    for (const match of [
      { headers: { 'x-kind': 'k' } },
      { payload: { kind: 'k' } },
      { requiredKeys: ['kind'] },
    ]) {
      const ruled = candidate('a', 'RULED', match, true);
      const other = candidate('b', 'OTHER', { headers: { 'x-other': 'o' } }, true);
      assert.deepEqual(names(pickMessage([ruled, other], {}, { other: true })), {
        message: undefined,
        alsoFits: [],
      });
    }
  });

  it('by schema: the first that fits wins, and other operations that fit too are named', () => {
    const first = candidate('opA', 'A1', undefined, true);
    const sameOperation = candidate('opA', 'A2', undefined, true);
    const misfit = candidate('opC', 'C', undefined, false);
    const otherOperation = candidate('opB', 'B', undefined, true);
    assert.deepEqual(names(pickMessage([misfit, first, sameOperation, otherOperation], {}, {})), {
      message: 'A1',
      alsoFits: ['B'],
    });
    assert.deepEqual(names(pickMessage([first, misfit], {}, {})), {
      message: 'A1',
      alsoFits: [],
    });
    assert.deepEqual(names(pickMessage([misfit, misfit], {}, {})), {
      message: undefined,
      alsoFits: [],
    });
  });
});

describe('lookup', () => {
  it('resolves top-level keys as they are, slashes included', () => {
    assert.equal(lookup({ 'a/b': 1, '': 2 }, 'a/b'), 1);
    const payload = { a: { b: 1 } };
    assert.equal(lookup(payload, 'a'), payload.a);
    assert.equal(lookup(payload, '/a'), payload.a);
  });

  it('decodes ~1 and ~0 in JSON pointers (RFC 6901), ~1 first', () => {
    const payload = { 'a/b': { 'c~d': 'x' }, '~1': 'tilde-one', '': { '': 'empty' } };
    assert.equal(lookup(payload, '/a~1b/c~0d'), 'x');
    assert.equal(lookup(payload, '/~01'), 'tilde-one');
    assert.equal(lookup(payload, '/a~1b'), payload['a/b']);
    assert.equal(lookup(payload, '//'), 'empty');
    assert.equal(lookup(payload, '/ab'), undefined);
  });

  it('finds only own keys of objects and arrays, nothing through a string, null or a prototype', () => {
    const payload = { s: 'text', n: null, list: ['zero', 'one'], o: {} };
    assert.equal(lookup(payload, '/list/1'), 'one');
    assert.equal(lookup(payload, '/s/length'), undefined);
    assert.equal(lookup(payload, '/n/x'), undefined);
    assert.equal(lookup(payload, '/o/toString'), undefined);
    assert.equal(lookup(payload, 'constructor'), undefined);
    assert.equal(lookup(payload, '/missing/deeper'), undefined);
    assert.equal(lookup('text', 'length'), undefined);
    assert.equal(lookup(null, 'x'), undefined);
    assert.equal(lookup(payload, '/n'), null);
  });
});
