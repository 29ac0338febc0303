/**
 * Which signature recipe a receiver verifies, chosen from the document's security
 * scheme. A table, not a branch per provider: a new provider is a new row here and a
 * new profile in the runtime's `signature.ts`.
 */
import type { ReceiverIR, SecuritySchemeIR } from '../plan/ir';
import { HookwrightError } from '../pipeline/errors';

export type ProfileName = 'sinch' | 'hmac-sha256';

interface ProfileRow {
  name: ProfileName;
  /** What the receiver checks, for the generated README. */
  describe: string;
  /** True when the scheme looks like this provider's. */
  detect: (scheme: SecuritySchemeIR) => boolean;
}

const headerName = (scheme: SecuritySchemeIR) =>
  scheme.in === 'header' ? (scheme.paramName ?? '').toLowerCase() : '';

export const PROFILES: readonly ProfileRow[] = [
  {
    name: 'sinch',
    describe:
      'Sinch: base64 HMAC-SHA256 of `rawBody.nonce.timestamp` with the webhook secret, a timestamp window and replay protection by nonce',
    detect: (scheme) => headerName(scheme).startsWith('x-sinch-webhook-signature'),
  },
  {
    name: 'hmac-sha256',
    describe:
      'hex HMAC-SHA256 of the raw body with the webhook secret, with or without a `sha256=` prefix',
    detect: (scheme) => /signature|hmac|digest/.test(headerName(scheme)),
  },
];

export interface SignatureChoice {
  profile: ProfileName;
  /** The header the signature arrives in (from the scheme, else the profile's default). */
  header?: string;
  scheme?: string;
  describe: string;
  /** Why this profile: detected, chosen with --signature, or guessed. */
  source: 'detected' | 'option' | 'guessed';
}

/**
 * The verification a receiver does, or undefined for none. `option` is the
 * `--signature` flag (`none` turns verification off).
 */
export function chooseSignature(
  ir: ReceiverIR,
  option: string | undefined,
  warnings: string[],
): SignatureChoice | undefined {
  const used = ir.securitySchemes.filter((s) => s.operations.length > 0);
  const headerSchemes = used.filter(
    (s) => (s.type === 'httpApiKey' || s.type === 'apiKey') && s.in === 'header',
  );

  if (option === 'none') return undefined;
  if (option !== undefined) {
    const row = PROFILES.find((p) => p.name === option);
    if (!row) {
      throw new HookwrightError(`unknown signature profile "${option}"`, {
        hint: `Use one of: ${PROFILES.map((p) => p.name).join(', ')}, none.`,
      });
    }
    const scheme = headerSchemes.find((s) => row.detect(s)) ?? headerSchemes[0];
    return {
      profile: row.name,
      header: scheme ? headerName(scheme) : undefined,
      scheme: scheme?.name,
      describe: row.describe,
      source: 'option',
    };
  }

  for (const scheme of headerSchemes) {
    const row = PROFILES.find((p) => p.detect(scheme));
    if (row)
      return {
        profile: row.name,
        header: headerName(scheme),
        scheme: scheme.name,
        describe: row.describe,
        source: 'detected',
      };
  }
  if (headerSchemes.length > 0) {
    const scheme = headerSchemes[0];
    warnings.push(
      `security scheme "${scheme.name}" (header ${headerName(scheme)}) matches no known signature recipe; ` +
        'the receiver verifies a hex HMAC-SHA256 of the raw body in that header. Pass --signature to choose another (or none).',
    );
    const row = PROFILES.find((p) => p.name === 'hmac-sha256') as ProfileRow;
    return {
      profile: row.name,
      header: headerName(scheme),
      scheme: scheme.name,
      describe: row.describe,
      source: 'guessed',
    };
  }
  for (const scheme of used) {
    warnings.push(
      `security scheme "${scheme.name}" (${scheme.type}) is not a webhook signature hookwright can verify; requests are not authenticated`,
    );
  }
  return undefined;
}
