/**
 * The signature part of the template context, derived from the recipe table: the recipe
 * chosen for each signing scheme (in the IR), its runtime factory and settings, its README
 * text, its environment variables and its test cases. Templates only print these.
 */
import type { ReceiverIR, SignatureIR } from '../plan/ir';
import { recipeNamed } from '../plan/recipes';
import type {
  EnvVariable,
  KnownAnswer,
  RecipeDescriptor,
  RecipeFacts,
} from '../plan/recipes/descriptor';
import { EXTENSION } from '../plan/recipes';

export interface SignatureContext {
  scheme: string;
  recipe: string;
  title: string;
  summary: string;
  /** Runtime module (`runtime/recipes/<module>.ts`) and the factory it exports. */
  module: string;
  factory: string;
  /** The factory's argument, as TypeScript source. */
  settingsLiteral: string;
  variable: string;
  keyKind: 'secret' | 'public-key';
  /** `secret` or `public key`, for prose. */
  keyNoun: string;
  header: string;
  defaultHeader: string;
  source: SignatureIR['source'];
  /** Why this recipe, for the README. */
  sourceText: string;
  assumed: boolean;
  readme: string;
  facts: RecipeFacts;
  /** The other headers read (the signature header is `header`). */
  otherHeaders: string[];
  operations: string[];
  /** The recipe's tests, its known-answer vectors, as JSON for the generated tests. */
  testsJson: string;
  vectorsJson: string;
  vectorSources: string[];
  tamperedBodyReason: string;
  unusableKey?: string;
  /** A routed operation it verifies, for the generated tests (set with the routes). */
  probeOperation?: string;
}

export interface SignatureSummary {
  signatures: SignatureContext[];
  /** Runtime modules to ship, once each, sorted. */
  recipeModules: Array<{ module: string; factory: string; recipe: string; vectorsJson: string }>;
  /** Environment variables the recipes read, besides the key variables, once each. */
  signatureEnvironment: EnvVariable[];
  windowed: boolean;
  replay: boolean;
}

const SOURCES: Record<SignatureIR['source'], string> = {
  option: 'chosen with `--signature`',
  extension: `declared by the scheme's \`${EXTENSION}\` extension`,
  detected: "detected from the scheme's header name",
  assumed: 'ASSUMED: the header name matches no known recipe',
};

export function signatureSummary(ir: ReceiverIR): SignatureSummary {
  const signatures = (ir.signatures ?? []).map((choice): SignatureContext => {
    const recipe = recipeNamed(choice.recipe) as RecipeDescriptor;
    const facts = recipe.facts(choice.options);
    const settings = { header: choice.header, ...(recipe.settings?.(choice.options) ?? {}) };
    return {
      scheme: choice.scheme,
      recipe: recipe.name,
      title: recipe.title,
      summary: recipe.summary,
      module: recipe.runtime.module,
      factory: recipe.runtime.factory,
      settingsLiteral: JSON.stringify(settings),
      variable: choice.variable,
      keyKind: recipe.keyKind,
      keyNoun: recipe.keyKind === 'secret' ? 'secret' : 'public key',
      header: choice.header,
      defaultHeader: recipe.defaultHeader,
      source: choice.source,
      sourceText: SOURCES[choice.source],
      assumed: choice.source === 'assumed',
      readme: recipe.readme,
      facts,
      otherHeaders: facts.headers.filter(
        (name) => name !== choice.header && name !== recipe.defaultHeader,
      ),
      operations: choice.operations,
      testsJson: JSON.stringify(facts.tests),
      vectorsJson: JSON.stringify(recipe.vectors.map((vector) => vectorFor(vector, recipe))),
      vectorSources: recipe.vectors.map((vector) => vector.source),
      tamperedBodyReason: facts.tamperedBodyReason ?? 'bad_signature',
      unusableKey: recipe.unusableKey,
    };
  });
  const modules = new Map(
    signatures.map((s) => [
      s.module,
      { module: s.module, factory: s.factory, recipe: s.recipe, vectorsJson: s.vectorsJson },
    ]),
  );
  const environment = new Map<string, EnvVariable>();
  for (const signature of signatures)
    for (const variable of signature.facts.environment)
      if (!environment.has(variable.name)) environment.set(variable.name, variable);
  return {
    signatures,
    recipeModules: [...modules.values()].sort((a, b) => (a.module < b.module ? -1 : 1)),
    signatureEnvironment: [...environment.values()],
    windowed: signatures.some((s) => s.facts.window),
    replay: signatures.some((s) => s.facts.replayKey !== undefined),
  };
}

/** A vector with the settings its verifier is built with (its own header names). */
function vectorFor(vector: KnownAnswer, recipe: RecipeDescriptor) {
  return { ...vector, settings: { header: recipe.defaultHeader, ...(vector.settings ?? {}) } };
}
