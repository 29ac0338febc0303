#!/usr/bin/env node
'use strict';
/**
 * Baseline (a): the least a Fastify webhook endpoint can do. One POST route that lets
 * Fastify parse the JSON body with its default parser and answers 200 {"ok":true}; no
 * signature check, no validation, no logging. Any real receiver on Fastify is slower than
 * this, so "receiver ÷ this" says how much of Fastify's speed the receiver keeps.
 *
 * Fastify comes from the generated receiver's node_modules (the same version it runs on):
 *   BENCH_RECEIVER_DIR=bench/.cache/receiver HOST=127.0.0.1 PORT=3001 node bench/baselines/fastify-bare.js
 */
const path = require('node:path');

const receiverDir = path.resolve(
  process.env.BENCH_RECEIVER_DIR ?? path.join(__dirname, '..', '.cache', 'receiver'),
);
const Fastify = require(require.resolve('fastify', { paths: [receiverDir] }));

const ROUTE = process.env.BENCH_ROUTE ?? '/conversation/message-inbound';
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3001);

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.post(ROUTE, async (request) => {
  // The body is parsed JSON here; a real handler would act on it.
  void request.body;
  return { ok: true };
});

app.listen({ host, port }).then(
  () =>
    console.log(
      `fastify-bare listening on http://${host}:${port}${ROUTE} (fastify ${require(require.resolve('fastify/package.json', { paths: [receiverDir] })).version})`,
    ),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => app.close());
