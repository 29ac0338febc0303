/**
 * Reading the parser's object model for the plan: operation ids and locations, message
 * groups, bindings, extensions, and the words for servers.
 */
import type {
  AsyncAPIDocumentInterface,
  BindingsInterface,
  ChannelInterface,
  MessageInterface,
  OperationInterface,
  SecuritySchemeInterface,
} from '@asyncapi/parser';
import { formatJsonPath } from '../pipeline/errors';
import { decodePointerToken } from '../schema';
import type { JsonValue, ServerIR } from './ir';
import { plain } from './schemas';
import { EXTENSION } from './recipes';

/** The scheme's `x-hookwright-signature`, when it has one. */
export function recipeExtensionOf(scheme: SecuritySchemeInterface): {
  recipeExtension?: JsonValue;
} {
  const json = scheme.json<Record<string, unknown>>();
  return Object.hasOwn(json, EXTENSION) ? { recipeExtension: plain(json[EXTENSION]) } : {};
}

/**
 * 2.x: what a `message: { oneOf: [...] }` says about its messages as a group. The
 * specification allows nothing next to `oneOf`, but documents put `name`, `title`,
 * `summary` or `description` there (and are then only read with --lenient): the
 * messages are still the `oneOf` ones, and the rest names and describes the operation.
 */
export function messageGroupOf(
  op: OperationInterface,
): { name?: string; title?: string; summary?: string; description?: string } | undefined {
  const message = op.json<{ message?: unknown }>().message;
  if (typeof message !== 'object' || message === null || !('oneOf' in message)) return undefined;
  const text = (key: string): string | undefined => {
    const value = (message as Record<string, unknown>)[key];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  return {
    name: text('name'),
    title: text('title'),
    summary: text('summary'),
    description: text('description'),
  };
}

/** 2.x: `operationId`; 3.x: the operation's key in `operations`. */
export function operationIdOf(op: OperationInterface, v2: boolean): string | undefined {
  if (v2) {
    const id = op.json<{ operationId?: unknown }>().operationId;
    return typeof id === 'string' && id.trim() !== '' ? id : undefined;
  }
  return op.id();
}

/**
 * Every operation with its channel. In 2.x the parser finds an operation's channel by
 * scanning all channels (quadratic over a document), so there the walk goes channel by
 * channel instead; in 3.x an operation names its channel.
 */
export function operationsWithChannels(
  document: AsyncAPIDocumentInterface,
  v2: boolean,
): Array<{ op: OperationInterface; channel: ChannelInterface | undefined }> {
  if (!v2)
    return document
      .operations()
      .all()
      .map((op) => ({ op, channel: op.channels().all()[0] }));
  return document
    .channels()
    .all()
    .flatMap((channel) =>
      channel
        .operations()
        .all()
        .map((op) => ({ op, channel })),
    );
}

export function operationLocation(
  op: OperationInterface,
  channel: ChannelInterface | undefined,
  v2: boolean,
): string {
  if (!v2) return formatJsonPath(['operations', op.id() ?? '?']);
  return formatJsonPath(['channels', channel?.address() ?? channel?.id() ?? '?', op.action()]);
}

/** AsyncAPI schemas and JSON Schema are what the models and the validator read. */
export function isJsonSchemaFormat(format: string | undefined): boolean {
  return (
    format === undefined ||
    /^application\/(vnd\.aai\.asyncapi|schema\+json|schema\+yaml|schema;)/.test(format) ||
    format.startsWith('application/vnd.aai.asyncapi')
  );
}

export function bindingsOf(bindings: BindingsInterface): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const binding of bindings.all()) out[binding.protocol()] = plain(binding.value());
  return out;
}

/** A message's `x-...` keys, as plain data. */
export function extensionsOf(json: unknown): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (typeof json !== 'object' || json === null) return out;
  for (const [key, value] of Object.entries(json))
    if (key.startsWith('x-') && key !== 'x-parser-message-name' && !key.startsWith('x-parser-'))
      out[key] = plain(value);
  return out;
}

export function describeServers(names: string[], servers: ServerIR[]): string {
  return names
    .map((name) => {
      const server = servers.find((s) => s.name === name);
      return server ? `${name} (${server.protocol})` : name;
    })
    .join(', ');
}

/**
 * The JSON path of each message where the document defines it: `components.messages.<id>`,
 * else (3.x) `channels.<channel>.messages.<key>`, else where its operation names it.
 */
export function messageLocator(
  document: AsyncAPIDocumentInterface,
): (message: MessageInterface) => string {
  const defined = new Map<unknown, string>();
  for (const message of document.components().messages().all())
    defined.set(message.json(), formatJsonPath(['components', 'messages', message.id()]));
  for (const channel of document.channels().all())
    for (const message of channel.messages().all())
      if (!defined.has(message.json()))
        defined.set(message.json(), pointerPath(message.jsonPath()));
  return (message) => defined.get(message.json()) ?? pointerPath(message.jsonPath());
}

/** `/channels/a~1b/messages/x` → `channels["a/b"].messages.x`. */
function pointerPath(pointer: string): string {
  const tokens = pointer.split('/').slice(1);
  return formatJsonPath(tokens.map(decodePointerToken));
}
