import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptedBodies,
  bodyKind,
  decodeBody,
  decodeForm,
  keyPolicy,
  mediaTypeOf,
} from '../../src/generated/runtime/body';
import { loadConfig } from '../../src/generated/runtime/config';
import { createReceiver } from '../../src/generated/runtime/core';
import type { HandlerContext, Logger, OperationSpec } from '../../src/generated/runtime/types';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

const FORM = 'application/x-www-form-urlencoded';

describe('body kinds and media types', () => {
  for (const [mediaType, kind] of [
    ['application/json', 'json'],
    ['application/cloudevents+json', 'json'],
    [FORM, 'form'],
    ['text/plain', 'text'],
    ['text/csv', 'text'],
    ['application/xml', 'text'],
    ['application/soap+xml', 'text'],
    ['application/octet-stream', 'binary'],
    ['image/png', 'binary'],
  ] as const) {
    it(`${mediaType} is ${kind}`, () => assert.equal(bodyKind(mediaType), kind));
  }

  it('drops parameters and case', () => {
    assert.equal(mediaTypeOf('Application/X-WWW-Form-URLEncoded; charset=UTF-8'), FORM);
    assert.equal(mediaTypeOf(['text/plain', 'application/json']), 'text/plain');
    assert.equal(mediaTypeOf(''), undefined);
    assert.equal(mediaTypeOf(undefined), undefined);
  });

  it('lists what a route accepts, the JSON family once', () => {
    const accepted = acceptedBodies([undefined, 'application/json', FORM, 'text/plain', FORM]);
    assert.deepEqual(accepted.list, ['application/json', 'application/*+json', FORM, 'text/plain']);
  });
});

