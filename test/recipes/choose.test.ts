import type { JsonValue, OperationIR, SecuritySchemeIR } from '../../src/plan/ir';
import { chooseSignatures, type SignatureRequest } from '../../src/plan/recipes/choose';

const scheme = (
  name: string,
  header?: string,
  extension?: JsonValue,
  type = 'httpApiKey',
): SecuritySchemeIR => ({
  name,
  type,
  in: header === undefined ? undefined : 'header',
  paramName: header,
  operations: [`on${name}`],
  ...(extension === undefined ? {} : { recipeExtension: extension }),
  location: `components.securitySchemes.${name}`,
});
const op = (name: string, security: string[]) => ({ name, security }) as unknown as OperationIR;

function choose(schemes: SecuritySchemeIR[], request: SignatureRequest = {}) {
  const warnings: string[] = [];
  const operations = schemes.map((s) => op(`on${s.name}`, [s.name]));
  return {
    choices: chooseSignatures({ securitySchemes: schemes, operations }, request, warnings),
    warnings,
  };
}

describe('choosing a recipe', () => {
  test.each([
    ['X-Sinch-Webhook-Signature', 'sinch'],
    ['X-Hub-Signature-256', 'github'],
    ['Stripe-Signature', 'stripe'],
    ['webhook-signature', 'standard-webhooks'],
    ['svix-signature', 'standard-webhooks'],
    ['X-Slack-Signature', 'slack'],
    ['X-Shopify-Hmac-Sha256', 'shopify'],
    ['x-zm-signature', 'zoom'],
    ['X-Twilio-Signature', 'twilio'],
    ['X-Signature-Ed25519', 'ed25519'],
    ['X-Twilio-Email-Event-Webhook-Signature', 'ecdsa-p256'],
  ])('detects %s as %s', (header, recipe) => {
    const { choices, warnings } = choose([scheme('s', header)]);
    expect(choices).toEqual([
      {
        scheme: 's',
        recipe,
        header: header.toLowerCase(),
        options: {},
        source: 'detected',
        variable:
          recipe === 'ed25519' || recipe === 'ecdsa-p256' ? 'WEBHOOK_PUBLIC_KEY' : 'WEBHOOK_SECRET',
        operations: ['ons'],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  test('an unknown header is an assumption, stated loudly', () => {
    const { choices, warnings } = choose([scheme('acme', 'X-Acme-Sig')]);
    expect(choices[0]).toMatchObject({ recipe: 'hmac', source: 'assumed', header: 'x-acme-sig' });
    expect(choices[0]?.options).toMatchObject({
      algorithm: 'sha256',
      encoding: 'hex',
      value: '{signature}',
      content: '{body}',
    });
    expect(warnings.join('\n')).toMatch(/ASSUMED: a hex HMAC-SHA256 of the raw body.*--signature/);
  });

  test('the extension beats detection; --signature beats the extension', () => {
    const s = scheme('gh', 'X-Hub-Signature-256', {
      recipe: 'hmac',
      algorithm: 'sha512',
      'timestamp-header': 'X-Ts',
      content: '{timestamp}.{body}',
    });
    expect(choose([s]).choices[0]).toMatchObject({
      recipe: 'hmac',
      source: 'extension',
      header: 'x-hub-signature-256',
      options: {
        algorithm: 'sha512',
        timestampHeader: 'X-Ts',
        content: '{timestamp}.{body}',
        encoding: 'hex',
      },
    });
    expect(choose([s], { signature: 'github' }).choices[0]).toMatchObject({
      recipe: 'github',
      source: 'option',
    });
    expect(choose([scheme('a', 'x-a', 'stripe')]).choices[0]).toMatchObject({
      recipe: 'stripe',
      header: 'x-a',
    });
  });

  test("the document's header overrides the recipe's default; an explicit header field overrides both", () => {
    expect(choose([scheme('a', 'X-Custom')], { signature: 'stripe' }).choices[0]?.header).toBe(
      'x-custom',
    );
    expect(choose([scheme('a')], { signature: 'stripe' }).choices).toEqual([]);
    const s = scheme('b', 'X-Doc', { recipe: 'github' }, 'apiKey');
    expect(choose([{ ...s, in: 'query', paramName: 'sig' }]).choices[0]?.header).toBe(
      'x-hub-signature-256',
    );
    const explicit = choose([scheme('c', 'X-Doc')], {
      signature: 'hmac',
      signatureOptions: ['header=X-Other'],
    });
    expect(explicit.choices[0]).toMatchObject({ header: 'x-other' });
    expect(explicit.choices[0]?.options.header).toBeUndefined();
  });

  test("GitHub's SHA-1 header is never read", () => {
    const { choices, warnings } = choose([scheme('gh', 'X-Hub-Signature')]);
    expect(choices[0]).toMatchObject({ recipe: 'github', header: 'x-hub-signature-256' });
    expect(warnings[0]).toMatch(/SHA-1/);
  });

  test('--signature-option alone means the generic recipe; none turns verification off', () => {
    const { choices } = choose([scheme('a', 'X-Sig')], {
      signatureOptions: ['algorithm=sha1', 'encoding=base64'],
    });
    expect(choices[0]).toMatchObject({
      recipe: 'hmac',
      source: 'option',
      options: { algorithm: 'sha1', encoding: 'base64' },
    });
    expect(choose([scheme('a', 'X-Hub-Signature-256')], { signature: 'none' }).choices).toEqual([]);
  });

  test('a scheme that is not a header signature: no choice, and a warning that requests are not authenticated', () => {
    for (const [type, header] of [
      ['userPassword', undefined],
      ['http', undefined],
      ['oauth2', undefined],
      ['httpApiKey', undefined], // an API key in the query: nothing to verify a body with
    ] as const) {
      const { choices, warnings } = choose([scheme('basic', header, undefined, type)]);
      expect(choices).toEqual([]);
      expect(warnings).toEqual([
        `security scheme "basic" (${type}) is not a webhook signature hookwright can verify; requests are not authenticated`,
      ]);
    }
    // apiKey (AsyncAPI 2) in a header is a signature header, as httpApiKey is.
    const apiKey = choose([scheme('k', 'X-Hub-Signature-256', undefined, 'apiKey')]);
    expect(apiKey.choices[0]).toMatchObject({ recipe: 'github', source: 'detected' });
    expect(apiKey.warnings).toEqual([]);
    // A scheme no operation uses is neither chosen nor warned about.
    const warnings: string[] = [];
    const unused = { ...scheme('idle', undefined, undefined, 'userPassword'), operations: [] };
    expect(chooseSignatures({ securitySchemes: [unused], operations: [] }, {}, warnings)).toEqual(
      [],
    );
    expect(warnings).toEqual([]);
  });

  test('--signature with no header scheme to apply it to says so', () => {
    const { choices, warnings } = choose([scheme('basic', undefined, undefined, 'userPassword')], {
      signature: 'github',
    });
    expect(choices).toEqual([]);
    expect(warnings).toContain(
      '--signature github: the document has no header security scheme to apply it to',
    );
  });

  test('a document without security: no choice and no warning, with or without --signature', () => {
    expect(choose([])).toEqual({ choices: [], warnings: [] });
    expect(choose([], { signature: 'stripe' })).toEqual({ choices: [], warnings: [] });
  });

  test('several schemes: one variable each, named after the scheme', () => {
    const { choices } = choose([
      scheme('githubHook', 'X-Hub-Signature-256'),
      scheme('stripe-events', 'Stripe-Signature'),
      scheme('discord', 'X-Signature-Ed25519'),
    ]);
    expect(choices.map((c) => c.variable)).toEqual([
      'GITHUB_HOOK_SECRET',
      'STRIPE_EVENTS_SECRET',
      'DISCORD_PUBLIC_KEY',
    ]);
  });

  test('an operation is verified by its first signing scheme', () => {
    const schemes = [scheme('a', 'X-Hub-Signature-256'), scheme('b', 'Stripe-Signature')];
    const warnings: string[] = [];
    const choices = chooseSignatures(
      { securitySchemes: schemes, operations: [op('both', ['b', 'a']), op('onlyA', ['a'])] },
      {},
      warnings,
    );
    expect(choices.map((c) => [c.scheme, c.operations])).toEqual([
      ['a', ['onlyA']],
      ['b', ['both']],
    ]);
  });

  test.each([
    [{ signature: 'paypal' }, /unknown signature recipe "paypal"/],
    [{ signature: 'hmac-sha256' }, /unknown signature recipe/],
    [
      { signature: 'github', signatureOptions: ['algorithm=sha1'] },
      /github recipe has no field "algorithm"/,
    ],
    [{ signatureOptions: ['algorithm=md5'] }, /algorithm must be one of sha1, sha256, sha512/],
    [{ signatureOptions: ['novalue'] }, /is not key=value/],
    [{ signatureOptions: ['value=no-placeholder'] }, /value .* is not valid/],
    [{ signatureOptions: ['content={timestamp}.{body}'] }, /set timestampHeader/],
    [{ signatureOptions: ['content={nonce}{body}'] }, /set nonceHeader/],
    [{ signature: 'none', signatureOptions: ['a=b'] }, /cannot be used with --signature none/],
  ])('refuses %j', (request, message) => {
    expect(() => choose([scheme('a', 'X-Sig')], request)).toThrow(message);
  });

  test.each([
    [42, /must be a recipe name or an object/],
    [{ algorithm: 'sha1' }, /needs "recipe"/],
    [{ recipe: 'nope' }, /components.securitySchemes.a.*unknown signature recipe "nope"/],
    [{ recipe: 'hmac', algorithm: ['sha1'] }, /must be a string or a number/],
    [{ recipe: 'stripe', tolerance: 60 }, /stripe recipe has no field "tolerance"/],
  ])('refuses the extension %j, saying where', (extension, message) => {
    expect(() => choose([scheme('a', 'X-Sig', extension as JsonValue)])).toThrow(message);
  });
});
