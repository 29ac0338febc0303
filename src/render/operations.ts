/**
 * What the templates say about each operation: its route, its handler type, its messages
 * (with the rule that tells them apart, a sample and the validation schema to use).
 */
import type { JsonValue, MessageIR, OperationIR, ReceiverIR } from '../plan/ir';
import type { ModelsResult } from '../models';
import { NameScope, isBareKey, pascalCase } from '../plan/naming';
import type { SchemaBundles } from './bundles';
import { logFields } from './log-fields';
import { describeMatch, matchersFor, type MessageMatch } from './match';
import { sampleFor } from './samples';
import type { SignatureChoice } from './signature';
import { commentLines } from './text';

export interface OperationContext {
  /** Identifier and handler file name. */
  name: string;
  /** The operationId as the document writes it. */
  id: string;
  /** `ReceiveInboundMessageHandler`. */
  handlerType: string;
  summary?: string;
  description?: string;
  /** The description as comment lines (already escaped for a block comment). */
  descriptionLines: string[];
  /** What the stub logs: `Received an inbound message`. */
  logMessage: string;
  method: string;
  address: string;
  /** The path as docs show it: the channel address, or the single endpoint's path. */
  shownPath: string;
  /** Route path in Fastify's form: `{param}` → `:param`. */
  routePath: string;
  route: boolean;
  noRouteReason?: string;
  params: Array<{ name: string; key: string; description?: string }>;
  /** `{ tenantId: string }`, or `Record<string, never>`. */
  paramsType: string;
  signed: boolean;
  messages: MessageContext[];
  multi: boolean;
  /** Union of the payload types. */
  payloadType: string;
  /** Ids worth logging in the stub: `{ label, expression }`, never a whole payload. */
  logFields: Array<{ label: string; expression: string }>;
  /** A sample path with the parameters filled in, for tests and send-sample. */
  samplePath: string;
  /** For a handler that stands for several operations the document cannot tell apart: their names. */
  combines?: string[];
}

export interface MessageContext {
  /** Key of the message in the IR. */
  messageKey: string;
  /** On a shared route: the earlier operation whose schema its requests fit too (so they go there). */
  shadowedBy?: string;
  /** The name the receiver reports and the per-message handler key. */
  messageName: string;
  /** Bare or quoted property key for `messageName`. */
  handlerKey: string;
  payloadType: string;
  /** Name of the JSON Schema constant in `schemas.ts`, or undefined for "any payload". */
  schemaConst?: string;
  match?: MessageMatch;
  matchJson?: string;
  matchDescription: string;
  summary?: string;
  sample: string;
  sampleHeaders?: string;
}

/** One context per operation of the IR, in order. */
export function operationContexts(
  ir: ReceiverIR,
  models: ModelsResult,
  signature: SignatureChoice | undefined,
  bundles: SchemaBundles,
): OperationContext[] {
  const messagesByKey = new Map(ir.messages.map((m) => [m.key, m]));
  // The single layout serves every operation at one path; otherwise each at its channel's.
  const pathOf = (op: OperationIR) =>
    ir.endpoint.layout === 'single' ? ir.endpoint.path : routePath(op.channel.address);
  return ir.operations.map((op): OperationContext => {
    const messages = op.messages.map((key) => messagesByKey.get(key) as MessageIR);
    const matches =
      messages.length > 1 ? matchersFor(messages, ir.schemas) : messages.map(() => undefined);
    const names = new NameScope();
    const messageContexts = messages.map((message, i): MessageContext => {
      const payloadType = models.payloadTypes[message.key] ?? 'unknown';
      const messageName = names.claim(message.name ?? message.key).name;
      const match = matches[i];
      const example = message.examples.find((e) => e.payload !== undefined);
      const headers: Record<string, JsonValue> = { ...(example?.headers ?? {}) };
      for (const [name, value] of Object.entries(match?.headers ?? {})) headers[name] = value;
      return {
        messageKey: message.key,
        messageName,
        handlerKey: isBareKey(messageName) ? messageName : JSON.stringify(messageName),
        payloadType,
        schemaConst: op.http ? bundles.constFor(message, payloadType) : undefined,
        match,
        matchJson: match ? JSON.stringify(match) : undefined,
        matchDescription: describeMatch(match),
        summary: message.summary ?? message.title,
        sample: JSON.stringify(example?.payload ?? sampleFor(message.payload, ir.schemas)),
        sampleHeaders:
          Object.keys(headers).length > 0 ? JSON.stringify(stringValues(headers)) : undefined,
      };
    });
    const params = op.channel.parameters.map((p) => ({
      name: p.name,
      key: isBareKey(p.name) ? p.name : JSON.stringify(p.name),
      description: p.description,
    }));
    return {
      name: op.name,
      id: op.id,
      handlerType: `${pascalCase(op.name)}Handler`,
      summary: op.summary,
      description: op.description ?? op.channel.description,
      descriptionLines: commentLines(op.description ?? op.channel.description),
      logMessage:
        op.summary && /^receive /i.test(op.summary)
          ? `Received ${op.summary.slice(8)}`
          : `Received ${op.name}`,
      method: op.httpMethod ?? 'POST',
      address: op.channel.address,
      shownPath: ir.endpoint.layout === 'single' ? ir.endpoint.path : op.channel.address,
      routePath: pathOf(op),
      route: op.http,
      noRouteReason: op.noRouteReason,
      params,
      paramsType:
        params.length > 0
          ? `{ ${params.map((p) => `${p.key}: string`).join('; ')} }`
          : 'Record<string, never>',
      signed: signature !== undefined && op.security.length > 0,
      messages: messageContexts,
      multi: messageContexts.length > 1,
      payloadType: [...new Set(messageContexts.map((m) => m.payloadType))].join(' | ') || 'unknown',
      logFields: messageContexts.length === 1 ? logFields(messages[0]?.payload, ir.schemas) : [],
      samplePath: pathOf(op).replace(/:([A-Za-z0-9_$]+)/g, (_m, name: string) => `sample-${name}`),
    };
  });
}

/** `{tenantId}` → `:tenantId`; a literal `:` is doubled, as Fastify wants. */
export function routePath(address: string): string {
  const withSlash = address.startsWith('/') ? address : `/${address}`;
  return withSlash
    .split(/(\{[^}]*\})/)
    .map((part) =>
      /^\{[^}]*\}$/.test(part)
        ? `:${part.slice(1, -1).replace(/[^A-Za-z0-9_$]/g, '_')}`
        : part.replace(/:/g, '::'),
    )
    .join('');
}

function stringValues(headers: Record<string, JsonValue>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [
      k.toLowerCase(),
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  );
}
