/**
 * The edges of each recipe's parsing that the shared recipe tests do not reach: exact
 * lengths and alphabets of signatures and keys, the order of checks, which headers count.
 * Each test names the behaviour; a mutant of a length check, an anchor or a character class
 * in the verification path fails one of them.
 */
import { generateKeyPairSync } from 'node:crypto';
import { ecdsaP256 } from '../../templates/receiver/src/generated/runtime/recipes/ecdsa-p256';
import { ed25519 } from '../../templates/receiver/src/generated/runtime/recipes/ed25519';
import { github } from '../../templates/receiver/src/generated/runtime/recipes/github';
import { hmac } from '../../templates/receiver/src/generated/runtime/recipes/hmac';
import { slack } from '../../templates/receiver/src/generated/runtime/recipes/slack';
import { zoom } from '../../templates/receiver/src/generated/runtime/recipes/zoom';
import { shopify } from '../../templates/receiver/src/generated/runtime/recipes/shopify';
import { sinch } from '../../templates/receiver/src/generated/runtime/recipes/sinch';
import { stripe } from '../../templates/receiver/src/generated/runtime/recipes/stripe';
import * as sw from '../../templates/receiver/src/generated/runtime/recipes/standard-webhooks';
import type { VerifyRequest } from '../../templates/receiver/src/generated/runtime/signature';

const NOW = 1_700_000_000;
const BODY = '{"id":"evt_1"}';
const request = (headers: Record<string, string>, body = BODY): VerifyRequest => ({
  headers,
  rawBody: Buffer.from(body),
  url: '/',
  nowSeconds: NOW,
});

