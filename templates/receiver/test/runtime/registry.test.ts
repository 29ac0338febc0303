import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyPolicy } from '../../src/generated/runtime/body';
import { ConfigError, loadConfig } from '../../src/generated/runtime/config';
import { createReceiver } from '../../src/generated/runtime/core';
import type {
  HandlerContext,
  JsonSchema,
  Logger,
  OperationSpec,
  SchemaRegistry,
} from '../../src/generated/runtime/types';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

const FORM = 'application/x-www-form-urlencoded';

// Named schemas as `schemas.ts` states them: once, referred to by `$id` from the messages and
// by `#/$defs/...` from each other (a key with `/` and a space, written as a pointer token).
const definitions: SchemaRegistry = {
  $id: 'hookwright:schemas',
  $defs: {
    Order: {
      type: 'object',
      required: ['id', 'customer'],
      properties: { id: { type: 'integer' }, customer: { $ref: '#/$defs/a~1b%20c' } },
    },
    'a/b c': { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    Count: { type: 'object', properties: { n: { type: 'integer' } } },
    Unused: JSON.parse('{"properties":{"__proto__":{"type":"object"}}}') as JsonSchema,
  },
};

const ref = (name: string) => ({ $ref: `hookwright:schemas#/$defs/${name}` });

function operation(operationId: string, name: string, contentType?: string): OperationSpec {
  return {
    operationId,
    method: 'POST',
    path: `/${operationId}`,
    address: `/${operationId}`,
    parameters: [],
    signature: null,
    definitions,
    messages: [{ name, schema: ref(name), ...(contentType ? { contentType } : {}) }],
  };
}

const order = operation('order', 'Order');
const operations = [order, operation('count', 'Count', FORM)];

describe('a schema registry shared by the operations', () => {
  const calls: unknown[] = [];
  const record = async (payload: unknown, _context: HandlerContext) => {
    calls.push(payload);
  };
  const receiver = createReceiver({
    operations,
    handlers: { order: record, count: record },
    config: loadConfig({}, operations),
    logger: silent,
  });
  const send = (operationId: string, contentType: string, body: string) => {
    calls.length = 0;
    return receiver.handle({
      operationId,
      headers: { 'content-type': contentType },
      rawBody: Buffer.from(body),
      params: {},
      requestId: 'r-1',
    });
  };

  it('validates through references into it, and between its schemas', async () => {
    const good = await send('order', 'application/json', '{"id":1,"customer":{"name":"Ann"}}');
    assert.equal(good.status, 200);
    assert.deepEqual(calls, [{ id: 1, customer: { name: 'Ann' } }]);
    const bad = await send('order', 'application/json', '{"id":1,"customer":{"name":2}}');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details, ['/customer/name must be string']);
    assert.equal(calls.length, 0);
  });

  it('coerces a form body by the named schema it refers to', async () => {
    assert.equal((await send('count', FORM, 'n=3')).status, 200);
    assert.deepEqual(calls, [{ n: 3 }]);
    assert.equal((await send('count', FORM, 'n=three')).status, 400);
  });

  it('refuses two different registries under one $id', () => {
    const other = { ...operation('other', 'Order'), definitions: { ...definitions } };
    assert.throws(
      () =>
        createReceiver({
          operations: [order, other],
          handlers: { order: record, other: record },
          config: loadConfig({}, [order, other]),
          logger: silent,
        }),
      (error) => error instanceof ConfigError && /hookwright:schemas/.test(error.message),
    );
  });
});

describe('the key policy through a registry', () => {
  const proto = JSON.parse('{"properties":{"__proto__":{"type":"object"}}}') as JsonSchema;
  const withProto: SchemaRegistry = {
    $id: 'hookwright:schemas',
    $defs: { Outer: { properties: { inner: { $ref: '#/$defs/Inner' } } }, Inner: proto, Other: {} },
  };

  it('follows references into the registry, and from one named schema to another', () => {
    assert.equal(keyPolicy([ref('Outer')], [withProto]).proto, true);
    assert.equal(keyPolicy([ref('Inner')], [withProto]).proto, true);
  });

  it('counts only the named schemas a reference reaches', () => {
    assert.equal(keyPolicy([ref('Other')], [withProto]).proto, false);
    // `Unused` declares __proto__, but no message refers to it.
    assert.equal(keyPolicy([ref('Order')], [definitions]).proto, false);
    assert.equal(keyPolicy([ref('Outer')], []).proto, false);
  });
});
