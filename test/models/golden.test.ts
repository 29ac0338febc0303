/**
 * Golden test: the models of spec/sinch-conversation-webhooks.yaml, prettier-formatted,
 * against the committed files in test/golden/models/sinch/ (plus index.ts and the payload
 * types). `UPDATE_GOLDEN=1 npx jest test/models/golden.test.ts` rewrites the files that
 * differ and deletes the ones no longer produced, and then fails ("updated, review the
 * diff"): a run that changed the golden files never passes, so a rewrite cannot be
 * mistaken for a check. The comparisons are against the files as they were before.
 * What the models must say, independently of these files: sinch-expectations.test.ts.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { ReceiverIR } from '../../src/plan/ir';
import { load } from '../../src/load';
import { generateModels, type ModelsResult } from '../../src/models';
import { plan } from '../../src/plan';
import { compile, formatted } from './support';

const SPEC = path.resolve(__dirname, '..', '..', 'spec', 'sinch-conversation-webhooks.yaml');
const GOLDEN = path.resolve(__dirname, '..', 'golden', 'models', 'sinch');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let ir: ReceiverIR;
let result: ModelsResult;
let actual: Record<string, string>;
/** The golden folder as it was when the run started. */
let golden: Record<string, string>;
/** What update mode rewrote or deleted. */
const updated: string[] = [];

beforeAll(async () => {
  ir = plan((await load(SPEC)).document);
  result = await generateModels(ir);
  actual = await formatted(result);
  actual['payload-types.json'] = `${JSON.stringify(result.payloadTypes, null, 2)}\n`;
  golden = {};
  if (existsSync(GOLDEN))
    for (const name of readdirSync(GOLDEN))
      golden[name] = readFileSync(path.join(GOLDEN, name), 'utf8');
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    for (const stale of Object.keys(golden).filter((name) => !(name in actual))) {
      unlinkSync(path.join(GOLDEN, stale));
      updated.push(`deleted ${stale}`);
    }
    for (const [name, content] of Object.entries(actual)) {
      if (golden[name] === content) continue;
      writeFileSync(path.join(GOLDEN, name), content);
      updated.push(`${name in golden ? 'rewrote' : 'created'} ${name}`);
    }
  }
});

describe('Sinch models (golden)', () => {
  test('the same files as the golden folder', () => {
    expect(Object.keys(actual).sort()).toEqual(Object.keys(golden).sort());
  });

  test('every file matches its golden copy', () => {
    for (const [name, content] of Object.entries(actual)) {
      const want =
        golden[name] ??
        `<missing ${name}; run UPDATE_GOLDEN=1 npx jest test/models/golden.test.ts>`;
      expect({ name, content }).toEqual({ name, content: want });
    }
  });

  test('update mode does not pass in a run that changed the golden files', () => {
    if (updated.length > 0) {
      throw new Error(
        `golden files updated, review the diff (git diff test/golden) and run again:\n  ${updated.join('\n  ')}`,
      );
    }
  });

  test('one model per payload schema, plus the nested ones; each message has its payload type', () => {
    expect(Object.keys(ir.schemas)).toHaveLength(10);
    for (const key of Object.keys(ir.schemas))
      expect(result.files.map((f) => f.name)).toContain(key);
    expect(Object.keys(result.payloadTypes)).toEqual(ir.messages.map((m) => m.key));
    expect(result.warnings).toEqual([]);
  });

  test('deterministic: a second run is byte-identical', async () => {
    const again = await generateModels(plan((await load(SPEC)).document));
    expect(again).toEqual(result);
  });

  test('compiles under strict TypeScript', () => {
    expect(compile(result)).toEqual([]);
  });
});

describe('through load and plan: test/fixtures/models/tricky.yaml (AsyncAPI 2.6)', () => {
  test('allOf, shared enum, nullable, cycles, a string payload', async () => {
    const fixture = path.resolve(__dirname, '..', 'fixtures', 'models', 'tricky.yaml');
    const models = await generateModels(plan((await load(fixture)).document));
    const files = await formatted(models);
    expect(models.files.map((f) => f.name)).toEqual([
      'Money',
      'Order',
      'OrderLinesItem',
      'RefundPayload',
      'Status',
    ]);
    expect(models.payloadTypes).toEqual({ OrderPlaced: 'Order', Refund: 'RefundPayload' });
    expect(files['Order.ts']).toContain(
      ' * An order. Closing *\\/ here must not end the comment.\n */\nexport interface Order {',
    );
    expect(files['Order.ts']).toContain(
      '  id: string;\n  status?: Status;\n  previousStatus?: Status;\n  total?: Money;',
    );
    expect(files['Order.ts']).toContain(
      '  lines?: OrderLinesItem[];\n  attributes?: Record<string, string>;\n  parent?: Order;\n}',
    );
    expect(files['Money.ts']).toContain('  amount: number;\n  currency?: string | null;');
    expect(files['Status.ts']).toContain(
      "export type Status = 'open' | 'paid' | 'weird */ value';",
    );
    expect(files['RefundPayload.ts']).toContain('export type RefundPayload = string;');
    expect(compile(models)).toEqual([]);
  });
});
