import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { load } from '../src/load';
import { plan } from '../src/plan';
import type { ReceiverIR } from '../src/plan/ir';
import { CORPUS, CORPUS_DIR, SINCH_SPEC, corpusDocuments } from './helpers/corpus';

async function planFile(file: string): Promise<ReceiverIR> {
  return plan((await load(file)).document);
}

async function planYaml(yaml: string): Promise<ReceiverIR> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-plan-'));
  const file = path.join(dir, 'asyncapi.yaml');
  writeFileSync(file, yaml);
  return planFile(file);
}

describe('plan: the Sinch spec', () => {
  let ir: ReceiverIR;
  beforeAll(async () => {
    ir = await planFile(SINCH_SPEC);
  });

  test('service info', () => {
    expect(ir.asyncapi).toBe('2.6.0');
    expect(ir.service).toMatchObject({ title: 'Sinch Conversation API Webhooks', version: '1.0' });
  });

  test('14 receive operations, each an HTTP route, in document order', () => {
    expect(ir.operations.map((op) => [op.id, op.channel.address])).toEqual([
      ['receiveInboundMessage', '/conversation/message-inbound'],
      ['receiveMessageDelivery', '/conversation/message-delivery'],
      ['receiveInboundEvent', '/conversation/event-inbound'],
      ['receiveContactCreate', '/conversation/contact-create'],
      ['receiveContactUpdate', '/conversation/contact-update'],
      ['receiveContactDelete', '/conversation/contact-delete'],
      ['receiveContactMerge', '/conversation/contact-merge'],
      ['receiveConversationStart', '/conversation/conversation-start'],
      ['receiveConversationStop', '/conversation/conversation-stop'],
      ['receiveChannelEvent', '/conversation/channel-event'],
      ['receiveCapabilityResult', '/conversation/capability'],
      ['receiveOptIn', '/conversation/opt-in'],
      ['receiveOptOut', '/conversation/opt-out'],
      ['receiveSmartConversationResult', '/conversation/smart-conversations'],
    ]);
    expect(ir.operations.every((op) => op.http && op.idSource === 'document')).toBe(true);
    expect(ir.skipped).toEqual([]);
  });

  test('10 messages, a shared message once, named after its component', () => {
    expect(ir.messages.map((m) => m.key)).toEqual([
      'MessageInbound',
      'MessageDelivery',
      'EventInbound',
      'ContactEvent',
      'ContactMergeEvent',
      'ConversationEvent',
      'ChannelEvent',
      'CapabilityEvent',
      'OptEvent',
      'SmartConversationEvent',
    ]);
    const contactOps = ir.operations
      .filter((op) => op.messages.includes('ContactEvent'))
      .map((op) => op.id);
    expect(contactOps).toEqual([
      'receiveContactCreate',
      'receiveContactUpdate',
      'receiveContactDelete',
    ]);
    expect(ir.messages[0]).toMatchObject({
      name: 'MESSAGE_INBOUND',
      title: 'Inbound Message',
      contentType: 'application/json',
    });
  });

  test('payloads are the named component schemas, as plain JSON Schema', () => {
    expect(ir.messages[0].payload).toEqual({ $ref: '#/$defs/MessageInboundPayload' });
    expect(Object.keys(ir.schemas)).toHaveLength(10);
    const inbound = ir.schemas.MessageInboundPayload.schema as {
      properties: Record<string, { properties?: object }>;
    };
    expect(Object.keys(inbound.properties)).toEqual([
      'app_id',
      'accepted_time',
      'event_time',
      'project_id',
      'message',
      'message_metadata',
    ]);
    expect(JSON.stringify(ir)).not.toMatch(/x-parser-/);
    // Plain data: survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
  });

  test('the signature scheme applies to every operation through the server', () => {
    expect(ir.securitySchemes).toEqual([
      expect.objectContaining({
        name: 'hmacAuth',
        type: 'httpApiKey',
        in: 'header',
        paramName: 'x-sinch-webhook-signature',
        operations: ir.operations.map((op) => op.id),
      }),
    ]);
    expect(ir.operations.every((op) => op.security.join() === 'hmacAuth')).toBe(true);
  });
});