describe('decodeBody', () => {
  const route = acceptedBodies([FORM, 'text/plain', 'application/octet-stream']);
  const decode = (contentType: string | undefined, body: string | Buffer) =>
    decodeBody(
      route,
      contentType === undefined ? {} : { 'content-type': contentType },
      Buffer.from(body),
    );

  it('decodes a form into strings, a repeated key into an array', () => {
    assert.deepEqual(decode(`${FORM}; charset=utf-8`, 'a=1&b=x+y&b=%C3%A9&c='), {
      ok: true,
      kind: 'form',
      mediaType: FORM,
      value: { a: '1', b: ['x y', 'é'], c: '' },
    });
  });

  it('gives text as a string and anything else as the bytes', () => {
    assert.deepEqual(decode('text/plain', 'hello'), {
      ok: true,
      kind: 'text',
      mediaType: 'text/plain',
      value: 'hello',
    });
    const bytes = Buffer.from([0, 255, 1]);
    const binary = decode('application/octet-stream', bytes);
    assert.ok(binary.ok && Buffer.isBuffer(binary.value));
    assert.deepEqual(binary.value, bytes);
  });

  it('answers 415 with the accepted list for another type, or none', () => {
    const refused = {
      ok: false,
      status: 415,
      error: 'unsupported content type',
      accepted: [FORM, 'text/plain', 'application/octet-stream'],
    };
    assert.deepEqual(decode('application/json', '{}'), refused);
    assert.deepEqual(decode('text/csv', 'a,b'), refused);
    assert.deepEqual(decode(undefined, 'a=1'), refused);
  });

  it('answers 400 for malformed JSON on a JSON route, and accepts the +json family', () => {
    const json = acceptedBodies([undefined]);
    const headers = { 'content-type': 'application/vnd.example+json' };
    assert.deepEqual(decodeBody(json, headers, Buffer.from('{"a":')), {
      ok: false,
      status: 400,
      error: 'malformed JSON',
    });
    assert.deepEqual(decodeBody(json, headers, Buffer.from('{"a":1}')), {
      ok: true,
      kind: 'json',
      mediaType: 'application/vnd.example+json',
      value: { a: 1 },
    });
  });

  it('keeps __proto__ as an own key of a form', () => {
    const form = decodeForm(Buffer.from('__proto__=x&constructor=y'));
    assert.equal(Object.getPrototypeOf(form), Object.prototype);
    assert.deepEqual(Object.keys(form), ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});

describe('request hygiene', () => {
  const json = acceptedBodies([undefined, FORM]);
  const decode = (headers: Record<string, string>, body: string | Buffer, keys = keyPolicy([])) =>
    decodeBody(json, headers, Buffer.from(body), keys);

  it('answers 415 to a content coding it does not decode', () => {
    for (const coding of ['gzip', 'br', 'identity, gzip']) {
      const result = decode(
        { 'content-type': 'application/json', 'content-encoding': coding },
        '{}',
      );
      assert.deepEqual(result, {
        ok: false,
        status: 415,
        error: 'unsupported content encoding',
        accepted: ['identity'],
      });
    }
    const identity = decode(
      { 'content-type': 'application/json', 'content-encoding': 'identity' },
      '{}',
    );
    assert.equal(identity.ok, true);
  });

  it('answers 415 to a charset other than UTF-8', () => {
    const result = decode({ 'content-type': 'application/json; charset=utf-16' }, '{}');
    assert.deepEqual(result, {
      ok: false,
      status: 415,
      error: 'unsupported charset',
      accepted: ['utf-8'],
    });
    assert.equal(decode({ 'content-type': 'application/json; charset="UTF-8"' }, '{}').ok, true);
  });

  it('accepts a leading byte order mark in JSON', () => {
    const result = decode({ 'content-type': 'application/json' }, '\ufeff{"a":1}');
    assert.deepEqual(result.ok && result.value, { a: 1 });
  });

  it('answers 400 to __proto__ and constructor.prototype keys, unless a schema declares them', () => {
    const forbidden = { ok: false, status: 400, error: 'forbidden key' };
    const type = { 'content-type': 'application/json' };
    assert.deepEqual(decode(type, '{"a":{"__proto__":{"x":1}}}'), forbidden);
    assert.deepEqual(decode(type, '{"constructor":{"prototype":{"x":1}}}'), forbidden);
    assert.deepEqual(decode({ 'content-type': FORM }, 'a=1&__proto__=x'), forbidden);
    const declared = keyPolicy([{ properties: JSON.parse('{"__proto__":{"type":"object"}}') }]);
    assert.equal(decode(type, '{"__proto__":{"x":1}}', declared).ok, true);
  });
});

// A route with a form message, a JSON message and a text message.
const operation = {
  operationId: 'receiveStatus',
  method: 'POST',
  path: '/status',
  address: '/status',
  parameters: [],
  signature: null,
  messages: [
    {
      name: 'STATUS',
      contentType: FORM,
      schema: {
        type: 'object',
        properties: {
          Sid: { type: 'string' },
          Price: { type: 'number' },
          Segments: { type: 'integer' },
          Final: { type: 'boolean' },
          Tags: { type: 'array', items: { type: 'string' } },
          Codes: { type: 'array', items: { type: 'integer' } },
        },
        required: ['Sid'],
      },
    },
    { name: 'JSON_STATUS', schema: { type: 'object', properties: { sid: { type: 'string' } } } },
    { name: 'NOTE', contentType: 'text/plain', schema: { type: 'string', maxLength: 5 } },
  ],
} as const satisfies OperationSpec;

describe('receiver with non-JSON bodies', () => {
  const calls: Array<{ payload: unknown; messageName: string }> = [];
  const record = async (payload: unknown, context: HandlerContext) => {
    calls.push({ payload, messageName: context.messageName });
  };
  const receiver = createReceiver({
    operations: [operation],
    handlers: { receiveStatus: record },
    config: loadConfig({}, [operation]),
    logger: silent,
  });
  const send = (contentType: string, body: string) => {
    calls.length = 0;
    return receiver.handle({
      operationId: 'receiveStatus',
      headers: { 'content-type': contentType },
      rawBody: Buffer.from(body),
      params: {},
      requestId: 'r-1',
    });
  };

  it('coerces form values to the declared types, single values to declared arrays', async () => {
    const result = await send(
      FORM,
      'Sid=SM1&Price=-0.75&Segments=2&Final=true&Tags=a&Codes=1&Codes=2',
    );
    assert.equal(result.status, 200);
    assert.deepEqual(calls, [
      {
        messageName: 'STATUS',
        payload: { Sid: 'SM1', Price: -0.75, Segments: 2, Final: true, Tags: ['a'], Codes: [1, 2] },
      },
    ]);
  });

  it('answers 400 when a form value cannot be coerced', async () => {
    const result = await send(FORM, 'Sid=SM1&Segments=two');
    assert.equal(result.status, 400);
    assert.equal(result.body.error, 'invalid payload');
    assert.deepEqual(result.body.details, ['/Segments must be integer']);
    assert.equal(calls.length, 0);
  });

  it('picks the message by content type', async () => {
    assert.equal((await send('application/json', '{"sid":"x"}')).status, 200);
    assert.deepEqual(calls, [{ messageName: 'JSON_STATUS', payload: { sid: 'x' } }]);
    assert.equal((await send('text/plain; charset=utf-8', 'hi')).status, 200);
    assert.deepEqual(calls, [{ messageName: 'NOTE', payload: 'hi' }]);
  });

  it('validates a text body against a string schema', async () => {
    const result = await send('text/plain', 'too long');
    assert.equal(result.status, 400);
    assert.equal(calls.length, 0);
  });

  it('answers 415 with the accepted list', async () => {
    const result = await send('application/octet-stream', 'x');
    assert.deepEqual(result, {
      status: 415,
      body: {
        error: 'unsupported content type',
        accepted: [
          'application/x-www-form-urlencoded',
          'application/json',
          'application/*+json',
          'text/plain',
        ],
      },
    });
  });
});
