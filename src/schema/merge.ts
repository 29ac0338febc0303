/**
 * Two schemas that both apply to a value, as one schema object (the keywords of
 * `allOf` members, a `$ref` target and the schema beside it). Bounds are tightened,
 * `required` and `properties` unioned (a property in both becomes `{ allOf: [a, b] }`),
 * `type`s and `enum`s intersected; for anything that cannot be combined, `a` wins.
 */
import type { JsonSchema, JsonValue } from '../plan/ir';
import { isObject, sameJson, setOwn, strings, type JsonObject } from './object';

const LOWER_BOUNDS = new Set([
  'minimum',
  'minLength',
  'minItems',
  'minProperties',
  'exclusiveMinimum',
]);
const UPPER_BOUNDS = new Set([
  'maximum',
  'maxLength',
  'maxItems',
  'maxProperties',
  'exclusiveMaximum',
]);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The types both allow (`number` and `integer` meet at `integer`); `a` when they share none. */
export function intersectTypes(a: JsonValue, b: JsonValue): JsonValue {
  const list = (t: JsonValue): string[] =>
    Array.isArray(t) ? strings(t) : typeof t === 'string' ? [t] : [];
  const bs = list(b);
  const out: string[] = [];
  for (const t of list(a)) {
    if (bs.includes(t)) out.push(t);
    else if (t === 'number' && bs.includes('integer')) out.push('integer');
    else if (t === 'integer' && bs.includes('number')) out.push('integer');
  }
  const unique = [...new Set(out)];
  if (unique.length === 0) return a;
  return unique.length === 1 ? unique[0] : unique;
}

/** The keywords of `a` and `b` as one schema (see the module comment). */
export function mergeKeywords(a: JsonSchema, b: JsonSchema): JsonSchema {
  const s: JsonSchema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = s[key];
    if (mine === undefined) {
      setOwn(s, key, value);
      continue;
    }
    const numbers = typeof mine === 'number' && typeof value === 'number';
    if (key === 'properties' && isObject(mine) && isObject(value)) {
      const props: JsonObject = { ...mine };
      for (const [name, sub] of Object.entries(value)) {
        setOwn(props, name, props[name] === undefined ? sub : { allOf: [props[name], sub] });
      }
      s.properties = props;
    } else if (key === 'patternProperties' && isObject(mine) && isObject(value)) {
      s.patternProperties = { ...value, ...mine };
    } else if (key === 'dependencies' && isObject(mine) && isObject(value)) {
      s.dependencies = { ...value, ...mine };
    } else if (key === 'required') {
      s.required = [...new Set([...strings(mine), ...strings(value)])];
    } else if (key === 'type') {
      s.type = intersectTypes(mine, value);
    } else if (key === 'enum' && Array.isArray(mine) && Array.isArray(value)) {
      const both = mine.filter((x) => value.some((y) => sameJson(x, y)));
      s.enum = both.length > 0 ? both : mine;
    } else if (LOWER_BOUNDS.has(key) && numbers) {
      s[key] = Math.max(mine, value);
    } else if (UPPER_BOUNDS.has(key) && numbers) {
      s[key] = Math.min(mine, value);
    } else if (key === 'multipleOf' && numbers) {
      if (Number.isInteger(mine) && Number.isInteger(value))
        s[key] = (mine * value) / gcd(mine, value);
      else if (Number.isInteger(value / mine)) s[key] = value;
    } else if (key === 'uniqueItems') {
      s[key] = mine === true || value === true;
    } else if (key === 'additionalProperties') {
      if (mine === false || value === false) s[key] = false;
      else if (isObject(mine) && isObject(value)) s[key] = { allOf: [mine, value] };
    } else if (key === 'items' && isObject(mine) && isObject(value)) {
      s[key] = { allOf: [mine, value] };
    }
    // Anything else: `a` wins (const, examples, default, format, ...).
  }
  return s;
}