describe('plan: shapes of documents', () => {
  test('3.x: receive operations are handlers, send operations are skipped with a reason', async () => {
    const ir = await planYaml(`
asyncapi: 3.0.0
info: { title: T, version: '1' }
channels:
  orders:
    address: /hooks/{tenantId}/orders
    parameters:
      tenantId:
        description: The tenant
    messages:
      created: { payload: { type: object, properties: { id: { type: string } } } }
      cancelled: { payload: { type: object, properties: { reason: { type: string } } } }
operations:
  onOrder:
    action: receive
    channel: { $ref: '#/channels/orders' }
  notify:
    action: send
    channel: { $ref: '#/channels/orders' }
`);
    expect(ir.operations.map((op) => op.id)).toEqual(['onOrder']);
    expect(ir.operations[0].channel.parameters.map((p) => p.name)).toEqual(['tenantId']);
    expect(ir.operations[0].messages).toEqual(['Created', 'Cancelled']);
    expect(ir.skipped).toEqual([
      expect.objectContaining({
        what: 'operation notify',
        reason: expect.stringMatching(/action: send/) as string,
      }),
    ]);
  });

  test('2.x: an operation without operationId gets a stable id from its channel', async () => {
    const yaml = `
asyncapi: 2.6.0
info: { title: T, version: '1' }
channels:
  /hooks/orders:
    publish:
      message: { payload: { type: string } }
  /hooks/refunds:
    subscribe:
      message: { payload: { type: string } }
`;
    const first = await planYaml(yaml);
    const second = await planYaml(yaml);
    expect(first.operations.map((op) => [op.id, op.idSource])).toEqual([
      ['receiveHooksOrders', 'derived'],
    ]);
    expect(second.operations.map((op) => op.id)).toEqual(first.operations.map((op) => op.id));
    expect(first.skipped.map((s) => s.what)).toEqual([
      'operation channels["/hooks/refunds"].subscribe',
    ]);
  });

  test('operations only on non-HTTP servers get no route, with the reason', async () => {
    const ir = await planYaml(`
asyncapi: 2.6.0
info: { title: T, version: '1' }
servers:
  broker: { url: 'mqtt://broker', protocol: mqtt }
  web: { url: 'https://example.com', protocol: https }
channels:
  lights:
    servers: [broker]
    publish: { operationId: onLight, message: { payload: { type: object } } }
  hooks:
    publish: { operationId: onHook, message: { payload: { type: object } } }
`);
    expect(ir.operations.map((op) => [op.id, op.http, op.noRouteReason])).toEqual([
      ['onLight', false, 'only reachable through broker (mqtt), not HTTP'],
      ['onHook', true, undefined],
    ]);
  });

  test('http binding method, and a schema reached twice or recursively is lifted once', async () => {
    const ir = await planYaml(`
asyncapi: 2.6.0
info: { title: T, version: '1' }
channels:
  /a:
    publish:
      operationId: onA
      bindings: { http: { type: request, method: put } }
      message: { payload: { type: object, properties: { node: { $ref: '#/components/schemas/Node' }, other: { $ref: '#/components/schemas/Node' } } } }
components:
  schemas:
    Node:
      type: object
      properties:
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
`);
    expect(ir.operations[0].httpMethod).toBe('PUT');
    expect(Object.keys(ir.schemas).sort()).toEqual(['Node', 'OnAMessagePayload']);
    expect(ir.schemas.Node.schema).toEqual({
      type: 'object',
      properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
    });
  });

  test('operation ids that collide after normalisation get distinct names and a warning', async () => {
    const ir = await planYaml(`
asyncapi: 3.0.0
info: { title: T, version: '1' }
channels:
  a: { address: /a, messages: { m: { payload: { type: string } } } }
operations:
  on-event: { action: receive, channel: { $ref: '#/channels/a' } }
  onEvent: { action: receive, channel: { $ref: '#/channels/a' } }
  OnEvent: { action: receive, channel: { $ref: '#/channels/a' } }
  delete: { action: receive, channel: { $ref: '#/channels/a' } }
`);
    expect(ir.operations.map((op) => [op.id, op.name])).toEqual([
      ['on-event', 'onEvent'],
      ['onEvent', 'onEvent2'],
      ['OnEvent', 'onEvent3'],
      ['delete', 'delete_'],
    ]);
    // (The document has no servers: the last warning says HTTP was assumed.)
    // (And `delete`, a reserved word, is renamed `delete_`: that is said too.)
    expect(ir.warnings).toHaveLength(4);
    expect(ir.warnings[0]).toMatch(/operation "onEvent" .* named "onEvent2"/);
    expect(ir.warnings[2]).toMatch(/operation "delete" .* is named "delete_" in the code/);
    expect(ir.warnings[3]).toMatch(/declares no servers/);
  });
});

CORPUS.describe('plan: every document of the corpus', () => {
  const docs = corpusDocuments();
  test('the corpus is there', () => {
    expect(docs.length).toBeGreaterThan(30);
  });
  test.each(docs.map((d) => [path.relative(CORPUS_DIR, d), d]))('%s', async (_name, file) => {
    // The social-media documents share a sibling folder, and adeo-kafka has a remote $ref.
    const loaded = await load(file, { allowRemoteRefs: true, refRoot: CORPUS_DIR });
    const ir = plan(loaded.document);
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
    for (const op of ir.operations) {
      for (const key of op.messages) expect(ir.messages.some((m) => m.key === key)).toBe(true);
    }
  });
});
