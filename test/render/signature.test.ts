/**
 * The signature part of the template context (src/render/signature.ts): what the templates
 * print for each chosen recipe (its runtime module and factory, the factory's settings, the
 * README facts, the generated tests and known-answer vectors) and for the project as a whole
 * (the runtime modules to ship, the environment, whether a window or replay protection
 * applies). The settings and vectors are used, not only compared: a project verifies with
 * them.
 */
import type { ReceiverIR, SignatureIR } from '../../src/plan/ir';
import { RECIPES, type RecipeDescriptor } from '../../src/plan/recipes';
import { signatureSummary } from '../../src/render/signature';
import { factoryOf, NOW, PUBLIC_URL } from '../recipes/support';

const defaults = (recipe: RecipeDescriptor): Record<string, string> =>
  Object.fromEntries(
    Object.entries(recipe.options ?? {}).flatMap(([k, f]) =>
      f.default === undefined ? [] : [[k, f.default]],
    ),
  );

const choice = (recipe: RecipeDescriptor, overrides: Partial<SignatureIR> = {}): SignatureIR => ({
  scheme: `${recipe.name}Auth`,
  recipe: recipe.name,
  header: recipe.defaultHeader,
  options: defaults(recipe),
  source: 'detected',
  variable: 'WEBHOOK_SECRET',
  operations: [`on-${recipe.name}`],
  ...overrides,
});

const summaryOf = (signatures: SignatureIR[] | undefined) =>
  signatureSummary({ signatures } as unknown as ReceiverIR);

describe.each(RECIPES.map((recipe) => [recipe.name, recipe] as const))('%s', (_name, recipe) => {
  const chosen = choice(recipe);
  const [context] = summaryOf([chosen]).signatures;
  const facts = recipe.facts(chosen.options);

  test('names the recipe, its runtime module and factory, and its key as the descriptor does', () => {
    expect(context).toMatchObject({
      scheme: chosen.scheme,
      recipe: recipe.name,
      title: recipe.title,
      summary: recipe.summary,
      module: recipe.runtime.module,
      factory: recipe.runtime.factory,
      variable: 'WEBHOOK_SECRET',
      keyKind: recipe.keyKind,
      keyNoun: recipe.keyKind === 'secret' ? 'secret' : 'public key',
      header: recipe.defaultHeader,
      defaultHeader: recipe.defaultHeader,
      readme: recipe.readme,
      unusableKey: recipe.unusableKey,
      operations: [`on-${recipe.name}`],
    });
    expect(context?.facts).toEqual(facts);
    expect(context?.tamperedBodyReason).toBe(facts.tamperedBodyReason ?? 'bad_signature');
  });

  test("the factory's settings read the chosen header, and a project built with them verifies", () => {
    const header = 'x-document-signature';
    const [custom] = summaryOf([choice(recipe, { header })]).signatures;
    const settings = JSON.parse(custom?.settingsLiteral ?? 'null') as Record<string, unknown>;
    expect(settings).toEqual({ header, ...(recipe.settings?.(chosen.options) ?? {}) });
    const verifier = factoryOf(recipe)(settings);
    const key = verifier.testKey('render-secret');
    const body = '{"id":"evt_1"}';
    const url = verifier.requestPath?.('/hooks', body) ?? '/hooks';
    const headers = verifier.sign(body, key.signWith, {
      timestamp: NOW,
      url,
      publicUrl: PUBLIC_URL,
    });
    expect(Object.keys(headers)).toContain(header);
    const check = verifier.prepare([key.verifyWith], { publicUrl: PUBLIC_URL });
    expect(check({ headers, rawBody: Buffer.from(body), url, nowSeconds: NOW })).toEqual(
      expect.objectContaining({ ok: true }),
    );
    // The other headers the README lists: neither the chosen one nor the default.
    expect(custom?.otherHeaders).toEqual(
      facts.headers.filter((name) => name !== header && name !== recipe.defaultHeader),
    );
  });

  if (facts.headers.length > 1)
    test('the chosen header is never listed among the other headers, whichever it is', () => {
      const header = facts.headers[1];
      const [custom] = summaryOf([choice(recipe, { header })]).signatures;
      expect(custom?.otherHeaders).not.toContain(header);
      expect(custom?.otherHeaders).not.toContain(recipe.defaultHeader);
      expect(custom?.otherHeaders).toEqual(facts.headers.slice(2));
    });

  test('the generated tests and known-answer vectors are the descriptor’s, each vector with its own header names', () => {
    expect(JSON.parse(context?.testsJson ?? 'null')).toEqual(facts.tests);
    const vectors = JSON.parse(context?.vectorsJson ?? 'null') as Array<{
      source: string;
      settings: Record<string, unknown>;
    }>;
    expect(vectors).toHaveLength(recipe.vectors.length);
    expect(context?.vectorSources).toEqual(recipe.vectors.map((vector) => vector.source));
    recipe.vectors.forEach((vector, index) => {
      expect(vectors[index]).toEqual({
        ...vector,
        settings: { header: recipe.defaultHeader, ...(vector.settings ?? {}) },
      });
    });
  });
});

