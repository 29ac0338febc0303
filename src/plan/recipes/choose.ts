/**
 * Which recipe verifies each signing security scheme, in order of precedence:
 * `--signature` (with `--signature-option`), the scheme's `x-hookwright-signature`
 * extension, detection by the scheme's header name, and otherwise a loudly stated
 * assumption (the generic HMAC with its defaults). The document's header overrides the
 * recipe's default header; the result is recorded in the IR and the manifest.
 */
import { HookwrightError } from '../../pipeline/errors';
import type { JsonValue, ReceiverIR, SecuritySchemeIR, SignatureIR } from '../ir';
import { words } from '../naming';
import type { RecipeDescriptor } from './descriptor';
import { EXTENSION, RECIPE_NAMES, RECIPES, recipeNamed } from './index';

export interface SignatureRequest {
  /** `--signature`: a recipe name, or `none` to verify nothing. */
  signature?: string;
  /** `--signature-option key=value`, for the generic recipe's fields. */
  signatureOptions?: readonly string[];
}

const headerOf = (scheme: SecuritySchemeIR) =>
  scheme.in === 'header' && scheme.paramName ? scheme.paramName.toLowerCase() : undefined;

/** `timestamp-header` → `timestampHeader`. */
const camel = (key: string) => key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export function chooseSignatures(
  ir: Pick<ReceiverIR, 'securitySchemes' | 'operations'>,
  request: SignatureRequest,
  warnings: string[],
): SignatureIR[] {
  const flagOptions = parseFlagOptions(request.signatureOptions ?? []);
  const flag = request.signature ?? (Object.keys(flagOptions).length > 0 ? 'hmac' : undefined);
  if (flag === 'none') {
    if (Object.keys(flagOptions).length > 0)
      throw new HookwrightError('--signature-option cannot be used with --signature none');
    return [];
  }
  const flagRecipe = flag === undefined ? undefined : recipeOrThrow(flag, '--signature');

  const used = ir.securitySchemes.filter((s) => s.operations.length > 0);
  const signing = used.filter(
    (s) =>
      s.recipeExtension !== undefined ||
      ((s.type === 'httpApiKey' || s.type === 'apiKey') && s.in === 'header'),
  );
  for (const scheme of used) {
    if (!signing.includes(scheme))
      warnings.push(
        `security scheme "${scheme.name}" (${scheme.type}) is not a webhook signature hookwright can verify; requests are not authenticated`,
      );
  }
  if (flagRecipe !== undefined && signing.length === 0 && used.length > 0) {
    warnings.push(
      `--signature ${flagRecipe.name}: the document has no header security scheme to apply it to`,
    );
  }

  const variables = new Set<string>();
  const choices = signing.map((scheme): Omit<SignatureIR, 'operations'> => {
    const where = `security scheme "${scheme.name}"${scheme.location ? ` (${scheme.location})` : ''}`;
    const header = headerOf(scheme);
    let recipe: RecipeDescriptor;
    let given: Record<string, string>;
    let source: SignatureIR['source'];
    if (flagRecipe !== undefined) {
      [recipe, given, source] = [flagRecipe, flagOptions, 'option'];
    } else if (scheme.recipeExtension !== undefined) {
      [recipe, given] = parseExtension(scheme.recipeExtension, where);
      source = 'extension';
    } else {
      const detected =
        header === undefined
          ? undefined
          : RECIPES.find((r) => r.detect.some((d) => d.test(header)));
      if (detected !== undefined) [recipe, given, source] = [detected, {}, 'detected'];
      else {
        recipe = recipeNamed('hmac') as RecipeDescriptor;
        [given, source] = [{}, 'assumed'];
      }
    }
    const options = checkOptions(recipe, given, source === 'option' ? '--signature-option' : where);
    let chosenHeader = (options.header ?? header ?? recipe.defaultHeader).toLowerCase();
    chosenHeader = recipe.adjustHeader?.(chosenHeader, warnings) ?? chosenHeader;
    if (source === 'assumed') {
      warnings.push(
        `${where} (header ${chosenHeader}) matches no known signature recipe. ASSUMED: a hex HMAC-SHA256 of the raw body, the bare digest in that header. ` +
          `If the provider signs differently every request will be rejected: pass --signature <${RECIPE_NAMES.join('|')}> ` +
          `(--signature hmac with --signature-option for others), add "${EXTENSION}" to the scheme, or --signature none.`,
      );
    }
    delete options.header;
    return {
      scheme: scheme.name,
      recipe: recipe.name,
      header: chosenHeader,
      options,
      source,
      variable: claimVariable(
        variables,
        signing.length === 1 ? 'WEBHOOK' : scheme.name,
        recipe.keyKind,
      ),
    };
  });

  // An operation is verified by the first of its schemes that is a signature.
  return choices.map((choice) => ({
    ...choice,
    operations: ir.operations
      .filter(
        (op) =>
          op.security.find((name) => choices.some((c) => c.scheme === name)) === choice.scheme,
      )
      .map((op) => op.name),
  }));
}

