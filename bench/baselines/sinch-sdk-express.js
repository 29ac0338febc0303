#!/usr/bin/env node
'use strict';
/**
 * Baseline (b): a Conversation API webhook receiver written the way Sinch's own Node.js SDK
 * example does it (sinch-sdk-node, examples/webhooks: Nest.js on Express; Nest is left out):
 *
 *   - body-parser's JSON parser (express.json) with a `verify` hook that keeps the raw body
 *     as a string,
 *   - per request, `new ConversationCallbackWebhooks(secret)` from @sinch/sdk-core and
 *     `validateAuthenticationHeader(headers, rawBody, path, method)`, which recomputes
 *     base64(HMAC-SHA256(secret, body.nonce.timestamp)) and compares it with `===`
 *     (no timestamp window, no replay check, no payload validation),
 *   - `parseEvent(body)` to revive the event, then the (empty) handler, then 200 {"ok":true}.
 *
 * When @sinch/sdk-core cannot be loaded the same steps are done by the few lines below that
 * copy what the SDK's validateWebhookSignature does, and the server says so on start-up:
 * the row is then labelled "Sinch SDK style" rather than "Sinch SDK".
 *
 *   BENCH_TOOLS_DIR=bench/.cache/tools WEBHOOK_SECRET=s HOST=127.0.0.1 PORT=3002 node bench/baselines/sinch-sdk-express.js
 */
const crypto = require('node:crypto');
const path = require('node:path');

const toolsDir = path.resolve(
  process.env.BENCH_TOOLS_DIR ?? path.join(__dirname, '..', '.cache', 'tools'),
);
const fromTools = (name) => require(require.resolve(name, { paths: [toolsDir] }));
const express = fromTools('express');

const ROUTE = process.env.BENCH_ROUTE ?? '/conversation/message-inbound';
const SECRET = process.env.WEBHOOK_SECRET ?? '';
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3002);

/** The SDK's class, or a stand-in that does what the SDK does. */
function webhooksClass() {
  if (process.env.BENCH_SINCH_IMPL !== 'style') {
    try {
      const { ConversationCallbackWebhooks } = fromTools('@sinch/sdk-core');
      const version = fromTools('@sinch/sdk-core/package.json').version;
      return {
        Webhooks: ConversationCallbackWebhooks,
        label: `@sinch/sdk-core ${version} ConversationCallbackWebhooks`,
      };
    } catch {
      // fall through to the stand-in
    }
  }
  class SinchStyleWebhooks {
    constructor(secret) {
      this.secret = secret;
    }
    validateAuthenticationHeader(headers, body) {
      const lower = Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const text = typeof body === 'object' && body !== null ? JSON.stringify(body) : body;
      const signed = `${text}.${lower['x-sinch-webhook-signature-nonce']}.${lower['x-sinch-webhook-signature-timestamp']}`;
      return (
        lower['x-sinch-webhook-signature'] ===
        crypto.createHmac('sha256', this.secret).update(signed).digest('base64')
      );
    }
    parseEvent(body) {
      return typeof body === 'string' ? JSON.parse(body) : { ...body };
    }
  }
  return {
    Webhooks: SinchStyleWebhooks,
    label: 'Sinch SDK style (stand-in: @sinch/sdk-core not loadable)',
  };
}

const { Webhooks, label } = webhooksClass();
const app = express();
app.use(
  express.json({
    verify: (req, _res, buf, encoding) => {
      if (buf && buf.length) req.rawBody = buf.toString(encoding || 'utf8');
    },
  }),
);
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.post(ROUTE, (req, res) => {
  const webhooks = new Webhooks(SECRET);
  if (!webhooks.validateAuthenticationHeader(req.headers, req.rawBody, req.path, req.method)) {
    res.status(401).send('Invalid signature');
    return;
  }
  try {
    const event = webhooks.parseEvent(req.body);
    void event; // the handler: nothing to do in a benchmark
    res.status(200).json({ ok: true });
  } catch (error) {
    console.error(error);
    res.status(500).send();
  }
});

const server = app.listen(port, host, () =>
  console.log(
    `sinch-sdk-express listening on http://${host}:${port}${ROUTE} (validator: ${label})`,
  ),
);
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close());
