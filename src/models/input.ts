/**
 * Builds the one JSON Schema document handed to Modelina for a whole run.
 *
 * Every model-to-be is a definition of the root document, and the root is an object
 * with one property per definition, so that after Modelina has interpreted it, each
 * definition's meta model can be picked out by key. Schemas are copied (the IR stays
 * untouched) and, on the way, made to say what a wire type should say:
 * - every subschema carries `x-modelgen-inferred-name`, derived from where it sits
 *   (parent name + property name, `Item`, `Value`, `Option1` or the option's title);
 *   `title` and `$id`, which Modelina would prefer as a name, are dropped;
 * - objects with properties get `additionalProperties: false` unless they declare an
 *   additionalProperties schema, so no `additionalProperties` member appears; a
 *   declared schema (and patternProperties) becomes the map's value schema;
 * - `nullable: true` becomes a `null` type;
 * - `#/$defs/<key>` references point into the root document's `definitions`
 *   (`MODEL_REF_PREFIX`);
 * - only keywords that shape a type are kept (validation lives elsewhere);
 * - composition (`allOf`, `oneOf` beside properties, ...) is resolved (`compose.ts`).
 */
import { formatJsonPath } from '../pipeline/errors';
import type { JsonValue } from '../plan/ir';
import {
  INFERRED_NAME,
  LOCATION,
  MODEL_REF_PREFIX,
  NEVER,
  ROOT,
  SCHEMA_ID,
  encodeKey,
  namePart,
} from './annotations';
import { compose } from './compose';
import {
  arrayShape,
  composesShape,
  isObject,
  objectShape,
  refKey,
  refTo,
  setOwn as put,
  subschemas,
  walk,
  type ArrayShape,
  type ObjectShape,
  type Subschema,
} from '../schema';

const ROOT_NAME = 'HookwrightModelsRoot';

type Schema = { [key: string]: unknown };

export interface InputEntry {
  /** Final TypeScript name of the model. */
  name: string;
  schema: JsonValue | undefined;
  /** Where the schema comes from, for messages (for example `schemas.Foo`). */
  location: Array<string | number>;
}

export interface ModelinaInput {
  document: Schema;
  warnings: string[];
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/**
 * @param entries the models to build, in a deterministic order
 * @param refNames registry key → final model name, for `#/$defs/<key>` references
 */
export function buildInput(
  entries: InputEntry[],
  refNames: ReadonlyMap<string, string>,
): ModelinaInput {
  const warnings: string[] = [];
  const definitions: Schema = {};
  const properties: Schema = {};
  for (const entry of entries) {
    const schema = new Preparer(refNames, warnings).prepare(
      entry.schema ?? {},
      entry.name,
      entry.location,
    );
    schema[ROOT] = true;
    put(definitions, entry.name, schema);
    put(properties, encodeKey(entry.name), { $ref: refTo(entry.name, MODEL_REF_PREFIX) });
  }
  compose(definitions);
  numberSchemas(definitions);
  return {
    document: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: ROOT_NAME,
      type: 'object',
      additionalProperties: false,
      properties,
      definitions,
    },
    warnings,
  };
}

/** Stamps every schema object with `SCHEMA_ID`, once, in a deterministic order. */
function numberSchemas(definitions: Schema): void {
  let next = 1;
  const seen = new Set<Schema>();
  for (const definition of Object.values(definitions)) {
    walk(definition, (node) => {
      if (seen.has(node) || typeof node.$ref === 'string') return false;
      seen.add(node);
      node[SCHEMA_ID] = next++;
    });
  }
}

class Preparer {
  constructor(
    private readonly refNames: ReadonlyMap<string, string>,
    private readonly warnings: string[],
  ) {}

  prepare(schema: unknown, name: string, location: Array<string | number>): Schema {
    if (schema === false)
      return { [INFERRED_NAME]: name, [LOCATION]: formatJsonPath(location), [NEVER]: true };
    if (!isObject(schema)) return { [INFERRED_NAME]: name, [LOCATION]: formatJsonPath(location) };

    if (typeof schema.$ref === 'string') return this.reference(schema.$ref, name, location);

    const out: Schema = {};
    if (typeof schema.type === 'string' && JSON_TYPES.has(schema.type)) out.type = schema.type;
    if (Array.isArray(schema.type))
      out.type = schema.type.filter((t) => typeof t === 'string' && JSON_TYPES.has(t));
    if (typeof schema.description === 'string') out.description = schema.description;
    if (schema.deprecated === true) out.deprecated = true;
    if (Array.isArray(schema.enum)) out.enum = schema.enum.slice();
    if ('const' in schema) out.const = schema.const;

    const { properties, patterns, additional } = objectShape(schema);
    if (isObject(schema.properties)) {
      const props: Schema = {};
      for (const [key, sub] of properties) {
        put(
          props,
          encodeKey(key),
          this.prepare(sub, name + namePart(key, 'Property'), [...location, 'properties', key]),
        );
      }
      out.properties = props;
    }
    if (Array.isArray(schema.required)) {
      out.required = schema.required
        .filter((r): r is string => typeof r === 'string')
        .map(encodeKey);
    }

    this.items(arrayShape(schema, { prefixItems: true }), out, name, location);
    this.maps(patterns, additional, out, name, location);

    // The subschemas that compose this schema's shape (found by the walker, placed in a fixed
    // order): parts merged into it (see compose.ts) share its name, so that what they
    // contribute is named after the merged model; options are named after themselves.
    const parts = [...subschemas(schema)];
    const composing = (keyword: string) =>
      parts.filter(
        (sub) => sub.keyword === keyword && (keyword === 'allOf' || isObject(sub.schema)),
      );
    const prepared = (sub: Subschema, partName: string) =>
      this.prepare(sub.schema, partName, [...location, ...sub.path]);
    if (Array.isArray(schema.allOf))
      out.allOf = composing('allOf').map((sub) => prepared(sub, name));
    for (const keyword of ['then', 'else'] as const) {
      const [part] = composing(keyword);
      if (part !== undefined) out[keyword] = prepared(part, name);
    }
    const deps = composing('dependencies');
    if (deps.length > 0) {
      const byKey: Schema = {};
      for (const dep of deps) put(byKey, String(dep.key), prepared(dep, name));
      out.dependencies = byKey;
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(schema[keyword])) {
        out[keyword] = parts
          .filter((sub) => sub.keyword === keyword)
          .map((sub) => prepared(sub, name + optionName(sub.schema, Number(sub.key))));
      }
    }
    // `not` is left out: what it excludes cannot be said in a TypeScript type.

