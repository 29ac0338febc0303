/**
 * Stage 2, plan: a parsed AsyncAPI document → the plain-data `ReceiverIR`.
 * Only this stage and `load` know the parser's object model.
 */
import type {
  AsyncAPIDocumentInterface,
  ChannelInterface,
  MessageInterface,
  OperationInterface,
  SecurityRequirementsInterface,
  SecuritySchemeInterface,
} from '@asyncapi/parser';
import { formatJsonPath } from '../pipeline/errors';
import type {
  JsonValue,
  MessageIR,
  OperationIR,
  ReceiverIR,
  SecuritySchemeIR,
  ServerIR,
  SkippedIR,
} from './ir';
import { NameScope, camelCase, pascalCase } from './naming';
import { SchemaCollector, plain } from './schemas';
import { chooseSignatures, type SignatureRequest } from './recipes/choose';
import {
  chooseEndpoint,
  choosePerspective,
  parseDispatch,
  resolveDispatch,
  type PlanOptions,
} from './delivery';
import {
  bindingsOf,
  describeServers,
  extensionsOf,
  isJsonSchemaFormat,
  messageGroupOf,
  messageLocator,
  operationIdOf,
  operationLocation,
  operationsWithChannels,
  recipeExtensionOf,
} from './document';

export type { PlanOptions } from './delivery';
export { nothingToServe, routeCount } from './delivery';

const HTTP_PROTOCOLS = new Set(['http', 'https']);

/**
 * `options` carries the delivery choices and the user's choice of signature recipe
 * (`--signature`, `--signature-option`); without it each signing scheme's recipe comes from
 * its extension or its header name.
 */
