/**
 * The recipes against the providers' official SDKs (dev dependencies of hookwright only):
 * what the SDK signs, the recipe accepts; what the recipe signs, the SDK accepts.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import twilioSdk from 'twilio';
import { verifyKey } from 'discord-interactions';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { recipeNamed, type RecipeDescriptor } from '../../src/plan/recipes';
import { factoryOf } from './support';
import { REPO } from '../helpers/cli';

const BODY = '{"id":"evt_1","object":"event","data":{"amount":42}}';
const now = () => Math.floor(Date.now() / 1000);

function verifierFor(name: string) {
  const recipe = recipeNamed(name) as RecipeDescriptor;
  return factoryOf(recipe)({ header: recipe.defaultHeader });
}

function check(
  name: string,
  keys: string[],
  headers: Record<string, string>,
  body: string,
  url = '/hooks',
  publicUrl?: string,
) {
  return verifierFor(name).prepare(keys, { publicUrl })({
    headers,
    rawBody: Buffer.from(body),
    url,
    nowSeconds: now(),
  });
}

/** @octokit/webhooks-methods is ESM only: run it in a child process. */
function octokit(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
  }).trim();
}

describe('github against @octokit/webhooks-methods', () => {
  const secret = 'octokit-secret';
  test('accepts what octokit signs; octokit accepts what the recipe signs', () => {
    const signature = octokit(
      `import { sign } from '@octokit/webhooks-methods'; console.log(await sign(${JSON.stringify(secret)}, ${JSON.stringify(BODY)}));`,
    );
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(check('github', [secret], { 'x-hub-signature-256': signature }, BODY).ok).toBe(true);
    const ours = verifierFor('github').sign(BODY, secret)['x-hub-signature-256'];
    expect(ours).toBe(signature);
    const verdict = octokit(
      `import { verify } from '@octokit/webhooks-methods'; console.log(await verify(${JSON.stringify(secret)}, ${JSON.stringify(BODY)}, ${JSON.stringify(ours)}));`,
    );
    expect(verdict).toBe('true');
  });
});

describe('stripe against stripe.webhooks', () => {
  const stripe = new Stripe('sk_test_oracle');
  const secret = 'whsec_oracle_secret';
  test('accepts generateTestHeaderString, now and at a fixed time', () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret });
    expect(check('stripe', [secret], { 'stripe-signature': header }, BODY).ok).toBe(true);
    const vector = recipeNamed('stripe')?.vectors[0];
    expect(
      stripe.webhooks.generateTestHeaderString({
        payload: vector?.body ?? '',
        secret: vector?.key ?? '',
        timestamp: vector?.nowSeconds,
      }),
    ).toBe(vector?.headers['stripe-signature']);
  });
  test('stripe accepts what the recipe signs', () => {
    const header = verifierFor('stripe').sign(BODY, secret)['stripe-signature'];
    expect(stripe.webhooks.constructEvent(BODY, header, secret).id).toBe('evt_1');
  });
  test('both reject a stale and a future timestamp', () => {
    for (const offset of [-330, 330]) {
      const header = stripe.webhooks.generateTestHeaderString({
        payload: BODY,
        secret,
        timestamp: now() + offset,
      });
      expect(check('stripe', [secret], { 'stripe-signature': header }, BODY).ok).toBe(false);
    }
  });
});

describe('standard-webhooks against standardwebhooks', () => {
  const secret = `whsec_${Buffer.from('standard webhooks oracle key!!').toString('base64')}`;
  test('accepts what the SDK signs; the SDK accepts what the recipe signs', () => {
    const wh = new Webhook(secret);
    const id = 'msg_oracle';
    const timestamp = new Date(now() * 1000);
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(now()),
      'webhook-signature': wh.sign(id, timestamp, BODY),
    };
    expect(check('standard-webhooks', [secret], headers, BODY)).toMatchObject({
      ok: true,
      deliveryId: id,
    });
    const ours = verifierFor('standard-webhooks').sign(BODY, secret, { id: 'msg_ours' });
    expect(wh.verify(BODY, ours)).toEqual(JSON.parse(BODY));
  });
});

