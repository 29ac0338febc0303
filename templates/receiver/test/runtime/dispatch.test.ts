import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/generated/runtime/config';
import { createReceiver, type IncomingWebhook } from '../../src/generated/runtime/core';
import type {
  HandlerContext,
  HandlerEntry,
  Logger,
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
  signatureHeader: null,
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
    // Both ORDER_V1 ({ id }) and ORDER_NOTE ({ note }) validate: the first one listed wins.
    ['the first schema that validates', webhook({ id: 1, note: 'n' }), 'ORDER_V1'],
    ['the only schema that validates', webhook({ note: 'n' }), 'ORDER_NOTE'],
  ] as const) {
    it(`picks by ${rule}`, async () => {
      seen.length = 0;
      const result = await byFunction.handle(request);
      assert.deepEqual(result, { status: 200, body: { ok: true }, messageName: expected });
      assert.deepEqual(seen, [`${expected}:o-1`]);
    });
  }

  it('answers 400 naming the candidates when nothing matches', async () => {
    seen.length = 0;
    const result = await byFunction.handle(webhook({ other: true }));
    assert.deepEqual(result, {
      status: 400,
      body: {
        error: 'payload matches no message',
        candidates: ['ORDER_V1', 'ORDER_PAID', 'ORDER_SHIPPED', 'ORDER_NOTE'],
      },
    });
    assert.deepEqual(seen, []);
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
