import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/generated/runtime/config';
import type { OperationSpec } from '../../src/generated/runtime/types';

// One signed operation: the configuration rules do not depend on the document.
const operations: readonly OperationSpec[] = [
  {
    operationId: 'receiveEvent',
    method: 'POST',
    path: '/events',
    address: '/events',
    parameters: [],
    signature: 'hmac-sha256',
    signatureHeader: null,
    messages: [{ name: 'EVENT', schema: {} }],
  },
];

describe('loadConfig', () => {
  it('applies defaults', () => {
    assert.deepEqual(loadConfig({ WEBHOOK_SECRET: 's' }, operations), {
      host: '0.0.0.0',
      port: 3000,
      secrets: ['s'],
      toleranceSeconds: 300,
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

  it('splits and trims the secret list', () => {
    const config = loadConfig({ WEBHOOK_SECRET: ' old , ,new,' }, operations);
    assert.deepEqual(config.secrets, ['old', 'new']);
  });

  it('refuses signed operations without a secret unless ALLOW_UNSIGNED=true', () => {
    assert.throws(() => loadConfig({}, operations), {
      name: 'ConfigError',
      message: /WEBHOOK_SECRET/,
    });
    assert.throws(() => loadConfig({ WEBHOOK_SECRET: ' , ' }), /WEBHOOK_SECRET/);
    assert.equal(loadConfig({ ALLOW_UNSIGNED: 'true' }, operations).allowUnsigned, true);
    assert.deepEqual(loadConfig({}, []).secrets, []);
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
