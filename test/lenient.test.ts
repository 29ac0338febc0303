/**
 * `--lenient` in the load stage: the parser's own `allowedSeverity` lets a document with
 * validation errors through, each error kept with where it is; syntax errors and `$ref`s
 * that do not resolve stay fatal with the same report as without the flag.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HookwrightError } from '../src/pipeline/errors';
import { LENIENT_HINT, load } from '../src/load';
import { plan } from '../src/plan';
import { repairType } from '../src/plan/schemas';

const fixture = (...parts: string[]) => path.join(__dirname, 'fixtures', ...parts);
const SLIPS = fixture('published', 'slips.yaml');

async function failure(file: string, lenient?: boolean): Promise<HookwrightError> {
  const error = await load(file, { lenient }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HookwrightError);
  return error as HookwrightError;
}

describe('load --lenient', () => {
  test('without it, the errors are listed and the hint names the flag and its risk', async () => {
    const error = await failure(SLIPS);
    expect(error.message).toMatch(/slips\.yaml is not a valid AsyncAPI document/);
    expect(error.problems.length).toBeGreaterThan(5);
    expect(error.hint).toBe(LENIENT_HINT);
    expect(error.hint).toMatch(/--lenient.*risk/);
  });

  test('with it, the document loads and every error is kept with file, line, column, path', async () => {
    const strict = await failure(SLIPS);
    const loaded = await load(SLIPS, { lenient: true });
    expect(loaded.problems).toEqual(strict.problems);
    expect(loaded.problems[0]).toMatchObject({
      message: 'Property "name" is not expected to be here',
      where: {
        file: SLIPS,
        line: 22,
        column: 15,
        path: 'channels["/callbacks/parcels"].publish.message.name',
      },
    });
    for (const problem of loaded.problems) {
      expect(problem.where).toEqual(
        expect.objectContaining({
          file: SLIPS,
          line: expect.any(Number) as number,
          column: expect.any(Number) as number,
          path: expect.any(String) as string,
        }),
      );
    }
  });

  test('a valid document has no problems, lenient or not', async () => {
    const sinch = path.join(__dirname, '..', 'spec', 'sinch-conversation-webhooks.yaml');
    expect((await load(sinch, { lenient: true })).problems).toEqual([]);
    expect((await load(sinch)).problems).toEqual([]);
  });

  test.each([
    ['a YAML syntax error', fixture('bad', 'syntax.yaml')],
    ['a JSON syntax error', fixture('bad', 'syntax.json')],
    ['a $ref to a missing file', fixture('bad', 'missing-ref.yaml')],
    ['a broken $ref inside a referenced file', fixture('bad', 'ref-in-other-file.yaml')],
    ['a $ref to a key with an unescaped /', fixture('published', 'bad', 'unescaped-ref.yaml')],
    ['not AsyncAPI', fixture('bad', 'not-asyncapi.yaml')],
    ['an unknown version', fixture('bad', 'unknown-version.yaml')],
  ])('%s stays fatal, with the same report as without the flag', async (_name, file) => {
    const strict = await failure(file);
    const lenient = await failure(file, true);
    expect(lenient.message).toBe(strict.message);
    expect(lenient.problems).toEqual(strict.problems);
    expect(lenient.hint).toBe(strict.hint);
    expect(strict.hint ?? '').not.toContain('--lenient');
  });

  test('an unescaped / in a $ref gets a hint about JSON pointers', async () => {
    const error = await failure(fixture('published', 'bad', 'unescaped-ref.yaml'), true);
    expect(error.hint).toMatch(/`~1`/);
  });
});

describe('plan of a leniently loaded document keeps what the invalid parts say', () => {
  test('a message with name, title and summary next to oneOf is still its oneOf messages', async () => {
    const ir = plan((await load(SLIPS, { lenient: true })).document);
    const parcel = ir.operations.find((op) => op.id === 'receiveParcelEvent');
    expect(parcel?.messages).toEqual(['ParcelDelivered', 'ParcelFailed']);
    expect(ir.messages.map((m) => [m.key, m.name])).toEqual([
      ['ParcelDelivered', 'parcel.delivered'],
      ['ParcelFailed', 'parcel.failed'],
      ['BatchReport', 'batch.report'],
    ]);
  });

  test('type "int" is read as "integer", with a warning', async () => {
    const ir = plan((await load(SLIPS, { lenient: true })).document);
    expect(ir.schemas.ParcelDelivered.schema.properties).toMatchObject({
      attempts: { type: 'integer', minimum: 1 },
    });
    expect(ir.warnings).toContain(
      'schema BatchReportPayload count: type "int" is read as "integer"',
    );
  });
});

describe('plan: documents as they are published', () => {
  const planYaml = async (yaml: string, lenient = false) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-published-plan-'));
    const file = path.join(dir, 'asyncapi.yaml');
    writeFileSync(file, yaml);
    return plan((await load(file, { lenient })).document);
  };

  test('the summary and name next to oneOf describe the operation and name its anonymous messages', async () => {
    const ir = await planYaml(
      `
asyncapi: 2.1.0
info: { title: T, version: '1' }
channels:
  /events:
    publish:
      operationId: onEvent
      message:
        name: orderEvent
        summary: An order event.
        oneOf:
          - payload: { type: object, properties: { created: { type: string } } }
          - payload: { type: object, properties: { paid: { type: string } } }
`,
      true,
    );
    expect(ir.operations[0].summary).toBe('An order event.');
    expect(ir.messages.map((m) => m.key)).toEqual(['OrderEvent1', 'OrderEvent2']);
  });

  test.each([
    ['int', 'integer'],
    ['Integer', 'integer'],
    ['double', 'number'],
    ['bool', 'boolean'],
    [
      ['String', 'null'],
      ['string', 'null'],
    ],
  ])('type %j is read as %j', (given, want) => {
    expect(repairType(given)).toEqual(want);
  });

  test('a type with no reading is left out, with a warning', async () => {
    const ir = await planYaml(
      `
asyncapi: 2.6.0
info: { title: T, version: '1' }
channels:
  /events:
    publish:
      operationId: onEvent
      message: { payload: { type: object, properties: { when: { type: timestampish } } } }
`,
      true,
    );
    const payload = ir.schemas.OnEventMessagePayload.schema;
    expect(payload.properties).toEqual({ when: {} });
    expect(ir.warnings).toContain(
      'schema OnEventMessagePayload when: type "timestampish" is not a JSON Schema type; it is left out (any value)',
    );
  });

  test('no servers: HTTP is assumed, and the plan says so', async () => {
    const ir = await planYaml(`
asyncapi: 2.6.0
info: { title: T, version: '1' }
channels:
  /events:
    publish: { operationId: onEvent, message: { payload: { type: object } } }
`);
    expect(ir.operations[0].http).toBe(true);
    expect(ir.warnings).toEqual([
      'the document declares no servers: hookwright assumed its webhooks are delivered over HTTP',
    ]);
  });

  test('an operation only on a Kafka server is skipped with its protocol', async () => {
    const ir = plan((await load(fixture('published', 'mixed-kafka.yaml'))).document);
    expect(ir.operations.map((op) => [op.id, op.http])).toEqual([
      ['onShipmentUpdated', true],
      ['onShipmentScanned', false],
    ]);
    expect(ir.skipped).toEqual([
      {
        what: 'operation onShipmentScanned',
        location: 'operations.onShipmentScanned',
        kind: 'non-http',
        protocols: ['kafka'],
        reason:
          'only reachable through broker (kafka), not HTTP: no route and no handler (its models are generated)',
      },
    ]);
    expect(ir.messages.map((m) => m.key)).toEqual(['ShipmentUpdated', 'ShipmentScanned']);
  });
});
