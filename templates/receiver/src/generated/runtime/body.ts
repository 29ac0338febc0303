/**
 * Body decoding: a request's content type and raw bytes → the value its handler receives,
 * or a typed failure (415 for a content type, charset or content encoding the route does not
 * accept, 400 for a body that does not decode or carries a prototype-poisoning key). The core
 * calls it after the signature check, which is computed over the raw bytes, never over what
 * this module makes of them.
 */
import secureJson from 'secure-json-parse';
import type { IncomingHeaders, JsonSchema, SchemaRegistry } from './types';

/**
 * How a body is decoded:
 * - `json`: `application/json` and `application/*+json`, parsed with `JSON.parse`;
 * - `form`: `application/x-www-form-urlencoded`, an object of strings (a repeated key gives
 *   an array); the validator then coerces declared numbers, booleans and arrays;
 * - `text`: `text/*` and XML, a string;
 * - `binary`: any other declared type (`application/octet-stream`, ...), the bytes as a `Buffer`.
 */
export type BodyKind = 'json' | 'form' | 'text' | 'binary';

/** The JSON family, listed this way in a 415 answer. */
const JSON_TYPES = ['application/json', 'application/*+json'] as const;
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** What one route accepts, built once from its messages' content types. */
export interface AcceptedBodies {
  /** For the 415 answer: every accepted media type, in declaration order. */
  readonly list: readonly string[];
  /** Whether any JSON media type is accepted (then all of the JSON family are). */
  readonly json: boolean;
  /** The other accepted media types, lower-case, without parameters. */
  readonly others: ReadonlySet<string>;
}

export interface DecodedBody {
  readonly ok: true;
  readonly kind: BodyKind;
  /** The request's media type, lower-case, without parameters. */
  readonly mediaType: string;
  /** A parsed JSON value, a form object, a string or a `Buffer`, by `kind`. */
  readonly value: unknown;
}

export interface BodyFailure {
  readonly ok: false;
  readonly status: 400 | 415;
  /**
   * Short, stable text for the response body: `malformed JSON`, `forbidden key`,
   * `unsupported content type`, `unsupported charset`, `unsupported content encoding`.
   */
  readonly error: string;
  /** With 415: what the route accepts (media types, charsets or content encodings). */
  readonly accepted?: readonly string[];
}

/**
 * Keys that would reach the prototype of an object a handler merges the payload into:
 * refused with 400, as Fastify's own JSON parser does (`onProtoPoisoning` and
 * `onConstructorPoisoning`: `error`), unless a payload schema of the route declares them.
 */
export interface KeyPolicy {
  /** A `__proto__` key is accepted (a schema declares a `__proto__` property). */
  readonly proto: boolean;
  /** A `constructor.prototype` key is accepted (a schema declares `constructor` with `prototype`). */
  readonly constructorPrototype: boolean;
}

/** The default policy: neither key is accepted. */
export const REFUSE_POISONING: KeyPolicy = { proto: false, constructorPrototype: false };

/**
 * The route's policy from its messages' schemas: a key is accepted only where a schema
 * declares it as a property (at any depth, through `$ref`s into `registries` too: the named
 * schemas a reference reaches count, the others of a registry do not).
 */
export function keyPolicy(
  schemas: readonly JsonSchema[],
  registries: readonly SchemaRegistry[] = [],
): KeyPolicy {
  let proto = false;
  let constructorPrototype = false;
  const seen = new Set<object>();
  // `within`: the registry a node belongs to, which its local `#/$defs/...` references name.
  const visit = (node: unknown, within: SchemaRegistry | undefined): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const properties = (node as { properties?: unknown }).properties;
    if (typeof properties === 'object' && properties !== null && !Array.isArray(properties)) {
      if (Object.hasOwn(properties, '__proto__')) proto = true;
      const ctor: unknown = Object.hasOwn(properties, 'constructor')
        ? (properties as Record<string, unknown>)['constructor']
        : undefined;
      const inner = (ctor as { properties?: unknown } | undefined)?.properties;
      if (typeof inner === 'object' && inner !== null && Object.hasOwn(inner, 'prototype')) {
        constructorPrototype = true;
      }
    }
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const target = referenced(ref, within, registries);
      if (target !== undefined) visit(target.schema, target.registry);
    }
    for (const value of Object.values(node)) visit(value, within);
  };
  for (const schema of schemas) visit(schema, undefined);
  return { proto, constructorPrototype };
}

/**
 * The named schema `ref` points to in one of `registries` (`<$id>#/$defs/<name>`, or
 * `#/$defs/<name>` from inside `within`), with the registry holding it.
 */
function referenced(
  ref: string,
  within: SchemaRegistry | undefined,
  registries: readonly SchemaRegistry[],
): { schema: JsonSchema; registry: SchemaRegistry } | undefined {
  const hash = ref.indexOf('#');
  if (hash < 0) return undefined;
  const id = ref.slice(0, hash);
  const registry = id === '' ? within : registries.find((r) => r.$id === id);
  const pointer = ref.slice(hash + 1);
  if (registry === undefined || !pointer.startsWith('/$defs/')) return undefined;
  let token = pointer.slice('/$defs/'.length);
  try {
    token = decodeURIComponent(token);
  } catch {
    // not valid percent-encoding: taken as written
  }
  if (token.includes('/')) return undefined;
  const name = token.replace(/~1/g, '/').replace(/~0/g, '~');
  const schema = Object.hasOwn(registry.$defs, name) ? registry.$defs[name] : undefined;
  return schema === undefined ? undefined : { schema, registry };
}

