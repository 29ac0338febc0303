/**
 * How Modelina's TypeScript generator is set up for wire types: interfaces and type
 * aliases (no classes, no runtime code), literal unions for enums and consts, `Record`
 * for maps, `unknown` rather than `any`, `| null` wherever the schema allows null, JSON
 * keys exactly as written (quoted where they are not bare identifiers), JSDoc from
 * `description`, and every declaration exported.
 */
import type * as Modelina from '@asyncapi/modelina';
import { docComment, literalType, propertyKey } from './literals';
import { NEVER, ROOT, decodeKey } from './annotations';

type ModelinaModule = typeof Modelina;
type Options = Modelina.TypeScriptOptions;
type ConstrainedMetaModel = Modelina.ConstrainedMetaModel;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function schemaOf(model: ConstrainedMetaModel): Record<string, unknown> {
  const input: unknown = model.originalInput;
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

/** The value of `const` (or of a single-value enum), when the model has one. */
function constOf(model: ConstrainedMetaModel): { value: unknown } | undefined {
  const schema = schemaOf(model);
  if (Object.prototype.hasOwnProperty.call(schema, 'const')) return { value: schema.const };
  if (model.options.const !== undefined) return { value: model.options.const.originalInput };
  return undefined;
}

function withNull(model: ConstrainedMetaModel, type: string): string {
  return model.options.isNullable && !unionMembers(type).includes('unknown')
    ? union([type, 'null'])
    : type;
}

function primitive(base: string) {
  return ({ constrainedModel }: { constrainedModel: ConstrainedMetaModel }): string => {
    const constant = constOf(constrainedModel);
    return withNull(constrainedModel, constant ? literalType(constant.value) : base);
  };
}

/**
 * `A | B | A` → `A | B`. `A | unknown` stays as it is: it says what the document says,
 * and it keeps the import of `A` in use.
 */
function union(types: string[]): string {
  const unique = [...new Set(types.flatMap(unionMembers))];
  return unique.length === 0 ? 'unknown' : unique.join(' | ');
}

/** The top-level members of a union type; `|` inside literals, generics and brackets is left alone. */
export function unionMembers(type: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if ('<{(['.includes(c)) depth++;
    else if ('>})]'.includes(c)) depth--;
    else if (c === '|' && depth === 0) {
      members.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(type.slice(start).trim());
  return members.filter((m) => m !== '');
}

function parenthesised(type: string): string {
  return unionMembers(type).length > 1 ? `(${type})` : type;
}

function typeMapping(): Options['typeMapping'] {
  return {
    Object: ({ constrainedModel }) => {
      const constant = constOf(constrainedModel);
      return constant
        ? withNull(constrainedModel, literalType(constant.value))
        : constrainedModel.name;
    },
    Reference: ({ constrainedModel }) => withNull(constrainedModel, constrainedModel.name),
    Enum: ({ constrainedModel }) => withNull(constrainedModel, constrainedModel.name),
    Any: ({ constrainedModel }) => {
      const schema = schemaOf(constrainedModel);
      if (schema[NEVER] === true) return 'never';
      const constant = constOf(constrainedModel);
      if (constant) return literalType(constant.value);
      if (
        schema.type === 'null' ||
        (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === 'null')
      )
        return 'null';
      return 'unknown';
    },
    Float: primitive('number'),
    Integer: primitive('number'),
    String: primitive('string'),
    Boolean: primitive('boolean'),
    Tuple: ({ constrainedModel }) => {
      const items = constrainedModel.tuple.map((item) => item.value.type);
      const closed = schemaOf(constrainedModel).additionalItems === false;
      return withNull(
        constrainedModel,
        `[${[...items, ...(closed ? [] : ['...unknown[]'])].join(', ')}]`,
      );
    },
    Array: ({ constrainedModel }) =>
      withNull(constrainedModel, `${parenthesised(constrainedModel.valueModel.type)}[]`),
    Union: ({ constrainedModel }) =>
      withNull(constrainedModel, union(constrainedModel.union.map((option) => option.type))),
    Dictionary: ({ constrainedModel }) =>
      withNull(constrainedModel, `Record<string, ${constrainedModel.value.type}>`),
  };
}

function constraints(): Partial<Options['constraints']> {
  return {
    // Names are decided (and made unique) before Modelina sees them.
    modelName: ({ modelName }) =>
      IDENTIFIER.test(modelName) ? modelName : `_${modelName.replace(/[^A-Za-z0-9_$]/g, '_')}`,
    // Properties are rendered with their JSON key (see the preset); the raw key is unique.
    propertyKey: ({ objectPropertyModel }) => objectPropertyModel.propertyName,
    // Enums render as literal unions, so keys are never printed.
    enumKey: ({ enumKey }) => String(enumKey),
    enumValue: ({ enumValue }) => literalType(enumValue),
    constant: ({ constrainedMetaModel }) => {
      const constant = constOf(constrainedMetaModel);
      return constant ? literalType(constant.value) : undefined;
    },
  };
}

function docFor(model: ConstrainedMetaModel): string {
  const schema = schemaOf(model);
  return docComment(
    typeof schema.description === 'string' ? schema.description : undefined,
    schema.deprecated === true ? ['@deprecated'] : [],
  );
}

function preset(modelina: ModelinaModule): Modelina.TypeScriptPreset<Options> {
  const { ConstrainedDictionaryModel, ConstrainedReferenceModel } = modelina;
  return {
    interface: {
      self: ({ model, content }) => `${docFor(model)}export ${content}`,
      property: ({ model, property }) => {
        const value = property.property;
        if (value instanceof ConstrainedDictionaryModel && value.serializationType === 'unwrap') {
          // The map part of an object with properties. An index signature must admit every
          // named property's type too, so those join the value type.
          const named = Object.values(model.properties)
            .filter((p) => p !== property)
            .map((p) => p.property.type);
          const valueType = value.value.type;
          return `[key: string]: ${valueType === 'unknown' ? valueType : union([valueType, ...named])};`;
        }
        const key = decodeKey(property.unconstrainedPropertyName);
        // A registry model's description says what the type is, not what this property is:
        // it is on the model's declaration, not repeated at every use.
        const doc =
          value instanceof ConstrainedReferenceModel && schemaOf(value)[ROOT] === true
            ? ''
            : docFor(value);
        return `${doc}${propertyKey(key)}${property.required ? '' : '?'}: ${value.type};`;
      },
    },
    type: {
      self: ({ model, content }) => `${docFor(model)}export ${content}`,
    },
    enum: {
      self: ({ model }) => {
        const values =
          model.values.length === 0 ? 'never' : union(model.values.map((v) => String(v.value)));
        return `${docFor(model)}export type ${model.name} = ${values};`;
      },
    },
  };
}

export function createGenerator(modelina: ModelinaModule): Modelina.TypeScriptGenerator {
  return new modelina.TypeScriptGenerator({
    modelType: 'interface',
    enumType: 'union',
    mapType: 'record',
    rawPropertyNames: true,
    typeMapping: typeMapping(),
    constraints: constraints(),
    presets: [preset(modelina)],
  });
}

export const PROCESSOR_OPTIONS = {
  jsonSchema: {
    // `enum: [x]` is a const: rendered inline as the literal, not as a model of its own.
    interpretSingleEnumAsConst: true,
    // `items: [A, B]` stays a tuple; the Tuple mapping adds `...unknown[]` when it is open.
    ignoreAdditionalItems: true,
  },
};