    this.closeObject(out);
    out[INFERRED_NAME] = name;
    out[LOCATION] = formatJsonPath(location);
    return schema.nullable === true ? nullable(out, name, location) : out;
  }

  private reference(ref: string, name: string, location: Array<string | number>): Schema {
    const key = refKey(ref);
    const target = key === undefined ? undefined : this.refNames.get(key);
    if (target !== undefined) return { $ref: refTo(target, MODEL_REF_PREFIX) };
    this.warnings.push(
      `${formatJsonPath(location)}: cannot resolve $ref "${ref}"; its model type is unknown`,
    );
    return { [INFERRED_NAME]: name, [LOCATION]: formatJsonPath(location) };
  }

  /** `items` (one schema or a tuple), 2020-12 `prefixItems`, and `additionalItems`. */
  private items(
    { tuple, rest }: ArrayShape,
    out: Schema,
    name: string,
    location: Array<string | number>,
  ): void {
    if (tuple !== undefined) {
      out.items = tuple.schemas.map((sub, i) =>
        this.prepare(sub, `${name}Item${i + 1}`, [...location, tuple.keyword, i]),
      );
      if (isObject(rest?.schema))
        out.additionalItems = this.prepare(rest.schema, `${name}AdditionalItem`, [
          ...location,
          ...rest.path,
        ]);
      else if (typeof rest?.schema === 'boolean') out.additionalItems = rest.schema;
    } else if (rest !== undefined) {
      out.items = this.prepare(rest.schema, `${name}Item`, [...location, ...rest.path]);
    }
  }

  /** additionalProperties and patternProperties → one value schema for the map part. */
  private maps(
    patterns: ObjectShape['patterns'],
    additional: unknown,
    out: Schema,
    name: string,
    location: Array<string | number>,
  ): void {
    const values: Array<{ schema: unknown; location: Array<string | number> }> = patterns.map(
      ([pattern, sub]) => ({ schema: sub, location: [...location, 'patternProperties', pattern] }),
    );
    if (isObject(additional))
      values.push({ schema: additional, location: [...location, 'additionalProperties'] });
    if (values.length === 1) {
      out.additionalProperties = this.prepare(values[0].schema, `${name}Value`, values[0].location);
    } else if (values.length > 1) {
      out.additionalProperties = {
        anyOf: values.map((v, i) => this.prepare(v.schema, `${name}Value${i + 1}`, v.location)),
        [INFERRED_NAME]: `${name}Value`,
        [LOCATION]: formatJsonPath([...location, 'additionalProperties']),
      };
    } else if (additional === false) {
      out.additionalProperties = false;
    }
  }

  /**
   * Wire types list what the document names and nothing else: an object with properties
   * (or composed of parts) that declares no map gets `additionalProperties: false`. An
   * object with nothing declared stays a map of unknown values.
   */
  private closeObject(out: Schema): void {
    if (out.additionalProperties !== undefined) return;
    const hasProperties = isObject(out.properties) && Object.keys(out.properties).length > 0;
    const composed = Object.keys(out).some(composesShape);
    if (hasProperties || composed) out.additionalProperties = false;
  }
}

/** `Option2`, or the option's title where it has one. */
function optionName(option: unknown, index: number): string {
  const title =
    isObject(option) && typeof option.title === 'string' ? namePart(option.title, '') : '';
  return title !== '' ? title : `Option${index + 1}`;
}

/** OpenAPI-style `nullable: true` → a `null` type (or a union with null). */
function nullable(out: Schema, name: string, location: Array<string | number>): Schema {
  const withNull = (types: unknown[]): unknown[] =>
    types.includes('null') ? types : [...types, 'null'];
  if (typeof out.type === 'string') out.type = withNull([out.type]);
  else if (Array.isArray(out.type) && out.type.length > 0) out.type = withNull(out.type);
  else if (Array.isArray(out.enum)) out.enum = withNull(out.enum);
  else if (
    out.const === undefined &&
    (out.properties !== undefined || out.additionalProperties !== undefined)
  )
    out.type = ['object', 'null'];
  else if (out.const === undefined && out.items !== undefined) out.type = ['array', 'null'];
  else {
    const { description, ...rest } = out;
    return {
      anyOf: [rest, { type: 'null', [INFERRED_NAME]: `${name}Null` }],
      ...(description !== undefined ? { description } : {}),
      [INFERRED_NAME]: name,
      [LOCATION]: formatJsonPath(location),
    };
  }
  return out;
}
