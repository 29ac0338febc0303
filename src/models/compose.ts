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
import { hasOwn, isObject, mapSchema, refKey, setOwn as put, typeList } from '../schema';

type Schema = { [key: string]: unknown };

function copyMap(map: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(map)) put(out, key, value);
  return out;
}

/** Keywords that say something about a value's type (as opposed to documentation). */
const SHAPING = [
  'type',
  'properties',
  'required',
  'items',
  'additionalItems',
  'additionalProperties',
  'enum',
  'const',
  'oneOf',
  'anyOf',
  'allOf',
  '$ref',
];

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

    const { allOf, then: thenPart, else: elsePart, dependencies } = out;
    delete out.allOf;
    delete out.then;
    delete out.else;
    delete out.dependencies;
    for (const part of Array.isArray(allOf) ? allOf : []) {
      const resolved = this.resolve(part);
      if (resolved !== undefined) out = this.merge(out, resolved, false);
    }
    const dependents = isObject(dependencies) ? Object.values(dependencies) : [];
    for (const part of [thenPart, elsePart, ...dependents]) {
      const resolved = part === undefined ? undefined : this.resolve(part);
      if (resolved !== undefined) out = this.merge(out, resolved, true);
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
   */
  private merge(a: Schema, b: Schema, optional: boolean): Schema {
    const out: Schema = { ...a };
    delete out[ROOT];

    const ta = typesOf(a);
    const tb = typesOf(b);
    if (ta && tb) {
      const both = ta.filter((t) => tb.includes(t) || (t === 'integer' && tb.includes('number')));
      for (const t of tb)
        if (t === 'integer' && ta.includes('number') && !both.includes(t)) both.push(t);
      out.type = both.length > 0 ? both : ta;
    } else if (tb) out.type = tb;

    if (isObject(b.properties)) {
      const properties = isObject(a.properties) ? copyMap(a.properties) : {};
      for (const [key, sub] of Object.entries(b.properties)) {
        const mine = hasOwn(properties, key) ? properties[key] : undefined;
        put(
          properties,
          key,
          mine === undefined
            ? sub
            : this.mergeProperty(
                mine,
                sub,
                `${String(out[INFERRED_NAME])}${namePart(key, 'Property')}`,
              ),
        );
      }
      out.properties = properties;
    }
    if (!optional && Array.isArray(b.required))
      out.required = [
        ...new Set([
          ...(Array.isArray(a.required) ? (a.required as unknown[]) : []),
          ...(b.required as unknown[]),
        ]),
      ];

    if (!isObject(a.additionalProperties)) {
      if (isObject(b.additionalProperties)) out.additionalProperties = b.additionalProperties;
      else if (a.additionalProperties === false || b.additionalProperties === false)
        out.additionalProperties = false;
    }
    if (a.items === undefined && b.items !== undefined) out.items = b.items;
    if (a.additionalItems === undefined && b.additionalItems !== undefined)
      out.additionalItems = b.additionalItems;

    if (Array.isArray(a.enum) && Array.isArray(b.enum)) {
      const inB = new Set(b.enum.map((v) => JSON.stringify(v)));
      out.enum = a.enum.filter((v) => inB.has(JSON.stringify(v)));
    } else if (Array.isArray(b.enum)) out.enum = b.enum;
    if (!('const' in a) && 'const' in b) out.const = b.const;

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
    const shapes = (s: unknown): boolean => isObject(s) && SHAPING.some((k) => s[k] !== undefined);
    if (!shapes(theirs)) return mine;
    if (!shapes(mine)) return theirs;
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

    const hasProperties =
      (isObject(base.properties) && Object.keys(base.properties).length > 0) ||
      isObject(base.additionalProperties);
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
