#!/usr/bin/env node
'use strict';
/**
 * Synthetic large AsyncAPI documents: N copies of a document's channels, operations,
 * messages and schemas, each copy with a numeric suffix and its `$ref`s rewritten to
 * point at the same copy.
 *
 *   node bench/scale-spec.js <factor> <out.yaml|out.json> [source spec]
 *
 * Copy 1 is the original, unchanged; copy k (2..factor) is renamed like this (k = 7):
 *
 *   channel     /conversation/message-inbound  → /conversation/message-inbound-7
 *   operationId receiveInboundMessage          → receiveInboundMessage7
 *   message     MessageInbound                 → MessageInbound7   (its `name` MESSAGE_INBOUND → MESSAGE_INBOUND_7)
 *   schema      MessageInboundPayload          → MessageInboundPayload7
 *
 * so a 10× document has exactly 10 times the routes, messages and models. Anything else
 * (servers, security schemes, parameters, ...) is shared by every copy. AsyncAPI 2.x
 * (channels keyed by address, publish/subscribe) and 3.x (channels and operations keyed
 * by id) are both handled.
 *
 * YAML in and out through `js-yaml` (present in hookwright's node_modules as a dependency
 * of @asyncapi/parser and Modelina); when it cannot be resolved, or the output name ends
 * in .json, the document is written as JSON, which AsyncAPI accepts as well.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_SPEC = path.join(ROOT, 'spec', 'sinch-conversation-webhooks.yaml');

/** js-yaml from hookwright's node_modules, or undefined. */
function loadYamlLibrary() {
  try {
    return require(require.resolve('js-yaml', { paths: [ROOT] }));
  } catch {
    return undefined;
  }
}

function readDocument(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (/\.json$/i.test(file)) return JSON.parse(text);
  const yaml = loadYamlLibrary();
  if (!yaml)
    throw new Error(`cannot read ${file}: js-yaml is not installed (convert it to JSON first)`);
  return yaml.load(text);
}

/** Writes YAML or JSON; returns the path actually written (.json when YAML is unavailable). */
function writeDocument(doc, file) {
  const yaml = loadYamlLibrary();
  let out = file;
  let text;
  if (/\.ya?ml$/i.test(file) && yaml) {
    text = yaml.dump(doc, { lineWidth: -1, noRefs: true });
  } else {
    if (!/\.json$/i.test(file)) out = file.replace(/(\.ya?ml)?$/i, '.json');
    text = `${JSON.stringify(doc, null, 2)}\n`;
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, text);
  return out;
}

const clone = (value) => JSON.parse(JSON.stringify(value));

/**
 * Rewrites every `$ref` inside `value` (in place) whose target is one of the renamed
 * definitions: `renames` maps a JSON-pointer prefix ("#/components/schemas/Foo") to its
 * copy's ("#/components/schemas/Foo7"). A ref to a sub-path of a renamed definition
 * ("#/components/schemas/Foo/properties/bar") is rewritten too.
 */
function rewriteRefs(value, renames) {
  if (Array.isArray(value)) {
    for (const item of value) rewriteRefs(item, renames);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      const hash = child.indexOf('#');
      if (hash < 0) continue; // a ref to another file: shared by every copy
      const file = child.slice(0, hash);
      const pointer = child.slice(hash);
      for (const [from, to] of renames) {
        if (pointer === from || pointer.startsWith(`${from}/`)) {
          value[key] = file + to + pointer.slice(from.length);
          break;
        }
      }
    } else {
      rewriteRefs(child, renames);
    }
  }
}

