import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/generated/runtime/config';
import { createReceiver, type IncomingWebhook } from '../../src/generated/runtime/core';
import type {
  HandlerContext,
  HandlerEntry,
  JsonSchema,
  Logger,
  MessageMatch,
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
