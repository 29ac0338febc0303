/**
 * Finds `$ref`s that only point at each other (`a: {$ref: '#/b'}`, `b: {$ref: '#/a'}`), inside
 * one document or across files (`a.yaml` is `$ref: ./b.yaml`, `b.yaml` is `$ref: ./a.yaml`): the
 * parser's resolver loops on them forever, so they are refused first. The files are those
 * `documentFiles` read (inside the `$ref` root; remote `$ref`s are not followed).
 */
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import { refTarget, type DocumentFiles } from './graph';

/** A place a `$ref` can name: a file and a JSON pointer inside it (`''` for the whole file). */
interface Place {
  file: string;
  pointer: string;
}

/**
 * Throws when a chain of pure `$ref`s starting anywhere in the document at `file`, or in a
 * file it references (`files`, read by `documentFiles`), comes back to where it started.
 */
export function checkRefCycles(files: DocumentFiles, file: string): void {
  /** Pure `$ref`s of every file read, by `file#pointer`. */
  const pure = new Map<string, Place>();
  for (const [current, refs] of files) {
    for (const { pointer, ref, only } of refs) {
      const target = only ? place(ref, current) : undefined;
      if (target) pure.set(key({ file: current, pointer }), target);
    }
  }

  for (const start of pure.keys()) {
    const chain = [start];
    let at = start;
    for (;;) {
      const next = pure.get(at);
      if (next === undefined) break;
      const nextKey = key(next);
      const loop = chain.indexOf(nextKey);
      if (loop >= 0) {
        const show = (k: string) => display(k, file);
        const cycle = [...chain.slice(loop), nextKey].map(show).join(' → ');
        const [startFile, startPointer] = split(start);
        throw new HookwrightError(`${path.basename(file)} has a $ref cycle that points nowhere`, {
          problems: [
            {
              message: `pure $ref cycle: ${cycle}`,
              where: { file: startFile, path: `#${startPointer}` },
            },
          ],
          hint: 'Each of these $refs only names the next one; point one of them at a real schema.',
        });
      }
      chain.push(nextKey);
      at = nextKey;
    }
  }
}

/** The place a pure `$ref` written in `from` names; undefined for a remote one or an anchor. */
function place(ref: string, from: string): Place | undefined {
  const target = refTarget(ref, from);
  if (!target || (target.fragment !== '' && !target.fragment.startsWith('/'))) return undefined;
  try {
    return { file: target.file, pointer: decodeURIComponent(target.fragment) };
  } catch {
    return undefined;
  }
}

function key(place: Place): string {
  return `${place.file}#${place.pointer}`;
}

function split(k: string): [string, string] {
  const hash = k.indexOf('#');
  return [k.slice(0, hash), k.slice(hash + 1)];
}

/** `#/a` in the document itself, `b.yaml#/x` in another file (relative to the document). */
function display(k: string, document: string): string {
  const [file, pointer] = split(k);
  const name = file === document ? '' : path.relative(path.dirname(document), file);
  return `${name}#${pointer}`;
}