describe('ecdsa-p256', () => {
  const verifier = ecdsaP256({ header: 'x-twilio-email-event-webhook-signature' });
  const key = verifier.testKey('edges');
  const check = verifier.prepare([key.verifyWith], {});
  const signed = verifier.sign(BODY, key.signWith, { timestamp: NOW });
  const SIG = 'x-twilio-email-event-webhook-signature';

  test('its signature verifies; the timestamp is part of what is signed', () => {
    expect(check(request(signed)).ok).toBe(true);
    expect(
      check(request({ ...signed, 'x-twilio-email-event-webhook-timestamp': String(NOW + 1) })),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });

  test('a signature longer than 200 base64 characters is malformed; 200 are checked', () => {
    expect(check(request({ ...signed, [SIG]: 'A'.repeat(200) }))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(check(request({ ...signed, [SIG]: 'A'.repeat(204) }))).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
    expect(check(request({ ...signed, [SIG]: `${signed[SIG]}!` }))).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
  });

  test('keys: PEM or base64 DER on P-256 only', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    const pem = p384.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => verifier.prepare([pem], {})).toThrow('a key is not on the P-256 curve');
    expect(() => verifier.prepare([`${key.verifyWith}!`], {})).toThrow(
      'a value is not a P-256 public key',
    );
    expect(() => verifier.prepare([], {})).toThrow('no public key given');
    // Rotation: the right key second.
    const other = verifier.testKey('other').verifyWith;
    expect(verifier.prepare([other, key.verifyWith], {})(request(signed)).ok).toBe(true);
    expect(verifier.prepare([other], {})(request(signed))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});

describe('ed25519', () => {
  const verifier = ed25519({ header: 'x-signature-ed25519' });
  const key = verifier.testKey('edges');
  const check = verifier.prepare([key.verifyWith], {});
  const signed = verifier.sign(BODY, key.signWith, { timestamp: NOW });
  const SIG = 'x-signature-ed25519';
  const hex = signed[SIG];

  test('the signature is exactly 128 hex digits, of either case', () => {
    expect(hex).toMatch(/^[0-9a-f]{128}$/);
    expect(check(request({ ...signed, [SIG]: hex.toUpperCase() })).ok).toBe(true);
    for (const bad of [hex.slice(0, 126), `${hex}00`, `${hex.slice(0, 127)}g`, ` ${hex.slice(1)}`])
      expect(check(request({ ...signed, [SIG]: bad }))).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
  });

  test("keys: PEM, or Discord's 64 hex digits (nothing else)", () => {
    const pair = generateKeyPairSync('ed25519');
    const raw = pair.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('hex');
    expect(raw).toHaveLength(64);
    const rawCheck = ed25519({ header: SIG }).prepare([raw.toUpperCase()], {});
    const rawSigned = verifier.sign(
      BODY,
      pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      { timestamp: NOW },
    );
    expect(rawCheck(request(rawSigned)).ok).toBe(true);
    for (const bad of [raw.slice(2), `${raw}00`, `${raw.slice(0, 63)}z`])
      expect(() => verifier.prepare([bad], {})).toThrow('a value is not a Ed25519 public key');
    expect(() => verifier.prepare([], {})).toThrow('no public key given');
  });
});

describe('github', () => {
  const verifier = github({ header: 'x-hub-signature-256' });
  const check = verifier.prepare(['secret'], {});
  const signed = verifier.sign(BODY, 'secret', { id: 'd-1' });
  const SIG = 'x-hub-signature-256';
  const digest = signed[SIG].slice('sha256='.length);

  test('sha256= and exactly 64 lower-case hex digits', () => {
    expect(check(request(signed))).toEqual({ ok: true, deliveryId: 'd-1' });
    for (const bad of [
      digest,
      `sha256=${digest.slice(2)}`,
      `sha256=${digest}00`,
      `sha256=${digest.toUpperCase()}`,
      ` sha256=${digest}`,
    ])
      expect(check(request({ ...signed, [SIG]: bad }))).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
  });

  test('another algorithm is an unsupported version, not a malformed signature', () => {
    expect(check(request({ ...signed, [SIG]: `sha1=${digest.slice(0, 40)}` }))).toEqual({
      ok: false,
      reason: 'unsupported_version',
    });
    expect(check(request({ ...signed, [SIG]: `sha512=${digest}${digest}` }))).toEqual({
      ok: false,
      reason: 'unsupported_version',
    });
    // A malformed sha256 value stays malformed.
    expect(check(request({ ...signed, [SIG]: 'sha256=xyz' }))).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
  });

  test('no delivery header: verified without a delivery id', () => {
    const { 'x-github-delivery': _id, ...withoutId } = signed;
    expect(check(request(withoutId))).toStrictEqual({ ok: true });
  });

  test('the signer sends the delivery header only with an id (never the value undefined)', () => {
    expect(Object.keys(signed).sort()).toEqual(['x-github-delivery', SIG]);
    expect(verifier.sign(BODY, 'secret')).toStrictEqual({ [SIG]: signed[SIG] });
  });
});

describe('hmac (generic)', () => {
  const settings = {
    header: 'x-sig',
    algorithm: 'sha256' as const,
    encoding: 'hex' as const,
    value: 't={timestamp},v1={signature}',
    content: '{timestamp}.{nonce}.{id}.{body}',
    nonceHeader: 'x-nonce',
    idHeader: 'x-id',
  };
  const verifier = hmac(settings);
  const check = verifier.prepare(['secret'], {});
  const signed = verifier.sign(BODY, 'secret', { timestamp: NOW, nonce: 'n-1', id: 'i-1' });

  test('a timestamp in the value, a nonce and an id: all signed, the nonce is the replay key, the id the delivery', () => {
    expect(check(request(signed))).toStrictEqual({
      ok: true,
      replay: { key: 'hmac:n-1', expiresAt: NOW + 300 },
      deliveryId: 'i-1',
    });
    expect(check(request({ ...signed, 'x-nonce': 'n-2' }))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(check(request({ ...signed, 'x-id': 'i-2' }))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const { 'x-nonce': _n, ...withoutNonce } = signed;
    expect(check(request(withoutNonce))).toEqual({ ok: false, reason: 'missing_nonce' });
    const { 'x-id': _i, ...withoutId } = signed;
    expect(check(request(withoutId))).toEqual({ ok: false, reason: 'missing_id' });
  });

  test('a signed timestamp is held to the window both ways, edges included; the configured window beats the recipe default', () => {
    const at = (offset: number, tolerance?: number, recipeDefault?: number) => {
      const configured = hmac({ ...settings, toleranceSeconds: recipeDefault });
      const headers = configured.sign(BODY, 'secret', {
        timestamp: NOW + offset,
        nonce: `n${offset}`,
        id: 'i-1',
      });
      const result = configured.prepare(['secret'], { toleranceSeconds: tolerance })(
        request(headers),
      );
      return result.ok ? 'ok' : result.reason;
    };
    expect([at(-300), at(0), at(300)]).toEqual(['ok', 'ok', 'ok']);
    expect(at(-301)).toBe('stale_timestamp');
    expect(at(301)).toBe('future_timestamp');
    // The recipe's own window (its toleranceSeconds field), and SIGNATURE_TOLERANCE_SECONDS over it.
    expect(at(-100, undefined, 60)).toBe('stale_timestamp');
    expect(at(100, undefined, 60)).toBe('future_timestamp');
    expect(at(-100, 600, 60)).toBe('ok');
    expect(at(-700, 600, 60)).toBe('stale_timestamp');
    // 0 turns the window off.
    expect(at(-100_000, 0, 60)).toBe('ok');
  });

  test('the value must be exactly the template', () => {
    const value = signed['x-sig'];
    for (const bad of [
      `${value},v2=00`,
      ` ${value}`,
      value.replace('t=', 'ts='),
      value.replace(',v1=', ';v1='),
    ])
      expect(check(request({ ...signed, 'x-sig': bad }))).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
  });

  test("the digest must have the algorithm's length and the encoding's alphabet", () => {
    const digest = signed['x-sig'].split('v1=')[1];
    for (const bad of [digest.slice(2), `${digest}00`])
      expect(check(request({ ...signed, 'x-sig': `t=${NOW},v1=${bad}` }))).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
    const sha512 = hmac({ ...settings, algorithm: 'sha512' }).prepare(['secret'], {});
    expect(sha512(request(signed))).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  test('misconfigurations are refused when the verifier is made', () => {
    expect(() => hmac({ ...settings, value: '{timestamp}' })).toThrow(
      'the value needs {signature}',
    );
    expect(() => hmac({ ...settings, value: '{signature}' })).toThrow(
      '{timestamp} is signed but no timestamp header is configured',
    );
    expect(() => hmac({ ...settings, nonceHeader: undefined })).toThrow(
      '{nonce} needs a nonce header',
    );
    expect(() => hmac({ ...settings, idHeader: undefined })).toThrow('{id} needs an id header');
    expect(() => hmac({ ...settings, value: '{signature}{nonce}' })).toThrow(
      "{nonce} cannot appear in the signature header's value",
    );
    expect(() =>
      hmac({
        ...settings,
        value: '{signature}',
        content: '{signature}',
        nonceHeader: undefined,
        idHeader: undefined,
      }).sign(BODY, 'secret'),
    ).toThrow('{signature} cannot be signed');
  });

  test('without nonce or id, a timed signature is its own replay key; untimed, none', () => {
    const timed = hmac({
      header: 'x-sig',
      algorithm: 'sha256',
      encoding: 'base64',
      value: '{signature}',
      content: '{timestamp}:{body}',
      timestampHeader: 'x-ts',
    });
    const headers = timed.sign(BODY, 'secret', { timestamp: NOW });
    expect(headers['x-ts']).toBe(String(NOW));
    const result = timed.prepare(['secret'], {})(request(headers));
    const digest = Buffer.from(headers['x-sig'], 'base64').toString('hex');
    expect(result).toStrictEqual({
      ok: true,
      replay: { key: `hmac:${digest}`, expiresAt: NOW + 300 },
    });
    expect(timed.prepare(['secret'], {})(request({ ...headers, 'x-ts': '12:00' }))).toEqual({
      ok: false,
      reason: 'malformed_timestamp',
    });
    const { 'x-ts': _ts, ...untimedHeaders } = headers;
    expect(timed.prepare(['secret'], {})(request(untimedHeaders))).toEqual({
      ok: false,
      reason: 'missing_timestamp',
    });
    const untimed = hmac({
      header: 'x-sig',
      algorithm: 'sha1',
      encoding: 'hex',
      value: '{signature}',
      content: '{body}',
    });
    const plain = untimed.sign(BODY, 'secret');
    expect(Object.keys(plain)).toEqual(['x-sig']);
    expect(untimed.prepare(['secret'], {})(request(plain))).toStrictEqual({ ok: true });
  });
});

describe('exact signature shapes of the HMAC recipes', () => {
  test.each([
    ['slack', slack({ header: 'x-slack-signature' }), 'x-slack-signature'],
    ['zoom', zoom({ header: 'x-zm-signature' }), 'x-zm-signature'],
  ])(
    '%s: v0= and exactly 64 lower-case hex digits; v1= is another version',
    (_name, verifier, sig) => {
      const check = verifier.prepare(['secret'], {});
      const signed = verifier.sign(BODY, 'secret', { timestamp: NOW });
      const value = signed[sig];
      expect(check(request(signed)).ok).toBe(true);
      const digest = value.slice(3);
      for (const bad of [
        `v0=${digest.slice(2)}`,
        `v0=${digest}00`,
        `v0=${digest.toUpperCase()}`,
        ` ${value}`,
        digest,
      ])
        expect(check(request({ ...signed, [sig]: bad }))).toEqual({
          ok: false,
          reason: 'malformed_signature',
        });
      for (const version of ['v1', 'v10'])
        expect(check(request({ ...signed, [sig]: `${version}=${digest}` }))).toEqual({
          ok: false,
          reason: 'unsupported_version',
        });
      expect(check(request({ ...signed, [sig]: `xv1=${digest}` }))).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
    },
  );

  test.each([
    ['shopify', shopify({ header: 'x-shopify-hmac-sha256' }), 'x-shopify-hmac-sha256'],
    ['sinch', sinch({ header: 'x-sinch-webhook-signature' }), 'x-sinch-webhook-signature'],
  ])('%s: exactly 44 base64 characters', (_name, verifier, sig) => {
    const check = verifier.prepare(['secret'], {});
    const signed = verifier.sign(BODY, 'secret', { timestamp: NOW, nonce: 'n-1', id: 'd-1' });
    const value = signed[sig];
    expect(value).toHaveLength(44);
    expect(check({ ...request(signed), nowSeconds: NOW }).ok).toBe(true);
    for (const bad of [
      value.slice(4),
      `${value}AAAA`,
      `${value.slice(0, 43)}!`,
      ` ${value.slice(1)}`,
    ])
      expect(check(request({ ...signed, [sig]: bad }))).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
  });

  test('sinch: the algorithm header, when sent, must be HmacSHA256; nonce and timestamp are required', () => {
    const verifier = sinch({ header: 'x-sinch-webhook-signature' });
    const check = verifier.prepare(['secret'], {});
    const signed = verifier.sign(BODY, 'secret', { timestamp: NOW, nonce: 'n-1' });
    // The four headers a Sinch callback carries, the algorithm named as Sinch names it, so
    // that `npm run send-sample` and the project's tests post what Sinch would.
    expect(Object.keys(signed).sort()).toEqual([
      'x-sinch-webhook-signature',
      'x-sinch-webhook-signature-algorithm',
      'x-sinch-webhook-signature-nonce',
      'x-sinch-webhook-signature-timestamp',
    ]);
    expect(signed['x-sinch-webhook-signature-algorithm']).toBe('HmacSHA256');
    expect(signed['x-sinch-webhook-signature-timestamp']).toBe(String(NOW));
    expect(check(request(signed))).toStrictEqual({
      ok: true,
      replay: { key: 'sinch:n-1', expiresAt: NOW + 300 },
      deliveryId: 'n-1',
    });
    const { 'x-sinch-webhook-signature-algorithm': _a, ...noAlgorithm } = signed;
    expect(check(request(noAlgorithm)).ok).toBe(true);
    for (const algorithm of ['HmacSHA1', 'hmacsha256', 'HmacSHA256 '])
      expect(
        check(request({ ...signed, 'x-sinch-webhook-signature-algorithm': algorithm })),
      ).toEqual({
        ok: false,
        reason: 'unsupported_algorithm',
      });
    const { 'x-sinch-webhook-signature-nonce': _n, ...noNonce } = signed;
    expect(check(request(noNonce))).toEqual({ ok: false, reason: 'missing_nonce' });
    const { 'x-sinch-webhook-signature-timestamp': _t, ...noTimestamp } = signed;
    expect(check(request(noTimestamp))).toEqual({ ok: false, reason: 'missing_timestamp' });
    // The nonce is signed.
    expect(check(request({ ...signed, 'x-sinch-webhook-signature-nonce': 'n-2' }))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  test('shopify: the webhook id is the delivery id when sent; no replay key (no timestamp is signed)', () => {
    const verifier = shopify({ header: 'x-shopify-hmac-sha256' });
    const check = verifier.prepare(['secret'], {});
    const signed = verifier.sign(BODY, 'secret', { id: 'w-1' });
    expect(check(request(signed))).toStrictEqual({ ok: true, deliveryId: 'w-1' });
    const { 'x-shopify-webhook-id': _id, ...withoutId } = signed;
    expect(check(request(withoutId))).toStrictEqual({ ok: true });
  });
});

describe('stripe header parsing', () => {
  const verifier = stripe({ header: 'stripe-signature' });
  const check = verifier.prepare(['secret'], {});
  const signed = verifier.sign(BODY, 'secret', { timestamp: NOW });
  const value = signed['stripe-signature'];
  const v1 = value.split('v1=')[1];
  const as = (header: string) => check(request({ 'stripe-signature': header }));

  test('pairs trimmed, any order; the matched v1 is the replay key', () => {
    expect(as(` v1=${v1} , t=${NOW} `)).toStrictEqual({
      ok: true,
      replay: { key: `stripe:${v1}`, expiresAt: NOW + 300 },
    });
  });

  test('one t only, digits only', () => {
    expect(as(`t=${NOW},t=${NOW},v1=${v1}`)).toEqual({ ok: false, reason: 'malformed_timestamp' });
    expect(as(`t=x${NOW},v1=${v1}`)).toEqual({ ok: false, reason: 'malformed_timestamp' });
    expect(as(`v1=${v1}`)).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(as(`=${NOW},v1=${v1}`)).toEqual({ ok: false, reason: 'missing_timestamp' });
  });

  test('v1 values are 64 lower-case hex digits; others are skipped, not matched', () => {
    expect(as(`t=${NOW},v1=${v1.toUpperCase()}`)).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
    expect(as(`t=${NOW},v1=${v1}00`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(as(`t=${NOW},v1=${v1.toUpperCase()},v1=${v1}`).ok).toBe(true);
    expect(as(`t=${NOW}`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(as(`t=${NOW},v2=${v1}`)).toEqual({ ok: false, reason: 'unsupported_version' });
    expect(as(`t=${NOW},vx=${v1}`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(as(`t=${NOW},xv0=${v1}`)).toEqual({ ok: false, reason: 'malformed_signature' });
    // A scheme is v and digits, all of them: v10 is another version, v2x is no scheme.
    expect(as(`t=${NOW},v10=${v1}`)).toEqual({ ok: false, reason: 'unsupported_version' });
    expect(as(`t=${NOW},v2x=${v1}`)).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  test('an item without "=" is skipped, as Stripe\'s libraries do: it is neither a t nor a v1', () => {
    expect(as(`t=${NOW},tx,v1=${v1}`).ok).toBe(true);
    expect(as(`t=${NOW},v1${v1},v1=${v1}`).ok).toBe(true);
    expect(as(`tx,v1=${v1}`)).toEqual({ ok: false, reason: 'missing_timestamp' });
  });
});

describe('standard-webhooks', () => {
  const secret = `whsec_${Buffer.alloc(16, 7).toString('base64')}`;

  test('secrets: whsec_ prefix optional, base64 with padding, at least 16 bytes', () => {
    expect(sw.decodeSecret(secret)).toEqual(Buffer.alloc(16, 7));
    expect(sw.decodeSecret(secret.slice('whsec_'.length))).toEqual(Buffer.alloc(16, 7));
    expect(() => sw.decodeSecret(`whsec_${Buffer.alloc(15, 7).toString('base64')}`)).toThrow(
      'a secret is shorter than 16 bytes',
    );
    for (const bad of [
      'whsec_!!!!',
      `${secret}A`,
      'whsec_',
      `whsec_${Buffer.alloc(16, 7).toString('base64').replace(/=+$/, '')}`,
    ])
      expect(() => sw.decodeSecret(bad)).toThrow('a secret is not base64');
  });

  test('the brand of the signature header picks the id and timestamp headers, falling back to the other', () => {
    const svix = sw.standardWebhooks({ header: 'svix-signature' });
    const signed = svix.sign(BODY, secret, { id: 'msg_1', timestamp: NOW });
    expect(Object.keys(signed).sort()).toEqual(['svix-id', 'svix-signature', 'svix-timestamp']);
    const check = svix.prepare([secret], {});
    expect(check(request(signed))).toMatchObject({ ok: true, deliveryId: 'msg_1' });
    const asWebhook = {
      'svix-signature': signed['svix-signature'],
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(NOW),
    };
    expect(check(request(asWebhook)).ok).toBe(true);
    // The brand's own header wins over the other one.
    expect(check(request({ ...signed, 'webhook-id': 'msg_2' })).ok).toBe(true);
    const plain = sw.standardWebhooks({ header: 'webhook-signature' });
    const webhookSigned = plain.sign(BODY, secret, { id: 'msg_3', timestamp: NOW });
    expect(Object.keys(webhookSigned).sort()).toEqual([
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
    ]);
    const plainCheck = plain.prepare([secret], {});
    expect(plainCheck(request({ ...webhookSigned, 'svix-id': 'other' })).ok).toBe(true);
    const { 'webhook-id': _id, ...noId } = webhookSigned;
    expect(plainCheck(request({ ...noId, 'svix-id': 'msg_3' })).ok).toBe(true);
    expect(plainCheck(request(noId))).toEqual({ ok: false, reason: 'missing_id' });
  });

  test('signature lists: space-separated version,signature entries; v1 only', () => {
    const verifier = sw.standardWebhooks({ header: 'webhook-signature' });
    const check = verifier.prepare([secret], {});
    const signed = verifier.sign(BODY, secret, { id: 'msg_1', timestamp: NOW });
    const entry = signed['webhook-signature'];
    const sig = entry.slice(3);
    const as = (value: string) => check(request({ ...signed, 'webhook-signature': value }));
    expect(as(`v2,${sig} ${entry}`).ok).toBe(true);
    expect(as(`v1,${'A'.repeat(44)} ${entry}`).ok).toBe(true);
    expect(as(`v2,${sig}`)).toEqual({ ok: false, reason: 'unsupported_version' });
    expect(as(`,${sig}`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(as(sig)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(as(`v1,${sig}!`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(as(`v1,${'A'.repeat(44)}`)).toEqual({ ok: false, reason: 'bad_signature' });
    // Any version but v1 is another version, however short its name.
    expect(as(`x,${sig}`)).toEqual({ ok: false, reason: 'unsupported_version' });
    expect(() => verifier.prepare([], {})).toThrow('no secret given');
  });

  test('the id and the timestamp are both required, each named when missing', () => {
    const verifier = sw.standardWebhooks({ header: 'webhook-signature' });
    const check = verifier.prepare([secret], {});
    const signed = verifier.sign(BODY, secret, { id: 'msg_1', timestamp: NOW });
    const { 'webhook-timestamp': _t, ...noTimestamp } = signed;
    expect(check(request(noTimestamp))).toEqual({ ok: false, reason: 'missing_timestamp' });
    const { 'webhook-id': _i, ...noId } = signed;
    expect(check(request(noId))).toEqual({ ok: false, reason: 'missing_id' });
  });
});
