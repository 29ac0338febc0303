/**
 * Issue 12, honest labels: an operation id that cannot be used as it is (a path, `__proto__`, a
 * reserved word) is renamed for the code and its handler file; the run says so, naming the
 * original and the result (an operation keyed `__proto__` crashes @asyncapi/parser itself, which
 * parser-crash.test labels). A plain case change (`on-payment` → `onPayment`) is not a rename.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright } from './helpers/cli';

test('renamed operation ids are warnings that name the original and the result', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-renames-'));
  const file = path.join(dir, 'asyncapi.yaml');
  const channel = (name: string) =>
    `  ${name}: { address: /${name}, messages: { m: { payload: { type: object } } } }`;
  writeFileSync(
    file,
    `asyncapi: 3.0.0
info: { title: Renames, version: 1.0.0 }
channels:
${['a', 'b', 'c', 'd'].map(channel).join('\n')}
operations:
  '../../evil': { action: receive, channel: { $ref: '#/channels/a' } }
  __init__: { action: receive, channel: { $ref: '#/channels/b' } }
  on-payment: { action: receive, channel: { $ref: '#/channels/c' } }
  class: { action: receive, channel: { $ref: '#/channels/d' } }
`,
  );
  const run = hookwright(['validate', file]);
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(
    /warning operation "\.\.\/\.\.\/evil" at .* is named "evil" in the code \(handler src\/handlers\/evil\.ts\)/,
  );
  expect(run.stderr).toMatch(/warning operation "__init__" at .* is named "init" in the code/);
  expect(run.stderr).toMatch(/warning operation "class" at .* is named "class_" in the code/);
  expect(run.stderr).not.toContain('"on-payment"');
});
