/**
 * What a signature recipe is, as data: the one place a provider's scheme is described.
 * The CLI's choices, detection, `.env.example`, the generated README section, the generated
 * tests and the runtime module a project ships all derive from these descriptors.
 */
import type { JsonValue } from '../ir';

/** An environment variable the generated receiver reads for a recipe. */
export interface EnvVariable {
  name: string;
  /** Its default, as written in `.env.example` (empty: none). */
  default: string;
  /** One or two sentences for `.env.example` and the README. */
  doc: string;
}

/** A field of the generic recipe, set with `--signature-option` or the document's extension. */
export interface OptionField {
  doc: string;
  /** The accepted values, when there are few. */
  values?: readonly string[];
  /** The accepted shape otherwise. */
  pattern?: RegExp;
  default?: string;
}

/** Options after validation (defaults applied). */
export type RecipeOptions = Readonly<Record<string, string>>;

/** A change to a correctly signed request's headers; `{signature}` names the signature header. */
export interface HeaderEdit {
  header: string;
  /** Sets the header to this value. */
  set?: string;
  /** Removes the header. */
  remove?: true;
  /** Replaces the first match of a regular expression (source) in the value. */
  replace?: readonly [pattern: string, replacement: string];
}

/** A test the generated project runs over HTTP against a correctly signed request, changed. */
export interface RecipeTestCase {
  title: string;
  /** Sign with a timestamp this many seconds from now. */
  timestampOffset?: number;
  edits?: readonly HeaderEdit[];
  /** The 401 reason expected, or null when the changed request must still be accepted. */
  reason: string | null;
}

/** A known-answer vector: a request the provider (or its SDK) signed, with the key. */
export interface KnownAnswer {
  /** Where it comes from: the document or test file it was copied from. */
  source: string;
  /** The secret, or the public key (for public-key recipes). */
  key: string;
  body: string;
  /** Headers as sent, with the recipe's default header names. */
  headers: Readonly<Record<string, string>>;
  /** The time it was signed at (the window is checked against it). */
  nowSeconds: number;
  /** Path and query, for recipes that sign the URL. */
  url?: string;
  publicUrl?: string;
  /** Settings beyond the default header (the generic recipe's fields). */
  settings?: Readonly<Record<string, JsonValue>>;
}

/** What a recipe does with given options: for the README, the tests and `.env.example`. */
export interface RecipeFacts {
  /** Every header it reads, the signature header first. */
  headers: readonly string[];
  /** The signed content, as Markdown. */
  signedContent: string;
  /** Whether it checks a timestamp window (both ways). */
  window: boolean;
  /** What replay protection records, as Markdown; undefined for none. */
  replayKey?: string;
  /** Where the handler's `deliveryId` comes from; undefined for none. */
  deliveryId?: string;
  /** Environment variables besides the key variable. */
  environment: readonly EnvVariable[];
  /** Tests beyond the common ones (wrong key, tampered body, missing header, window, replay). */
  tests: readonly RecipeTestCase[];
  /** The reason a body changed after signing gets (default `bad_signature`). */
  tamperedBodyReason?: string;
}

export interface RecipeDescriptor {
  /** The name of `--signature`, the extension's `recipe`, and the runtime module. */
  name: string;
  /** Provider or scheme name, for people. */
  title: string;
  /** One line: what is verified. */
  summary: string;
  /** Header names (lower-case) of a security scheme that select this recipe. */
  detect: readonly RegExp[];
  /** The signature header when the document names none. */
  defaultHeader: string;
  /** What the key variable holds. */
  keyKind: 'secret' | 'public-key';
  /** Paragraphs (Markdown) for the generated README: where to find the key, what to know. */
  readme: string;
  /** A value of the key variable the recipe refuses at start, when there is one (for a test). */
  unusableKey?: string;
  /** Fields it accepts (only the generic recipe has any). */
  options?: Readonly<Record<string, OptionField>>;
  /** Checks the options together; returns a problem, or undefined. */
  checkOptions?: (options: RecipeOptions) => string | undefined;
  /**
   * The header to read given the document's; a recipe may refuse a header it must not read
   * (GitHub's SHA-1 `x-hub-signature`) and say so in `warnings`.
   */
  adjustHeader?: (header: string, warnings: string[]) => string;
  /** What the recipe does with these options. */
  facts(options: RecipeOptions): RecipeFacts;
  /** The runtime factory's settings beyond `header`. */
  settings?: (options: RecipeOptions) => Record<string, JsonValue>;
  /** `templates/receiver/src/generated/runtime/recipes/<module>.ts`, exporting `factory`. */
  runtime: { module: string; factory: string };
  vectors: readonly KnownAnswer[];
}

export const TOLERANCE: EnvVariable = {
  name: 'SIGNATURE_TOLERANCE_SECONDS',
  default: '300',
  doc: 'Reject requests whose signed timestamp is further than this many seconds from now, in the past or the future (0 = off).',
};

export const REPLAY: EnvVariable = {
  name: 'REPLAY_MAX_ENTRIES',
  default: '1000000',
  doc: 'Replay protection remembers each verified delivery until its signature window ends. Past this many unexpired deliveries the receiver answers 503 (the provider retries) rather than forget one.',
};

/** The tests every windowed recipe gets: a stale and a future timestamp. */
export const WINDOW_TESTS: readonly RecipeTestCase[] = [
  {
    title: 'rejects a timestamp older than the window',
    timestampOffset: -301,
    reason: 'stale_timestamp',
  },
  {
    // Not 301: the request reaches the receiver a little later than it was signed, and a
    // second boundary crossed on the way would bring a +301 timestamp back inside the window.
    title: 'rejects a timestamp further ahead than the window',
    timestampOffset: 330,
    reason: 'future_timestamp',
  },
  {
    title: 'accepts a timestamp just inside the window, behind',
    timestampOffset: -290,
    reason: null,
  },
  {
    title: 'accepts a timestamp just inside the window, ahead',
    timestampOffset: 290,
    reason: null,
  },
];

/** Facts of a recipe with a window and replay protection. */
export function windowed(
  facts: Omit<RecipeFacts, 'window' | 'environment'> & { environment?: EnvVariable[] },
): RecipeFacts {
  return {
    ...facts,
    window: true,
    environment: [TOLERANCE, ...(facts.replayKey ? [REPLAY] : []), ...(facts.environment ?? [])],
    tests: [...WINDOW_TESTS, ...facts.tests],
  };
}