export function plan(
  document: AsyncAPIDocumentInterface,
  options: PlanOptions & SignatureRequest = {},
): ReceiverIR {
  const v2 = document.version().startsWith('2.');
  // Checked first, so that a mistyped flag fails before any work.
  const dispatchAt = options.dispatch !== undefined ? parseDispatch(options.dispatch) : undefined;
  const info = document.info();
  const schemes = new SchemeRegistry(document);
  const schemeNames = (requirements: SecurityRequirementsInterface[]) =>
    schemes.names(requirements);
  const servers = document
    .servers()
    .all()
    .map((server): ServerIR => ({
      name: server.id(),
      protocol: server.protocol(),
      url: server.url(),
      http: HTTP_PROTOCOLS.has(server.protocol().toLowerCase()),
      description: server.description(),
      security: schemeNames(server.security()),
    }));

  const componentMessages = new Map<unknown, string>();
  for (const message of document.components().messages().all())
    componentMessages.set(message.json(), message.id());

  const skipped: SkippedIR[] = [];
  const all = operationsWithChannels(document, v2);
  const perspective = choosePerspective(
    options.perspective ?? 'auto',
    {
      receive: all.filter(({ op }) => op.isReceive()).length,
      send: all.filter(({ op }) => !op.isReceive()).length,
    },
    v2,
  );
  const warnings: string[] = [];
  const receive: Array<{
    op: OperationInterface;
    channel: ChannelInterface | undefined;
    location: string;
  }> = [];
  for (const { op, channel } of all) {
    const location = operationLocation(op, channel, v2);
    const served = perspective.used === 'receiver' ? op.isReceive() : !op.isReceive();
    if (served) {
      receive.push({ op, channel, location });
      if (!v2 && op.json<{ reply?: unknown }>().reply !== undefined)
        warnings.push(
          `operation ${operationIdOf(op, v2) ?? location} has a reply: the receiver serves its request and answers 200; the reply is not sent`,
        );
      continue;
    }
    const name = operationIdOf(op, v2) ?? location;
    const word = v2 ? (op.isReceive() ? '`publish`' : '`subscribe`') : `\`action: ${op.action()}\``;
    const on = (channel?.servers().all() ?? []).map((server) => server.protocol());
    skipped.push({
      what: `operation ${name}`,
      location,
      kind: op.isReceive() ? 'receive-operation' : 'send-operation',
      protocols: [...new Set(on)].sort(),
      http: servers.length === 0 || on.some((p) => HTTP_PROTOCOLS.has(p.toLowerCase())),
      reason: op.isReceive()
        ? `${word}: the document's application receives this message; under --perspective provider only what it sends is served`
        : `${word}: the application sends this message, so a receiver has no handler for it (--perspective provider serves these)`,
    });
  }

  // Messages, once each, in order of first use; payload schemas counted before conversion.
  const collector = new SchemaCollector();
  const messageKeys = new Map<MessageInterface['json'] extends () => infer R ? R : never, string>();
  const messageScope = new NameScope();
  const pendingMessages: Array<{ message: MessageInterface; key: string }> = [];
  const opIds = new NameScope();

  const operations: OperationIR[] = receive.map(({ op, channel, location }) => {
    const address = channel?.address() ?? '';
    const documentId = operationIdOf(op, v2);
    const id = documentId ?? camelCase(`receive ${address || channel?.id() || 'message'}`);
    // The name is what code and files use: an identifier, unique case-insensitively.
    const wanted = camelCase(id);
    const claimed = opIds.claim(wanted);
    if (documentId !== undefined && !claimed.collided && renamed(documentId, claimed.name))
      warnings.push(
        `operation "${documentId}" at ${location} is named "${claimed.name}" in the code (handler src/handlers/${claimed.name}.ts): "${documentId}" is not a usable identifier or file name`,
      );
    if (claimed.collided)
      warnings.push(
        `operation "${id}" at ${location} would be named "${wanted}" like an earlier one; it is named "${claimed.name}"`,
      );

    const group = v2 ? messageGroupOf(op) : undefined;
    const messages = op
      .messages()
      .all()
      .map((message, index) => {
        const existing = messageKeys.get(message.json());
        if (existing !== undefined) return existing;
        const given =
          componentMessages.get(message.json()) ??
          (message.id()?.startsWith('<anonymous') ? undefined : message.id());
        const fallback =
          op.messages().all().length > 1
            ? `${group?.name ?? `${claimed.name} message`} ${index + 1}`
            : `${claimed.name} message`;
        const key = messageScope.claim(pascalCase(given ?? message.name() ?? fallback)).name;
        messageKeys.set(message.json(), key);
        pendingMessages.push({ message, key });
        if (isJsonSchemaFormat(message.schemaFormat())) collector.count(message.payload()?.json());
        return key;
      });

    const operationServers = (channel?.servers().all() ?? []).map((s) => s.id());
    const onHttp =
      servers.length === 0 ||
      operationServers.some((name) => servers.find((s) => s.name === name)?.http);
    // An operation without a message has no payload to type or validate: no route serves it.
    const reachable = onHttp && messages.length > 0;
    const httpBinding = bindingsOf(op.bindings()).http as { [key: string]: JsonValue } | undefined;
    const method =
      typeof httpBinding?.method === 'string' ? httpBinding.method.toUpperCase() : undefined;
    const opSecurity = schemeNames(op.security());
    const serverSecurity = [
      ...new Set(
        operationServers.flatMap((name) => servers.find((s) => s.name === name)?.security ?? []),
      ),
    ];

    return {
      id,
      name: claimed.name,
      idSource: documentId !== undefined ? 'document' : 'derived',
      action: op.isReceive() ? 'receive' : 'send',
      location,
      summary: op.summary() ?? group?.summary ?? group?.title,
      description: op.description() ?? group?.description,
      channel: {
        id: channel?.id() ?? address,
        address,
        description: channel?.description(),
        parameters: (channel?.parameters().all() ?? []).map((p) => ({
          name: p.id(),
          description: p.description(),
          schema: p.hasSchema()
            ? collector.inline(p.schema()?.json(), `${claimed.name} ${p.id()}`)
            : undefined,
        })),
      },
      messages,
      httpMethod: method,
      bindings: bindingsOf(op.bindings()),
      servers: operationServers,
      security: (opSecurity.length > 0 ? opSecurity : serverSecurity).sort(),
      http: reachable,
      noRouteReason: reachable
        ? undefined
        : !onHttp
          ? `only reachable through ${describeServers(operationServers, servers)}, not HTTP`
          : `it receives no message (${channel ? `channel ${channel.id()} declares none` : 'it has no channel'})`,
    } satisfies OperationIR;
  });

  const locate = messageLocator(document);
  const messages: MessageIR[] = pendingMessages.map(({ message, key }) => {
    const payloadName = `${key}Payload`;
    const schemaFormat = message.schemaFormat();
    const readable = isJsonSchemaFormat(schemaFormat);
    if (message.hasPayload() && !readable) {
      warnings.push(
        `message ${key}: payload schema format "${schemaFormat}" is not JSON Schema; its payload is typed \`unknown\` and not validated`,
      );
    }
    return {
      key,
      location: locate(message),
      name: message.name(),
      title: message.title(),
      summary: message.summary(),
      description: message.description(),
      contentType: message.contentType() ?? document.defaultContentType(),
      payload:
        message.hasPayload() && readable
          ? collector.root(message.payload()?.json(), payloadName)
          : undefined,
      payloadName,
      headers: message.hasHeaders()
        ? collector.inline(message.headers()?.json(), `${key} headers`)
        : undefined,
      examples: message
        .examples()
        .all()
        .map((example) => ({
          name: example.name(),
          summary: example.summary(),
          payload: example.hasPayload() ? plain(example.payload()) : undefined,
          headers: example.hasHeaders()
            ? (plain(example.headers()) as { [key: string]: JsonValue })
            : undefined,
        })),
      bindings: bindingsOf(message.bindings()),
      extensions: extensionsOf(message.json()),
    };
  });

  const securitySchemes = schemes.all().map(({ name, scheme }): SecuritySchemeIR => ({
    name,
    type: scheme.type(),
    description: scheme.description(),
    in: scheme.in(),
    paramName: scheme.name(),
    scheme: scheme.scheme(),
    operations: operations.filter((op) => op.security.includes(name)).map((op) => op.name),
    ...recipeExtensionOf(scheme),
    location: formatJsonPath(['components', 'securitySchemes', name]),
  }));
  const signatures = chooseSignatures(
    { securitySchemes, operations },
    { signature: options.signature, signatureOptions: options.signatureOptions },
    warnings,
  );

  for (const op of operations) {
    if (!op.http && op.messages.length === 0)
      skipped.push({
        what: `operation ${op.name}`,
        location: op.location,
        reason: `${op.noRouteReason ?? 'no message'}: nothing to type or validate, so no route and no handler`,
        kind: 'no-message',
      });
    else if (!op.http)
      skipped.push({
        what: `operation ${op.name}`,
        location: op.location,
        reason: `${op.noRouteReason ?? 'not HTTP'}: no route and no handler (its models are generated)`,
        kind: 'non-http',
        protocols: [
          ...new Set(
            op.servers.map((name) => servers.find((s) => s.name === name)?.protocol ?? name),
          ),
        ].sort(),
      });
  }
  if (servers.length === 0 && operations.length > 0)
    warnings.push(
      'the document declares no servers: hookwright assumed its webhooks are delivered over HTTP',
    );
  const served = operations.filter((op) => op.http);

  return {
    asyncapi: document.version(),
    service: { title: info.title(), version: info.version(), description: info.description() },
    servers,
    securitySchemes,
    perspective,
    endpoint: chooseEndpoint(options.endpoint ?? 'auto', options.endpointPath, served),
    dispatch:
      dispatchAt &&
      resolveDispatch(dispatchAt, options.dispatchValue, { operations, messages }, v2),
    operations,
    messages,
    schemas: collector.schemas(),
    skipped,
    warnings: [...warnings, ...collector.warnings],
    signatures,
  };
}

