/**
 * Checking samples: a small draft-07 validator, used to keep a `oneOf` sample from
 * matching two options. Formats are checked roughly as ajv-formats does; unknown ones pass.
 */
import { isIPv6 } from 'node:net';
import type { JsonSchema, JsonValue } from '../../plan/ir';
import {
  finiteNumber as num,
  fitsType,
  isObject,
  refKey,
  resolveSchema,
  sameJson,
  strings,
  typeList,
  type Choice,
  type Defs,
  type Flat,
  type JsonObject,
} from '../../schema';
import { compilePattern, matchesPattern } from './patterns';
import { stringLength } from './strings';

/** Whether, for every `oneOf` picked, no option but the picked one accepts the value. */
export function exactlyOne(value: JsonValue, oneOfs: Choice[], defs: Defs): boolean {
  return oneOfs.every((c) =>
    c.options.every((option, i) => i === c.index || !conforms(value, option, defs)),
  );
}

const WRONG_VALUES: JsonValue[] = [0, 'x', true, null, [], {}];

/**
 * For an object sample that another `oneOf` option also accepts: give a property that
 * only that option declares a value it rejects. Undefined when that does not work.
 */
export function breakOthers(
  value: JsonValue,
  node: JsonValue,
  flat: Flat,
  oneOfs: Choice[],
  defs: Defs,
): JsonValue | undefined {
  if (!isObject(value) || flat.schema.additionalProperties === false) return undefined;
  const mine = isObject(flat.schema.properties) ? flat.schema.properties : {};
  let out: JsonObject = { ...value };
  for (const choice of oneOfs) {
    for (let j = 0; j < choice.options.length; j++) {
      if (j === choice.index || !conforms(out, choice.options[j], defs)) continue;
      const other = resolveSchema(choice.options[j], defs);
      const props = isObject(other.properties) ? other.properties : {};
      let broken: JsonObject | undefined;
      for (const [key, sub] of Object.entries(props)) {
        if (key in mine || (flat.allowed && !flat.allowed.has(key))) continue;
        for (const wrong of WRONG_VALUES) {
          if (conforms(wrong, sub, defs)) continue;
          const attempt = { ...out, [key]: wrong };
          if (!conforms(attempt, choice.options[j], defs)) {
            broken = attempt;
            break;
          }
        }
        if (broken) break;
      }
      if (!broken) return undefined;
      out = broken;
    }
  }
  return exactlyOne(out, oneOfs, defs) && conforms(out, node, defs) ? out : undefined;
}

const FORMAT_CHECKS: Record<string, (v: string) => boolean> = {
  date: (v) => isDate(v),
  time: (v) => isTime(v, false),
  'date-time': (v) => {
    const parts = v.split(/t|\s/i);
    return parts.length === 2 && isDate(parts[0]) && isTime(parts[1], true);
  },
  duration: (v) => /^P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$/.test(v),
  uri: (v) => /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i.test(v),
  'uri-reference': (v) =>
    /^(?:(?:[a-z][a-z0-9+\-.]*:)?\/?\/)?(?:[^\\\s#][^\s#]*)?(?:#[^\\\s]*)?$/i.test(v),
  url: (v) => /^(?:https?|ftp):\/\/[^\s/$.?#].[^\s]*$/i.test(v),
  email: (v) =>
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(
      v,
    ),
  hostname: (v) =>
    /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i.test(
      v,
    ),
  ipv4: (v) =>
    /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(v),
  ipv6: (v) => isIPv6(v),
  uuid: (v) => /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v),
  byte: (v) => /^(?:[a-z0-9+/]{4})*(?:[a-z0-9+/]{2}==|[a-z0-9+/]{3}=)?$/i.test(v),
  'json-pointer': (v) => /^(?:\/(?:[^~/]|~0|~1)*)*$/.test(v),
  'relative-json-pointer': (v) => /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/.test(v),
  regex: (v) => compilePattern(v) !== null,
};

function isDate(v: string): boolean {
  const m = /^(\d\d\d\d)-(\d\d)-(\d\d)$/.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

function isTime(v: string, zoneRequired: boolean): boolean {
  const m = /^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|[+-]\d\d(?::?\d\d)?)?$/i.exec(v);
  if (!m) return false;
  if (zoneRequired && m[5] === undefined) return false;
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3]) <= 60;
}

function conformsNumber(value: number, s: JsonSchema): boolean {
  const min = num(s.minimum);
  const max = num(s.maximum);
  if (min !== undefined && (s.exclusiveMinimum === true ? value <= min : value < min)) return false;
  if (max !== undefined && (s.exclusiveMaximum === true ? value >= max : value > max)) return false;
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  if (exMin !== undefined && value <= exMin) return false;
  if (exMax !== undefined && value >= exMax) return false;
  const step = num(s.multipleOf);
  if (step !== undefined && step > 0) {
    const r = value / step;
    if (r !== parseInt(String(r), 10)) return false;
  }
  if (s.format === 'int32')
    return Number.isInteger(value) && value <= 2147483647 && value >= -2147483648;
  if (s.format === 'int64') return Number.isInteger(value);
  return true;
}

