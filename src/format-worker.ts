/** A second thread for `format` on large projects: formats the files it is sent. */
import { parentPort } from 'node:worker_threads';
import { formatHere } from './format';
import type { GeneratedFile } from './files';
import { serialise } from './produce';

parentPort?.once('message', (files: GeneratedFile[]) => {
  formatHere(files).then(
    (formatted) => parentPort?.postMessage({ ok: true, formatted }),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: serialise(error) }),
  );
});
