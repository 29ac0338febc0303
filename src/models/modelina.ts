/**
 * Loads the parts of Modelina that hookwright uses, and only those.
 *
 * `require('@asyncapi/modelina')` loads every input processor it has (AsyncAPI with
 * two more copies of the AsyncAPI parser, OpenAPI, Avro, XSD, and TypeScript with the
 * whole TypeScript compiler): about 2,000 modules and 1.5 s, for a stage that feeds
 * Modelina a JSON Schema and asks for TypeScript. The generators' base class requires the
 * processors index only to process raw inputs, which hookwright never passes (it hands
 * over a ready InputMetaModel). So the index is registered as a module whose exports
 * load on first access: ~300 modules, ~0.25 s. The result is identical (golden tests).
 */
import path from 'node:path';
import type * as Modelina from '@asyncapi/modelina';
import { provideModule } from '../pipeline/modules';

export type ModelinaModule = typeof Modelina;

/** Exports of `lib/cjs/processors/index.js`, one file each. */
const PROCESSORS = [
  'AbstractInputProcessor',
  'InputProcessor',
  'AsyncAPIInputProcessor',
  'JsonSchemaInputProcessor',
  'SwaggerInputProcessor',
  'OpenAPIInputProcessor',
  'TypeScriptInputProcessor',
  'AvroSchemaInputProcessor',
  'XsdInputProcessor',
];

let loaded: ModelinaModule | undefined;

export function modelina(): ModelinaModule {
  if (loaded) return loaded;
  const lib = path.join(
    path.dirname(require.resolve('@asyncapi/modelina/package.json')),
    'lib',
    'cjs',
  );
  const processorsIndex = path.join(lib, 'processors', 'index.js');
  const lazy = {};
  for (const name of PROCESSORS) {
    Object.defineProperty(lazy, name, {
      enumerable: true,
      get: () => (require(path.join(lib, 'processors', name)) as Record<string, unknown>)[name],
    });
  }
  provideModule(processorsIndex, lazy);
  const parts = [
    require(path.join(lib, 'models')),
    require(path.join(lib, 'generators', 'typescript')),
    {
      JsonSchemaInputProcessor: (
        require(path.join(lib, 'processors', 'JsonSchemaInputProcessor')) as typeof Modelina
      ).JsonSchemaInputProcessor,
    },
  ] as object[];
  loaded = Object.assign({}, ...parts) as ModelinaModule;
  return loaded;
}
