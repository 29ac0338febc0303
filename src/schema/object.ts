/** Small helpers for schema objects and plain JSON data. */
import type { JsonValue } from '../plan/ir';

/** A JSON object as plain data. */
export type JsonObject = { [key: string]: JsonValue };
/** A schema object of unknown content (the parser's, or a copy being prepared). */
export type SchemaObject = { [keyword: string]: unknown };

/** A plain object: not null, not an array. */
export function isObject(value: JsonValue | undefined): value is JsonObject;
export function isObject(value: unknown): value is SchemaObject;
export function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `target[key] = value` as an own property, also for a key like `__proto__`, which plain assignment would swallow. */
export function setOwn<T>(target: { [key: string]: T }, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Whether `target` has `key` as an own property (not one inherited from `Object.prototype`). */
export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/** The strings of a list (`required`, `type`), ignoring anything else; [] for a non-list. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A finite number, else undefined. */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A deep copy of plain data. */
export function clone<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Whether two JSON values are equal (object key order does not matter). */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return jsonKey(a) === jsonKey(b);
}

/** A string that is equal for equal JSON values (object key order does not matter). */
export function jsonKey(value: JsonValue | undefined): string {
  return JSON.stringify(canonical(value)) ?? 'undefined';
}

function canonical(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((v) => canonical(v) as JsonValue);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort())
      setOwn(out, key, canonical(value[key]) as JsonValue);
    return out;
  }
  return value;
}

/** The JSON types a schema's `type` lists (one string or a list); undefined without `type`. */
export function typeList(schema: SchemaObject): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return strings(schema.type);
  return undefined;
}

/** Whether `value` has one of the JSON types `types` (any value, for no types). */
export function fitsType(value: JsonValue, types: string[] | undefined): boolean {
  if (!types || types.length === 0) return true;
  return types.some((t) => {
    switch (t) {
      case 'null':
        return value === null;
      case 'boolean':
        return typeof value === 'boolean';
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'array':
        return Array.isArray(value);
      case 'object':
        return isObject(value);
      default:
        return true;
    }
  });
}
