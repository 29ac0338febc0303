import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, prepareSignatures } from '../../src/generated/runtime/config';
import {
  UnusableKeyError,
  secretTestKey,
  type PrepareOptions,
  type Verifier,
} from '../../src/generated/runtime/signature';
import type { OperationSpec } from '../../src/generated/runtime/types';

// The configuration rules do not depend on the recipe: a stand-in verifier that records
// what it was prepared with and refuses keys starting with "bad".
const prepared: Array<{ keys: readonly string[]; options: PrepareOptions }> = [];
const verifier = (needsPublicUrl = false): Verifier => ({
  recipe: 'stand-in',
  keyKind: 'secret',
  needsPublicUrl,
  prepare(keys, options) {
    if (keys.some((key) => key.startsWith('bad'))) throw new UnusableKeyError('a key is bad');
    prepared.push({ keys, options });
    return () => ({ ok: true });
  },
  sign: () => ({}),
  testKey: secretTestKey,
});

const operation = (operationId: string, scheme: string, variable: string, v = verifier()) =>
  ({
    operationId,
    method: 'POST',
    path: `/${operationId}`,
    address: `/${operationId}`,
    parameters: [],
    signature: { scheme, variable, verifier: v },
    messages: [{ name: 'EVENT', schema: {} }],
  }) as const satisfies OperationSpec;

const operations: readonly OperationSpec[] = [
  operation('receiveEvent', 'signature', 'WEBHOOK_SECRET'),
];

describe('loadConfig', () => {
  it('applies defaults', () => {
    assert.deepEqual(loadConfig({ WEBHOOK_SECRET: 's' }, operations), {
      host: '0.0.0.0',
      port: 3000,
      secrets: { WEBHOOK_SECRET: ['s'] },
      toleranceSeconds: undefined,
      publicUrl: undefined,
      allowUnsigned: false,
      bodyLimit: 1_048_576,
      logLevel: 'info',
      replayMaxEntries: 1_000_000,
      unmatchedEvents: 'ignore',
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      handlerTimeoutMs: 10_000,
      shutdownGraceMs: 10_000,
    });
  });

  it('reads UNMATCHED_EVENTS', () => {
    const config = loadConfig({ WEBHOOK_SECRET: 's', UNMATCHED_EVENTS: 'Reject' }, operations);
    assert.equal(config.unmatchedEvents, 'reject');
  });

  it('splits and trims the key list', () => {
    const config = loadConfig({ WEBHOOK_SECRET: ' old , ,new,' }, operations);
    assert.deepEqual(config.secrets.WEBHOOK_SECRET, ['old', 'new']);
  });

  it('passes the tolerance and the public URL to the verifier', () => {
    prepared.length = 0;
    const env = {
      WEBHOOK_SECRET: 's',
      SIGNATURE_TOLERANCE_SECONDS: '60',
      WEBHOOK_PUBLIC_URL: 'https://hooks.example.com/',
    };
    loadConfig(env, operations);
    assert.deepEqual(prepared, [
      { keys: ['s'], options: { toleranceSeconds: 60, publicUrl: 'https://hooks.example.com' } },
    ]);
  });

  it('refuses signed operations without a key unless ALLOW_UNSIGNED=true', () => {
    assert.throws(() => loadConfig({}, operations), {
      name: 'ConfigError',
      message: /^WEBHOOK_SECRET is not set/,
    });
    assert.throws(() => loadConfig({ WEBHOOK_SECRET: ' , ' }), {
      message: /^WEBHOOK_SECRET is not set/,
    });
    assert.equal(loadConfig({ ALLOW_UNSIGNED: 'true' }, operations).allowUnsigned, true);
    assert.deepEqual(loadConfig({}, []).secrets, {});
  });

  it('reads one variable per scheme and names the one that is missing', () => {
    const several = [
      operation('a', 'github', 'GITHUB_SECRET'),
      operation('b', 'stripe', 'STRIPE_SECRET'),
      operation('c', 'github', 'GITHUB_SECRET'),
    ];
    const config = loadConfig({ GITHUB_SECRET: 'g', STRIPE_SECRET: 's1,s2' }, several);
    assert.deepEqual(config.secrets, { GITHUB_SECRET: ['g'], STRIPE_SECRET: ['s1', 's2'] });
    assert.throws(() => loadConfig({ GITHUB_SECRET: 'g' }, several), {
      message: /^STRIPE_SECRET is not set.*security scheme "stripe"/,
    });
    const unsigned = loadConfig({ GITHUB_SECRET: 'g', ALLOW_UNSIGNED: 'true' }, several);
    assert.deepEqual([...prepareSignatures(unsigned, several).keys()], ['github']);
  });

  it('names the variable of an unusable key', () => {
    assert.throws(() => loadConfig({ WEBHOOK_SECRET: 'good,bad' }, operations), {
      name: 'ConfigError',
      message: /^WEBHOOK_SECRET is unusable: a key is bad/,
    });
  });

  it('requires WEBHOOK_PUBLIC_URL where a recipe signs the URL', () => {
    const signsUrl = [operation('u', 'twilio', 'WEBHOOK_SECRET', verifier(true))];
    assert.throws(() => loadConfig({ WEBHOOK_SECRET: 's' }, signsUrl), {
      message: /^WEBHOOK_PUBLIC_URL is not set/,
    });
    const config = loadConfig(
      { WEBHOOK_SECRET: 's', WEBHOOK_PUBLIC_URL: 'https://a.example/prefix' },
      signsUrl,
    );
    assert.equal(config.publicUrl, 'https://a.example/prefix');
  });

  for (const [name, value] of [
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['SIGNATURE_TOLERANCE_SECONDS', '-1'],
    ['BODY_LIMIT_BYTES', '1.5'],
    ['REPLAY_MAX_ENTRIES', '0'],
    ['HEADERS_TIMEOUT_MS', '0'],
    ['REQUEST_TIMEOUT_MS', 'soon'],
    ['KEEP_ALIVE_TIMEOUT_MS', '-5'],
    ['HANDLER_TIMEOUT_MS', '0'],
    ['SHUTDOWN_GRACE_MS', '1e3'],
    ['ALLOW_UNSIGNED', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['UNMATCHED_EVENTS', 'drop'],
    ['WEBHOOK_PUBLIC_URL', 'hooks.example.com'],
    ['WEBHOOK_PUBLIC_URL', 'https://hooks.example.com/?a=1'],
  ] as const) {
    it(`names ${name} when it is invalid (${value})`, () => {
      const env = { WEBHOOK_SECRET: 's', [name]: value };
      assert.throws(
        () => loadConfig(env, operations),
        (error) => error instanceof ConfigError && error.message.startsWith(name),
      );
    });
  }
});
