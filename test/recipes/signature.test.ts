/**
 * The helpers every recipe shares (templates/receiver/src/generated/runtime/signature.ts), on
 * their own: header lookup, the constant-time comparison, HMAC over parts (RFC 4231 known
 * answers), secrets, timestamps and the window, replay keys, and public keys. The recipes'
 * tests reach most of this through a recipe; these pin each helper's own contract, so that a
 * mutant in the verification path cannot hide behind a recipe that happens not to exercise it.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  anyKeyMatches,
  BASE64,
  checkWindow,
  contentDigest,
  DEFAULT_TOLERANCE_SECONDS,
  fail,
  header,
  headerBytes,
  HEX,
  hmac,
  nowSeconds,
  parseTimestamp,
  publicKey,
  replayUntil,
  safeEqual,
  secretTestKey,
  UnusableKeyError,
  utf8Secrets,
  verifiedOnce,
} from '../../templates/receiver/src/generated/runtime/signature';

// RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
const JEFE = Buffer.from('Jefe');
const WHAT = 'what do ya want for nothing?';
const RFC4231_2 = {
  sha1: 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
  sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  sha512:
    '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
} as const;

describe('header', () => {
  const headers = { 'x-signature': 'abc', 'x-empty': '', 'x-twice': ['a', 'b'] };

  test('finds a header by its name in any case (Node lower-cases what it receives)', () => {
    expect(header(headers, 'x-signature')).toBe('abc');
    expect(header(headers, 'X-Signature')).toBe('abc');
  });

  test('a missing, empty or repeated header is absent', () => {
    expect(header(headers, 'x-missing')).toBeUndefined();
    expect(header(headers, 'x-empty')).toBeUndefined();
    expect(header(headers, 'x-twice')).toBeUndefined();
  });
});

describe('safeEqual', () => {
  test('equal bytes are equal; one byte changed is not', () => {
    expect(safeEqual(Buffer.from('abcd'), Buffer.from('abcd'))).toBe(true);
    expect(safeEqual(Buffer.from('abcd'), Buffer.from('abce'))).toBe(false);
  });

  test('different lengths are unequal, without throwing (the length check comes first)', () => {
    expect(safeEqual(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(safeEqual(Buffer.from('abcd'), Buffer.from('abc'))).toBe(false);
    expect(safeEqual(Buffer.alloc(0), Buffer.from('a'))).toBe(false);
  });
});

describe('hmac', () => {
  test.each(Object.entries(RFC4231_2))('%s matches RFC 4231 test case 2', (algorithm, hex) => {
    expect(hmac(algorithm as keyof typeof RFC4231_2, JEFE, [WHAT]).toString('hex')).toBe(hex);
  });

  test('the parts are signed in order, as one message; buffers are taken as they are', () => {
    const whole = hmac('sha256', JEFE, [WHAT]).toString('hex');
    expect(hmac('sha256', JEFE, ['what do ', Buffer.from('ya want'), ' for nothing?'])).toEqual(
      Buffer.from(whole, 'hex'),
    );
    expect(hmac('sha256', JEFE, ['for nothing?', 'what do ya want ']).toString('hex')).not.toBe(
      whole,
    );
    // A string part is UTF-8; the same character as a latin1 byte is another message.
    expect(hmac('sha256', JEFE, ['é'])).toEqual(hmac('sha256', JEFE, [Buffer.from([0xc3, 0xa9])]));
    expect(hmac('sha256', JEFE, ['é'])).not.toEqual(hmac('sha256', JEFE, [Buffer.from([0xe9])]));
  });
});

describe('utf8Secrets', () => {
  test('each secret as its UTF-8 bytes, in order', () => {
    expect(utf8Secrets(['Jefe', 'é'])).toEqual([JEFE, Buffer.from([0xc3, 0xa9])]);
  });

  test('no secret, or an empty one, is unusable', () => {
    expect(() => utf8Secrets([])).toThrow(new UnusableKeyError('no secret given'));
    expect(() => utf8Secrets(['ok', ''])).toThrow(new UnusableKeyError('a secret is empty'));
    expect(() => utf8Secrets([''])).toThrow(UnusableKeyError);
  });

  test('a test key is the seed itself, both ways', () => {
    expect(secretTestKey('seed')).toEqual({ verifyWith: 'seed', signWith: 'seed' });
  });
});

describe('anyKeyMatches', () => {
  const right = Buffer.from(RFC4231_2.sha256, 'hex');
  const other = Buffer.from('another secret');

  test('returns the given digest that one of the keys produced', () => {
    expect(anyKeyMatches('sha256', [JEFE], [WHAT], [right])).toBe(right);
    // Rotation: the right key second, the right digest second.
    const wrong = Buffer.alloc(32, 1);
    expect(anyKeyMatches('sha256', [other, JEFE], [WHAT], [wrong, right])).toBe(right);
  });

  test('no key producing a given digest: undefined, also for digests of another length', () => {
    expect(anyKeyMatches('sha256', [other], [WHAT], [right])).toBeUndefined();
    expect(anyKeyMatches('sha256', [JEFE], [WHAT], [right.subarray(0, 31)])).toBeUndefined();
    expect(anyKeyMatches('sha256', [JEFE], [`${WHAT} `], [right])).toBeUndefined();
    expect(anyKeyMatches('sha256', [], [WHAT], [right])).toBeUndefined();
    expect(anyKeyMatches('sha256', [JEFE], [WHAT], [])).toBeUndefined();
  });

  test('uses the algorithm it is given', () => {
    expect(anyKeyMatches('sha1', [JEFE], [WHAT], [right])).toBeUndefined();
    const sha1 = Buffer.from(RFC4231_2.sha1, 'hex');
    expect(anyKeyMatches('sha1', [JEFE], [WHAT], [sha1])).toBe(sha1);
  });
});

describe('headerBytes', () => {
  test('restores the bytes as they arrived (latin1, one byte per character)', () => {
    expect(headerBytes('a\u00e9')).toEqual(Buffer.from([0x61, 0xe9]));
  });
});

describe('parseTimestamp', () => {
  test('digits only, up to 12 of them', () => {
    expect(parseTimestamp('0')).toBe(0);
    expect(parseTimestamp('1700000000')).toBe(1_700_000_000);
    expect(parseTimestamp('999999999999')).toBe(999_999_999_999);
  });

  test.each(['', '1700000000000', '-1', '+1', '1.5', '1e9', ' 1', '1 ', '0x10', 'abc', '１'])(
    'refuses %j',
    (text) => {
      expect(parseTimestamp(text)).toBeUndefined();
    },
  );
});

describe('checkWindow', () => {
  const NOW = 1_700_000_000;

  test('inside the window, both edges included', () => {
    for (const offset of [-300, -1, 0, 1, 300])
      expect(checkWindow(NOW + offset, NOW, 300)).toBe(undefined);
  });

  test('older than the tolerance is stale, further ahead is from the future', () => {
    expect(checkWindow(NOW - 301, NOW, 300)).toBe('stale_timestamp');
    expect(checkWindow(NOW + 301, NOW, 300)).toBe('future_timestamp');
    // Years ahead: never accepted (the window is not one-sided).
    expect(checkWindow(NOW + 86_400 * 365 * 10, NOW, 300)).toBe('future_timestamp');
    expect(checkWindow(0, NOW, 300)).toBe('stale_timestamp');
  });

  test('a tolerance of 0 (or less) turns the check off', () => {
    expect(checkWindow(0, NOW, 0)).toBeUndefined();
    expect(checkWindow(NOW * 2, NOW, 0)).toBeUndefined();
    expect(checkWindow(0, NOW, -5)).toBeUndefined();
  });

  test('a tolerance of 1 second is one second', () => {
    expect(checkWindow(NOW - 1, NOW, 1)).toBeUndefined();
    expect(checkWindow(NOW - 2, NOW, 1)).toBe('stale_timestamp');
    expect(checkWindow(NOW + 2, NOW, 1)).toBe('future_timestamp');
  });

  test('the default tolerance is 300 s', () => {
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300);
  });
});

describe('replay keys', () => {
  test('kept until the end of the signature window, or forever when the window is off', () => {
    expect(replayUntil(1000, 300)).toBe(1300);
    expect(replayUntil(1000, 0)).toBe(Infinity);
    expect(replayUntil(1000, -1)).toBe(Infinity);
  });

  test('verifiedOnce carries the key, its expiry and the delivery id when there is one', () => {
    expect(verifiedOnce('k', 1000, 300, 'd-1')).toStrictEqual({
      ok: true,
      replay: { key: 'k', expiresAt: 1300 },
      deliveryId: 'd-1',
    });
    expect(verifiedOnce('k', 1000, 0)).toStrictEqual({
      ok: true,
      replay: { key: 'k', expiresAt: Infinity },
    });
  });

  test('fail names the reason', () => {
    expect(fail('bad_signature')).toStrictEqual({ ok: false, reason: 'bad_signature' });
  });

  test('a public-key replay key is the SHA-256 of what was signed, parts in order', () => {
    const expected = createHash('sha256').update('a.b').digest('hex');
    expect(contentDigest(['a', Buffer.from('.'), 'b'])).toBe(expected);
    expect(contentDigest(['b', '.', 'a'])).not.toBe(expected);
  });
});

describe('nowSeconds', () => {
  test('whole unix seconds of the clock', () => {
    const before = Math.floor(Date.now() / 1000);
    const now = nowSeconds();
    const after = Math.floor(Date.now() / 1000);
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });
});

describe('encodings', () => {
  test('BASE64: the alphabet with up to two "=" at the end, nothing around it', () => {
    for (const ok of ['QUJD', 'QUI=', 'QQ==', 'a+/9']) expect(BASE64.test(ok)).toBe(true);
    for (const bad of ['', 'QQ===', 'Q=Q=', 'QUJD!', ' QUJD', 'QUJD\n', 'QU-_'])
      expect(BASE64.test(bad)).toBe(false);
  });

  test('HEX: hex digits of either case, nothing else', () => {
    for (const ok of ['00', 'aF09', 'ABCDEF']) expect(HEX.test(ok)).toBe(true);
    for (const bad of ['', 'g0', '0x00', '00 ', ' 00', '00\n']) expect(HEX.test(bad)).toBe(false);
  });
});

describe('publicKey', () => {
  const ed = generateKeyPairSync('ed25519');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = (key: typeof ed.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();
  const der = (key: typeof ed.publicKey) => key.export({ type: 'spki', format: 'der' });
  const noRaw = () => undefined;

  test('reads PEM, with real or \\n-escaped line breaks', () => {
    expect(publicKey(pem(ed.publicKey), 'ed25519', noRaw).equals(ed.publicKey)).toBe(true);
    const escaped = pem(ec.publicKey).replace(/\n/g, '\\n');
    expect(escaped).not.toContain('\n');
    expect(publicKey(escaped, 'ec', noRaw).equals(ec.publicKey)).toBe(true);
  });

  test("reads the provider's raw encoding through rawToDer, trimmed", () => {
    const seen: string[] = [];
    const rawToDer = (raw: string) => {
      seen.push(raw);
      return raw === 'RAW' ? der(ed.publicKey) : undefined;
    };
    expect(publicKey('  RAW\n', 'ed25519', rawToDer).equals(ed.publicKey)).toBe(true);
    expect(seen).toEqual(['RAW']);
  });

  test('a value that is no key, or a key of another type, is unusable, and says which', () => {
    expect(() => publicKey('not a key', 'ed25519', noRaw)).toThrow(
      new UnusableKeyError('a value is not a Ed25519 public key'),
    );
    expect(() => publicKey('not a key', 'ec', noRaw)).toThrow(
      new UnusableKeyError('a value is not a P-256 public key'),
    );
    expect(() =>
      publicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'ec', noRaw),
    ).toThrow(UnusableKeyError);
    expect(() => publicKey(pem(ed.publicKey), 'ec', noRaw)).toThrow(
      new UnusableKeyError('a key is ed25519, not ec'),
    );
    expect(() => publicKey(pem(ec.publicKey), 'ed25519', noRaw)).toThrow(
      new UnusableKeyError('a key is ec, not ed25519'),
    );
    // DER that is not a key at all.
    expect(() => publicKey('x', 'ec', () => Buffer.from('nonsense'))).toThrow(UnusableKeyError);
  });
});
