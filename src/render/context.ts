/**
 * The data templates see: everything precomputed from the IR and the model names, so
 * that templates only print (no logic beyond `each` and `if`). Plain data; no parser,
 * no Modelina.
 */
import { createHash } from 'node:crypto';
import type {
  JsonSchema,
  JsonValue,
  MessageIR,
  NamedSchemaIR,
  OperationIR,
  ReceiverIR,
} from '../ir';
import type { ModelsResult } from '../models';
import type { KnownProblem } from '../produce';
import { NameScope, isBareKey, pascalCase, words } from '../naming';
import { signatureSummary, type SignatureContext, type SignatureSummary } from './signature';
import { commentLines, tsValueLiteral } from './text';
import { describeMatch, matchersFor, type MessageMatch } from './match';
import { shareRoutes, type SharedRouteContext } from './routes';
import { sampleFor } from './samples';
import { deref, isObject, mapSchema, reachedKeys, resolveSchema, type Defs } from '../schema';
import { FORM_TYPE, acceptedList, bodyKind, formSample, mediaTypeOf, type BodyKind } from './body';
import { VERSION } from '../version';
import type { ScaleOut } from './scaleout';
import { dotSegmentWarning, removeDotSegments } from './paths';
import type { DeprecatedOperation } from '../write/retain';

export interface RenderContext {
  generator: { name: 'hookwright'; version: string };
  project: {
    /** npm package name. */
    packageName: string;
    title: string;
    version: string;
    description?: string;
    /** The AsyncAPI document, relative to the project folder. */
    specPath: string;
    /** Where that copy came from, relative to the project folder (absent: not a copy). */
    specSource?: string;
    asyncapi: string;
  };
  /** The first signing scheme's recipe (most documents have one); undefined without verification. */
  signature?: SignatureContext;
  /** Every signing scheme's recipe, runtime modules, environment (`signature.ts`). */
  signing: SignatureSummary;
  /** `signature.recipe`, or '' without verification. */
  /** The optional Redis / BullMQ layer. */
  scaleOut: ScaleOut;
  /** `signature.recipe`, or '' without verification. */
  signatureProfile: string;
  operations: OperationContext[];
  /** Operations with an HTTP route. */
  routes: OperationContext[];
  /** Operations without one (non-HTTP servers), with the reason. */
  unrouted: OperationContext[];
  /** Removed operations whose edited handler is kept: typed, deprecated, not routed. */
  deprecated: DeprecatedOperation[];
  /** Routes with more than one message. */
  multiRoutes: OperationContext[];
  /** Routes that several operations share (one URL for many events), with how each is told apart. */
  sharedRoutes: SharedRouteContext[];
  /** Whether any route dispatches among several messages (so unmatched requests can happen). */
  dispatching: boolean;
  perspective: ReceiverIR['perspective'];
  endpoint: ReceiverIR['endpoint'];
  /** `--dispatch`, in words, when given. */
  dispatch?: { in: string; at: string; source: string; flag: string };
  /** Model types the handler types use, sorted. */
  modelImports: string[];
  /** One JSON Schema constant per payload type the routes validate. */
  schemas: Array<{ constName: string; schemaJson: string }>;
  skipped: Array<{ what: string; reason: string }>;
  /** The parser's errors a lenient run went on past. */
  knownProblems: KnownProblem[];
  /** Whether some route takes a body that is not JSON (the README then lists what each takes). */
  nonJsonRoutes: boolean;
  /** The document declares no servers: HTTP was assumed. */
  noServers: boolean;
  /** A routed operation the generated tests use for the failure cases (a JSON one if any). */
  probe?: OperationContext & {
    /** A content type the probe's route does not accept, for the 415 test. */
    unsupportedType: string;
    /** Its (first) message is form-encoded. */
    form: boolean;
    /** Its (first) message is text or bytes: no fields. */
    opaque: boolean;
    /** A body its schema rejects, when there is one. */
    invalidBody?: string;
    /** The sample with a property the document does not list, when the sample is an object. */
    extendedBody?: string;
  };
}

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
  /** Changes when the payload types of the operation change (kept in the manifest). */
  payloadFingerprint: string;
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

