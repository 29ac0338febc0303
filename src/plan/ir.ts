/**
 * The intermediate representation: everything a receiver needs from an AsyncAPI
 * document, as plain, serialisable data. `plan` builds it from the parser's document;
 * every later stage reads only this. AsyncAPI 2.x (`publish` = the application
 * receives) and 3.x (`action: receive`) land in the same shape.
 */

/** A JSON Schema (draft-07 flavoured) as plain data. Named schemas are `{ $ref: '#/$defs/<key>' }`. */
export type JsonSchema = { [keyword: string]: JsonValue };
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ReceiverIR {
  /** AsyncAPI version of the document, for example `2.6.0`. */
  asyncapi: string;
  service: ServiceIR;
  servers: ServerIR[];
  securitySchemes: SecuritySchemeIR[];
  /** Which side of the document the receiver serves, and why. */
  perspective: PerspectiveIR;
  /** One route per channel path, or one URL for every event. */
  endpoint: EndpointIR;
  /** Where each request says which event it is, when the user told (`--dispatch`). */
  dispatch?: DispatchIR;
  /** The operations the receiver serves (see `perspective`), in document order. */
  operations: OperationIR[];
  /** Every message used by a receive operation, once each, in order of first use. */
  messages: MessageIR[];
  /**
   * Named schemas reachable from those messages: component schemas, and anonymous
   * schemas reached from more than one place or through a cycle. Keyed by a unique key.
   */
  schemas: Record<string, NamedSchemaIR>;
  /** What the document has that the receiver does not serve, and why. */
  skipped: SkippedIR[];
  /** Things the user should know that are not errors (for example a name collision). */
  warnings: string[];
  /** How each signing security scheme is verified (empty: requests are not authenticated). */
  signatures: SignatureIR[];
}

/** The signature recipe chosen for one security scheme, and why. */
export interface SignatureIR {
  /** The security scheme's name. */
  scheme: string;
  /** The recipe's name (`src/plan/recipes/`). */
  recipe: string;
  /** The signature header read (lower-case): an explicit option, else the scheme's, else the recipe's default. */
  header: string;
  /** The generic fields (only the `hmac` recipe has any), defaults applied. */
  options: Record<string, string>;
  /** What chose it: `--signature`, the document's extension, the header name, or an assumption. */
  source: 'option' | 'extension' | 'detected' | 'assumed';
  /** The environment variable holding its secrets or public keys. */
  variable: string;
  /** Names of the operations it verifies. */
  operations: string[];
}

/**
 * `receiver`: the document describes the application that receives the webhooks, so its
 * receive operations (2.x `publish`, 3.x `action: receive`) are served. `provider`: it
 * describes the provider that sends them, so its send operations (2.x `subscribe`, 3.x
 * `action: send`) are served.
 */
export type Perspective = 'receiver' | 'provider';

export interface PerspectiveIR {
  used: Perspective;
  requested: Perspective | 'auto';
  /** One line for the report: why this perspective. */
  reason: string;
}

/** `per-channel`: one route per channel address. `single`: every event on one URL. */
export type EndpointLayout = 'per-channel' | 'single';

export interface EndpointIR {
  layout: EndpointLayout;
  requested: EndpointLayout | 'auto';
  /** The route of the `single` layout, for example `/webhooks`. */
  path: string;
  /** One line for the report: why this layout. */
  reason: string;
}

/**
 * Where a request carries its event type (`--dispatch`), and each event's value, taken
 * from the document (`source`: a message extension, the message name, the channel, ...).
 */
export interface DispatchIR {
  in: 'header' | 'body';
  /** Header name (lower-case) or JSON pointer into the body. */
  at: string;
  /** Where each event's value came from: `name`, `title`, `channel`, `operation` or an `x-` extension. */
  source: string;
  /** One entry per served operation and message. */
  values: Array<{ operation: string; message: string; value: string }>;
}

export interface ServiceIR {
  title: string;
  version: string;
  description?: string;
}

export interface ServerIR {
  name: string;
  protocol: string;
  url: string;
  /** True for http and https: a webhook receiver can be reached through it. */
  http: boolean;
  description?: string;
  security: string[];
}