/** JSON-pointer escaping of one path segment ("/a/b" → "~1a~1b"). */
const escapePointer = (segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** `receiveInboundMessage` + 7; `MESSAGE_INBOUND` + _7 (names in upper snake case keep their style). */
const suffixName = (name, k) => (/^[A-Z0-9_]+$/.test(name) ? `${name}_${k}` : `${name}${k}`);

/** `/conversation/message-inbound` → `/conversation/message-inbound-7` (before a trailing slash or query). */
const suffixAddress = (address, k) => address.replace(/^(.*?)(\/?)$/, `$1-${k}$2`);

function scale(doc, factor) {
  if (!Number.isInteger(factor) || factor < 1)
    throw new Error(`factor must be a positive integer, not ${factor}`);
  const v3 = /^3\./.test(String(doc.asyncapi));
  const out = clone(doc);
  const components = out.components ?? {};
  const messages = components.messages ?? {};
  const schemas = components.schemas ?? {};
  const channels = out.channels ?? {};
  const operations = v3 ? (out.operations ?? {}) : {};

  const original = {
    channels: Object.entries(doc.channels ?? {}),
    operations: v3 ? Object.entries(doc.operations ?? {}) : [],
    messages: Object.entries(doc.components?.messages ?? {}),
    schemas: Object.entries(doc.components?.schemas ?? {}),
  };

  for (let k = 2; k <= factor; k++) {
    // Pointer prefix of every renamed definition → its copy's, for this copy.
    const renames = [];
    for (const [name] of original.messages)
      renames.push([
        `#/components/messages/${escapePointer(name)}`,
        `#/components/messages/${escapePointer(suffixName(name, k))}`,
      ]);
    for (const [name] of original.schemas)
      renames.push([
        `#/components/schemas/${escapePointer(name)}`,
        `#/components/schemas/${escapePointer(suffixName(name, k))}`,
      ]);
    if (v3) {
      for (const [id] of original.channels)
        renames.push([
          `#/channels/${escapePointer(id)}`,
          `#/channels/${escapePointer(suffixName(id, k))}`,
        ]);
      for (const [id] of original.operations)
        renames.push([
          `#/operations/${escapePointer(id)}`,
          `#/operations/${escapePointer(suffixName(id, k))}`,
        ]);
    }
    // Longest first, so that "Foo" does not capture a ref meant for "FooBar"'s copy.
    renames.sort((a, b) => b[0].length - a[0].length);

    for (const [name, schema] of original.schemas) {
      const copy = clone(schema);
      rewriteRefs(copy, renames);
      schemas[suffixName(name, k)] = copy;
    }
    for (const [name, message] of original.messages) {
      const copy = clone(message);
      if (typeof copy.name === 'string') copy.name = suffixName(copy.name, k);
      if (typeof copy.messageId === 'string') copy.messageId = suffixName(copy.messageId, k);
      if (typeof copy.title === 'string') copy.title = `${copy.title} ${k}`;
      rewriteRefs(copy, renames);
      messages[suffixName(name, k)] = copy;
    }
    for (const [key, channel] of original.channels) {
      const copy = clone(channel);
      rewriteRefs(copy, renames);
      if (v3) {
        if (typeof copy.address === 'string') copy.address = suffixAddress(copy.address, k);
        // Inline message keys of a 3.x channel are referenced by operations as #/channels/x/messages/y: kept.
        channels[suffixName(key, k)] = copy;
      } else {
        for (const op of [copy.publish, copy.subscribe]) {
          if (op && typeof op.operationId === 'string')
            op.operationId = suffixName(op.operationId, k);
        }
        channels[suffixAddress(key, k)] = copy;
      }
    }
    for (const [id, operation] of original.operations) {
      const copy = clone(operation);
      rewriteRefs(copy, renames);
      operations[suffixName(id, k)] = copy;
    }
  }

  if (Object.keys(messages).length) components.messages = messages;
  if (Object.keys(schemas).length) components.schemas = schemas;
  if (Object.keys(components).length) out.components = components;
  out.channels = channels;
  if (v3) out.operations = operations;
  if (out.info && typeof out.info.title === 'string' && factor > 1)
    out.info.title = `${out.info.title} (${factor}x)`;
  return out;
}

/** Scales `source` by `factor` into `outFile`; returns the path written and the counts. */
function scaleFile(factor, outFile, source = DEFAULT_SPEC) {
  const doc = scale(readDocument(source), factor);
  const written = writeDocument(doc, outFile);
  return {
    file: written,
    channels: Object.keys(doc.channels ?? {}).length,
    messages: Object.keys(doc.components?.messages ?? {}).length,
    schemas: Object.keys(doc.components?.schemas ?? {}).length,
  };
}

module.exports = { scale, scaleFile, readDocument, writeDocument, DEFAULT_SPEC };

if (require.main === module) {
  const [factorArg, outFile, source] = process.argv.slice(2);
  const factor = Number(factorArg);
  if (!outFile || !Number.isInteger(factor) || factor < 1) {
    console.error('usage: node bench/scale-spec.js <factor> <out.yaml|out.json> [source spec]');
    process.exitCode = 2;
  } else {
    const result = scaleFile(factor, outFile, source ?? DEFAULT_SPEC);
    console.log(
      `${result.file}: ${result.channels} channels, ${result.messages} messages, ${result.schemas} schemas`,
    );
  }
}
