import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under `root` (relative, forward slashes, sorted), skipping installs and builds. */
export function listTree(root: string, skip = new Set(['node_modules', 'dist'])): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** The whole tree as `{ path: content }`. */
export function readTree(root: string): Record<string, string> {
  return Object.fromEntries(
    listTree(root).map((file) => [file, readFileSync(path.join(root, file), 'utf8')]),
  );
}