describe('the source of a choice, as the README says it', () => {
  const recipe = RECIPES[0];
  test.each([
    ['option', 'chosen with `--signature`', false],
    ['extension', "declared by the scheme's `x-hookwright-signature` extension", false],
    ['detected', "detected from the scheme's header name", false],
    ['assumed', 'ASSUMED: the header name matches no known recipe', true],
  ] as const)('%s', (source, text, assumed) => {
    const [context] = summaryOf([choice(recipe, { source })]).signatures;
    expect(context).toMatchObject({ source, sourceText: text, assumed });
  });
});

describe('the project as a whole', () => {
  const named = (name: string) => RECIPES.find((r) => r.name === name) as RecipeDescriptor;

  test('no signature: nothing to ship, no environment, no window and no replay store', () => {
    for (const signatures of [undefined, []])
      expect(summaryOf(signatures)).toEqual({
        signatures: [],
        recipeModules: [],
        signatureEnvironment: [],
        windowed: false,
        replay: false,
      });
  });

  test('each runtime module once, sorted by module, with its factory and vectors', () => {
    const stripe = named('stripe');
    const github = named('github');
    const summary = summaryOf([
      choice(stripe, { scheme: 'a' }),
      choice(github, { scheme: 'b', variable: 'GITHUB_SECRET' }),
      choice(stripe, { scheme: 'c', variable: 'OTHER_STRIPE_SECRET' }),
    ]);
    expect(summary.signatures.map((s) => s.scheme)).toEqual(['a', 'b', 'c']);
    const modules = [github, stripe].sort((x, y) => (x.runtime.module < y.runtime.module ? -1 : 1));
    expect(summary.recipeModules).toEqual(
      modules.map((r) => ({
        module: r.runtime.module,
        factory: r.runtime.factory,
        recipe: r.name,
        vectorsJson: summary.signatures.find((s) => s.recipe === r.name)?.vectorsJson,
      })),
    );
    expect(summary.recipeModules.map((m) => m.module)).toEqual(
      [...summary.recipeModules.map((m) => m.module)].sort(),
    );
  });

  test('modules sorted whatever the order of the schemes', () => {
    const order = ['stripe', 'github', 'zoom', 'sinch', 'twilio', 'slack'];
    const summary = summaryOf(
      order.map((name, i) => choice(named(name), { scheme: `s${i}`, variable: `V${i}` })),
    );
    const modules = order.map((name) => named(name).runtime.module).sort();
    expect(summary.recipeModules.map((m) => m.module)).toEqual(modules);
  });

  test('the environment: each variable once, in the order the recipes need them', () => {
    const twilio = named('twilio');
    const sinch = named('sinch');
    const summary = summaryOf([choice(twilio), choice(sinch), choice(sinch, { scheme: 'again' })]);
    const expected = [...twilio.facts({}).environment, ...sinch.facts({}).environment].filter(
      (v, i, all) => all.findIndex((w) => w.name === v.name) === i,
    );
    expect(summary.signatureEnvironment).toEqual(expected);
    expect(new Set(expected.map((v) => v.name)).size).toBe(expected.length);
  });

  test('a window and replay protection apply when any recipe has them, and only then', () => {
    const untimed = RECIPES.filter((r) => !r.facts(defaults(r)).window);
    const unreplayed = RECIPES.filter((r) => r.facts(defaults(r)).replayKey === undefined);
    const timed = RECIPES.find((r) => r.facts(defaults(r)).window) as RecipeDescriptor;
    const replayed = RECIPES.find(
      (r) => r.facts(defaults(r)).replayKey !== undefined,
    ) as RecipeDescriptor;
    expect(untimed.length).toBeGreaterThan(0);
    expect(unreplayed.length).toBeGreaterThan(0);
    expect(summaryOf(untimed.map((r) => choice(r))).windowed).toBe(false);
    expect(summaryOf(unreplayed.map((r) => choice(r))).replay).toBe(false);
    expect(summaryOf([...untimed.map((r) => choice(r)), choice(timed)]).windowed).toBe(true);
    expect(summaryOf([...unreplayed.map((r) => choice(r)), choice(replayed)]).replay).toBe(true);
  });
});
