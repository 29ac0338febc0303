/**
 * Resolves schema composition before Modelina sees it, so that Modelina only gets plain
 * objects, arrays, enums, primitives and pure unions.
 *
 * Modelina can merge `allOf` itself, but it merges into the models it has already built:
 * a named model that two parts both mention (the same property in both, one of them a
 * `$ref`) is changed in place, and every other use of it changes too. Here:
 * - `allOf` parts are merged into the schema (a `$ref` part by its registry schema);
 * - `then`, `else` and schema `dependencies` are merged too, their properties optional
 *   (they hold for some values only); `if` says nothing about the type;
 * - `oneOf`/`anyOf` beside properties are distributed: each option becomes the object's
 *   properties merged with the option's, named after the option (`PetCat` for `$ref: Cat`).
 *
 * Merging shares the subschemas it does not change, so a model reached through a merge is
 * still the one model of its schema. Input and output are the prepared copies of
 * `input.ts` (references are `#/definitions/<name>`).
 */
import { INFERRED_NAME, LOCATION, MODEL_REF_PREFIX, ROOT, namePart } from './annotations';
import type { JsonSchema, JsonValue } from '../plan/ir';
import {
  COMBINATORS,
  TYPE_KEYWORDS,
  appliesTo,
  hasOwn,
  isObject,
  mapSchema,
  mergeKeywords,
  objectShape,
  refKey,
  setOwn as put,
  subschemas,
  typeList,
} from '../schema';

type Schema = { [key: string]: unknown };

function copyMap(map: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(map)) put(out, key, value);
  return out;
}

/**
 * What `merge` takes from the second schema through `mergeKeywords` (documentation aside):
 * the keywords of a static type, without the combinators (`distribute` handles those) and
 * `$ref` (resolved before merging).
 */
const MERGED: readonly string[] = TYPE_KEYWORDS.filter(
  (k) => k !== '$ref' && !(COMBINATORS as readonly string[]).includes(k),
);

/** Whether a schema says something about a value's type (as opposed to documentation only). */
function shapesType(schema: unknown): boolean {
  return isObject(schema) && TYPE_KEYWORDS.some((k) => schema[k] !== undefined);
}

/** The inferred name of a schema being merged into, for the names of merged properties. */
function inferredName(schema: Schema): string {
  return String(schema[INFERRED_NAME]);
}

function typesOf(schema: Schema): string[] | undefined {
  const types = typeList(schema);
  return types && types.length > 0 ? types : undefined;
}

/** Resolves composition in every definition, in place. */
export function compose(definitions: Schema): void {
  const composer = new Composer(copyMap(definitions));
  for (const key of Object.keys(definitions))
    put(definitions, key, composer.normalise(definitions[key]));
}

class Composer {
  private readonly done = new Map<Schema, Schema>();
  private readonly active = new Set<Schema>();

  constructor(private readonly definitions: Schema) {}

  normalise(node: unknown): unknown {
    if (!isObject(node) || typeof node.$ref === 'string') return node;
    const known = this.done.get(node);
    if (known !== undefined) return known;
    this.active.add(node);

    let out: Schema = mapSchema(node, (sub) => this.normalise(sub));

    // The parts that hold for every value (`allOf`) are merged first, then those that hold
    // for some values only (`then`, `else`, schema `dependencies`), their properties optional.
    const merges = (keyword: string) => {
      const applies = appliesTo(keyword);
      return applies === 'all' || applies === 'conditional';
    };
    const parts = [...subschemas(out)].filter((sub) => merges(sub.keyword));
    for (const keyword of Object.keys(out)) if (merges(keyword)) delete out[keyword];
    for (const applies of ['all', 'conditional'] as const) {
      for (const part of parts) {
        if (appliesTo(part.keyword) !== applies) continue;
        const resolved = this.resolve(part.schema);
        if (resolved !== undefined) out = this.merge(out, resolved, applies === 'conditional');
      }
    }
    out = this.distribute(out);
    if (node[ROOT] === true) out[ROOT] = true;

    this.active.delete(node);
    this.done.set(node, out);
    return out;
  }

  /**
   * A `$ref` part → the (composed) registry schema it names; undefined for a schema that is
   * being composed right now (`A: { allOf: [{ $ref: A }] }`, or a property of A merged
   * with A itself), which cannot be merged into itself and is left as a reference.
   */
  private resolve(part: unknown): Schema | undefined {
    if (isObject(part) && typeof part.$ref === 'string') {
      const key = refKey(part.$ref, MODEL_REF_PREFIX);
      const target =
        key !== undefined && hasOwn(this.definitions, key) ? this.definitions[key] : undefined;
      if (!isObject(target)) return {};
      if (this.active.has(target)) return undefined;
      return this.normalise(target) as Schema;
    }
    return isObject(part) ? part : {};
  }

