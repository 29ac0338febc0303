/** hookwright as a library: the same pipeline the CLI runs, without a subprocess. */
export { generate, type GenerateOptions, type GenerateResult, type Stage } from './generate';
export { load, type LoadedDocument } from './load';
export { plan } from './plan';
export { HookwrightError, type Problem, type Where } from './errors';
export type * from './ir';
export type { GeneratedFile } from './files';
export { VERSION } from './version';
