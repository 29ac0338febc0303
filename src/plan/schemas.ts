/**
 * Turns the parser's dereferenced schemas into plain JSON Schema for the IR.
 *
 * The parser hands out schemas as one object graph: a schema used in two places is
 * the same object (with the same `x-parser-schema-id`), and cycles are real cycles.
 * The IR must be plain data, so schemas that deserve a model of their own (component
 * schemas, anything on a cycle) are lifted into a
 * registry and referenced as `{ $ref: '#/$defs/<key>' }`; everything else stays inline.
 */
import { HookwrightError } from '../pipeline/errors';
import type { JsonSchema, JsonValue, NamedSchemaIR } from './ir';
import { NameScope, pascalCase } from './naming';
import {
  COMBINATORS,
  isObject,
  mapSchema,
  refTo,
  setOwn,
  subschemas,
  type SchemaObject,
  type Subschema,
} from '../schema';

/** Where the parser keeps a schema's identity: its component key, or `<anonymous-schema-N>`. */
const PARSER_SCHEMA_ID = 'x-parser-schema-id';

type RawSchema = SchemaObject;

function isAnonymousId(id: unknown): boolean {
  return typeof id !== 'string' || id.startsWith('<anonymous-schema');
}

/** Worth a model of its own: an object, an enum or a composition; not a plain string. */
function deservesModel(schema: RawSchema): boolean {
  return (
    schema.type === 'object' ||
    isObject(schema.properties) ||
    Array.isArray(schema.enum) ||
    COMBINATORS.some((keyword) => Array.isArray(schema[keyword]))
  );
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
      for (const sub of subschemas(node)) visit(sub.schema);
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
    return { $ref: refTo(key) };
  }

  private convert(schema: RawSchema, pathName: string, isLifted: boolean): JsonSchema {
    if (!isLifted && this.shouldLift(schema)) return this.ref(schema, pathName);
    return mapSchema<JsonValue>(
      schema,
      (sub, at) => (isObject(sub) ? this.convert(sub, childName(pathName, at), false) : plain(sub)),
      (value, keyword) => {
        if (keyword.startsWith('x-parser-')) return undefined;
        if (keyword === 'type' && !isJsonType(value)) return this.repairType(value, pathName);
        return plain(value);
      },
    );
  }

  /** Only a lenient load gets here: the parser rejects such a type otherwise. */
  private repairType(value: unknown, pathName: string): JsonValue | undefined {
    const repaired = repairType(value);
    this.warnings.push(
      repaired === undefined
        ? `schema ${pathName}: type ${JSON.stringify(value)} is not a JSON Schema type; it is left out (any value)`
        : `schema ${pathName}: type ${JSON.stringify(value)} is read as ${JSON.stringify(repaired)}`,
    );
    return repaired;
  }

  /**
   * Lifted: what is on a cycle, and a component schema that deserves a model. An anonymous
   * schema that two places reach is NOT shared, and stays inline at each: whether the parser
   * hands out one object or two copies for a schema that two `$ref`s into another file reach
   * varies from run to run (its resolver's timing), so sharing by identity would make the
   * models differ between two runs on the same document.
   */
  private shouldLift(schema: RawSchema): boolean {
    if (this.onCycle.has(schema)) return true;
    const anonymous = isAnonymousId(schema[PARSER_SCHEMA_ID]);
    if (!anonymous && this.lifted.has(schema)) return true;
    return !anonymous && deservesModel(schema);
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
  const id = schema[PARSER_SCHEMA_ID];
  if (!isAnonymousId(id)) return id as string;
  return typeof schema.title === 'string' && schema.title.trim() !== '' ? schema.title : undefined;
}

/** The path name of a subschema, for naming it: `Parent name`, `Parent item`, `Parent option 2`, ... */
function childName(parent: string, at: Subschema): string {
  if (typeof at.key === 'string') return `${parent} ${at.key}`;
  if (typeof at.key === 'number')
    return `${parent} ${at.keyword === 'items' ? 'item' : 'option'} ${at.key + 1}`;
  const suffix =
    at.keyword === 'items' ? 'item' : at.keyword === 'additionalProperties' ? 'value' : at.keyword;
  return `${parent} ${suffix}`;
}

/**
 * Deep copy of plain data (examples, enum values, defaults), dropping the parser's own keys.
 * The parser resolves `$ref`s inside such values too, so a value can contain itself (an example
 * that is `$ref: '#'`): that has no JSON form, and is the document's error.
 */
export function plain(
  value: unknown,
  ancestors: Array<{ node: object; at: string }> = [],
  at = '',
): JsonValue {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'string'
  )
    return value;
  const again = ancestors.find((a) => a.node === value);
  if (again)
    throw new HookwrightError('a value in the document contains itself through a $ref', {
      problems: [
        {
          message: `at ${at}, the value holds ${again.at === '' ? 'the whole value' : again.at} again: it has no JSON form`,
        },
      ],
      hint: 'An example, default, enum value, binding or extension must be plain data: point its $ref at something that does not include it, or write the value out.',
    });
  if (Array.isArray(value)) {
    const inner = [...ancestors, { node: value, at }];
    return value.map((item, i) => plain(item, inner, `${at}/${i}`));
  }
  if (isObject(value)) {
    const inner = [...ancestors, { node: value, at }];
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value))
      if (!k.startsWith('x-parser-')) setOwn(out, k, plain(v, inner, `${at}/${k}`));
    return out;
  }
  return null;
}
