/**
 * Stage 3, models: IR → TypeScript wire types, one file per named model, via Modelina.
 * Only this module knows Modelina; it is loaded on first use, as it is slow to load.
 *
 * One Modelina run per call: every model-to-be goes into one JSON Schema document
 * (`input.ts`), Modelina interprets it, the meta models are named and split here
 * (`split.ts`), and Modelina renders them with hookwright's options (`typescript.ts`).
 */
import type * as Modelina from '@asyncapi/modelina';
import { modelina, type ModelinaModule } from './modelina';
import type { MessageIR, ReceiverIR } from '../plan/ir';
import { NameScope, pascalCase, toIdentifier } from '../plan/naming';
import { encodeKey } from './annotations';
import { refKey } from '../schema';
import { buildInput, type InputEntry } from './input';
import { splitModels, type RootModel } from './split';
import { PROCESSOR_OPTIONS, createGenerator } from './typescript';

export interface ModelFile {
  /** The exported TypeScript type name. */
  name: string;
  /** For example `MessageInboundPayload.ts`. */
  fileName: string;
  /** TypeScript source, without the generated-file header and not yet formatted. */
  content: string;
}

export interface ModelsResult {
  /** One file per model, sorted by file name. */
  files: ModelFile[];
  /** Content of `index.ts`: a type re-export of every model, sorted. */
  index: string;
  /** Message key → the TypeScript type of its payload (`unknown` when it has none). */
  payloadTypes: Record<string, string>;
  /** Things the user should know, for example name collisions. */
  warnings: string[];
}

/** Code-unit order: the same on every machine, whatever the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function generateModels(ir: ReceiverIR): Promise<ModelsResult> {
  const warnings: string[] = [];
  // `index` is taken by index.ts (case-insensitively, as file names are on macOS and Windows).
  const scope = new NameScope(['index']);

  // Registry schemas keep their key as their name; sorted, so that the input's order does not matter.
  const refNames = new Map<string, string>();
  const entries: InputEntry[] = [];
  for (const key of Object.keys(ir.schemas).sort(compareText)) {
    // plan's keys are identifiers already; a hand-made IR's might not be.
    const claimed = scope.claim(toIdentifier(key, '') === key ? key : pascalCase(key, 'Schema'));
    if (claimed.name !== key)
      warnings.push(
        `schema "${key}" cannot be a model of that name; it is called "${claimed.name}"`,
      );
    refNames.set(key, claimed.name);
    entries.push({
      name: claimed.name,
      schema: ir.schemas[key].schema,
      location: ['schemas', key],
    });
  }

  const payloadTypes: Record<string, string> = {};
  for (const message of ir.messages) {
    payloadTypes[message.key] = payloadType(message, refNames, scope, entries, warnings);
  }

  if (entries.length === 0) return { files: [], index: 'export {};\n', payloadTypes, warnings };

  const files = await renderModels(entries, refNames, scope, warnings);
  const index = files.map((f) => `export type { ${f.name} } from './${f.name}';\n`).join('');
  return { files, index, payloadTypes, warnings };
}

function payloadType(
  message: MessageIR,
  refNames: ReadonlyMap<string, string>,
  scope: NameScope,
  entries: InputEntry[],
  warnings: string[],
): string {
  const payload = message.payload;
  if (payload === undefined) return 'unknown';
  const ref = payload.$ref;
  if (typeof ref === 'string' && Object.keys(payload).length === 1) {
    const key = refKey(ref);
    const name = key === undefined ? undefined : refNames.get(key);
    if (name !== undefined) return name;
    warnings.push(
      `the payload of message ${message.key} refers to "${ref}", which is not in the schema registry; its type is unknown`,
    );
    return 'unknown';
  }
  // An inline payload (a primitive, or an IR built by hand) gets a model of its own.
  const claimed = scope.claim(message.payloadName);
  if (claimed.collided) {
    warnings.push(
      `two models are both named "${message.payloadName}"; the payload of message ${message.key} is called "${claimed.name}"`,
    );
  }
  entries.push({
    name: claimed.name,
    schema: payload,
    location: ['messages', message.key, 'payload'],
  });
  return claimed.name;
}

async function renderModels(
  entries: InputEntry[],
  refNames: ReadonlyMap<string, string>,
  scope: NameScope,
  warnings: string[],
): Promise<ModelFile[]> {
  const m = modelina();
  const input = buildInput(entries, refNames);
  warnings.push(...input.warnings);

  const processed = await new m.JsonSchemaInputProcessor().process(
    input.document,
    PROCESSOR_OPTIONS,
  );
  const root = Object.values(processed.models)[0];
  const roots: RootModel[] = entries.map((entry) => {
    const model =
      root instanceof m.ObjectModel ? root.properties[encodeKey(entry.name)]?.property : undefined;
    return { name: entry.name, model: model ?? new m.AnyModel(entry.name, {}, {}) };
  });

  const split = splitModels(m, roots, scope);
  warnings.push(...split.warnings);
  const metaModels = new m.InputMetaModel();
  metaModels.originalInput = input.document;
  for (const model of split.models) metaModels.models[model.name] = model;

  const outputs = await createGenerator(m).generate(metaModels);
  const files = outputs.map((output): ModelFile => {
    const name = output.modelName;
    const imports = dependencies(m, output.model)
      .filter((dependency) => dependency !== name)
      .map((dependency) => `import type { ${dependency} } from './${dependency}';\n`)
      .join('');
    return {
      name,
      fileName: `${name}.ts`,
      content: `${imports}${imports ? '\n' : ''}${output.result}\n`,
    };
  });
  return files.sort((a, b) => compareText(a.fileName, b.fileName));
}

/** Names of the models that `model`'s declaration refers to, sorted. */
function dependencies(m: ModelinaModule, model: Modelina.ConstrainedMetaModel): string[] {
  const nearest =
    model instanceof m.ConstrainedReferenceModel ? [model] : model.getNearestDependencies();
  return [...new Set(nearest.map((d) => d.name))].sort(compareText);
}
