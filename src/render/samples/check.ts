/**
 * Checking samples against the `oneOf` options they were built for, so that a sample
 * matches one option only. Validation is Ajv's (`conforms`, from the schema toolkit), as
 * the generated receiver validates.
 */
import type { JsonValue } from '../../plan/ir';
import {
  conforms,
  isObject,
  objectShape,
  resolveSchema,
  type Choice,
  type Defs,
  type Flat,
  type JsonObject,
} from '../../schema';

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
  const mine = objectShape(flat.schema).properties;
  let out: JsonObject = { ...value };
  for (const choice of oneOfs) {
    for (let j = 0; j < choice.options.length; j++) {
      if (j === choice.index || !conforms(out, choice.options[j], defs)) continue;
      const other = objectShape(resolveSchema(choice.options[j], defs));
      let broken: JsonObject | undefined;
      for (const [key, sub] of other.properties as Map<string, JsonValue>) {
        if (mine.has(key) || (flat.allowed && !flat.allowed.has(key))) continue;
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
