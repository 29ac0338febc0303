import path from 'node:path';
import type { RecipeDescriptor } from '../../src/plan/recipes';
import type { HeaderEdit } from '../../src/plan/recipes/descriptor';
import type {
  Check,
  Verifier,
  VerifyResult,
} from '../../templates/receiver/src/generated/runtime/signature';

export const RUNTIME = path.resolve(__dirname, '../../templates/receiver/src/generated/runtime');

/** The runtime factory of a descriptor, loaded from its module. */
export function factoryOf(
  recipe: RecipeDescriptor,
): (settings: Record<string, unknown>) => Verifier {
  // The descriptor names its runtime module: loaded by path (and compiled by ts-jest) on use.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known at run time
  const module = require(path.join(RUNTIME, 'recipes', recipe.runtime.module)) as Record<
    string,
    (settings: Record<string, unknown>) => Verifier
  >;
  const factory = module[recipe.runtime.factory];
  if (typeof factory !== 'function')
    throw new Error(`${recipe.name}: no factory ${recipe.runtime.factory}`);
  return factory;
}

export const NOW = 1_700_000_000;
export const PUBLIC_URL = 'https://hooks.example.com';

/** A verifier with the recipe's default settings (and its options' defaults), prepared with a test key. */
export function prepared(
  recipe: RecipeDescriptor,
  options: {
    seed?: string;
    keys?: string[];
    toleranceSeconds?: number;
    settings?: Record<string, unknown>;
  } = {},
): { verifier: Verifier; check: Check; signWith: string } {
  const defaults = Object.fromEntries(
    Object.entries(recipe.options ?? {}).flatMap(([k, f]) =>
      f.default === undefined ? [] : [[k, f.default]],
    ),
  );
  const settings = {
    header: recipe.defaultHeader,
    ...(recipe.settings?.(defaults) ?? {}),
    ...(options.settings ?? {}),
  };
  const verifier = factoryOf(recipe)(settings);
  const key = verifier.testKey(options.seed ?? 'unit-secret');
  const check = verifier.prepare(options.keys ?? [key.verifyWith], {
    toleranceSeconds: options.toleranceSeconds,
    publicUrl: PUBLIC_URL,
  });
  return { verifier, check, signWith: key.signWith };
}

/** Signs `body` to `path` and checks it, with `change` applied to the headers in between. */
export function roundTrip(
  recipe: RecipeDescriptor,
  body: string,
  options: {
    timestamp?: number;
    now?: number;
    edits?: readonly HeaderEdit[];
    seed?: string;
    signSeed?: string;
    sendBody?: string;
    settings?: Record<string, unknown>;
    toleranceSeconds?: number;
    id?: string;
  } = {},
): VerifyResult {
  const { verifier, check } = prepared(recipe, {
    seed: options.seed,
    settings: options.settings,
    toleranceSeconds: options.toleranceSeconds,
  });
  const signWith = verifier.testKey(options.signSeed ?? options.seed ?? 'unit-secret').signWith;
  const url = verifier.requestPath?.('/hooks', body) ?? '/hooks';
  const signed = verifier.sign(body, signWith, {
    timestamp: options.timestamp ?? NOW,
    url,
    publicUrl: PUBLIC_URL,
    id: options.id,
    nonce: options.id,
  });
  const setting = options.settings?.header;
  const header = typeof setting === 'string' ? setting : recipe.defaultHeader;
  const headers = edit(
    { 'content-type': 'application/json', ...signed },
    options.edits ?? [],
    header,
  );
  return check({
    headers,
    rawBody: Buffer.from(options.sendBody ?? body),
    url,
    nowSeconds: options.now ?? NOW,
  });
}

export function edit(
  headers: Readonly<Record<string, string>>,
  edits: readonly HeaderEdit[],
  signatureHeader: string,
): Record<string, string> {
  const out = { ...headers };
  for (const change of edits) {
    const name = change.header === '{signature}' ? signatureHeader : change.header;
    if (change.remove) delete out[name];
    if (change.set !== undefined) out[name] = change.set;
    if (change.replace !== undefined) {
      out[name] = (out[name] ?? '').replace(new RegExp(change.replace[0]), change.replace[1]);
    }
  }
  return out;
}