  /**
   * `a` and `b` as one schema: `a`'s name and documentation, the properties of both.
   * With `optional`, what `b` requires is not required (it holds for some values only).
   * The keywords that shape a model merge by the schema toolkit's rules (`mergeKeywords`);
   * a property in both becomes one merged, named model, and for items and additional
   * properties in both, `a`'s are kept (a model's own shape is not changed by another's).
   */
  private merge(a: Schema, b: Schema, optional: boolean): Schema {
    const shaping: Schema = {};
    for (const key of MERGED)
      if (b[key] !== undefined && !(optional && key === 'required')) put(shaping, key, b[key]);
    const out = mergeKeywords(a as JsonSchema, shaping as JsonSchema, {
      both: (mine, theirs, at) =>
        at.keyword === 'properties'
          ? (this.mergeProperty(
              mine,
              theirs,
              `${inferredName(a)}${namePart(at.key ?? '', 'Property')}`,
            ) as JsonValue)
          : mine,
    }) as Schema;
    delete out[ROOT];

    if (a.description === undefined && b.description !== undefined) out.description = b.description;
    if (b.deprecated === true) out.deprecated = true;
    if (a.oneOf === undefined && a.anyOf === undefined) {
      if (b.oneOf !== undefined) out.oneOf = b.oneOf;
      if (b.anyOf !== undefined) out.anyOf = b.anyOf;
    }
    return out;
  }

  /** The same property in two parts. Where one only documents it, the other is kept as it is. */
  private mergeProperty(mine: unknown, theirs: unknown, name: string): unknown {
    if (mine === theirs) return mine;
    if (!shapesType(theirs)) return mine;
    if (!shapesType(mine)) return theirs;
    const [a, b] = [this.resolve(mine), this.resolve(theirs)];
    if (a === undefined || b === undefined) return mine;
    const merged = this.merge(a, b, false);
    merged[INFERRED_NAME] = name;
    return this.distribute(merged);
  }

  /** `oneOf`/`anyOf` beside properties → a union of the properties merged with each option. */
  private distribute(schema: Schema): Schema {
    const keyword = Array.isArray(schema.oneOf)
      ? 'oneOf'
      : Array.isArray(schema.anyOf)
        ? 'anyOf'
        : undefined;
    if (keyword === undefined) return schema;
    const { oneOf, anyOf, ...base } = schema;
    const options = (keyword === 'oneOf' ? oneOf : anyOf) as unknown[];
    const nullable = typesOf(base)?.includes('null') === true;
    const union: Schema = { [keyword]: options };
    for (const key of ['description', 'deprecated', INFERRED_NAME, LOCATION, ROOT])
      if (base[key] !== undefined) union[key] = base[key];

    const shape = objectShape(base);
    const hasProperties = shape.properties.size > 0 || isObject(shape.additional);
    if (hasProperties) {
      delete base.description;
      delete base[ROOT];
      union[keyword] = options.map((option) => {
        const resolved = this.resolve(option);
        if (resolved === undefined) return option;
        const merged = this.merge(base, resolved, false);
        merged[INFERRED_NAME] = optionName(option, resolved, String(base[INFERRED_NAME]));
        if (resolved.description === undefined) delete merged.description;
        else merged.description = resolved.description;
        if (resolved[LOCATION] !== undefined) merged[LOCATION] = resolved[LOCATION];
        return this.distribute(merged);
      });
    } else if (
      typesOf(base) === undefined ||
      typesOf(base)?.every((t) => t === 'object' || t === 'null')
    ) {
      // Only a union: `type: object` beside it adds nothing to the options' own types.
    } else {
      // Something else beside the union (`type: string` and options): keep it as it was.
      return schema;
    }
    if (nullable)
      union[keyword] = [
        ...(union[keyword] as unknown[]),
        { type: 'null', [INFERRED_NAME]: `${String(base[INFERRED_NAME])}Null` },
      ];
    return union;
  }
}

/** A distributed option's name: the parent's and the referenced schema's, or the option's own. */
function optionName(option: unknown, resolved: Schema, parent: string): string {
  if (isObject(option) && typeof option.$ref === 'string')
    return parent + namePart(refKey(option.$ref, MODEL_REF_PREFIX) ?? '', 'Option');
  return typeof resolved[INFERRED_NAME] === 'string' ? resolved[INFERRED_NAME] : `${parent}Option`;
}
