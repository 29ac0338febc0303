import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NonceStore,
  profiles,
  signHmacSha256,
  signSinch,
  type VerifyRequest,
} from '../../src/generated/runtime/signature';
import fixture from '../fixtures/signature-vectors.json';

const now = () => Date.now() / 1000;

function request(overrides: Partial<VerifyRequest>): VerifyRequest {
  return {
    headers: {},
    rawBody: Buffer.alloc(0),
    secrets: ['secret'],
    toleranceSeconds: 300,
    nowSeconds: now(),
    nonces: new NonceStore(100),
    ...overrides,
  };
}

describe('sinch profile', () => {
  for (const vector of fixture.vectors) {
    const headers = {
      'x-sinch-webhook-signature': vector.expected_signature,
      'x-sinch-webhook-signature-nonce': vector.nonce,
      'x-sinch-webhook-signature-timestamp': vector.timestamp,
      'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
    };
    // The vectors date from 2021 and share a nonce: window off, fresh nonce store each.
    const known = (body: string, secrets = [vector.secret]) =>
      profiles.sinch.verify(
        request({ headers, rawBody: Buffer.from(body), secrets, toleranceSeconds: 0 }),
      );

    it(`verifies the known-answer vector ${vector.id}`, () => {
      assert.deepEqual(known(vector.body), { ok: true });
      assert.deepEqual(known(vector.body, ['other', vector.secret]), { ok: true });
    });

    it(`signs ${vector.id} like Sinch does`, () => {
      const signed = signSinch(vector.body, vector.secret, {
        nonce: vector.nonce,
        timestamp: Number(vector.timestamp),
      });
      assert.equal(signed['x-sinch-webhook-signature'], vector.expected_signature);
    });

    it(`rejects ${vector.id} with another body or secret`, () => {
      assert.deepEqual(known(`${vector.body} `), { ok: false, reason: 'bad_signature' });
      assert.deepEqual(known(vector.body, ['foo_secret1235']), {
        ok: false,
        reason: 'bad_signature',
      });
    });
  }

  it('rejects malformed headers', () => {
    const body = Buffer.from('{}');
    const headers = signSinch(body, 'secret');
    const verify = (changes: Record<string, string | string[] | undefined>) =>
      profiles.sinch.verify(request({ rawBody: body, headers: { ...headers, ...changes } }));
    assert.deepEqual(verify({ 'x-sinch-webhook-signature-timestamp': '12:00' }), {
      ok: false,
      reason: 'malformed_timestamp',
    });
    assert.deepEqual(verify({ 'x-sinch-webhook-signature': 'not base64!' }), {
      ok: false,
      reason: 'malformed_signature',
    });
    assert.deepEqual(verify({ 'x-sinch-webhook-signature': ['a', 'b'] }), {
      ok: false,
      reason: 'missing_signature',
    });
    assert.deepEqual(verify({}), { ok: true });
  });

  it('accepts a timestamp inside the window, ahead or behind', () => {
    const body = Buffer.from('{}');
    for (const offset of [-299, 299]) {
      const headers = signSinch(body, 'secret', { timestamp: Math.floor(now()) + offset });
      assert.deepEqual(profiles.sinch.verify(request({ rawBody: body, headers })), { ok: true });
    }
  });
});

describe('NonceStore', () => {
  it('refuses a nonce until it expires', () => {
    const store = new NonceStore(10);
    assert.equal(store.add('a', 100, 50), true);
    assert.equal(store.add('a', 100, 99), false);
    assert.equal(store.add('a', 200, 101), true);
  });

  it('keeps at most maxEntries, evicting the oldest', () => {
    const store = new NonceStore(3);
    for (const nonce of ['a', 'b', 'c', 'd']) assert.equal(store.add(nonce, Infinity, 0), true);
    assert.equal(store.size, 3);
    assert.equal(store.add('b', Infinity, 0), false);
    assert.equal(store.add('a', Infinity, 0), true); // 'a' was evicted
  });

  it('drops expired entries from the oldest end', () => {
    const store = new NonceStore(100);
    store.add('a', 10, 0);
    store.add('b', 20, 0);
    store.add('c', 100, 50);
    assert.equal(store.size, 1);
  });
});

describe('hmac-sha256 profile', () => {
  const body = Buffer.from('{"hello":"world"}');
  const verify = (headers: Record<string, string>, header?: string) =>
    profiles['hmac-sha256'].verify(request({ rawBody: body, headers, header }));

  it('accepts the hex digest with or without the sha256= prefix, in any case', () => {
    const signed = signHmacSha256(body, 'secret')['x-hub-signature-256'] ?? '';
    assert.match(signed, /^sha256=[0-9a-f]{64}$/);
    assert.deepEqual(verify({ 'x-hub-signature-256': signed }), { ok: true });
    assert.deepEqual(verify({ 'x-hub-signature-256': signed.slice(7) }), { ok: true });
    assert.deepEqual(verify({ 'x-hub-signature-256': signed.toUpperCase() }), { ok: true });
  });

  it('reads the header the document names', () => {
    const headers = signHmacSha256(body, 'secret', { header: 'x-signature' });
    assert.deepEqual(verify(headers, 'x-signature'), { ok: true });
    assert.deepEqual(verify(headers), { ok: false, reason: 'missing_signature' });
  });

  it('rejects wrong or malformed digests', () => {
    const wrong = signHmacSha256(body, 'other');
    assert.deepEqual(verify(wrong), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(verify({ 'x-hub-signature-256': 'sha256=abc' }), {
      ok: false,
      reason: 'malformed_signature',
    });
  });
});
