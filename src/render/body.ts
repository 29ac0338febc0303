/**
 * How a message's body travels, from its content type: the generator's side of the
 * receiver's `runtime/body.ts` (the same rules, so that what is generated is what the
 * receiver decodes), and the sample request bodies of the generated tests.
 */
import type { JsonValue } from '../plan/ir';

/** `json`: parsed; `form`: an object of (coerced) strings; `text`: a string; `binary`: a Buffer. */
export type BodyKind = 'json' | 'form' | 'text' | 'binary';

export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** `Application/JSON; charset=utf-8` → `application/json`; undefined when absent or empty. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? undefined : type;
}

/** A message's body kind; a message without a content type is JSON. */
export function bodyKind(contentType: string | undefined): BodyKind {
  const mediaType = mediaTypeOf(contentType) ?? 'application/json';
  if (mediaType === 'application/json' || /^application\/[\w.!#$&^-]+\+json$/.test(mediaType))
    return 'json';
  if (mediaType === FORM_TYPE) return 'form';
  if (
    mediaType.startsWith('text/') ||
    mediaType === 'application/xml' ||
    mediaType.endsWith('+xml')
  )
    return 'text';
  return 'binary';
}

/** The media types a route accepts, in order, JSON as its family (as the 415 answer lists them). */
export function acceptedList(contentTypes: readonly (string | undefined)[]): string[] {
  const list: string[] = [];
  for (const contentType of contentTypes) {
    const kind = bodyKind(contentType);
    const types =
      kind === 'json'
        ? ['application/json', 'application/*+json']
        : [mediaTypeOf(contentType) as string];
    for (const type of types) if (!list.includes(type)) list.push(type);
  }
  return list;
}

/**
 * A form body for a sample object, and the object the receiver makes of it: each value
 * becomes a string (arrays repeat their key), and what a form cannot carry (nested
 * objects, null, empty arrays) is left out of both.
 */
export function formSample(sample: JsonValue): { body: string; payload: JsonValue } {
  const params = new URLSearchParams();
  const payload: { [key: string]: JsonValue } = {};
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
    for (const [key, value] of Object.entries(sample)) {
      const items = Array.isArray(value) ? value : [value];
      if (items.length === 0 || !items.every(isScalar)) continue;
      for (const item of items) params.append(key, String(item));
      Object.defineProperty(payload, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { body: params.toString(), payload };
}

function isScalar(value: JsonValue): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