function conformsString(value: string, s: JsonSchema): boolean {
  const min = num(s.minLength);
  const max = num(s.maxLength);
  if (min !== undefined && stringLength(value) < min) return false;
  if (max !== undefined && stringLength(value) > max) return false;
  if (typeof s.pattern === 'string' && !matchesPattern(s.pattern, value)) return false;
  const check = typeof s.format === 'string' ? FORMAT_CHECKS[s.format] : undefined;
  return check ? check(value) : true;
}

function conformsArray(value: JsonValue[], s: JsonSchema, defs: Defs, depth: number): boolean {
  const min = num(s.minItems);
  const max = num(s.maxItems);
  if (min !== undefined && value.length < min) return false;
  if (max !== undefined && value.length > max) return false;
  if (Array.isArray(s.items)) {
    const tuple = s.items;
    for (let i = 0; i < value.length; i++) {
      const sub = i < tuple.length ? tuple[i] : s.additionalItems;
      if (!conforms(value[i], sub, defs, depth)) return false;
    }
  } else if (s.items !== undefined && !value.every((v) => conforms(v, s.items, defs, depth)))
    return false;
  if (
    s.uniqueItems === true &&
    value.some((v, i) => value.slice(i + 1).some((w) => sameJson(v, w)))
  )
    return false;
  if (s.contains !== undefined && !value.some((v) => conforms(v, s.contains, defs, depth)))
    return false;
  return true;
}

function conformsObject(value: JsonObject, s: JsonSchema, defs: Defs, depth: number): boolean {
  const keys = Object.keys(value);
  const min = num(s.minProperties);
  const max = num(s.maxProperties);
  if (min !== undefined && keys.length < min) return false;
  if (max !== undefined && keys.length > max) return false;
  if (strings(s.required).some((k) => !(k in value))) return false;
  const props = isObject(s.properties) ? s.properties : {};
  const patternProps = isObject(s.patternProperties) ? s.patternProperties : {};
  for (const key of keys) {
    let declared = false;
    if (key in props) {
      declared = true;
      if (!conforms(value[key], props[key], defs, depth)) return false;
    }
    for (const [pattern, sub] of Object.entries(patternProps)) {
      if (!matchesPattern(pattern, key)) continue;
      declared = true;
      if (!conforms(value[key], sub, defs, depth)) return false;
    }
    if (
      !declared &&
      s.additionalProperties !== undefined &&
      !conforms(value[key], s.additionalProperties, defs, depth)
    )
      return false;
    if (s.propertyNames !== undefined && !conforms(key, s.propertyNames, defs, depth)) return false;
  }
  if (isObject(s.dependencies)) {
    for (const [key, dep] of Object.entries(s.dependencies)) {
      if (!(key in value)) continue;
      if (
        Array.isArray(dep)
          ? strings(dep).some((k) => !(k in value))
          : !conforms(value, dep, defs, depth)
      )
        return false;
    }
  }
  return true;
}

/** Whether `value` is valid against `node` (draft-07; formats roughly). */
export function conforms(
  value: JsonValue,
  node: JsonValue | undefined,
  defs: Defs,
  depth = 0,
): boolean {
  if (node === undefined || node === true) return true;
  if (node === false) return false;
  if (!isObject(node) || depth > 64) return true;
  const s = node;
  const d = depth + 1;
  if (typeof s.$ref === 'string') {
    const key = refKey(s.$ref);
    if (key !== undefined && defs[key] && !conforms(value, defs[key].schema, defs, d)) return false;
  }
  if (Array.isArray(s.allOf) && !s.allOf.every((x) => conforms(value, x, defs, d))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((x) => conforms(value, x, defs, d))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((x) => conforms(value, x, defs, d)).length !== 1)
    return false;
  if (s.not !== undefined && conforms(value, s.not, defs, d)) return false;
  if (s.if !== undefined) {
    const branch = conforms(value, s.if, defs, d) ? s.then : s.else;
    if (branch !== undefined && !conforms(value, branch, defs, d)) return false;
  }
  const types = typeList(s);
  if (types && types.length > 0 && !fitsType(value, types)) return false;
  if ('const' in s && !sameJson(value, s.const)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((e) => sameJson(e, value))) return false;
  if (typeof value === 'string') return conformsString(value, s);
  if (typeof value === 'number') return conformsNumber(value, s);
  if (Array.isArray(value)) return conformsArray(value, s, defs, d);
  if (isObject(value)) return conformsObject(value, s, defs, d);
  return true;
}
