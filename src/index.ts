/** hookwright as a library: the same pipeline the CLI runs, without a subprocess. */
export {
  generate,
  type GenerateOptions,
  type GenerateResult,
  type Stage,
} from './pipeline/generate';
export { load, type LoadedDocument } from './load';
export { plan } from './plan';
export { HookwrightError, type Problem, type Where } from './pipeline/errors';
export type * from './plan/ir';
export type { GeneratedFile } from './pipeline/files';
export { VERSION } from './pipeline/version';
