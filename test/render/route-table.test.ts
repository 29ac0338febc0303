/**
 * The route table of `operations.ts` and the schema registry of `schemas.ts` state
 * document-wide things once: the values every route shares in one `common` object (spread
 * into each entry), a media type every message declares in one `contentType`, and the
 * named schemas in one `definitions` registry that the payload schemas refer into.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from '../../src/load';
import { plan } from '../../src/plan';
import { produce } from '../../src/pipeline/produce';

const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-route-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The generated `operations.ts` and `schemas.ts` of `document` (AsyncAPI 2.6 YAML). */
async function generated(name: string, document: string) {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, document);
  const { files } = await produce({ ir: plan((await load(file)).document), specPath: file });
  const content = (p: string) => files.find((f) => f.path === p)?.content ?? '';
  return {
    operations: content('src/generated/operations.ts'),
    schemas: content('src/generated/schemas.ts'),
  };
}

const HEADER = `asyncapi: 2.6.0
info: { title: Shop, version: 1.0.0 }
servers:
  shop: { url: 'https://shop.example', protocol: https }
`;

const SIGNED = `components:
  securitySchemes:
    hmac:
      type: httpApiKey
      in: header
      name: X-Signature
      x-hookwright-signature: { recipe: hmac }
`;

/** The lines between `{` and `}` of the entry whose operationId is `id`. */
function entry(operations: string, id: string): string {
  const start = operations.lastIndexOf('  {\n', operations.indexOf(`operationId: '${id}'`));
  return operations.slice(start, operations.indexOf('\n  },\n', start));
}

describe('operations.ts states what every route shares once', () => {
  test('shared values go into `common`; the entries keep only what differs', async () => {
    const { operations, schemas } = await generated(
      'two-routes',
      `${HEADER}channels:
  /orders/{orderId}:
    parameters: { orderId: { schema: { type: string } } }
    subscribe:
      operationId: onOrder
      message: { payload: { $ref: '#/components/schemas/Order' } }
  /refunds/{orderId}:
    parameters: { orderId: { schema: { type: string } } }
    subscribe:
      operationId: onRefund
      message:
        payload: { type: array, items: { $ref: '#/components/schemas/Order' } }
components:
  schemas:
    Order:
      type: object
      additionalProperties: false
      properties: { id: { type: string }, customer: { $ref: '#/components/schemas/Customer' } }
    Customer: { type: object, properties: { name: { type: string } } }
`,
    );
    const common = operations.slice(operations.indexOf('const common = {'));
    expect(common.slice(0, common.indexOf('} as const;'))).toBe(
      [
        'const common = {',
        "  method: 'POST',",
        "  parameters: ['orderId'],",
        '  signature: null,',
        '  definitions,',
        '',
      ].join('\n'),
    );
    for (const [id, route] of [
      ['onOrder', '/orders/:orderId'],
      ['onRefund', '/refunds/:orderId'],
    ]) {
      const lines = entry(operations, id);
      expect(lines).toContain('    ...common,\n');
      expect(lines).toContain(`    path: '${route}',\n`);
      for (const stated of ['method:', 'parameters:', 'signature:', 'definitions'])
        expect(lines).not.toContain(stated);
    }
    // One registry with each named schema once; the payloads refer into it.
    expect(schemas.match(/^ {4}Order: \{$/gm)).toHaveLength(1);
    expect(schemas.match(/^ {4}Customer: /gm)).toHaveLength(1);
    expect(schemas).toContain("$id: 'hookwright:schemas',");
    expect(schemas).toContain("customer: { $ref: '#/$defs/Customer' }");
    expect(schemas).toContain(
      "export const OrderSchema: JsonSchema = { $ref: 'hookwright:schemas#/$defs/Order' };",
    );
    // Each payload is a named schema of the registry; the registry's own references are local.
    expect(schemas).toContain(
      "OnRefundMessagePayload: { type: 'array', items: { $ref: '#/$defs/Order' } },",
    );
    // Opened to unlisted properties, in the registry as in the payloads.
    expect(schemas).not.toContain('additionalProperties');
  });

  test('a signature every route shares is stated once; one route states everything itself', async () => {
    const two = await generated(
      'signed',
      `${HEADER.replace('protocol: https }', 'protocol: https, security: [{ hmac: [] }] }')}channels:
  /a:
    subscribe: { operationId: onA, message: { payload: { type: object } } }
  /b:
    subscribe: { operationId: onB, message: { payload: { type: object } } }
${SIGNED}`,
    );
    expect(two.operations).toContain(
      "  signature: signatures['hmac'],\n  definitions,\n} as const;",
    );

    const one = await generated(
      'one-route',
      `${HEADER}channels:
  /a:
    subscribe:
      operationId: onA
      message: { payload: { $ref: '#/components/schemas/A' } }
components:
  schemas:
    A: { type: object, properties: { id: { type: string } } }
`,
    );
    expect(one.operations).not.toContain('common');
    const lines = entry(one.operations, 'onA');
    for (const stated of ["method: 'POST'", "path: '/a'", 'parameters: []', 'signature: null'])
      expect(lines).toContain(stated);
    expect(lines).toContain('    definitions,\n');
    expect(one.operations).toMatch(/import \{ definitions, ASchema \} from '\.\/schemas';/);
  });

  test('a media type every message declares is one constant', async () => {
    const form = `contentType: application/x-www-form-urlencoded
        payload: { type: object, properties: { Sid: { type: string } } }`;
    const { operations } = await generated(
      'forms',
      `${HEADER}channels:
  /status:
    subscribe:
      operationId: onStatus
      message:
        ${form}
  /inbound:
    subscribe:
      operationId: onInbound
      message:
        ${form}
`,
    );
    expect(operations).toContain("const contentType = 'application/x-www-form-urlencoded';");
    expect(operations.match(/^ {8}contentType,$/gm)).toHaveLength(2);
    expect(operations.match(/contentType: /g)).toBeNull();
  });
});
