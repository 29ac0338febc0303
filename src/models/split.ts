/**
 * Decides which meta models become files and what they are called.
 *
 * Modelina's TypeScript generator splits objects and enums into models of their own and
 * names them from the schema; here that split is done before Modelina's, so that:
 * - every registry schema is a model of its own (also a union, an array or a string),
 *   and references to it use its name instead of inlining its type;
 * - every other object or enum gets the readable name its schema was annotated with
 *   (see `input.ts`), made unique through one `NameScope`, in a deterministic order.
 * Nested models are replaced by references, so Modelina finds nothing left to split.
 */
import type * as Modelina from '@asyncapi/modelina';
import type { NameScope } from '../plan/naming';
import { INFERRED_NAME, LOCATION, SCHEMA_ID, decodeKey, namePart } from './annotations';

type ModelinaModule = typeof Modelina;
type MetaModel = Modelina.MetaModel;

export interface RootModel {
  name: string;
  model: MetaModel;
}

export interface SplitResult {
  /** Every model to render, roots first (in the given order), then nested ones as found. */
  models: MetaModel[];
  warnings: string[];
}

/**
 * Longest model name kept as it is. Nested names grow with depth (`PayloadChildChild...`); one
 * file per model, and file systems refuse names over 255 bytes (`ENAMETOOLONG`), so a longer
 * name keeps its start and its end, and `NameScope` numbers the ones that then meet.
 */
export const MAX_MODEL_NAME = 100;
const KEEP_START = 60;

/**
 * `wanted` cut to at most `MAX_MODEL_NAME` characters: its first words (up to 60 characters)
 * and its last ones (up to 40), cut inside a word only when one word alone is longer.
 */
export function shortenedName(wanted: string): string {
  if (wanted.length <= MAX_MODEL_NAME) return wanted;
  const keepEnd = MAX_MODEL_NAME - KEEP_START;
  const words = wanted.split(/(?=[A-Z])/);
  let head = '';
  let first = 0;
  while (first < words.length && head.length + words[first].length <= KEEP_START)
    head += words[first++];
  let tail = '';
  let last = words.length - 1;
  while (last >= first && tail.length + words[last].length <= keepEnd) tail = words[last--] + tail;
  if (head === '') head = wanted.slice(0, KEEP_START);
  if (tail === '') tail = wanted.slice(wanted.length - keepEnd);
  return head + tail;
}

/** Modelina's names for the parts of a schema that has several types (`type: [object, string]`). */
const TYPE_PART = /_(enum|object|dictionary|tuple|array|string|float|integer|boolean)$/;

