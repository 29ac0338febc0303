/**
 * Turns the parser's dereferenced schemas into plain JSON Schema for the IR.
 *
 * The parser hands out schemas as one object graph: a schema used in two places is
 * the same object (with the same `x-parser-schema-id`), and cycles are real cycles.
 * The IR must be plain data, so schemas that deserve a model of their own (component
 * schemas, anything reached from two places, anything on a cycle) are lifted into a
 * registry and referenced as `{ $ref: '#/$defs/<key>' }`; everything else stays inline.
 */
import type { JsonSchema, JsonValue, NamedSchemaIR } from '../ir';
import { NameScope, pascalCase } from '../naming';

const SCHEMA_ID = 'x-parser-schema-id';

type RawSchema = { [key: string]: unknown };

function isObject(value: unknown): value is RawSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAnonymousId(id: unknown): boolean {
  return typeof id !== 'string' || id.startsWith('<anonymous-schema');
}

/** Worth a model of its own: an object, an enum or a composition; not a plain string. */
function deservesModel(schema: RawSchema): boolean {
  return (
    schema.type === 'object' ||
    isObject(schema.properties) ||
    Array.isArray(schema.enum) ||
    Array.isArray(schema.allOf) ||
    Array.isArray(schema.oneOf) ||
    Array.isArray(schema.anyOf)
  );
}

/** Keywords whose value is one schema, an array of schemas, or a map of schemas. */
const SUBSCHEMA_ONE = [
  'items',
  'additionalProperties',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
];
const SUBSCHEMA_MANY = ['allOf', 'anyOf', 'oneOf', 'items', 'prefixItems'];
const SUBSCHEMA_MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];

function* children(schema: RawSchema): Generator<unknown> {
  for (const k of SUBSCHEMA_ONE) if (isObject(schema[k])) yield schema[k];
  for (const k of SUBSCHEMA_MANY) if (Array.isArray(schema[k])) yield* schema[k] as unknown[];
  for (const k of SUBSCHEMA_MAP)
    if (isObject(schema[k])) yield* Object.values(schema[k] as RawSchema);
}

export class SchemaCollector {
  /** How many places refer to each schema object. */
  private readonly uses = new Map<RawSchema, number>();
  private readonly onCycle = new Set<RawSchema>();
  private readonly lifted = new Map<RawSchema, string>();
  private readonly registry: Record<string, NamedSchemaIR> = {};
  private readonly keys = new NameScope();
  /** Things the user should know (name collisions), in the order they were found. */
  readonly warnings: string[] = [];

  /** First pass: count uses and find cycles, from every root that will be converted. */
  count(root: unknown): void {
    const stack = new Set<RawSchema>();
    const visit = (node: unknown): void => {
      if (!isObject(node)) return;
      if (stack.has(node)) {
        this.onCycle.add(node);
        return;
      }
      const seen = this.uses.get(node) ?? 0;
      this.uses.set(node, seen + 1);
      if (seen > 0) return;
      stack.add(node);
      for (const child of children(node)) visit(child);
      stack.delete(node);
    };
    visit(root);
  }

  /**
   * Second pass: convert a payload root. Roots are always lifted (each payload gets a
   * model); `fallbackName` names it when the document gives no name.
   */
  root(schema: unknown, fallbackName: string): JsonSchema {
    if (!isObject(schema)) return {};
    return this.ref(schema, fallbackName);
  }

  /** Converts a schema that is not a payload root (headers, parameters): nothing lifted at its top. */
  inline(schema: unknown, pathName: string): JsonSchema {
    return isObject(schema) ? this.convert(schema, pathName, false) : {};
  }

  schemas(): Record<string, NamedSchemaIR> {
    return this.registry;
  }

  private ref(schema: RawSchema, pathName: string): JsonSchema {
    let key = this.lifted.get(schema);
    if (key === undefined) {
      const name = nameOf(schema) ?? pascalCase(pathName);
      const claimed = this.keys.claim(pascalCase(name));
      key = claimed.name;
      if (claimed.collided) {
        this.warnings.push(
          `two schemas are both named "${pascalCase(name)}"; the later one is called "${key}"`,
        );
      }
      this.lifted.set(schema, key);
      // Register before converting, so that a cycle back to this schema finds its key.
      this.registry[key] = { name, schema: {} };
      this.registry[key].schema = this.convert(schema, name, true);
    }
    return { $ref: `#/$defs/${key}` };
  }

