/**
 * Receivers that verify no signature: a document with no security, one whose only scheme
 * is not a webhook signature (a warning says requests are not authenticated), and the Sinch
 * document with `--signature none`. Each project must not need a secret, and must pass its
 * own tests (which then post unsigned requests).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '../src/pipeline/generate';
import { SINCH_SPEC } from './helpers/corpus';
import { linkNodeModules } from './helpers/receiver-deps';

const work = mkdtempSync(path.join(tmpdir(), 'hookwright-unsigned-'));

function orders(security?: { scheme: object }): string {
  const doc = {
    asyncapi: '2.6.0',
    info: { title: 'Orders', version: '1.0.0' },
    servers: {
      production: {
        url: 'hooks.example.com',
        protocol: 'https',
        ...(security ? { security: [{ basic: [] }] } : {}),
      },
    },
    channels: {
      '/hooks/orders': {
        publish: {
          operationId: 'receiveOrder',
          message: {
            name: 'OrderCreated',
            payload: {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'string' } },
            },
          },
        },
      },
    },
    ...(security ? { components: { securitySchemes: { basic: security.scheme } } } : {}),
  };
  const file = path.join(work, `orders-${security ? 'basic' : 'open'}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function ownTests(project: string): string {
  linkNodeModules(project);
  return execFileSync('npm', ['test'], { cwd: project, encoding: 'utf8', timeout: 300_000 });
}

test('a scheme that is not a signature: a warning that requests are not authenticated', async () => {
  const spec = orders({ scheme: { type: 'userPassword' } });
  const result = await generate({ spec, output: path.join(work, 'basic') });
  expect(result.warnings).toEqual([
    'security scheme "basic" (userPassword) is not a webhook signature hookwright can verify; requests are not authenticated',
  ]);
});

test('a document without security: the project needs no secret and passes its own tests', async () => {
  const project = path.join(work, 'open');
  const result = await generate({ spec: orders(), output: project });
  expect(result.warnings).toEqual([]);
  expect(readFileSync(path.join(project, '.env.example'), 'utf8')).not.toMatch(/WEBHOOK_SECRET/);
  const output = ownTests(project);
  expect(output).toMatch(/# fail 0/);
  expect(output).toMatch(/receiveOrder: a signed OrderCreated sample reaches the handler/);
}, 300_000);

test('the Sinch document with --signature none passes its own tests, unsigned', async () => {
  const project = path.join(work, 'sinch-none');
  const result = await generate({ spec: SINCH_SPEC, output: project, signature: 'none' });
  expect(result.ir?.operations).toHaveLength(14);
  const output = ownTests(project);
  expect(output).toMatch(/# fail 0/);
  expect(output.match(/^\s*ok \d+ - \w+: a signed \w+ sample reaches the handler$/gm)).toHaveLength(
    14,
  );
  expect(output).not.toMatch(/rejects a signature made with another secret/);
}, 300_000);
