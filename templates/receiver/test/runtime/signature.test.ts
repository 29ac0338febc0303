import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  profiles,
  signHmacSha256,
  signSinch,
  type VerifyRequest,
} from '../../src/generated/runtime/signature';
import { MemoryReplayStore } from '../../src/generated/runtime/replay';
import fixture from '../fixtures/signature-vectors.json';

const now = () => Date.now() / 1000;

function request(overrides: Partial<VerifyRequest>): VerifyRequest {
  return {
    headers: {},
    rawBody: Buffer.alloc(0),
    secrets: ['secret'],
    toleranceSeconds: 300,
    nowSeconds: now(),
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
    // The vectors date from 2021 and share a nonce: window off, no replay store involved.
    const known = (body: string, secrets = [vector.secret]) =>
      profiles.sinch.verify(
        request({ headers, rawBody: Buffer.from(body), secrets, toleranceSeconds: 0 }),
      );

    it(`verifies the known-answer vector ${vector.id}`, () => {
      const expected = {
        ok: true,
        replay: { key: `sinch:${vector.nonce}`, expiresAt: Infinity },
        deliveryId: vector.nonce,
      };
      assert.deepEqual(known(vector.body), expected);
      assert.deepEqual(known(vector.body, ['other', vector.secret]), expected);
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
    assert.equal(verify({}).ok, true);
  });

  it('accepts a timestamp inside the window, ahead or behind', () => {
    const body = Buffer.from('{}');
    for (const offset of [-299, 299]) {
      const timestamp = Math.floor(now()) + offset;
      const headers = signSinch(body, 'secret', { timestamp });
      const verdict = profiles.sinch.verify(request({ rawBody: body, headers }));
      assert.equal(verdict.ok, true);
      assert.equal(verdict.ok && verdict.replay?.expiresAt, timestamp + 300);
    }
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

describe('MemoryReplayStore', () => {
  it('refuses a key until it expires', async () => {
    const store = new MemoryReplayStore(10);
    assert.equal(await store.claim('a', 100, 50), true);
    assert.equal(await store.claim('a', 100, 99), false);
    assert.equal(await store.claim('a', 100, 100), false);
    assert.equal(await store.claim('a', 200, 101), true);
  });

  it('forgets nothing before it expires, however many keys arrive', async () => {
    const store = new MemoryReplayStore(100_000);
    for (let i = 0; i < 50_000; i += 1) assert.equal(await store.claim(`k${i}`, 1000, 0), true);
    assert.equal(await store.claim('k0', 1000, 500), false);
    assert.equal(store.size, 50_000);
  });

  it('drops expired entries', async () => {
    const store = new MemoryReplayStore(100);
    await store.claim('a', 10, 0);
    await store.claim('b', 20, 0);
    await store.claim('c', 100, 50);
    assert.equal(store.size, 1);
  });

  it('fails closed when full of unexpired keys, and recovers once they expire', async () => {
    const store = new MemoryReplayStore(2);
    await store.claim('a', 100, 0);
    await store.claim('b', 100, 0);
    await assert.rejects(store.claim('c', 100, 1), { name: 'ReplayStoreUnavailableError' });
    assert.equal(await store.claim('c', 300, 101), true);
  });
});
