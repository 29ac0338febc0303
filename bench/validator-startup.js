#!/usr/bin/env node
'use strict';
/**
 * The start-up cost of the generator's validator, for section 1 of the bench:
 *
 *   node bench/validator-startup.js ROOT
 *
 * loads the validator of the hookwright build in ROOT (Ajv with ajv-formats, in
 * `dist/schema/validate.js`; before the house refactor, the hand-written draft-07 check in
 * `dist/render/sample.js`) and checks one value against a schema with a `$ref` and formats,
 * as the generator's first sample check does. Exits 0 when the value validates, 2 when the
 * validator says it does not (so a broken validator cannot look fast).
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const file = ['dist/schema/validate.js', 'dist/render/sample.js']
  .map((relative) => path.join(root, relative))
  .find((candidate) => fs.existsSync(candidate));
if (file === undefined) {
  process.stderr.write(
    `${root}: no built validator (dist/schema/validate.js or dist/render/sample.js)\n`,
  );
  process.exit(1);
}
const { conforms } = require(file);
const defs = {
  Contact: {
    name: 'Contact',
    schema: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        email: { type: 'string', format: 'email' },
      },
    },
  },
};
const schema = {
  type: 'object',
  required: ['contact', 'at'],
  properties: { contact: { $ref: '#/$defs/Contact' }, at: { type: 'string', format: 'date-time' } },
};
const value = {
  contact: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', email: 'user@example.com' },
  at: '2024-01-15T09:30:00Z',
};
process.exit(conforms(value, schema, defs) ? 0 : 2);