export function buildContext(
  ir: ReceiverIR,
  models: ModelsResult,
  options: {
    signature?: string;
    specPath: string;
    specSource?: string;
    scaleOut: ScaleOut;
    knownProblems?: KnownProblem[];
  },
  warnings: string[],
): RenderContext {
  void warnings;
  const signing = signatureSummary(ir);
  const signature = signing.signatures[0];
  const schemeOf = new Map(
    signing.signatures.flatMap((s) => s.operations.map((name) => [name, s.scheme] as const)),
  );
  const messagesByKey = new Map(ir.messages.map((m) => [m.key, m]));
  const schemaConsts = new Map<string, { constName: string; schemaJson: string }>();

  const schemaConstFor = (
    message: MessageIR,
    payloadType: string,
    kind: BodyKind,
  ): string | undefined => {
    if (!message.payload) return undefined;
    // A text body is a string: its schema applies when it describes one. Bytes are not validated.
    if (kind === 'binary') return undefined;
    if (kind === 'text' && deref(message.payload, ir.schemas)?.type !== 'string') return undefined;
    // A text payload's type is `string`: name its schema after the message instead.
    const constName = `${kind === 'text' ? message.payloadName : payloadType}Schema`;
    if (!schemaConsts.has(constName)) {
      schemaConsts.set(constName, {
        constName,
        schemaJson: tsValueLiteral(validationSchema(message.payload, ir.schemas)),
      });
    }
    return constName;
  };

  // The single layout serves every operation at one path; otherwise each at its channel's.
  const dotWarned = new Set<string>();
  const pathOf = (op: OperationIR) => {
    if (ir.endpoint.layout === 'single') return ir.endpoint.path;
    const path = routePath(op.channel.address);
    const warning = dotSegmentWarning(op.channel.address, path);
    if (warning !== undefined && !dotWarned.has(op.channel.address)) {
      dotWarned.add(op.channel.address);
      warnings.push(warning);
    }
    return path;
  };
  const perOperation = ir.operations.map((op): OperationContext => {
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
      const example = message.examples.find((e) => e.payload !== undefined);
      const headers: Record<string, JsonValue> = { ...(example?.headers ?? {}) };
      for (const [name, value] of Object.entries(match?.headers ?? {})) headers[name] = value;
      const body = sampleBody(kind, example?.payload ?? sampleFor(message.payload, ir.schemas));
      if (kind !== 'json') headers['content-type'] = mediaTypeOf(message.contentType) ?? FORM_TYPE;
      return {
        messageKey: message.key,
        messageName,
        handlerKey: isBareKey(messageName) ? messageName : JSON.stringify(messageName),
        payloadType,
        kind,
        contentType: kind === 'json' ? undefined : mediaTypeOf(message.contentType),
        schemaConst: op.http ? schemaConstFor(message, payloadType, kind) : undefined,
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
      payloadFingerprint: createHash('sha256')
        .update(
          JSON.stringify(
            messages.map((m) => [
              m.key,
              models.payloadTypes[m.key],
              m.payload && validationSchema(m.payload, ir.schemas),
            ]),
          ),
        )
        .digest('hex')
        .slice(0, 16),
      samplePath: pathOf(op).replace(/:([A-Za-z0-9_$]+)/g, (_m, name: string) => `sample-${name}`),
    };
  });

  const { operations, shared } = shareRoutes(
    perOperation,
    ir,
    (message) =>
      // Registry refs name shared schemas, so equal JSON means the same payload.
      JSON.stringify([message.payload, message.headers]),
    warnings,
  );
  const routes = operations.filter((op) => op.route);
  const reachable = routes.filter((op) => op.messages[0]?.shadowedBy === undefined);
  for (const signature of signing.signatures)
    signature.probeOperation = reachable.find((op) => op.signatureKey === signature.scheme)?.name;
  const probe =
    reachable.find((op) => op.json && !op.multi && op.messages[0]?.schemaConst !== undefined) ??
    reachable.find((op) => op.json) ??
    reachable[0];
  // Handler types use the models of routed operations; text and bytes are string and Buffer.
  const modelTypes = new Set(
    routes
      .flatMap((op) => op.messages.filter((m) => m.kind === 'json' || m.kind === 'form'))
      .map((m) => m.payloadType)
      .filter((t) => t !== 'unknown'),
  );
  return {
    generator: { name: 'hookwright', version: VERSION },
    project: {
      packageName: packageName(ir.service.title),
      title: ir.service.title,
      version: ir.service.version,
      description: ir.service.description,
      specPath: options.specPath,
      specSource: options.specSource,
      asyncapi: ir.asyncapi,
    },
    signature,
    signing,
    scaleOut: options.scaleOut,
    signatureProfile: signature?.recipe ?? '',
    operations,
    routes,
    unrouted: operations.filter((op) => !op.route),
    deprecated: [],
    multiRoutes: routes.filter((op) => op.multi),
    sharedRoutes: shared,
    dispatching: shared.length > 0 || routes.some((op) => op.multi),
    perspective: ir.perspective,
    endpoint: ir.endpoint,
    dispatch: ir.dispatch && {
      in: ir.dispatch.in,
      at: ir.dispatch.at,
      source: ir.dispatch.source,
      flag: `--dispatch ${ir.dispatch.in}:${ir.dispatch.at} --dispatch-value ${ir.dispatch.source}`,
    },
    modelImports: [...modelTypes].sort(),
    schemas: [...schemaConsts.values()],
    skipped: ir.skipped.map(({ what, reason }) => ({ what, reason })),
    nonJsonRoutes: routes.some((op) => !op.json),
    noServers: ir.servers.length === 0,
    knownProblems: options.knownProblems ?? [],
    probe: probe && {
      ...probe,
      ...probeBodies(probe, ir),
      form: probe.messages[0]?.kind === 'form',
      opaque: probe.messages[0]?.kind === 'text' || probe.messages[0]?.kind === 'binary',
      unsupportedType:
        ['text/plain', 'application/json', 'application/x-hookwright-unsupported'].find(
          (type) => !probe.accepted.includes(type),
        ) ?? 'application/x-hookwright-unsupported',
      // On a shared route a request is recognised only by its rule: without one, an invalid
      // body is no event at all (acknowledged as ignored), so there is no 400 to test.
      ...(shared.some((r) => r.routePath === probe.routePath) && !probe.messages[0]?.match
        ? { invalidBody: undefined }
        : {}),
    },
  };
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

/** Bodies for the generated failure tests: one the schema rejects, one with an unlisted property. */
function probeBodies(
  probe: OperationContext,
  ir: ReceiverIR,
): { invalidBody?: string; extendedBody?: string } {
  if (!probe.json) return {};
  const message = ir.messages.find((m) =>
    ir.operations.some((op) => op.name === probe.name && op.messages[0] === m.key),
  );
  const root = deref(message?.payload, ir.schemas);
  const type = root?.type;
  let invalidBody =
    message?.payload === undefined || probe.multi
      ? undefined
      : type === 'object'
        ? '[]'
        : type === 'string' ||
            type === 'number' ||
            type === 'integer' ||
            type === 'boolean' ||
            type === 'array'
          ? '{}'
          : undefined;
  const sample = JSON.parse(probe.messages[0]?.sample ?? 'null') as JsonValue;
  const match = probe.messages[0]?.match;
  if (message?.payload && !probe.multi && (match?.payload || match?.requiredKeys)) {
    // On a route shared with other events the invalid body must still be recognised as this
    // event: only what its rule looks at, without the other required properties.
    invalidBody = recognisedButInvalid(sample, match, resolveSchema(message.payload, ir.schemas));
  }
  const extendedBody =
    sample !== null && typeof sample === 'object' && !Array.isArray(sample) && !probe.multi
      ? JSON.stringify({ ...sample, hookwright_unlisted_property: 'added by the provider later' })
      : undefined;
  return { invalidBody, extendedBody };
}

function recognisedButInvalid(
  sample: JsonValue,
  match: MessageMatch,
  root: JsonSchema,
): string | undefined {
  if (sample === null || typeof sample !== 'object' || Array.isArray(sample)) return undefined;
  const keep = new Set([
    ...(match.requiredKeys ?? []),
    ...Object.keys(match.payload ?? {}).map((key) =>
      key.startsWith('/')
        ? key.slice(1).split('/')[0].replace(/~1/g, '/').replace(/~0/g, '~')
        : key,
    ),
  ]);
  const required = Array.isArray(root.required) ? root.required : [];
  if (!required.some((key) => typeof key === 'string' && !keep.has(key))) return undefined;
  const body: { [key: string]: JsonValue } = {};
  for (const key of keep)
    if (Object.hasOwn(sample, key)) body[key] = nestedRule(sample[key], key, match);
  return JSON.stringify(body);
}

/** The part of a value a nested rule looks at (`/event/type` keeps `{ type }` of `event`). */
function nestedRule(value: JsonValue, top: string, match: MessageMatch): JsonValue {
  const inner = Object.keys(match.payload ?? {}).filter((key) => key.startsWith(`/${top}/`));
  if (inner.length === 0) return value;
  const out: { [key: string]: JsonValue } = {};
  for (const key of inner) {
    const [first] = key.slice(top.length + 2).split('/');
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.hasOwn(value, first)
    )
      out[first] = value[first];
  }
  return out;
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

/** npm package name from the service title: lower-case, dashes, ≤ 214 characters. */
export function packageName(title: string): string {
  const name = words(title)
    .map((w) => w.toLowerCase())
    .join('-')
    .slice(0, 200);
  return `${name || 'webhook'}-receiver`.replace(/-receiver-receiver$/, '-receiver');
}

/** The payload schema with every named schema it reaches under `$defs`, for Ajv. */
export function validationSchema(root: JsonSchema, defs: Defs): JsonSchema {
  const keys = reachedKeys(root, defs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = acceptUnlisted(root);
  if (keys.length === 0) return out;
  return {
    ...out,
    $defs: Object.fromEntries(keys.map((k) => [k, acceptUnlisted(defs[k].schema)])),
  };
}

/**
 * Providers add fields over time, and a receiver that rejects them breaks on the day
 * they do: the validator accepts properties the document does not list, even where the
 * document says `additionalProperties: false`. (The models still list only known ones.)
 * Only the keywords are dropped: a property *named* `additionalProperties` stays, and data
 * (`enum`, `const`, `default`, `examples`) is copied as it is, whatever it contains.
 */
export function acceptUnlisted(schema: JsonSchema): JsonSchema {
  return mapSchema<JsonValue>(schema, (child, at) => {
    const closes =
      at.key === undefined &&
      (at.keyword === 'additionalProperties' || at.keyword === 'unevaluatedProperties') &&
      child === false;
    if (closes) return undefined;
    return isObject(child) ? acceptUnlisted(child as JsonSchema) : (child as JsonValue);
  });
}

function stringValues(headers: Record<string, JsonValue>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [
      k.toLowerCase(),
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  );
}

/**
 * Identifiers worth a log line: top-level `id`/`*_id`/`*Id` strings, and the same one
 * level down. Never a body, never free text.
 */
function logFields(
  payload: JsonSchema | undefined,
  defs: Record<string, NamedSchemaIR>,
): Array<{ label: string; expression: string }> {
  const resolve = (schema: JsonValue | undefined) => deref(schema, defs);
  const propertiesOf = (schema: JsonValue | undefined) => {
    const props = resolve(schema)?.properties;
    return props && typeof props === 'object' && !Array.isArray(props) ? Object.entries(props) : [];
  };
  const isId = (name: string) => /(^id$|_id$|[a-z]Id$)/.test(name);
  const access = (name: string) => (isBareKey(name) ? `.${name}` : `[${JSON.stringify(name)}]`);
  const optionalAccess = (name: string) =>
    isBareKey(name) ? `?.${name}` : `?.[${JSON.stringify(name)}]`;
  const fields: Array<{ label: string; expression: string }> = [];
  // The logger already binds these; a payload field must not shadow them.
  const labels = new NameScope(['requestId', 'operationId', 'messageName']);
  const label = (text: string) => {
    const wanted = lowerCamel(text);
    const claimed = labels.claim(wanted);
    return claimed.collided ? labels.claim(lowerCamel(`payload ${text}`)).name : claimed.name;
  };
  for (const [name, schema] of propertiesOf(payload)) {
    const resolved = resolve(schema);
    if (isId(name) && resolved?.type === 'string') {
      fields.push({ label: label(name), expression: `payload${access(name)}` });
    } else if (resolved?.type === 'object' || resolved?.properties) {
      for (const [child, childSchema] of propertiesOf(resolved)) {
        if (isId(child) && resolve(childSchema)?.type === 'string') {
          fields.push({
            label: label(`${name} ${child}`),
            expression: `payload${access(name)}${optionalAccess(child)}`,
          });
        }
      }
    }
    if (fields.length >= 6) break;
  }
  return fields;
}

function lowerCamel(text: string): string {
  const pascal = pascalCase(text);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}
