/**
 * Fuzzing the receiver core (issue 12, item 8): requests with arbitrary headers and bodies,
 * and correctly signed requests with one part changed, against one operation per signature
 * recipe. Whatever arrives, `handle` resolves (never throws), answers only the statuses the
 * README documents, with a JSON body, and never answers 2xx (nor runs a handler) unless the
 * request is one the provider's signer made, with its body and signature as signed.
 * Bounded: a fixed number of runs per property, about 20 s in all.
 */
import fc from 'fast-check';
import { RECIPES, type RecipeDescriptor } from '../../src/plan/recipes';
import { loadConfig } from '../../templates/receiver/src/generated/runtime/config';
import {
  createReceiver,
  type IncomingWebhook,
  type Receiver,
} from '../../templates/receiver/src/generated/runtime/core';
import type { Verifier } from '../../templates/receiver/src/generated/runtime/signature';
import type { Logger, OperationSpec } from '../../templates/receiver/src/generated/runtime/types';
import { factoryOf, PUBLIC_URL } from '../recipes/support';

/** What the README documents; 202 only with a queue, 404 for an unknown operation. */
const DOCUMENTED = new Set([200, 400, 401, 404, 415, 500, 503]);
const RUNS = Number(process.env.HOOKWRIGHT_FUZZ_RUNS ?? 500);
/** A failure prints its seed; `HOOKWRIGHT_FUZZ_SEED=<seed>` replays that run. */
const SEED = process.env.HOOKWRIGHT_FUZZ_SEED
  ? { seed: Number(process.env.HOOKWRIGHT_FUZZ_SEED) }
  : {};

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

interface Target {
  recipe: RecipeDescriptor;
  verifier: Verifier;
  signWith: string;
  receiver: Receiver;
  /** Payloads that reached a handler, by id. */
  handled: string[];
  path: string;
}

function target(recipe: RecipeDescriptor): Target {
  const defaults = Object.fromEntries(
    Object.entries(recipe.options ?? {}).flatMap(([k, f]) =>
      f.default === undefined ? [] : [[k, f.default]],
    ),
  );
  const verifier = factoryOf(recipe)({
    header: recipe.defaultHeader,
    ...(recipe.settings?.(defaults) ?? {}),
  });
  const key = verifier.testKey('fuzz-secret');
  const operation: OperationSpec = {
    operationId: 'receive',
    method: 'POST',
    path: '/hooks',
    address: '/hooks',
    parameters: [],
    signature: { scheme: 'signed', variable: 'WEBHOOK_SECRET', verifier },
    messages: [
      {
        name: 'event',
        schema: {
          type: 'object',
          properties: { id: { type: 'string' }, amount: { type: 'integer' } },
          required: ['id'],
        },
      },
      {
        name: 'form',
        contentType: 'application/x-www-form-urlencoded',
        schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    ],
  };
  const config = loadConfig(
    {
      WEBHOOK_SECRET: key.verifyWith,
      WEBHOOK_PUBLIC_URL: PUBLIC_URL,
      UNMATCHED_EVENTS: 'reject',
      HANDLER_TIMEOUT_MS: '50',
    },
    [operation],
  );
  const handled: string[] = [];
  const handler = async (payload: unknown): Promise<void> => {
    const id = String((payload as { id?: unknown }).id);
    handled.push(id);
    if (id === 'throw') throw new Error('handler failed');
    if (id === 'hang') await new Promise(() => undefined);
  };
  const receiver = createReceiver({
    operations: [operation],
    handlers: { receive: { event: handler, form: handler } },
    config,
    logger: silent,
  });
  const path = verifier.requestPath?.('/hooks', '') ?? '/hooks';
  return { recipe, verifier, signWith: key.signWith, receiver, handled, path };
}

const targets = RECIPES.map(target);

/** Header values as Node gives them: latin1 strings (any byte), sometimes repeated (an array). */
const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => Buffer.from(s).toString('latin1')),
  fc.constantFrom(
    '',
    ' ',
    'v1,',
    't=,v1=',
    'sha256=',
    '0',
    '-1',
    '99999999999999',
    'a'.repeat(5000),
  ),
  fc.array(fc.string({ maxLength: 20 }), { minLength: 2, maxLength: 3 }),
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/cloudevents+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  ';;;',
  'application/json; charset="',
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.json().map((text) => Buffer.from(text)),
  fc
    .record({ id: fc.oneof(fc.string(), fc.constantFrom('throw', 'hang')), amount: fc.integer() })
    .map((value) => Buffer.from(JSON.stringify(value))),
  fc.constantFrom(
    Buffer.from('{"id":"x","__proto__":{"admin":true}}'),
    Buffer.from('\ufeff{"id":"bom"}'),
    Buffer.from('id=x&__proto__=y'),
    Buffer.alloc(0),
  ),
);

function headersFor(t: Target): fc.Arbitrary<Record<string, string | string[]>> {
  // Names the recipes read, so that the fuzzer reaches past "missing header".
  const names = [
    t.recipe.defaultHeader,
    ...Object.keys(t.verifier.sign('{}', t.signWith, { url: t.path, publicUrl: PUBLIC_URL })),
    'content-encoding',
    'x-request-id',
    'x-anything',
  ];
  return fc.dictionary<string | string[]>(
    fc.constantFrom(...names.map((n) => n.toLowerCase())),
    headerValue,
    { maxKeys: 8 },
  );
}

