/**
 * Signature recipes end to end: one small document with a security scheme per recipe
 * family (GitHub, Stripe, Standard Webhooks, Twilio, Ed25519, ECDSA P-256, and a generic
 * HMAC declared with x-hookwright-signature) becomes one generated project, compiled under
 * strict, passing its own tests; then the providers' official SDKs sign requests sent over
 * real HTTP to the running receiver. A second document, whose header matches no recipe,
 * shows the stated assumption.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync, sign as signWith } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import twilioSdk from 'twilio';
import { hookwright, REPO } from '../helpers/cli';
import { FUTURE_SECONDS, nowSeconds as now } from '../helpers/clock';
import { waitFor } from '../helpers/processes';
import { emitBuild, ownTests } from '../helpers/project';
import { linkNodeModules } from '../helpers/receiver-deps';
import { RECIPES } from '../../src/plan/recipes';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const work = mkdtempSync(path.join(tmpdir(), 'hookwright-signatures-'));
const project = path.join(work, 'receiver');

const SCHEMES = {
  githubHook: 'name: X-Hub-Signature-256',
  stripeEvents: 'name: Stripe-Signature',
  standard: 'name: webhook-signature',
  twilioCalls: 'name: X-Twilio-Signature',
  discord: 'name: X-Signature-Ed25519',
  sendgrid: 'name: X-Twilio-Email-Event-Webhook-Signature',
  acme: `name: X-Acme-Signature
      x-hookwright-signature:
        recipe: hmac
        algorithm: sha512
        encoding: base64
        value: 't={timestamp},v1={signature}'
        content: '{timestamp}.{body}'
        idHeader: X-Acme-Delivery`,
} as const;

function documentWith(schemes: Record<string, string>): string {
  const names = Object.keys(schemes);
  return `asyncapi: 3.0.0
info:
  title: Signature fixtures
  version: 1.0.0
servers:
  public:
    host: hooks.example.com
    protocol: https
channels:
${names.map((n) => `  ${n}:\n    address: /${n}\n    messages:\n      event:\n        $ref: '#/components/messages/event'`).join('\n')}
operations:
${names.map((n) => `  on${n[0]?.toUpperCase()}${n.slice(1)}:\n    action: receive\n    channel:\n      $ref: '#/channels/${n}'\n    security:\n      - $ref: '#/components/securitySchemes/${n}'`).join('\n')}
components:
  messages:
    event:
      name: event
      contentType: application/json
      payload:
        type: object
        required: [id]
        properties:
          id:
            type: string
  securitySchemes:
${names.map((n) => `    ${n}:\n      type: httpApiKey\n      in: header\n      ${schemes[n]}`).join('\n')}
`;
}

// Keys: secrets for the HMAC recipes, key pairs for the public-key ones.
const SECRET = {
  github: 'github-secret',
  stripe: 'whsec_stripe_secret',
  standard: `whsec_${Buffer.from('standard webhooks e2e secret').toString('base64')}`,
  twilio: 'twilio-auth-token',
  acme: 'acme-secret',
};
const discord = generateKeyPairSync('ed25519');
const discordRaw = discord.publicKey
  .export({ format: 'der', type: 'spki' })
  .subarray(12)
  .toString('hex');
const sendgrid = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const sendgridBase64 = sendgrid.publicKey
  .export({ format: 'der', type: 'spki' })
  .toString('base64');
const PUBLIC_URL = 'https://hooks.example.com';

let server: ChildProcess | undefined;
let baseUrl = '';
const logs: string[] = [];
let generateOutput = '';

beforeAll(async () => {
  const spec = path.join(work, 'asyncapi.yaml');
  writeFileSync(spec, documentWith(SCHEMES));
  const generated = hookwright(['generate', spec, '-o', project]);
  generateOutput = generated.stderr;
  expect(generated.status).toBe(0);
  linkNodeModules(project);
  // A user edit: the GitHub handler logs the delivery id it is given.
  const handler = path.join(project, 'src/handlers/onGithubHook.ts');
  writeFileSync(
    handler,
    readFileSync(handler, 'utf8').replace(
      /(async \(payload, context\) => \{)/,
      "$1\n  context.log.info({ deliveryId: context.deliveryId }, 'delivery id');",
    ),
  );
  // Its types are checked by its own `npm test` (the test below), on these same files: the
  // build only emits.
  emitBuild(project);
  server = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: project,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      GITHUB_HOOK_SECRET: `old-secret,${SECRET.github}`,
      STRIPE_EVENTS_SECRET: SECRET.stripe,
      STANDARD_SECRET: SECRET.standard,
      TWILIO_CALLS_SECRET: SECRET.twilio,
      DISCORD_PUBLIC_KEY: discordRaw,
      SENDGRID_PUBLIC_KEY: sendgridBase64,
      ACME_SECRET: SECRET.acme,
      WEBHOOK_PUBLIC_URL: PUBLIC_URL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start: ${logs.join('')}`)),
      20_000,
    );
    server?.stdout?.on('data', () => {
      const match = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(logs.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}, 600_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

async function send(route: string, body: string, headers: Record<string, string>) {
  const response = await fetch(baseUrl + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const rejected = (reason: string) => ({
  status: 401,
  body: { error: 'invalid signature', reason },
});
const OK = { status: 200, body: { ok: true } };
let counter = 0;
// The stubs log `id`; `note` is a payload field nothing logs.
const freshBody = () =>
  JSON.stringify({ id: `evt_${(counter += 1)}_${Date.now()}`, note: `unlogged-note-${counter}` });

test('the generated project ships only the recipes it uses, records the choice, and passes its own tests', () => {
  const recipes = path.join(project, 'src/generated/runtime/recipes');
  for (const used of [
    'github',
    'stripe',
    'standard-webhooks',
    'twilio',
    'ed25519',
    'ecdsa-p256',
    'hmac',
  ])
    expect(existsSync(path.join(recipes, `${used}.ts`))).toBe(true);
  for (const unused of ['sinch', 'slack', 'shopify', 'zoom'])
    expect(existsSync(path.join(recipes, `${unused}.ts`))).toBe(false);
  const manifest = JSON.parse(
    readFileSync(path.join(project, '.hookwright/manifest.json'), 'utf8'),
  ) as {
    signatures: Array<{ scheme: string; recipe: string; source: string; variable: string }>;
  };
  expect(
    manifest.signatures.map(({ scheme, recipe, source, variable }) => [
      scheme,
      recipe,
      source,
      variable,
    ]),
  ).toEqual([
    ['githubHook', 'github', 'detected', 'GITHUB_HOOK_SECRET'],
    ['stripeEvents', 'stripe', 'detected', 'STRIPE_EVENTS_SECRET'],
    ['standard', 'standard-webhooks', 'detected', 'STANDARD_SECRET'],
    ['twilioCalls', 'twilio', 'detected', 'TWILIO_CALLS_SECRET'],
    ['discord', 'ed25519', 'detected', 'DISCORD_PUBLIC_KEY'],
    ['sendgrid', 'ecdsa-p256', 'detected', 'SENDGRID_PUBLIC_KEY'],
    ['acme', 'hmac', 'extension', 'ACME_SECRET'],
  ]);
  const env = readFileSync(path.join(project, '.env.example'), 'utf8');
  for (const variable of [
    'GITHUB_HOOK_SECRET=',
    'DISCORD_PUBLIC_KEY=',
    'WEBHOOK_PUBLIC_URL=',
    'SIGNATURE_TOLERANCE_SECONDS=300',
  ])
    expect(env).toContain(variable);
  expect(env).not.toContain('WEBHOOK_SECRET=');
  const output = ownTests(project);
  expect(output).toMatch(/# pass [1-9]\d+/);
  for (const recipe of [
    'github',
    'stripe',
    'standard-webhooks',
    'twilio',
    'ed25519',
    'ecdsa-p256',
    'hmac',
  ])
    expect(output).toContain(`signature recipe ${recipe}`);
  // Known answers inside the project's own tests (issue 16, item 5): every published vector of
  // every recipe it ships verified through the project's runtime, so a signature is checked
  // against one the provider made, not only against the project's own signer.
  for (const recipe of RECIPES.filter((r) =>
    existsSync(path.join(recipes, `${r.runtime.module}.ts`)),
  )) {
    expect(output).toMatch(new RegExp(`^\\s*ok \\d+ - ${recipe.name} recipe$`, 'm'));
    recipe.vectors.forEach((vector, i) => {
      const title = `verifies known-answer vector ${i + 1} (${vector.source})`;
      expect(output.split('\n').map((line) => line.trim())).toContainEqual(
        expect.stringMatching(new RegExp(`^ok \\d+ - ${escapeRegExp(title)}$`)),
      );
    });
  }
  expect(output).toMatch(
    /^\s*ok \d+ - verifies known-answer vector 1 \(GitHub Docs, "Validating webhook deliveries", as generic fields\)$/m,
  );
  expect(generateOutput).not.toMatch(/ASSUMED/);
}, 600_000);

describe('github, signed by @octokit/webhooks-methods', () => {
  const octokitSign = (secret: string, body: string) =>
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { sign } from '@octokit/webhooks-methods'; console.log(await sign(${JSON.stringify(secret)}, ${JSON.stringify(body)}));`,
      ],
      { cwd: REPO, encoding: 'utf8' },
    ).trim();

  test('accepted with the right secret (and the old one of a rotation); the handler gets x-github-delivery', async () => {
    const body = freshBody();
    const headers = {
      'x-hub-signature-256': octokitSign(SECRET.github, body),
      'x-github-delivery': 'gh-delivery-1',
    };
    expect(await send('/githubHook', body, headers)).toEqual(OK);
    expect(
      await send('/githubHook', body, { 'x-hub-signature-256': octokitSign('old-secret', body) }),
    ).toEqual(OK);
    const delivery = /"deliveryId":"gh-delivery-1","msg":"delivery id"/;
    await waitFor(() => (delivery.test(logs.join('')) ? true : undefined), 10_000);
    expect(logs.join('')).toMatch(delivery);
  });

  test('401: wrong secret, tampered body, missing header, missing prefix, sha1 prefix', async () => {
    const body = freshBody();
    const signature = octokitSign(SECRET.github, body);
    expect(
      await send('/githubHook', body, { 'x-hub-signature-256': octokitSign('wrong', body) }),
    ).toEqual(rejected('bad_signature'));
    expect(await send('/githubHook', `${body} `, { 'x-hub-signature-256': signature })).toEqual(
      rejected('bad_signature'),
    );
    expect(await send('/githubHook', body, {})).toEqual(rejected('missing_signature'));
    expect(
      await send('/githubHook', body, { 'x-hub-signature': signature.replace('sha256', 'sha1') }),
    ).toEqual(rejected('missing_signature'));
    expect(
      await send('/githubHook', body, { 'x-hub-signature-256': signature.slice('sha256='.length) }),
    ).toEqual(rejected('malformed_signature'));
    expect(
      await send('/githubHook', body, {
        'x-hub-signature-256': signature.replace('sha256=', 'sha1='),
      }),
    ).toEqual(rejected('unsupported_version'));
  });
});

describe('stripe, signed by stripe.webhooks.generateTestHeaderString', () => {
  const stripe = new Stripe('sk_test_e2e');
  const header = (payload: string, secret = SECRET.stripe, timestamp?: number) =>
    stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

  test('accepted with the right secret; the same header again is a replay', async () => {
    const body = freshBody();
    const signature = header(body);
    expect(await send('/stripeEvents', body, { 'stripe-signature': signature })).toEqual(OK);
    expect(await send('/stripeEvents', body, { 'stripe-signature': signature })).toEqual(
      rejected('replayed_nonce'),
    );
  });

  test('401: wrong secret, tampered body, stale and future timestamps, missing header, wrong version, no timestamp', async () => {
    const body = freshBody();
    expect(
      await send('/stripeEvents', body, { 'stripe-signature': header(body, 'whsec_wrong') }),
    ).toEqual(rejected('bad_signature'));
    expect(await send('/stripeEvents', `${body} `, { 'stripe-signature': header(body) })).toEqual(
      rejected('bad_signature'),
    );
    expect(
      await send('/stripeEvents', body, {
        'stripe-signature': header(body, SECRET.stripe, now() - 301),
      }),
    ).toEqual(rejected('stale_timestamp'));
    expect(
      await send('/stripeEvents', body, {
        'stripe-signature': header(body, SECRET.stripe, now() + FUTURE_SECONDS),
      }),
    ).toEqual(rejected('future_timestamp'));
    expect(await send('/stripeEvents', body, {})).toEqual(rejected('missing_signature'));
    expect(
      await send('/stripeEvents', body, { 'stripe-signature': header(body).replace('v1=', 'v0=') }),
    ).toEqual(rejected('unsupported_version'));
    expect(
      await send('/stripeEvents', body, {
        'stripe-signature': header(body).replace(/^t=\d+,/, ''),
      }),
    ).toEqual(rejected('missing_timestamp'));
  });
});

describe('standard-webhooks, signed by standardwebhooks', () => {
  const headers = (body: string, id: string, secret = SECRET.standard, timestamp = now()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
  });

  test('accepted with the right secret; the same webhook-id again is a replay', async () => {
    const body = freshBody();
    expect(await send('/standard', body, headers(body, 'msg_e2e_1'))).toEqual(OK);
    expect(await send('/standard', body, headers(body, 'msg_e2e_1'))).toEqual(
      rejected('replayed_nonce'),
    );
  });

  test('401: wrong secret, tampered body, stale and future timestamps, missing header, wrong version', async () => {
    const body = freshBody();
    const wrong = `whsec_${Buffer.from('another standard webhooks key').toString('base64')}`;
    expect(await send('/standard', body, headers(body, 'msg_a', wrong))).toEqual(
      rejected('bad_signature'),
    );
    expect(await send('/standard', `${body} `, headers(body, 'msg_b'))).toEqual(
      rejected('bad_signature'),
    );
    expect(
      await send('/standard', body, headers(body, 'msg_c', SECRET.standard, now() - 301)),
    ).toEqual(rejected('stale_timestamp'));
    expect(
      await send(
        '/standard',
        body,
        headers(body, 'msg_d', SECRET.standard, now() + FUTURE_SECONDS),
      ),
    ).toEqual(rejected('future_timestamp'));
    const { 'webhook-signature': signature, ...unsigned } = headers(body, 'msg_e');
    expect(await send('/standard', body, unsigned)).toEqual(rejected('missing_signature'));
    expect(
      await send('/standard', body, {
        ...unsigned,
        'webhook-signature': signature.replace('v1,', 'v2,'),
      }),
    ).toEqual(rejected('unsupported_version'));
  });
});

describe('twilio, signed by twilio.getExpectedTwilioSignature (JSON body: bodySHA256 in the URL)', () => {
  const request = (body: string, token = SECRET.twilio) => {
    const url = `/twilioCalls?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
    return { url, signature: twilioSdk.getExpectedTwilioSignature(token, PUBLIC_URL + url, {}) };
  };

  test('accepted with the right auth token and the configured public URL', async () => {
    const body = freshBody();
    const { url, signature } = request(body);
    expect(
      twilioSdk.validateRequestWithBody(SECRET.twilio, signature, PUBLIC_URL + url, body),
    ).toBe(true);
    expect(await send(url, body, { 'x-twilio-signature': signature })).toEqual(OK);
  });

  test('401: wrong token, tampered body, missing header, no body hash', async () => {
    const body = freshBody();
    const { url, signature } = request(body);
    expect(
      await send(url, body, { 'x-twilio-signature': request(body, 'wrong').signature }),
    ).toEqual(rejected('bad_signature'));
    expect(await send(url, `${body} `, { 'x-twilio-signature': signature })).toEqual(
      rejected('body_hash_mismatch'),
    );
    expect(await send(url, body, {})).toEqual(rejected('missing_signature'));
    const bare = twilioSdk.getExpectedTwilioSignature(
      SECRET.twilio,
      `${PUBLIC_URL}/twilioCalls`,
      {},
    );
    expect(await send('/twilioCalls', body, { 'x-twilio-signature': bare })).toEqual(
      rejected('body_hash_mismatch'),
    );
  });
});

describe('public keys and the declared generic recipe, signed with node:crypto', () => {
  test('ed25519 (Discord-style, raw hex key): accepted; another key, stale, future rejected', async () => {
    const body = freshBody();
    const signed = (timestamp = String(now()), key = discord.privateKey) => ({
      'x-signature-ed25519': signWith(null, Buffer.from(timestamp + body), key).toString('hex'),
      'x-signature-timestamp': timestamp,
    });
    expect(await send('/discord', body, signed())).toEqual(OK);
    expect(
      await send(
        '/discord',
        body,
        signed(String(now()), generateKeyPairSync('ed25519').privateKey),
      ),
    ).toEqual(rejected('bad_signature'));
    expect(await send('/discord', body, signed(String(now() - 301)))).toEqual(
      rejected('stale_timestamp'),
    );
    expect(await send('/discord', body, signed(String(now() + FUTURE_SECONDS)))).toEqual(
      rejected('future_timestamp'),
    );
  });

  test('ecdsa-p256 (SendGrid-style, base64 key): accepted; tampered body and missing timestamp rejected', async () => {
    const body = freshBody();
    const timestamp = String(now());
    const headers = {
      'x-twilio-email-event-webhook-signature': signWith(
        'sha256',
        Buffer.from(timestamp + body),
        sendgrid.privateKey,
      ).toString('base64'),
      'x-twilio-email-event-webhook-timestamp': timestamp,
    };
    expect(await send('/sendgrid', `${body} `, headers)).toEqual(rejected('bad_signature'));
    expect(
      await send('/sendgrid', body, {
        'x-twilio-email-event-webhook-signature': headers['x-twilio-email-event-webhook-signature'],
      }),
    ).toEqual(rejected('missing_timestamp'));
    expect(await send('/sendgrid', body, headers)).toEqual(OK);
  });

  test('hmac from x-hookwright-signature (sha512, base64, t=..,v1=..): accepted; wrong secret rejected', async () => {
    const body = freshBody();
    const signed = (secret: string) => {
      const timestamp = String(now());
      const digest = createHmac('sha512', secret).update(`${timestamp}.${body}`).digest('base64');
      return {
        'x-acme-signature': `t=${timestamp},v1=${digest}`,
        'x-acme-delivery': `d-${counter}`,
      };
    };
    expect(await send('/acme', body, signed('wrong'))).toEqual(rejected('bad_signature'));
    expect(await send('/acme', body, signed(SECRET.acme))).toEqual(OK);
  });

  test('no key and no payload reached the logs', () => {
    const all = logs.join('');
    for (const secret of Object.values(SECRET)) expect(all).not.toContain(secret);
    expect(all).toContain('"id":"evt_'); // the control: what a stub logs is found
    expect(all).not.toContain('unlogged-note-');
  });
});

test('a header no recipe knows: a loud warning, and WEBHOOKS.md states the assumption', () => {
  const spec = path.join(work, 'unknown.yaml');
  writeFileSync(spec, documentWith({ mystery: 'name: X-Mystery-Signature' }));
  const out = path.join(work, 'assumed');
  const generated = hookwright(['generate', spec, '-o', out]);
  expect(generated.status).toBe(0);
  expect(generated.stderr).toMatch(/ASSUMED: a hex HMAC-SHA256 of the raw body/);
  const reference = readFileSync(path.join(out, 'WEBHOOKS.md'), 'utf8');
  expect(reference).toMatch(/\*\*This is an assumption\.\*\*/);
  expect(reference).toContain('`x-mystery-signature`');
  const manifest = readFileSync(path.join(out, '.hookwright/manifest.json'), 'utf8');
  expect(manifest).toMatch(/"source": "assumed"/);
});