  private convert(schema: RawSchema, pathName: string, isLifted: boolean): JsonSchema {
    if (!isLifted && this.shouldLift(schema)) return this.ref(schema, pathName);
    const out: JsonSchema = {};
    for (const [keyword, value] of Object.entries(schema)) {
      if (keyword.startsWith('x-parser-')) continue;
      if (keyword === 'type' && !isJsonType(value)) {
        // Only a lenient load gets here: the parser rejects such a type otherwise.
        const repaired = repairType(value);
        this.warnings.push(
          repaired === undefined
            ? `schema ${pathName}: type ${JSON.stringify(value)} is not a JSON Schema type; it is left out (any value)`
            : `schema ${pathName}: type ${JSON.stringify(value)} is read as ${JSON.stringify(repaired)}`,
        );
        if (repaired !== undefined) out.type = repaired;
        continue;
      }
      out[keyword] = this.convertKeyword(keyword, value, pathName);
    }
    return out;
  }

  private convertKeyword(keyword: string, value: unknown, pathName: string): JsonValue {
    if (SUBSCHEMA_MAP.includes(keyword) && isObject(value)) {
      const map: { [key: string]: JsonValue } = {};
      for (const [name, sub] of Object.entries(value)) {
        setOwn(
          map,
          name,
          isObject(sub) ? this.convert(sub, `${pathName} ${name}`, false) : plain(sub),
        );
      }
      return map;
    }
    if (SUBSCHEMA_MANY.includes(keyword) && Array.isArray(value)) {
      return value.map((sub, i) =>
        isObject(sub)
          ? this.convert(
              sub,
              `${pathName} ${keyword === 'items' ? 'item' : 'option'} ${i + 1}`,
              false,
            )
          : plain(sub),
      );
    }
    if (SUBSCHEMA_ONE.includes(keyword) && isObject(value)) {
      const suffix =
        keyword === 'items' ? 'item' : keyword === 'additionalProperties' ? 'value' : keyword;
      return this.convert(value, `${pathName} ${suffix}`, false);
    }
    return plain(value);
  }

  private shouldLift(schema: RawSchema): boolean {
    if (this.lifted.has(schema) || this.onCycle.has(schema)) return true;
    if (!deservesModel(schema)) return false;
    return !isAnonymousId(schema[SCHEMA_ID]) || (this.uses.get(schema) ?? 0) > 1;
  }
}

const JSON_TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);

/** Types as other languages spell them, as documents sometimes write them. */
const TYPE_ALIASES: Record<string, string> = {
  int: 'integer',
  int8: 'integer',
  int16: 'integer',
  int32: 'integer',
  int64: 'integer',
  long: 'integer',
  short: 'integer',
  uint: 'integer',
  float: 'number',
  double: 'number',
  decimal: 'number',
  bool: 'boolean',
  str: 'string',
  text: 'string',
  date: 'string',
  datetime: 'string',
  'date-time': 'string',
  map: 'object',
  dict: 'object',
  list: 'array',
};

function isJsonType(value: unknown): boolean {
  return typeof value === 'string'
    ? JSON_TYPES.has(value)
    : Array.isArray(value) && value.every((t) => typeof t === 'string' && JSON_TYPES.has(t));
}

/** `"int"` → `"integer"`, `"String"` → `"string"`; undefined when there is no reading of it. */
export function repairType(value: unknown): string | string[] | undefined {
  const one = (type: unknown): string | undefined => {
    if (typeof type !== 'string') return undefined;
    const lower = type.trim().toLowerCase();
    return JSON_TYPES.has(lower) ? lower : TYPE_ALIASES[lower];
  };
  if (!Array.isArray(value)) return one(value);
  const types = value.map(one);
  if (types.some((t) => t === undefined)) return undefined;
  return [...new Set(types as string[])];
}

/** The name a document gives a schema: its component key, else its title. */
function nameOf(schema: RawSchema): string | undefined {
  const id = schema[SCHEMA_ID];
  if (!isAnonymousId(id)) return id as string;
  return typeof schema.title === 'string' && schema.title.trim() !== '' ? schema.title : undefined;
}

/** `target[key] = value`, also for a key like `__proto__`, which plain assignment would swallow. */
function setOwn(target: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Deep copy of plain data (examples, enum values, defaults), dropping the parser's own keys. */
export function plain(value: unknown): JsonValue {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'string'
  )
    return value;
  if (Array.isArray(value)) return value.map(plain);
  if (isObject(value)) {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value))
      if (!k.startsWith('x-parser-')) setOwn(out, k, plain(v));
    return out;
  }
  return null;
}