async function send(
  t: Target,
  headers: IncomingWebhook['headers'],
  rawBody: Buffer,
  url = t.path,
): Promise<{ status: number; body: unknown }> {
  const before = t.handled.length;
  let result: Awaited<ReturnType<Receiver['handle']>>;
  try {
    result = await t.receiver.handle({
      operationId: 'receive',
      headers,
      rawBody,
      params: {},
      requestId: 'fuzz',
      url,
    });
  } catch (error) {
    throw new Error(`${t.recipe.name}: handle threw ${String(error)}`, { cause: error });
  }
  expect(DOCUMENTED.has(result.status)).toBe(true);
  // The answer is sent as JSON: it must survive a round trip.
  expect(JSON.parse(JSON.stringify(result.body))).toEqual(result.body);
  if (result.status < 200 || result.status >= 300) {
    // A handler may have run and failed (500) or timed out (503); otherwise none ran.
    if (result.status !== 500 && result.status !== 503) expect(t.handled.length).toBe(before);
  }
  return result;
}

describe.each(targets.map((t) => [t.recipe.name, t] as const))('receiver core with %s', (_n, t) => {
  test('arbitrary headers and bodies: no throw, documented statuses, never a 2xx, no handler runs', async () => {
    await fc.assert(
      fc.asyncProperty(headersFor(t), contentType, body, async (headers, type, raw) => {
        const all = type === undefined ? headers : { ...headers, 'content-type': type };
        const before = t.handled.length;
        const { status } = await send(t, all, raw);
        expect(status).not.toBeLessThan(300);
        expect(t.handled.length).toBe(before);
      }),
      { numRuns: RUNS, ...SEED },
    );
  });

  test('a signed request with its body or signature changed is never accepted; unchanged, it is', async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('none' as const) }),
      fc.record({
        kind: fc.constant('body' as const),
        at: fc.nat(),
        bit: fc.integer({ min: 0, max: 7 }),
      }),
      fc.record({
        kind: fc.constant('append' as const),
        extra: fc.string({ minLength: 1, maxLength: 5 }),
      }),
      fc.record({
        kind: fc.constant('signature' as const),
        at: fc.nat(),
        char: fc.string({ minLength: 1, maxLength: 1 }),
      }),
      fc.record({ kind: fc.constant('drop' as const) }),
      fc.record({
        kind: fc.constant('encoding' as const),
        value: fc.constantFrom('gzip', 'br', 'identity, gzip'),
      }),
    );
    const payload = fc.record({ id: fc.string({ maxLength: 20 }), amount: fc.integer() });
    let deliveries = 0;
    await fc.assert(
      fc.asyncProperty(payload, mutation, async (value, change) => {
        // Each delivery is a new one: the same body signed in the same second is a replay (401).
        const text = JSON.stringify({ ...value, delivery: ++deliveries });
        // Twilio signs the URL, which carries the body's hash for a JSON body.
        const url = t.verifier.requestPath?.('/hooks', text) ?? '/hooks';
        const signed = t.verifier.sign(text, t.signWith, { url, publicUrl: PUBLIC_URL });
        const headers: Record<string, string> = { 'content-type': 'application/json', ...signed };
        let raw = Buffer.from(text);
        const signatureHeader = t.recipe.defaultHeader.toLowerCase();
        let broken = false;
        if (change.kind === 'body') {
          raw = Buffer.from(raw);
          const at = change.at % raw.length;
          raw[at] = raw[at] ^ (1 << change.bit);
          broken = true;
        } else if (change.kind === 'append') {
          raw = Buffer.concat([raw, Buffer.from(change.extra)]);
          broken = true;
        } else if (change.kind === 'signature') {
          // Not the last three characters: the final base64 character before padding carries
          // bits that decoding ignores, so changing it can re-encode the same signature bytes.
          const current = headers[signatureHeader] ?? '';
          if (current.length <= 3) return;
          const at = change.at % (current.length - 3);
          const old = current[at];
          // A hex digit becomes another value (not its other case, which decodes the same).
          const nextDigit = (parseInt(old, 16) + 1).toString(16).slice(-1);
          const replacement = /[0-9a-f]/i.test(old)
            ? old === old.toUpperCase()
              ? nextDigit.toUpperCase()
              : nextDigit
            : change.char;
          const next = current.slice(0, at) + replacement + current.slice(at + 1);
          if (next === current) return; // the same character: nothing changed
          headers[signatureHeader] = next;
          broken = true;
        } else if (change.kind === 'drop') {
          delete headers[signatureHeader];
          broken = true;
        } else if (change.kind === 'encoding') {
          headers['content-encoding'] = change.value;
          broken = true; // not a signature problem, but refused (415) all the same
        }
        const before = t.handled.length;
        const { status } = await send(t, headers, raw, url);
        if (broken) {
          expect(status).toBeGreaterThanOrEqual(300);
          expect(t.handled.length).toBe(before);
        } else {
          // Unchanged: accepted and handled, except a payload the handler is told to fail on.
          const expected = value.id === 'throw' ? 500 : value.id === 'hang' ? 503 : 200;
          expect(status).toBe(expected);
          expect(t.handled.length).toBe(before + 1);
        }
      }),
      { numRuns: RUNS, ...SEED },
    );
  });
});
