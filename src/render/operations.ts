/**
 * What the templates say about each operation: its route, its handler type, its messages
 * (with the rule that tells them apart, a sample and the validation schema to use).
 */
import type { JsonValue, MessageIR, OperationIR, ReceiverIR } from '../plan/ir';
import type { ModelsResult } from '../models';
import { NameScope, isBareKey, pascalCase } from '../plan/naming';
import { FORM_TYPE, acceptedList, bodyKind, formSample, mediaTypeOf, type BodyKind } from './body';
import type { SchemaBundles } from './bundles';
import { logFields } from './log-fields';
import { describeMatch, matchersFor, type MessageMatch } from './match';
import { messageSample, type SampleLimits } from './samples/message';
import type { SignatureContext, SignatureSummary } from './signature';
import { commentLines } from './text';
import { removeDotSegments } from './paths';

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
  /** The security scheme whose signature verifies it (a key of `src/generated/signatures.ts`). */
  signatureKey?: string;
  /** Its signature header, what its key is (`secret`, `public key`), the reason of a tampered body. */
  signatureHeader?: string;
  keyNoun?: string;
  tamperedBodyReason?: string;
  messages: MessageContext[];
  /** Whether every message is JSON (the generated malformed-JSON and schema tests need that). */
  json: boolean;
  /** The media types the route accepts, as its 415 answer lists them. */
  accepted: string[];
  /** `accepted` as a TypeScript expression. */
  acceptedJson: string;
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
  /** How its body is decoded (from the message's content type, or the document's default). */
  kind: BodyKind;
  /** The media type, for the route table, when the body is not JSON. */
  contentType?: string;
  /** Name of the JSON Schema constant in `schemas.ts`, or undefined for "any payload". */
  schemaConst?: string;
  match?: MessageMatch;
  matchJson?: string;
  matchDescription: string;
  summary?: string;
  /** The sample payload as the handler receives it, as a TypeScript expression. */
  sample: string;
  /** The sample request body as a string literal, when it is not the JSON of `sample`. */
  sampleBody?: string;
  sampleHeaders?: string;
}

/** One context per operation of the IR, in order. */
export function operationContexts(
  ir: ReceiverIR,
  models: ModelsResult,
  signing: SignatureSummary,
  bundles: SchemaBundles,
  samples: SampleLimits = {},
  warnings: string[] = [],
): OperationContext[] {
  const schemeOf = new Map(
    signing.signatures.flatMap((s) => s.operations.map((name) => [name, s.scheme] as const)),
  );
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
      const kind = bodyKind(message.contentType);
      const modelType = models.payloadTypes[message.key] ?? 'unknown';
      const payloadType = kind === 'text' ? 'string' : kind === 'binary' ? 'Buffer' : modelType;
      const messageName = names.claim(message.name ?? message.key).name;
      const match = matches[i];
      // Held to the size cap: the document's example, else one built from the payload schema.
      const { example, payload } = messageSample(message, ir.schemas, samples, warnings);
      const headers: Record<string, JsonValue> = { ...(example?.headers ?? {}) };
      for (const [name, value] of Object.entries(match?.headers ?? {})) headers[name] = value;
      const body = sampleBody(kind, payload);
      if (kind !== 'json') headers['content-type'] = mediaTypeOf(message.contentType) ?? FORM_TYPE;
      return {
        messageKey: message.key,
        messageName,
        handlerKey: isBareKey(messageName) ? messageName : JSON.stringify(messageName),
        payloadType,
        kind,
        contentType: kind === 'json' ? undefined : mediaTypeOf(message.contentType),
        schemaConst: op.http ? bundles.constFor(message, payloadType, kind) : undefined,
        match,
        matchJson: match ? JSON.stringify(match) : undefined,
        matchDescription: describeMatch(match),
        summary: message.summary ?? message.title,
        sample: body.payload,
        sampleBody: body.body,
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
      signed: schemeOf.has(op.name),
      signatureKey: schemeOf.get(op.name),
      ...signatureFacts(signing.signatures.find((s) => s.scheme === schemeOf.get(op.name))),
      messages: messageContexts,
      json: messageContexts.every((m) => m.kind === 'json'),
      accepted: acceptedList(messages.map((m) => m.contentType)),
      acceptedJson: JSON.stringify(acceptedList(messages.map((m) => m.contentType))),
      multi: messageContexts.length > 1,
      payloadType: [...new Set(messageContexts.map((m) => m.payloadType))].join(' | ') || 'unknown',
      logFields:
        messageContexts.length === 1 &&
        (messageContexts[0]?.kind === 'json' || messageContexts[0]?.kind === 'form')
          ? logFields(messages[0]?.payload, ir.schemas)
          : [],
      samplePath: pathOf(op).replace(/:([A-Za-z0-9_$]+)/g, (_m, name: string) => `sample-${name}`),
    };
  });
}

function signatureFacts(signature: SignatureContext | undefined) {
  return signature === undefined
    ? {}
    : {
        signatureHeader: signature.header,
        keyNoun: signature.keyNoun,
        tamperedBodyReason: signature.tamperedBodyReason,
      };
}

/**
 * A sample request: the payload as the handler receives it (a TypeScript expression) and,
 * when the body is not that payload's JSON, the body as a string literal.
 */
function sampleBody(kind: BodyKind, sample: JsonValue): { payload: string; body?: string } {
  switch (kind) {
    case 'json':
      return { payload: JSON.stringify(sample) };
    case 'form': {
      const form = formSample(sample);
      return { payload: JSON.stringify(form.payload), body: JSON.stringify(form.body) };
    }
    case 'text': {
      const text = typeof sample === 'string' ? sample : 'sample text';
      return { payload: JSON.stringify(text), body: JSON.stringify(text) };
    }
    case 'binary':
      return { payload: 'Buffer.from("sample bytes")', body: JSON.stringify('sample bytes') };
  }
}

/**
 * `{tenantId}` → `:tenantId`; a literal `:` is doubled, as Fastify wants; `.` and `..`
 * segments are removed, as every HTTP client does (see `paths.ts`).
 */
export function routePath(address: string): string {
  const withSlash = removeDotSegments(address.startsWith('/') ? address : `/${address}`);
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
