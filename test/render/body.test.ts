import * as runtime from '../../templates/receiver/src/generated/runtime/body';
import { acceptedList, bodyKind, formSample } from '../../src/render/body';

// The generator decides what a route accepts and types its handler from the content type;
// the receiver decodes by the same rules. The two must agree on every content type.
describe('body kinds: generator and receiver agree', () => {
  test.each([
    [undefined, 'json'],
    ['application/json', 'json'],
    ['Application/JSON; charset=utf-8', 'json'],
    ['application/cloudevents+json', 'json'],
    ['application/x-www-form-urlencoded', 'form'],
    ['application/x-www-form-urlencoded;charset=UTF-8', 'form'],
    ['text/plain', 'text'],
    ['text/csv', 'text'],
    ['application/xml', 'text'],
    ['application/atom+xml', 'text'],
    ['application/octet-stream', 'binary'],
    ['image/png', 'binary'],
    ['multipart/form-data', 'binary'],
  ])('%s is %s', (contentType, kind) => {
    expect(bodyKind(contentType)).toBe(kind);
    expect(runtime.bodyKind(runtime.mediaTypeOf(contentType) ?? 'application/json')).toBe(kind);
  });

  test('accepted lists match', () => {
    const types = [
      undefined,
      'text/plain',
      'application/json',
      'Application/X-WWW-Form-URLEncoded',
    ];
    expect(acceptedList(types)).toEqual([
      'application/json',
      'application/*+json',
      'text/plain',
      'application/x-www-form-urlencoded',
    ]);
    expect(runtime.acceptedBodies(types).list).toEqual(acceptedList(types));
  });
});

describe('formSample', () => {
  test('encodes scalars and arrays, and leaves out what a form cannot carry', () => {
    const { body, payload } = formSample({
      Sid: 'SM1',
      Count: 2,
      Final: true,
      Tags: ['a b', 'c&d'],
      Empty: [],
      Nested: { x: 1 },
      Nothing: null,
    });
    expect(body).toBe('Sid=SM1&Count=2&Final=true&Tags=a+b&Tags=c%26d');
    expect(payload).toEqual({ Sid: 'SM1', Count: 2, Final: true, Tags: ['a b', 'c&d'] });
    expect(runtime.decodeForm(Buffer.from(body))).toEqual({
      Sid: 'SM1',
      Count: '2',
      Final: 'true',
      Tags: ['a b', 'c&d'],
    });
  });
});
