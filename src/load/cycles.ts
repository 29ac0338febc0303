/**
 * Finds `$ref`s inside one document that only point at each other (`a: {$ref: '#/b'}`,
 * `b: {$ref: '#/a'}`): the parser's resolver loops on them forever, so they are refused first.
 */
import { HookwrightError } from '../pipeline/errors';

type Json = unknown;

/** Throws when a chain of pure local `$ref`s in `text` comes back to where it started. */
export function checkRefCycles(text: string, file: string): void {
  const { parse } = require('@stoplight/yaml') as typeof import('@stoplight/yaml');
  let data: Json;
  try {
    data = parse(text);
  } catch {
    return; // the parser reports syntax errors
  }
  const pureRefs = new Map<string, string>();
  collect(data, '', pureRefs);
  for (const start of pureRefs.keys()) {
    const chain = [start];
    let at = start;
    for (;;) {
      const next = pureRefs.get(at);
      if (next === undefined) break;
      const loop = chain.indexOf(next);
      if (loop >= 0) {
        const cycle = [...chain.slice(loop), next].map((p) => `#${p}`).join(' → ');
        throw new HookwrightError(`${file} has a $ref cycle that points nowhere`, {
          problems: [{ message: `pure $ref cycle: ${cycle}`, where: { file, path: `#${start}` } }],
          hint: 'Each of these $refs only names the next one; point one of them at a real schema.',
        });
      }
      chain.push(next);
      at = next;
    }
  }
}

/** Records every object that is nothing but a local `$ref`, by its JSON pointer. */
function collect(node: Json, pointer: string, out: Map<string, string>): void {
  if (typeof node !== 'object' || node === null) return;
  const keys = Object.keys(node);
  const ref = (node as Record<string, unknown>).$ref;
  if (keys.length === 1 && typeof ref === 'string' && (ref === '#' || ref.startsWith('#/'))) {
    let target: string;
    try {
      target = decodeURIComponent(ref.slice(1));
    } catch {
      return;
    }
    out.set(pointer, target);
    return;
  }
  for (const key of keys) {
    const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
    collect((node as Record<string, unknown>)[key], `${pointer}/${escaped}`, out);
  }
}