/** Charsets decoded as UTF-8 (US-ASCII is a subset of it). */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/** A media type's kind. `mediaType` is lower-case, without parameters. */
export function bodyKind(mediaType: string): BodyKind {
  if (mediaType === 'application/json' || /^application\/[\w.!#$&^-]+\+json$/.test(mediaType)) {
    return 'json';
  }
  if (mediaType === FORM_TYPE) return 'form';
  if (
    mediaType.startsWith('text/') ||
    mediaType === 'application/xml' ||
    mediaType.endsWith('+xml')
  ) {
    return 'text';
  }
  return 'binary';
}

/** A header's single value: a repeated header (an array) counts by its first value. */
const single = (value: string | readonly string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : value?.[0];

/** `Application/JSON; charset=utf-8` → `application/json`; undefined when absent or empty. */
export function mediaTypeOf(
  contentType: string | readonly string[] | undefined,
): string | undefined {
  const type = single(contentType)?.split(';', 1)[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? undefined : type;
}

/** `text/plain; Charset="UTF-8"` → `utf-8`; undefined when the content type has no charset. */
export function charsetOf(contentType: string | readonly string[] | undefined): string | undefined {
  const params = single(contentType)?.split(';').slice(1) ?? [];
  for (const param of params) {
    const at = param.indexOf('=');
    if (at < 0 || param.slice(0, at).trim().toLowerCase() !== 'charset') continue;
    return param
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return undefined;
}

/**
 * Whether the body arrived as sent: no `Content-Encoding`, or `identity`. The receiver does
 * not decompress (a signature covers the bytes as sent, and a small compressed body can
 * expand without bound), so any other coding, or a list of them, is refused with 415.
 */
export function isIdentityEncoding(value: string | readonly string[] | undefined): boolean {
  if (value === undefined) return true;
  const codings = (typeof value === 'string' ? [value] : value)
    .flatMap((item) => item.split(','))
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
  return codings.every((coding) => coding === 'identity');
}

/** The bodies a route accepts; a message without a content type is JSON. */
export function acceptedBodies(contentTypes: readonly (string | undefined)[]): AcceptedBodies {
  const list: string[] = [];
  const others = new Set<string>();
  let json = false;
  for (const contentType of contentTypes) {
    const mediaType = mediaTypeOf(contentType) ?? JSON_TYPES[0];
    if (bodyKind(mediaType) === 'json') {
      if (!json) list.push(...JSON_TYPES);
      json = true;
    } else if (!others.has(mediaType)) {
      others.add(mediaType);
      list.push(mediaType);
    }
  }
  return { list, json, others };
}

/**
 * Decodes `raw` if the route accepts the request's content type, charset and content
 * encoding. A JSON body may start with a UTF-8 byte order mark.
 */
export function decodeBody(
  accepted: AcceptedBodies,
  headers: IncomingHeaders,
  raw: Buffer,
  keys: KeyPolicy = REFUSE_POISONING,
): DecodedBody | BodyFailure {
  if (!isIdentityEncoding(headers['content-encoding'])) {
    return {
      ok: false,
      status: 415,
      error: 'unsupported content encoding',
      accepted: ['identity'],
    };
  }
  const mediaType = mediaTypeOf(headers['content-type']);
  const kind = mediaType === undefined ? undefined : bodyKind(mediaType);
  if (
    mediaType === undefined ||
    kind === undefined ||
    (kind === 'json' ? !accepted.json : !accepted.others.has(mediaType))
  ) {
    return { ok: false, status: 415, error: 'unsupported content type', accepted: accepted.list };
  }
  // Bytes are decoded as UTF-8 (JSON is UTF-8 by RFC 8259): another charset would be misread.
  const charset = charsetOf(headers['content-type']);
  if (kind !== 'binary' && charset !== undefined && !UTF8_CHARSETS.has(charset)) {
    return { ok: false, status: 415, error: 'unsupported charset', accepted: ['utf-8'] };
  }
  switch (kind) {
    case 'json':
      return decodeJson(raw, keys, mediaType);
    case 'form': {
      const form = decodeForm(raw);
      if (!keys.proto && Object.hasOwn(form, '__proto__')) {
        return { ok: false, status: 400, error: 'forbidden key' };
      }
      return { ok: true, kind, mediaType, value: form };
    }
    case 'text':
      return { ok: true, kind, mediaType, value: raw.toString('utf8') };
    case 'binary':
      return { ok: true, kind, mediaType, value: raw };
  }
}

/**
 * JSON through `secure-json-parse` (Fastify's own parser): a leading BOM is skipped, and a
 * `__proto__` or `constructor.prototype` key is refused unless the policy accepts it.
 */
function decodeJson(raw: Buffer, keys: KeyPolicy, mediaType: string): DecodedBody | BodyFailure {
  const text = raw.toString('utf8');
  try {
    const value: unknown = secureJson.parse(text, {
      protoAction: keys.proto ? 'ignore' : 'error',
      constructorAction: keys.constructorPrototype ? 'ignore' : 'error',
    });
    return { ok: true, kind: 'json', mediaType, value };
  } catch {
    // The same error for both: JSON that parses plainly was refused for a forbidden key.
    try {
      JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      return { ok: false, status: 400, error: 'malformed JSON' };
    }
    return { ok: false, status: 400, error: 'forbidden key' };
  }
}

/**
 * `a=1&b=x+y&b=z` → `{ a: '1', b: ['x y', 'z'] }`: values are strings, a repeated key gives
 * an array (the validator turns a single value into an array where the schema wants one).
 * Every key becomes an own property, `__proto__` included (`decodeBody` refuses that key
 * unless a schema declares it).
 */
export function decodeForm(raw: Buffer): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
    const existing = Object.hasOwn(form, key) ? form[key] : undefined;
    const next = existing === undefined ? value : [...[existing].flat(), value];
    Object.defineProperty(form, key, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return form;
}
