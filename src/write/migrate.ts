/**
 * Scaffolded files are the user's: written once, never rewritten. A few of them still hold
 * something hookwright decides: `package.json` names the hookwright the project is pinned to,
 * and the scripts an older hookwright scaffolded may need what a newer one scaffolds instead.
 * Those exact values (and only them) are migrated in place, so that an existing project moves to
 * a newer hookwright on its next regeneration without a conflict. A value the user changed is
 * theirs and left alone.
 */

/** The values an older hookwright scaffolded into `scripts`, by script name. */
const OLD_SCRIPTS: Record<string, RegExp> = {
  // Up to 0.1: the test files listed one by one, so tests the user added never ran.
  test: /^npm run typecheck && node --import tsx --test( test\/[\w./-]+\.test\.ts)+$/,
  // Up to 0.1: whatever version the registry had at that moment (hookwright was not pinned).
  regenerate: /^npx hookwright generate$/,
  'check-generated': /^npx hookwright generate --check$/,
};

/**
 * Packages the generated runtime imports (and so a project needs, whatever else it chose):
 * added to `dependencies` when missing, at the range this hookwright scaffolds. A version the
 * user set is theirs.
 */
const RUNTIME_DEPENDENCIES = ['secure-json-parse'] as const;

/**
 * `overrides` that keep the dependency tree within the project's `engines` (Node 20): added
 * when the user has no override of that package.
 */
const ENGINE_OVERRIDES = ['cookie'] as const;

/** What changed in a scaffolded file, or undefined when nothing needs to. */
export interface Migration {
  content: string;
  /** One line per change, for the report. */
  changes: string[];
}

/**
 * `onDisk` brought up to what `scaffold` (the file this hookwright would create) decides;
 * undefined when there is nothing to migrate or the file is not one hookwright migrates.
 */
export function migrateScaffolded(
  file: string,
  onDisk: string,
  scaffold: string,
): Migration | undefined {
  if (file === 'package.json') return migratePackageJson(onDisk, scaffold);
  return undefined;
}

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

function parse(text: string): PackageJson | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as PackageJson)
      : undefined;
  } catch {
    return undefined; // not ours to fix: npm will say what is wrong with it
  }
}

/** An exact version (`0.1.0`, `1.2.3-beta.1`), as hookwright pins itself; not a range or a path. */
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

function migratePackageJson(onDisk: string, scaffold: string): Migration | undefined {
  const mine = parse(onDisk);
  const wanted = parse(scaffold);
  if (!mine || !wanted) return undefined;
  const changes: string[] = [];

  const scripts = mine.scripts;
  for (const [name, old] of Object.entries(OLD_SCRIPTS)) {
    const next = wanted.scripts?.[name];
    const current = scripts?.[name];
    if (
      scripts &&
      current !== undefined &&
      next !== undefined &&
      current !== next &&
      old.test(current)
    ) {
      scripts[name] = next;
      changes.push(`scripts.${name}: "${next}"`);
    }
  }

  // The pin: added when missing, moved when it names another exact version. A range, a tag or a
  // path (`file:../hookwright.tgz`) is a choice the user made, and stays.
  const pin = wanted.devDependencies?.hookwright;
  if (pin !== undefined && mine.dependencies?.hookwright === undefined) {
    const current = mine.devDependencies?.hookwright;
    if (current === undefined || (current !== pin && EXACT_VERSION.test(current))) {
      mine.devDependencies = sortedKeys({ ...mine.devDependencies, hookwright: pin });
      changes.push(
        current === undefined
          ? `devDependencies.hookwright: "${pin}" (regeneration uses this copy)`
          : `devDependencies.hookwright: "${current}" → "${pin}"`,
      );
    }
  }

  for (const name of RUNTIME_DEPENDENCIES) {
    const range = wanted.dependencies?.[name];
    if (range === undefined) continue;
    if (mine.dependencies?.[name] !== undefined || mine.devDependencies?.[name] !== undefined)
      continue;
    mine.dependencies = sortedKeys({ ...mine.dependencies, [name]: range });
    changes.push(`dependencies.${name}: "${range}" (the generated runtime imports it)`);
  }

  for (const name of ENGINE_OVERRIDES) {
    const version = wanted.overrides?.[name];
    if (typeof version !== 'string' || mine.overrides?.[name] !== undefined) continue;
    mine.overrides = { ...mine.overrides, [name]: version };
    changes.push(`overrides.${name}: "${version}" (keeps the dependencies within engines.node)`);
  }

  if (changes.length === 0) return undefined;
  const indent = /^\{\r?\n([ \t]+)"/.exec(onDisk)?.[1] ?? '  ';
  const eol = onDisk.includes('\r\n') ? '\r\n' : '\n';
  const text = JSON.stringify(mine, null, indent).replace(/\n/g, eol);
  return { content: `${text}${eol}`, changes };
}

/** npm keeps dependency maps sorted; so does hookwright when it adds to one. */
function sortedKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
