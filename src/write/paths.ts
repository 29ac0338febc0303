/**
 * Every path hookwright writes comes through here. Paths are built from names in the
 * document, so they are checked, not trusted: relative, normalised, no `..`, and
 * inside the output folder even through symlinks.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { HookwrightError } from '../pipeline/errors';

/** Throws (a bug) unless `relativePath` is a plain relative path that stays inside its folder. */
export function assertSafeRelativePath(relativePath: string): void {
  const bad =
    relativePath === '' ||
    relativePath.includes('\\') ||
    relativePath.includes('\0') ||
    path.posix.isAbsolute(relativePath) ||
    /^[A-Za-z]:/.test(relativePath) ||
    relativePath
      .split('/')
      .some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) {
    // Paths come from hookwright's own code (names are sanitised before they become paths;
    // a template override replaces a file's content, never its path), so one that is not
    // plain is a bug, not the user's.
    throw new Error(
      `refusing to write "${relativePath}": it is not a plain path inside the output folder (generated paths must be relative and must not contain "..")`,
    );
  }
}

/**
 * Resolves paths under `root`, checking through the real location of each folder that
 * no symlink leads outside `root`. Folders are looked up once each, so a project of
 * thousands of files costs one check per folder.
 */
export function insideResolver(root: string): (relativePath: string) => Promise<string> {
  const folders = new Map<string, Promise<string>>();
  const real = (dir: string) => {
    let found = folders.get(dir);
    if (!found) folders.set(dir, (found = realLocation(dir)));
    return found;
  };
  const resolvedRoot = path.resolve(root);
  return async (relativePath) => {
    assertSafeRelativePath(relativePath);
    const target = path.join(resolvedRoot, ...relativePath.split('/'));
    const realRoot = await real(resolvedRoot);
    const realParent = await real(path.dirname(target));
    if (realParent !== realRoot && !realParent.startsWith(realRoot + path.sep)) {
      throw new HookwrightError(
        `refusing to write ${relativePath}: it would land outside the output folder (${realParent})`,
        {
          hint: 'A symlink inside the output folder points elsewhere; hookwright only writes inside the folder.',
        },
      );
    }
    return target;
  };
}

/** Where `p` really is: the real path of its nearest existing ancestor, plus the rest. */
async function realLocation(p: string): Promise<string> {
  const missing: string[] = [];
  let current = p;
  for (;;) {
    const real = await realpath(current).catch(() => undefined);
    if (real !== undefined) return path.join(real, ...missing);
    const parent = path.dirname(current);
    if (parent === current) return p;
    missing.unshift(path.basename(current));
    current = parent;
  }
}
