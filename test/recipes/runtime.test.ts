/**
 * Every recipe's runtime module against its descriptor: the known-answer vectors, a
 * round trip through its own signer, the descriptor's test cases, and the edges of its
 * window. These are the tests that mutants of comparisons, windows and header lookups
 * must not survive.
 */
import { RECIPES } from '../../src/plan/recipes';
import { factoryOf, NOW, prepared, PUBLIC_URL, roundTrip } from './support';

const BODY = '{"id":"evt_1","amount":42}';

describe.each(RECIPES.map((recipe) => [recipe.name, recipe] as const))('%s', (_name, recipe) => {
  const facts = recipe.facts(
    Object.fromEntries(
      Object.entries(recipe.options ?? {}).flatMap(([k, f]) =>
        f.default === undefined ? [] : [[k, f.default]],
      ),
    ),
  );

  test.each(recipe.vectors.map((vector, i) => [i + 1, vector.source, vector] as const))(
    'known-answer vector %i (%s)',
    (_i, _source, vector) => {
      const verifier = factoryOf(recipe)({
        header: recipe.defaultHeader,
        ...(vector.settings ?? {}),
      });
      const check = (body: string, keys = [vector.key], headers = vector.headers) =>
        verifier.prepare(keys, { publicUrl: vector.publicUrl })({
          headers,
          rawBody: Buffer.from(body),
          url: vector.url ?? '/',
          nowSeconds: vector.nowSeconds,
        });
      expect(check(vector.body).ok).toBe(true);
      // Rotation: the right key anywhere in the list.
      expect(check(vector.body, [verifier.testKey('other').verifyWith, vector.key]).ok).toBe(true);
      const changed = `${vector.body.slice(0, -1)}${vector.body.endsWith('1') ? '2' : '1'}`;
      expect(check(changed)).toEqual({ ok: false, reason: 'bad_signature' });
      expect(check(vector.body, [verifier.testKey('other').verifyWith])).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
      // Header names are matched as sent (lower case); the signature header is required.
      const without = { ...vector.headers };
      delete without[recipe.defaultHeader];
      expect(check(vector.body, [vector.key], without)).toEqual({
        ok: false,
        reason: 'missing_signature',
      });
      // A repeated header (an array) counts as absent, never as one of its values.
      const repeated = {
        ...vector.headers,
        [recipe.defaultHeader]: [vector.headers[recipe.defaultHeader] ?? '', 'x'],
      };
      expect(
        verifier.prepare([vector.key], { publicUrl: vector.publicUrl })({
          headers: repeated,
          rawBody: Buffer.from(vector.body),
          url: vector.url ?? '/',
          nowSeconds: vector.nowSeconds,
        }),
      ).toEqual({ ok: false, reason: 'missing_signature' });
    },
  );

  test('its own signer round-trips, and the wrong key or a changed body is rejected', () => {
    expect(roundTrip(recipe, BODY).ok).toBe(true);
    expect(roundTrip(recipe, BODY, { signSeed: 'someone else' })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(roundTrip(recipe, BODY, { sendBody: `${BODY} ` })).toEqual({
      ok: false,
      reason: facts.tamperedBodyReason ?? 'bad_signature',
    });
  });

  const cases = facts.tests.map((c) => [c.title, c] as const);
  if (cases.length > 0)
    test.each(cases)('case: %s', (_title, testCase) => {
      const result = roundTrip(recipe, BODY, {
        timestamp:
          testCase.timestampOffset === undefined ? undefined : NOW + testCase.timestampOffset,
        edits: testCase.edits,
      });
      expect(result.ok ? null : result.reason).toBe(testCase.reason);
    });

  if (facts.window) {
    test('the window is inclusive at its edges, both ways, and configurable', () => {
      for (const offset of [-300, 0, 300]) {
        expect(roundTrip(recipe, BODY, { timestamp: NOW + offset }).ok).toBe(true);
      }
      expect(roundTrip(recipe, BODY, { timestamp: NOW - 301 })).toEqual({
        ok: false,
        reason: 'stale_timestamp',
      });
      expect(roundTrip(recipe, BODY, { timestamp: NOW + 301 })).toEqual({
        ok: false,
        reason: 'future_timestamp',
      });
      expect(roundTrip(recipe, BODY, { timestamp: NOW - 61, toleranceSeconds: 60 })).toEqual({
        ok: false,
        reason: 'stale_timestamp',
      });
      expect(roundTrip(recipe, BODY, { timestamp: NOW + 60, toleranceSeconds: 60 }).ok).toBe(true);
      // 0 turns the window off.
      expect(
        roundTrip(recipe, BODY, { timestamp: NOW - 86_400 * 365, toleranceSeconds: 0 }).ok,
      ).toBe(true);
    });

    test('a bad signature is reported before the clock (forgeries cannot probe the window)', () => {
      expect(roundTrip(recipe, BODY, { timestamp: NOW - 10_000, signSeed: 'forger' })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    });

    test('a malformed timestamp is rejected', () => {
      const timestampHeader = facts.headers.find((h) => /timestamp/.test(h));
      if (timestampHeader === undefined) return; // the timestamp is inside the signature header
      expect(
        roundTrip(recipe, BODY, { edits: [{ header: timestampHeader, set: '12:00' }] }),
      ).toEqual({ ok: false, reason: 'malformed_timestamp' });
    });
  }

  if (facts.replayKey !== undefined) {
    test('the replay key is stable for one delivery, differs between deliveries, and expires with the window', () => {
      const first = roundTrip(recipe, BODY, { id: 'delivery-1' });
      const again = roundTrip(recipe, BODY, { id: 'delivery-1' });
      const other = roundTrip(recipe, `${BODY.slice(0, -1)},"n":2}`, {
        id: 'delivery-2',
        timestamp: NOW + 1,
      });
      if (!first.ok || !again.ok || !other.ok) throw new Error('expected verified results');
      expect(first.replay?.key).toBeDefined();
      expect(again.replay?.key).toBe(first.replay?.key);
      expect(other.replay?.key).not.toBe(first.replay?.key);
      expect(first.replay?.key.startsWith(`${recipe.name}:`)).toBe(true);
      expect(
        roundTrip(recipe, BODY, { timestamp: NOW - 100 }).ok &&
          roundTrip(recipe, BODY, { timestamp: NOW - 100 }),
      ).toMatchObject({
        replay: { expiresAt: NOW - 100 + 300 },
      });
    });
  } else {
    test('records nothing for replay (the provider signs no timestamp)', () => {
      const result = roundTrip(recipe, BODY);
      expect(result.ok && result.replay).toBeUndefined();
    });
  }

  if (facts.deliveryId !== undefined) {
    test('carries the delivery id', () => {
      expect(roundTrip(recipe, BODY, { id: 'delivery-7' })).toMatchObject({
        ok: true,
        deliveryId: 'delivery-7',
      });
    });
  }

  test('declares the recipe, the kind of key and whether the URL is signed, as its descriptor does', () => {
    // The config names the recipe in its errors, picks the key variable's kind and demands
    // WEBHOOK_PUBLIC_URL from these fields (runtime/config.ts): each must match the descriptor.
    const { verifier } = prepared(recipe);
    expect({
      recipe: verifier.recipe,
      keyKind: verifier.keyKind,
      needsPublicUrl: verifier.needsPublicUrl,
    }).toEqual({
      recipe: recipe.name,
      keyKind: recipe.keyKind,
      needsPublicUrl: facts.environment.some((v) => v.name === 'WEBHOOK_PUBLIC_URL'),
    });
  });

  test('its signer sends strings only, with or without an id and a nonce', () => {
    // fetch would send an undefined value as the text "undefined" (npm run send-sample).
    const { verifier, signWith } = prepared(recipe);
    const url = verifier.requestPath?.('/hooks', BODY) ?? '/hooks';
    for (const options of [{}, { id: 'delivery-1', nonce: 'nonce-1' }]) {
      const headers = verifier.sign(BODY, signWith, { ...options, url, publicUrl: PUBLIC_URL });
      for (const [name, value] of Object.entries(headers))
        expect({ name, type: typeof value }).toEqual({ name, type: 'string' });
    }
  });

  test('refuses to start without a key', () => {
    const verifier = prepared(recipe).verifier;
    expect(() => verifier.prepare([], { publicUrl: 'https://x.example' })).toThrow();
  });

  if (recipe.unusableKey !== undefined) {
    test('refuses an unusable key at start', () => {
      const verifier = prepared(recipe).verifier;
      expect(() => verifier.prepare([recipe.unusableKey as string], {})).toThrow(
        expect.objectContaining({ name: 'UnusableKeyError' }) as Error,
      );
    });
  }

  test('reads the header the document names, not the default', () => {
    const settings = { header: 'x-document-signature' };
    expect(roundTrip(recipe, BODY, { settings }).ok).toBe(true);
    expect(
      roundTrip(recipe, BODY, {
        settings,
        edits: [
          { header: 'x-document-signature', remove: true },
          { header: recipe.defaultHeader, set: 'anything' },
        ],
      }),
    ).toEqual({ ok: false, reason: 'missing_signature' });
  });

  void NOW;
});
