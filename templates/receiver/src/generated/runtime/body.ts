/**
 * Body decoding: a request's content type and raw bytes → the value its handler receives,
 * or a typed failure (415 for a content type the route does not accept, 400 for a body that
 * does not decode). The core calls it after the signature check, which is computed over the
 * raw bytes, never over what this module makes of them.
 */
import type { IncomingHeaders } from './types';

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
  /** Short, stable text for the response body: `malformed JSON`, `unsupported content type`. */
  readonly error: string;
  /** With 415: the media types the route accepts. */
  readonly accepted?: readonly string[];
}

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

/** `Application/JSON; charset=utf-8` → `application/json`; undefined when absent or empty. */
export function mediaTypeOf(
  contentType: string | readonly string[] | undefined,
): string | undefined {
  const value = typeof contentType === 'string' ? contentType : contentType?.[0];
  const type = value?.split(';', 1)[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? undefined : type;
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

/** Decodes `raw` if the route accepts the request's content type. */
export function decodeBody(
  accepted: AcceptedBodies,
  headers: IncomingHeaders,
  raw: Buffer,
): DecodedBody | BodyFailure {
  const mediaType = mediaTypeOf(headers['content-type']);
  const kind = mediaType === undefined ? undefined : bodyKind(mediaType);
  if (
    mediaType === undefined ||
    kind === undefined ||
    (kind === 'json' ? !accepted.json : !accepted.others.has(mediaType))
  ) {
    return { ok: false, status: 415, error: 'unsupported content type', accepted: accepted.list };
  }
  switch (kind) {
    case 'json':
      try {
        return { ok: true, kind, mediaType, value: JSON.parse(raw.toString('utf8')) };
      } catch {
        return { ok: false, status: 400, error: 'malformed JSON' };
      }
    case 'form':
      return { ok: true, kind, mediaType, value: decodeForm(raw) };
    case 'text':
      return { ok: true, kind, mediaType, value: raw.toString('utf8') };
    case 'binary':
      return { ok: true, kind, mediaType, value: raw };
  }
}

/**
 * `a=1&b=x+y&b=z` → `{ a: '1', b: ['x y', 'z'] }`: values are strings, a repeated key gives
 * an array (the validator turns a single value into an array where the schema wants one).
 * Every key becomes an own property, `__proto__` included.
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
