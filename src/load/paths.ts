import path from 'node:path';

/** `file` as messages show it: relative to the working folder when inside it. */
export function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Whether the real path `real` is the folder `root` (a real path too) or inside it. */
export function isInside(real: string, root: string): boolean {
  return real === root || real.startsWith(root + path.sep);
}