function recipeOrThrow(name: string, what: string): RecipeDescriptor {
  const recipe = recipeNamed(name);
  if (recipe === undefined) {
    throw new HookwrightError(`${what}: unknown signature recipe "${name}"`, {
      hint:
        `Use one of: ${RECIPE_NAMES.join(', ')}${what === '--signature' ? ', none' : ''}.` +
        (name === 'hmac-sha256'
          ? ' (hmac-sha256 is now github for `sha256=<hex>`, or hmac for a bare hex digest.)'
          : ''),
    });
  }
  return recipe;
}

function parseFlagOptions(pairs: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) {
      throw new HookwrightError(`--signature-option "${pair}" is not key=value`, {
        hint: 'For example: --signature-option algorithm=sha1 --signature-option "value=sha1={signature}"',
      });
    }
    options[camel(pair.slice(0, at).trim())] = pair.slice(at + 1);
  }
  return options;
}

function parseExtension(
  value: JsonValue,
  where: string,
): [RecipeDescriptor, Record<string, string>] {
  const hint = `Write ${EXTENSION}: <recipe>, or an object with "recipe" and, for hmac, its fields (see hookwright's README).`;
  if (typeof value === 'string') return [recipeOrThrow(value, `${where} ${EXTENSION}`), {}];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HookwrightError(`${where}: ${EXTENSION} must be a recipe name or an object`, {
      hint,
    });
  }
  const { recipe, ...fields } = value;
  if (typeof recipe !== 'string') {
    throw new HookwrightError(`${where}: ${EXTENSION} needs "recipe"`, { hint });
  }
  const options: Record<string, string> = {};
  for (const [key, field] of Object.entries(fields)) {
    if (typeof field !== 'string' && typeof field !== 'number' && typeof field !== 'boolean') {
      throw new HookwrightError(`${where}: ${EXTENSION}.${key} must be a string or a number`, {
        hint,
      });
    }
    options[camel(key)] = String(field);
  }
  return [recipeOrThrow(recipe, `${where} ${EXTENSION}`), options];
}

/** Validates the fields against the recipe's and applies their defaults. */
function checkOptions(
  recipe: RecipeDescriptor,
  given: Record<string, string>,
  where: string,
): Record<string, string> {
  const fields = recipe.options ?? {};
  const keys = Object.keys(fields);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    const field = fields[key];
    if (field === undefined) {
      throw new HookwrightError(`${where}: the ${recipe.name} recipe has no field "${key}"`, {
        hint:
          keys.length > 0
            ? `Its fields: ${keys.join(', ')}.`
            : `The ${recipe.name} recipe takes no fields; only hmac does.`,
      });
    }
    if (field.values !== undefined && !field.values.includes(value)) {
      throw new HookwrightError(
        `${where}: ${key} must be one of ${field.values.join(', ')}; got "${value}"`,
      );
    }
    if (field.pattern !== undefined && !field.pattern.test(value)) {
      throw new HookwrightError(`${where}: ${key} "${value}" is not valid (${field.doc})`);
    }
    out[key] = value;
  }
  for (const [key, field] of Object.entries(fields)) {
    if (out[key] === undefined && field.default !== undefined) out[key] = field.default;
  }
  const problem = recipe.checkOptions?.(out);
  if (problem !== undefined) throw new HookwrightError(`${where}: ${problem}`);
  return out;
}

/** `WEBHOOK_SECRET`, or one variable per scheme named after it, unique. */
function claimVariable(taken: Set<string>, base: string, kind: 'secret' | 'public-key'): string {
  const stem =
    words(base)
      .map((w) => w.toUpperCase())
      .join('_') || 'WEBHOOK';
  const suffix = kind === 'secret' ? 'SECRET' : 'PUBLIC_KEY';
  let name = `${/^[0-9]/.test(stem) ? `_${stem}` : stem}_${suffix}`;
  for (let i = 2; taken.has(name); i += 1) name = `${stem}_${i}_${suffix}`;
  taken.add(name);
  return name;
}
