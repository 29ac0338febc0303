/**
 * What a schema says of its value before any is generated: the values it gives (`const`,
 * `examples`, `example`, `default`, `enum`), the JSON type to generate when it gives none,
 * and the smallest value of a type (where nesting is cut off).
 */
import type { JsonSchema, JsonValue } from '../../plan/ir';
import { fitsType, impliedType, sameJson, typeList } from '../../schema';
import { NUMBER_FORMATS } from './numbers';

/** The smallest value of `type`, for values nested too deeply to generate. */
export function minimal(type: string | undefined): JsonValue {
  switch (type) {
    case 'array':
      return [];
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** `const`, else `examples` / `example` / `default` / `enum` values, in that order. */
export function givenValue(s: JsonSchema, variant: number): { value: JsonValue } | undefined {
  if ('const' in s && s.const !== undefined) return { value: s.const };
  const types = typeList(s);
  const enumValues = Array.isArray(s.enum) ? s.enum : undefined;
  const candidates: JsonValue[] = [];
  const add = (v: JsonValue | undefined): void => {
    if (v === undefined || !fitsType(v, types)) return;
    if (enumValues && !enumValues.some((e) => sameJson(e, v))) return;
    if (!candidates.some((c) => sameJson(c, v))) candidates.push(v);
  };
  if (Array.isArray(s.examples)) s.examples.forEach(add);
  add(s.example);
  add(s.default);
  if (enumValues) enumValues.forEach(add);
  if (candidates.length === 0)
    return enumValues && enumValues.length > 0 ? { value: enumValues[0] } : undefined;
  if (variant < candidates.length) return { value: candidates[variant] };
  if (enumValues) return { value: candidates[variant % candidates.length] };
  return undefined; // a variation beyond the given values: generate one
}

/** The type to generate: `type` (first non-null of a list), else inferred from keywords. */
export function pickType(s: JsonSchema): string | undefined {
  const types = typeList(s);
  if (types && types.length > 0) {
    const nonNull = types.filter((t) => t !== 'null');
    return nonNull[0] ?? 'null';
  }
  const implied = impliedType(s);
  if (implied === 'object' || implied === 'array') return implied;
  if (typeof s.format === 'string' && NUMBER_FORMATS[s.format]) return NUMBER_FORMATS[s.format];
  return implied;
}
