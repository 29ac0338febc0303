import path from 'node:path';

/** `file` as messages show it: relative to the working folder when inside it. */
export function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
