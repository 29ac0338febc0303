/**
 * Request hygiene in the receiver's body decoding (issue 12, item 3): content codings and
 * charsets it does not decode are refused with 415, a UTF-8 BOM is accepted, and keys that
 * poison prototypes are refused with 400 (Fastify's default) unless a schema declares them.
 */
import {
  acceptedBodies,
  decodeBody,
  keyPolicy,
} from '../../templates/receiver/src/generated/runtime/body';

const json = acceptedBodies([undefined]);
const all = acceptedBodies([undefined, 'text/plain', 'application/x-www-form-urlencoded']);
const decode = (
  headers: Record<string, string | string[]>,
  body: string | Buffer,
  accepted = all,
  keys = keyPolicy([]),
) => decodeBody(accepted, headers, Buffer.isBuffer(body) ? body : Buffer.from(body), keys);

describe('Content-Encoding', () => {
  test.each(['gzip', 'deflate', 'br', 'GZIP', 'identity, gzip', 'x-custom'])(
    '%s is refused with 415',
    (encoding) => {
      expect(
        decode({ 'content-type': 'application/json', 'content-encoding': encoding }, '{}'),
      ).toEqual({
        ok: false,
        status: 415,
        error: 'unsupported content encoding',
        accepted: ['identity'],
      });
    },
  );
  test.each(['identity', 'Identity', ''])('"%s" is the body as sent', (encoding) => {
    expect(
      decode({ 'content-type': 'application/json', 'content-encoding': encoding }, '{"a":1}'),
    ).toMatchObject({ ok: true, value: { a: 1 } });
  });
});

describe('charset', () => {
  test.each([
    'application/json; charset=utf-16',
    'application/json; charset="UTF-16LE"',
    'text/plain; charset=iso-8859-1',
    'application/x-www-form-urlencoded; charset=windows-1252',
  ])('%s is refused with 415', (contentType) => {
    expect(decode({ 'content-type': contentType }, '{}')).toEqual({
      ok: false,
      status: 415,
      error: 'unsupported charset',
      accepted: ['utf-8'],
    });
  });
  test.each([
    'application/json; charset=utf-8',
    'application/json;charset="UTF-8"',
    'application/json; Charset=utf8',
    'application/json; charset=us-ascii',
  ])('%s is decoded', (contentType) => {
    expect(decode({ 'content-type': contentType }, '{"a":"b"}')).toMatchObject({
      ok: true,
      value: { a: 'b' },
    });
  });
  test('a binary body has no charset to check', () => {
    const binary = acceptedBodies(['application/octet-stream']);
    expect(
      decode(
        { 'content-type': 'application/octet-stream; charset=utf-16' },
        Buffer.from([1, 2]),
        binary,
      ),
    ).toMatchObject({ ok: true, kind: 'binary' });
  });
});

test('a leading UTF-8 BOM is accepted in JSON', () => {
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
  expect(decode({ 'content-type': 'application/json' }, body, json)).toMatchObject({
    ok: true,
    value: { a: 1 },
  });
  expect(decode({ 'content-type': 'application/json' }, '{"a":', json)).toEqual({
    ok: false,
    status: 400,
    error: 'malformed JSON',
  });
});

describe('prototype poisoning', () => {
  const forbidden = { ok: false, status: 400, error: 'forbidden key' };
  test.each([
    '{"__proto__":{"admin":true}}',
    '{"a":[{"b":{"__proto__":{"x":1}}}]}',
    '{"\\u005f_proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
  ])('%s is refused with 400', (body) => {
    expect(decode({ 'content-type': 'application/json' }, body, json)).toEqual(forbidden);
  });
  test('a form body with a __proto__ key is refused with 400', () => {
    expect(
      decode({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1&__proto__=x'),
    ).toEqual(forbidden);
  });
  test('a plain constructor value is not poisoning', () => {
    expect(
      decode({ 'content-type': 'application/json' }, '{"constructor":"Foo"}', json),
    ).toMatchObject({ ok: true, value: { constructor: 'Foo' } });
  });
  test('a schema that declares __proto__ accepts it, as an own property', () => {
    const schema = {
      type: 'object',
      properties: {
        nested: { type: 'object', properties: JSON.parse('{"__proto__":{}}') as object },
      },
    };
    const keys = keyPolicy([schema]);
    expect(keys).toEqual({ proto: true, constructorPrototype: false });
    const result = decode(
      { 'content-type': 'application/json' },
      '{"nested":{"__proto__":{"x":1}}}',
      json,
      keys,
    );
    expect(result.ok).toBe(true);
    const value = (result as { value: { nested: object } }).value;
    expect(Object.hasOwn(value.nested, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value.nested)).toBe(Object.prototype);
    // The other key is still refused.
    expect(
      decode(
        { 'content-type': 'application/json' },
        '{"constructor":{"prototype":{}}}',
        json,
        keys,
      ),
    ).toEqual(forbidden);
  });
  test('a schema that declares constructor.prototype accepts it', () => {
    const keys = keyPolicy([
      { properties: { constructor: { properties: { prototype: { type: 'object' } } } } },
    ]);
    expect(keys).toEqual({ proto: false, constructorPrototype: true });
    expect(
      decode(
        { 'content-type': 'application/json' },
        '{"constructor":{"prototype":{}}}',
        json,
        keys,
      ),
    ).toMatchObject({ ok: true });
  });
});
