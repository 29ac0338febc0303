/**
 * Finds `$ref`s that only point at each other (`a: {$ref: '#/b'}`, `b: {$ref: '#/a'}`), inside
 * one document or across files (`a.yaml` is `$ref: ./b.yaml`, `b.yaml` is `$ref: ./a.yaml`): the
 * parser's resolver loops on them forever, so they are refused first.
 *
 * Only files inside the `$ref` root are read (one outside it is refused later, by the resolver,
 * with its real path), each within the document limits; remote `$ref`s are not followed.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';
import { checkDocument, documentLimits, type DocumentLimits } from './limits';

type Json = unknown;

/** A place a `$ref` can name: a file and a JSON pointer inside it (`''` for the whole file). */
interface Place {
  file: string;
  pointer: string;
}

/** At most this many files are read looking for cycles (each is read again by the parser). */
const MAX_FILES = 1000;

/**
 * Throws when a chain of pure `$ref`s starting anywhere in `text` (the document at `file`), or
 * in a file it references inside `root`, comes back to where it started.
 */
export function checkRefCycles(
  text: string,
  file: string,
  root: string = path.dirname(file),
  limits: DocumentLimits = documentLimits(),
): void {
  /** Pure `$ref`s of every file read, by `file#pointer`. */
  const pure = new Map<string, Place>();
  const read = new Set<string>([file]);
  const queue: Array<[string, string]> = [[file, text]];
  while (queue.length > 0) {
    const [current, content] = queue.shift() as [string, string];
    let data: Json;
    try {
      data = parse(content);
    } catch {
      continue; // the parser reports syntax errors
    }
    for (const { pointer, ref, only } of refsIn(data)) {
      const target = resolveRef(ref, current);
      if (!target) continue;
      if (only) pure.set(key({ file: current, pointer }), target);
      if (target.file === current || read.has(target.file) || read.size >= MAX_FILES) continue;
      read.add(target.file);
      const next = readInside(target.file, root, limits);
      if (next !== undefined) queue.push([target.file, next]);
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

function parse(text: string): Json {
  const { parse: parseYaml } = require('@stoplight/yaml') as typeof import('@stoplight/yaml');
  return parseYaml(text);
}

/** The text of a referenced file inside `root`, or undefined (missing, outside, over the limits). */
function readInside(file: string, root: string, limits: DocumentLimits): string | undefined {
  try {
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return undefined;
    const text = readFileSync(real, 'utf8');
    checkDocument(text, file, limits);
    return text;
  } catch {
    return undefined; // the resolver reports it, with the right words
  }
}

/** Where `ref`, written in `from`, points; undefined for a remote or malformed one. */
function resolveRef(ref: string, from: string): Place | undefined {
  const hash = ref.indexOf('#');
  const filePart = hash >= 0 ? ref.slice(0, hash) : ref;
  const fragment = hash >= 0 ? ref.slice(hash + 1) : '';
  if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) return undefined; // http:, https:, file:, urn:...
  if (fragment !== '' && !fragment.startsWith('/')) return undefined; // an anchor, not a pointer
  try {
    const file =
      filePart === '' ? from : path.resolve(path.dirname(from), decodeURIComponent(filePart));
    return { file, pointer: decodeURIComponent(fragment) };
  } catch {
    return undefined;
  }
}

/** Every `$ref` of a parsed document, with its object's pointer and whether it is alone there. */
function refsIn(data: Json): Array<{ pointer: string; ref: string; only: boolean }> {
  const out: Array<{ pointer: string; ref: string; only: boolean }> = [];
  const seen = new Set<object>();
  const walk = (node: Json, pointer: string) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node); // YAML aliases share objects: each is walked once
    const ref = (node as Record<string, unknown>).$ref;
    const keys = Object.keys(node);
    if (typeof ref === 'string') {
      out.push({ pointer, ref, only: keys.length === 1 });
      if (keys.length === 1) return;
    }
    for (const k of keys) {
      const escaped = k.replace(/~/g, '~0').replace(/\//g, '~1');
      walk((node as Record<string, unknown>)[k], `${pointer}/${escaped}`);
    }
  };
  walk(data, '');
  return out;
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
