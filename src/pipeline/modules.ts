/**
 * Providing a dependency's module before it is loaded: hookwright does this to load less of
 * Modelina (`models/modelina.ts`) and to skip a check of Spectral's (`load/spectral.ts`).
 */
import Module from 'node:module';

/**
 * Registers `exports` as the module at `file` (an absolute path), so that the dependency's
 * own `require` of that file gets them; unless that module is loaded already.
 */
export function provideModule(file: string, exports: object): void {
  if (require.cache[file]) return;
  const provided = new Module(file);
  provided.filename = file;
  provided.loaded = true;
  provided.exports = exports;
  require.cache[file] = provided;
}