describe('twilio against twilio.validateRequest', () => {
  const token = 'twilio-auth-token';
  const form = {
    Body: 'hello world',
    From: '+15551234567',
    MessageSid: 'SM1',
    To: '+15557654321',
    Tags: ['b', 'a'],
  };
  const body = new URLSearchParams([
    ['Body', 'hello world'],
    ['From', '+15551234567'],
    ['MessageSid', 'SM1'],
    ['To', '+15557654321'],
    ['Tags', 'b'],
    ['Tags', 'a'],
  ]).toString();
  const publicUrl = 'https://hooks.example.com';
  const path = '/sms?x=1';
  test('form bodies: the signature of getExpectedTwilioSignature, both ways', () => {
    const expected = twilioSdk.getExpectedTwilioSignature(token, publicUrl + path, form);
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': expected,
    };
    expect(check('twilio', [token], headers, body, path, publicUrl).ok).toBe(true);
    const ours = verifierFor('twilio').sign(body, token, { url: path, publicUrl })[
      'x-twilio-signature'
    ];
    expect(ours).toBe(expected);
    expect(twilioSdk.validateRequest(token, ours, publicUrl + path, form)).toBe(true);
    // Twilio's own library accepts the URL with the default port too; so does the recipe.
    const withPort = twilioSdk.getExpectedTwilioSignature(token, `${publicUrl}:443${path}`, form);
    expect(
      check(
        'twilio',
        [token],
        { ...headers, 'x-twilio-signature': withPort },
        body,
        path,
        publicUrl,
      ).ok,
    ).toBe(true);
  });
  test('JSON bodies: bodySHA256 in the query, checked by validateRequestWithBody', () => {
    const hash = createHash('sha256').update(BODY).digest('hex');
    const url = `/events?bodySHA256=${hash}`;
    const expected = twilioSdk.getExpectedTwilioSignature(token, publicUrl + url, {});
    const headers = { 'content-type': 'application/json', 'x-twilio-signature': expected };
    expect(check('twilio', [token], headers, BODY, url, publicUrl).ok).toBe(true);
    expect(check('twilio', [token], headers, `${BODY} `, url, publicUrl)).toEqual({
      ok: false,
      reason: 'body_hash_mismatch',
    });
    const ours = verifierFor('twilio').sign(BODY, token, { url, publicUrl })['x-twilio-signature'];
    expect(twilioSdk.validateRequestWithBody(token, ours, publicUrl + url, BODY)).toBe(true);
  });

  /** Whether the recipe, configured with `configured`, accepts what Twilio signed for `signedUrl`. */
  const accepts = (
    configured: string,
    signedUrl: string,
    type = 'application/x-www-form-urlencoded',
  ) =>
    check(
      'twilio',
      [token],
      {
        'content-type': type,
        'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(token, signedUrl, form),
      },
      body,
      path,
      configured,
    );

  test('the default port both ways, per scheme, as validateRequest tries it', () => {
    // Configured with the port, signed without it (and the other way round, above).
    expect(accepts('https://hooks.example.com:443', `https://hooks.example.com${path}`).ok).toBe(
      true,
    );
    expect(accepts('http://hooks.example.com', `http://hooks.example.com:80${path}`).ok).toBe(true);
    expect(accepts('HTTP://hooks.example.com', `HTTP://hooks.example.com:80${path}`).ok).toBe(true);
    // Another scheme's default port is not this one's.
    expect(accepts('http://hooks.example.com', `http://hooks.example.com:443${path}`)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(accepts('https://hooks.example.com', `https://hooks.example.com:80${path}`)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    // A trailing slash of WEBHOOK_PUBLIC_URL is not part of the signed URL.
    expect(accepts('https://hooks.example.com//', `https://hooks.example.com${path}`).ok).toBe(
      true,
    );
  });

  test('the URL as configured when it is not http(s), a path without a query, the idempotency token', () => {
    expect(accepts('ftp://hooks.example.com', `ftp://hooks.example.com${path}`).ok).toBe(true);
    const bare = twilioSdk.getExpectedTwilioSignature(token, `${publicUrl}/sms`, form);
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': bare,
    };
    expect(check('twilio', [token], headers, body, '/sms', publicUrl)).toStrictEqual({ ok: true });
    expect(
      check(
        'twilio',
        [token],
        { ...headers, 'i-twilio-idempotency-token': 'idem-1' },
        body,
        '/sms',
        publicUrl,
      ),
    ).toStrictEqual({ ok: true, deliveryId: 'idem-1' });
    expect(() => verifierFor('twilio').prepare([token], {})).toThrow('twilio needs the public URL');
  });

  test('bodySHA256 only from the query; the signer strips the slash and adds to a query', () => {
    const hash = createHash('sha256').update(BODY).digest('hex');
    const notQuery = `/events&bodySHA256=${hash}`;
    const signed = twilioSdk.getExpectedTwilioSignature(token, publicUrl + notQuery, {});
    expect(
      check(
        'twilio',
        [token],
        { 'content-type': 'application/json', 'x-twilio-signature': signed },
        BODY,
        notQuery,
        publicUrl,
      ),
    ).toEqual({ ok: false, reason: 'body_hash_mismatch' });
    const verifier = verifierFor('twilio');
    expect(verifier.requestPath?.('/events?x=1', BODY)).toBe(`/events?x=1&bodySHA256=${hash}`);
    expect(verifier.requestPath?.('/events', BODY)).toBe(`/events?bodySHA256=${hash}`);
    expect(verifier.sign(body, token, { publicUrl })).toEqual({
      'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(token, `${publicUrl}/`, form),
    });
    expect(verifier.sign(body, token, { url: path, publicUrl: `${publicUrl}//` })).toEqual({
      'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(token, publicUrl + path, form),
    });
  });

  test('form bodies by content type, parameters and case as sent; anything else needs bodySHA256', () => {
    const signed = `${publicUrl}${path}`;
    expect(accepts(publicUrl, signed, 'Application/X-WWW-Form-Urlencoded; charset=utf-8').ok).toBe(
      true,
    );
    for (const type of [
      'application/x-www-form-urlencodedx',
      'x-application/x-www-form-urlencoded',
      'text/plain',
      'application/json',
    ])
      expect(accepts(publicUrl, signed, type)).toEqual({
        ok: false,
        reason: 'body_hash_mismatch',
      });
    // An empty body signs nothing beyond the URL: no hash needed.
    const empty = twilioSdk.getExpectedTwilioSignature(token, signed, {});
    expect(
      check(
        'twilio',
        [token],
        { 'content-type': 'application/json', 'x-twilio-signature': empty },
        '',
        path,
        publicUrl,
      ).ok,
    ).toBe(true);
  });
});

