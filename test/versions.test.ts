/**
 * The README's "AsyncAPI 2.0–2.6 or 3.0–3.1, YAML or JSON": the same small signed webhook
 * written for every 2.x minor version before 2.6 (the corpus covers 2.6 and 3.x) and as JSON,
 * generated in-process; each project must serve the route, verify the declared signature and
 * compile under strict; the JSON one also passes its own tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { safeStringify } from '@stoplight/yaml';
import { generate } from '../src/pipeline/generate';
import { linkNodeModules } from './helpers/receiver-deps';
import { TypeChecker } from './helpers/typecheck';

const work = mkdtempSync(path.join(tmpdir(), 'hookwright-versions-'));
const checker = new TypeChecker();

const payload = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, total: { type: 'number' } },
};
const hmacAuth = { type: 'httpApiKey', name: 'X-Hub-Signature-256', in: 'header' };

function document2(version: string): object {
  return {
    asyncapi: version,
    info: { title: `Orders ${version}`, version: '1.0.0' },
    servers: {
      production: { url: 'hooks.example.com', protocol: 'https', security: [{ hmacAuth: [] }] },
    },
    channels: {
      '/hooks/orders': {
        publish: {
          operationId: 'receiveOrder',
          message: { name: 'OrderCreated', payload },
        },
      },
    },
    components: { securitySchemes: { hmacAuth } },
  };
}

const document3 = {
  asyncapi: '3.0.0',
  info: { title: 'Orders 3.0.0', version: '1.0.0' },
  channels: {
    orders: {
      address: '/hooks/orders',
      messages: { OrderCreated: { name: 'OrderCreated', payload } },
    },
  },
  operations: {
    receiveOrder: {
      action: 'receive',
      channel: { $ref: '#/channels/orders' },
      security: [{ $ref: '#/components/securitySchemes/hmacAuth' }],
    },
  },
  components: { securitySchemes: { hmacAuth } },
};

const cases: Array<[string, string, object]> = [
  ...['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '2.5.0'].map(
    (version): [string, string, object] => [
      `AsyncAPI ${version} (YAML)`,
      'yaml',
      document2(version),
    ],
  ),
  ['AsyncAPI 2.0.0 (JSON)', 'json', document2('2.0.0')],
  ['AsyncAPI 3.0.0 (JSON)', 'json', document3],
];

async function generated(name: string, extension: string, doc: object): Promise<string> {
  const dir = path.join(work, name.replace(/[^A-Za-z0-9.]+/g, '-'));
  const spec = `${dir}.${extension}`;
  writeFileSync(spec, extension === 'json' ? JSON.stringify(doc, null, 2) : safeStringify(doc));
  const result = await generate({ spec, output: dir });
  expect(result.ir?.asyncapi).toBe((doc as { asyncapi: string }).asyncapi);
  expect(result.ir?.operations.map((op) => [op.id, op.channel.address, op.http])).toEqual([
    ['receiveOrder', '/hooks/orders', true],
  ]);
  // The 3.0.0 case declares no servers: that HTTP was assumed is its only warning.
  expect(result.warnings.filter((w) => !w.startsWith('the document declares no servers'))).toEqual(
    [],
  );
  return dir;
}

test.each(cases)(
  '%s: one signed route, compiled under strict',
  async (name, extension, doc) => {
    const dir = await generated(name, extension, doc);
    const operations = readFileSync(path.join(dir, 'src/generated/operations.ts'), 'utf8');
    expect(operations).toContain("path: '/hooks/orders'");
    expect(operations).toContain("signature: signatures['hmacAuth']");
    // The scheme's x-hub-signature-256 header is detected as GitHub's recipe.
    const signatures = readFileSync(path.join(dir, 'src/generated/signatures.ts'), 'utf8');
    expect(signatures).toContain("github({ header: 'x-hub-signature-256' })");
    linkNodeModules(dir);
    expect(checker.check(dir)).toEqual([]);
  },
  120_000,
);

test('the project generated from a JSON document passes its own tests', async () => {
  const dir = await generated('json-own-tests', 'json', document2('2.0.0'));
  linkNodeModules(dir);
  const output = execFileSync('npm', ['test'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  expect(output).toMatch(/# fail 0/);
  expect(output).toMatch(/receiveOrder: a signed OrderCreated sample reaches the handler/);
}, 300_000);