export function splitModels(
  modelina: ModelinaModule,
  givenRoots: RootModel[],
  scope: NameScope,
): SplitResult {
  const {
    ObjectModel,
    EnumModel,
    UnionModel,
    ArrayModel,
    TupleModel,
    DictionaryModel,
    ReferenceModel,
    AnyModel,
  } = modelina;
  const names = new Map<MetaModel, string>();
  const models: MetaModel[] = [];
  const nested: MetaModel[] = [];
  const warnings: string[] = [];
  const walked = new Set<MetaModel>();
  let shortened = 0;

  const reference = (model: MetaModel): MetaModel =>
    new ReferenceModel(names.get(model) as string, model.originalInput, model.options, model);

  // Modelina makes a new model for every use of an enum (or string, ...) schema, and for
  // some uses of a shared object (it copies them). The first model of a schema is kept;
  // the others refer to it.
  const firstOf = new Map<string, MetaModel>();
  const identity = (model: MetaModel): string | undefined => {
    const input: unknown = model.originalInput;
    const id =
      typeof input === 'object' && input !== null
        ? (input as Record<string, unknown>)[SCHEMA_ID]
        : undefined;
    return typeof id === 'number' ? `${id} ${model.name}` : undefined;
  };
  const remember = (model: MetaModel): void => {
    const id = identity(model);
    if (id !== undefined && !firstOf.has(id)) firstOf.set(id, model);
  };
  const twinOf = (model: MetaModel): MetaModel | undefined => {
    const id = identity(model);
    const twin = id === undefined ? undefined : firstOf.get(id);
    return twin !== undefined && twin !== model && names.has(twin) ? twin : undefined;
  };

  const child = (model: MetaModel | undefined, fallback: string): MetaModel | undefined => {
    if (model === undefined || model instanceof ReferenceModel) return model;
    if (names.has(model)) return reference(model);
    const twin = twinOf(model);
    if (twin !== undefined) return reference(twin);
    const splittable = model instanceof ObjectModel || model instanceof EnumModel;
    // A `const` object or enum is written inline as its literal type (see the Any mapping).
    if (splittable && hasConst(model))
      return new AnyModel(model.name, model.originalInput, model.options);
    if (splittable) {
      const full = wantedName(model, fallback);
      const wanted = shortenedName(full);
      if (wanted !== full) shortened += 1;
      const claimed = scope.claim(wanted);
      remember(model);
      if (claimed.collided && wanted === full) {
        warnings.push(
          `two models are both named "${wanted}"; the one for ${locationOf(model) ?? fallback} is called "${claimed.name}"`,
        );
      }
      names.set(model, claimed.name);
      model.name = claimed.name;
      nested.push(model);
      walk(model, claimed.name);
      return reference(model);
    }
    walk(model, fallback);
    return model;
  };

  const walk = (model: MetaModel, base: string): void => {
    if (walked.has(model)) return;
    walked.add(model);
    if (model instanceof ObjectModel) {
      for (const [key, property] of Object.entries(model.properties)) {
        const value = property.property;
        // The map part of an object with properties: its values are named like a map's.
        const isMapPart = value instanceof DictionaryModel && value.serializationType === 'unwrap';
        if (isMapPart) walk(value, base);
        else
          property.property = child(
            value,
            base + namePart(decodeKey(key), 'Property'),
          ) as MetaModel;
      }
    } else if (model instanceof UnionModel) {
      model.union = model.union.map(
        (option, i) => child(option, `${base}Option${i + 1}`) as MetaModel,
      );
    } else if (model instanceof ArrayModel) {
      model.valueModel = child(model.valueModel, `${base}Item`) as MetaModel;
    } else if (model instanceof TupleModel) {
      for (const item of model.tuple)
        item.value = child(item.value, `${base}Item${item.index + 1}`) as MetaModel;
    } else if (model instanceof DictionaryModel) {
      model.key = child(model.key, `${base}Key`) as MetaModel;
      model.value = child(model.value, `${base}Value`) as MetaModel;
    }
  };

  const roots = givenRoots.map((root) => ({ ...root }));
  // Roots are named first, so that a root reached from another one is referenced, not claimed.
  const rootModels: MetaModel[] = [];
  for (const root of roots) {
    if (names.has(root.model)) {
      // Two registry entries that are one schema (`B: { $ref: A }`): B is an alias of A.
      rootModels.push(
        new ReferenceModel(root.name, root.model.originalInput, root.model.options, root.model),
      );
      continue;
    }
    if (
      (root.model instanceof ObjectModel || root.model instanceof EnumModel) &&
      hasConst(root.model)
    ) {
      root.model = new AnyModel(root.name, root.model.originalInput, root.model.options);
    }
    remember(root.model);
    names.set(root.model, root.name);
    root.model.name = root.name;
    rootModels.push(root.model);
  }
  for (const root of roots) walk(root.model, root.name);
  if (shortened > 0) {
    warnings.push(
      `${shortened} nested model name${shortened === 1 ? ' was' : 's were'} longer than ${MAX_MODEL_NAME} characters and ${shortened === 1 ? 'was' : 'were'} shortened to their first and last words (numbered where they meet); give deep schemas a $ref of their own for readable names`,
    );
  }
  models.push(...rootModels, ...nested);
  return { models, warnings };
}

function wantedName(model: MetaModel, fallback: string): string {
  const input: unknown = model.originalInput;
  const annotated =
    typeof input === 'object' &&
    input !== null &&
    typeof (input as Record<string, unknown>)[INFERRED_NAME] === 'string'
      ? ((input as Record<string, unknown>)[INFERRED_NAME] as string)
      : undefined;
  const part = TYPE_PART.exec(model.name)?.[1];
  const base = annotated ?? fallback;
  return part === undefined ? base : base + namePart(part, '');
}

function hasConst(model: MetaModel): boolean {
  const input: unknown = model.originalInput;
  const own =
    typeof input === 'object' &&
    input !== null &&
    Object.prototype.hasOwnProperty.call(input, 'const');
  return own || model.options.const !== undefined;
}

function locationOf(model: MetaModel): string | undefined {
  const input: unknown = model.originalInput;
  if (typeof input !== 'object' || input === null) return undefined;
  const location = (input as Record<string, unknown>)[LOCATION];
  return typeof location === 'string' ? location : undefined;
}