export type SecuritySchemeType =
  | 'httpApiKey'
  | 'apiKey'
  | 'http'
  | 'userPassword'
  | 'X509'
  | 'symmetricEncryption'
  | 'asymmetricEncryption'
  | 'oauth2'
  | 'openIdConnect'
  | 'plain'
  | 'scramSha256'
  | 'scramSha512'
  | 'gssapi'
  // Any other type a newer AsyncAPI version names (`string & {}` keeps the names above
  // in an editor's completions; a plain `string` would swallow them).
  | (string & {});

export interface SecuritySchemeIR {
  name: string;
  type: SecuritySchemeType;
  description?: string;
  /** For `httpApiKey`: where the key travels and under which name. */
  in?: string;
  paramName?: string;
  /** For `http`: the scheme (`bearer`, `basic`, ...). */
  scheme?: string;
  /** Names of the operations it applies to (through the server, the operation or both). */
  operations: string[];
  /** The `x-hookwright-signature` extension, as written, when the scheme has one. */
  recipeExtension?: JsonValue;
  /** JSON path of the scheme in the document, for messages. */
  location?: string;
}

export interface OperationIR {
  /** The operationId, or a stable id derived from the channel when the document has none. */
  id: string;
  /**
   * The identifier code and file names use (`src/handlers/<name>.ts`): `id` made a valid
   * identifier, unique case-insensitively among the operations. Usually equal to `id`.
   */
  name: string;
  /** Whether `id` came from the document (`operationId` / 3.x operation key) or was derived. */
  idSource: 'document' | 'derived';
  /** The document's own action: `receive` (2.x `publish`) or `send` (2.x `subscribe`). */
  action: 'receive' | 'send';
  /** JSON path of the operation in the document, for messages to the user. */
  location: string;
  summary?: string;
  description?: string;
  channel: ChannelIR;
  /** Keys into `ReceiverIR.messages`. */
  messages: string[];
  /** HTTP method from the operation's http binding, upper-case; absent when unspecified. */
  httpMethod?: string;
  /** Operation bindings, as written (protocol → binding object). */
  bindings: Record<string, JsonValue>;
  /** Names of the servers the operation is available on. */
  servers: string[];
  /** Names of the security schemes that apply (operation-level, else server-level). */
  security: string[];
  /** Whether a webhook can reach it: it is available on an http(s) server, or the document names no servers. */
  http: boolean;
  /** Why it gets no HTTP route, when `http` is false. */
  noRouteReason?: string;
}

export interface ChannelIR {
  /** Channel key (3.x) or address (2.x). */
  id: string;
  /** The address, with `{param}` placeholders as written. */
  address: string;
  description?: string;
  parameters: ParameterIR[];
}

export interface ParameterIR {
  name: string;
  description?: string;
  schema?: JsonSchema;
}

export interface MessageIR {
  /** Unique key: the component name where there is one, else the message id or a derived one. */
  key: string;
  /** JSON path of the message in the document, for messages to the user. */
  location?: string;
  /** `name` as the document gives it (for example `MESSAGE_INBOUND`). */
  name?: string;
  title?: string;
  summary?: string;
  description?: string;
  contentType?: string;
  /** Payload schema, or undefined when the message has none. */
  payload?: JsonSchema;
  /** A name for the payload's model where the payload is not a named schema itself. */
  payloadName: string;
  headers?: JsonSchema;
  examples: MessageExampleIR[];
  bindings: Record<string, JsonValue>;
  /** The message's specification extensions (`x-...`), as written. */
  extensions: Record<string, JsonValue>;
}

export interface MessageExampleIR {
  name?: string;
  summary?: string;
  payload?: JsonValue;
  headers?: Record<string, JsonValue>;
}

export interface NamedSchemaIR {
  /** The name the document gives it (component key or title). */
  name: string;
  schema: JsonSchema;
}

export interface SkippedIR {
  /** What was skipped, for example `operation sendLightMeasurement`. */
  what: string;
  /** JSON path in the document. */
  location: string;
  reason: string;
  /**
   * What kind of thing: an operation of the other perspective, a route a non-HTTP server would
   * need, or an operation that receives no message.
   */
  kind?: 'send-operation' | 'receive-operation' | 'non-http' | 'no-message';
  /** The protocols of the servers the operation is on. */
  protocols?: string[];
  /** For operations of the other perspective: whether HTTP could reach them. */
  http?: boolean;
}