/**
 * Security schemes by name. In 3.x a scheme reached through a `$ref` loses its component
 * name in the parsed document, so names are found by identity; a scheme written inline
 * (no component) is named after its type.
 */
class SchemeRegistry {
  private readonly byJson = new Map<unknown, string>();
  private readonly entries: Array<{ name: string; scheme: SecuritySchemeInterface }> = [];
  private readonly scope = new NameScope();

  constructor(document: AsyncAPIDocumentInterface) {
    for (const scheme of document.securitySchemes().all()) this.add(scheme, scheme.id());
  }

  names(requirements: SecurityRequirementsInterface[]): string[] {
    const names = new Set<string>();
    for (const requirement of requirements) {
      for (const r of requirement.all())
        names.add(
          this.byJson.get(r.scheme().json()) ??
            this.add(r.scheme(), r.scheme().id() || r.scheme().type()),
        );
    }
    return [...names].sort();
  }

  all(): Array<{ name: string; scheme: SecuritySchemeInterface }> {
    return this.entries;
  }

  private add(scheme: SecuritySchemeInterface, wanted: string): string {
    const name = this.scope.claim(wanted).name;
    this.byJson.set(scheme.json(), name);
    this.entries.push({ name, scheme });
    return name;
  }
}

/**
 * Whether turning a document's name into `name` did more than change case and drop the
 * separators of plain words (`on-payment` → `onPayment` is expected; `../../evil` → `evil`,
 * `__proto__` → `proto` and `delete` → `delete_` are renames the user is told about).
 */
function renamed(original: string, name: string): boolean {
  const plainWords = /^[A-Za-z][A-Za-z0-9]*(?:[-_. ][A-Za-z0-9]+)*$/;
  const letters = (text: string) => text.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return !plainWords.test(original) || letters(original) !== letters(name) || /_$/.test(name);
}