describe('ed25519 against discord-interactions verifyKey', () => {
  test('discord-interactions accepts what the recipe signs, and the vector', async () => {
    const verifier = verifierFor('ed25519');
    const key = verifier.testKey('discord oracle');
    const headers = verifier.sign(BODY, key.signWith);
    const raw = (await import('node:crypto'))
      .createPublicKey(key.verifyWith)
      .export({ format: 'der', type: 'spki' })
      .subarray(12)
      .toString('hex');
    expect(
      await verifyKey(BODY, headers['x-signature-ed25519'], headers['x-signature-timestamp'], raw),
    ).toBe(true);
    expect(check('ed25519', [raw], headers, BODY).ok).toBe(true);
    const vector = recipeNamed('ed25519')?.vectors[0];
    expect(
      await verifyKey(
        vector?.body ?? '',
        vector?.headers['x-signature-ed25519'] ?? '',
        vector?.headers['x-signature-timestamp'] ?? '',
        vector?.key ?? '',
      ),
    ).toBe(true);
  });
});

describe('ecdsa-p256 against @sendgrid/eventwebhook', () => {
  test('SendGrid accepts what the recipe signs with the base64 verification key', () => {
    const verifier = verifierFor('ecdsa-p256');
    const key = verifier.testKey('sendgrid oracle');
    const headers = verifier.sign(BODY, key.signWith);
    const ew = new EventWebhook();
    expect(
      ew.verifySignature(
        ew.convertPublicKeyToECDSA(key.verifyWith),
        BODY,
        headers['x-twilio-email-event-webhook-signature'],
        headers['x-twilio-email-event-webhook-timestamp'],
      ),
    ).toBe(true);
    expect(check('ecdsa-p256', [key.verifyWith], headers, BODY).ok).toBe(true);
  });
});
