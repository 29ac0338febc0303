import path from 'node:path';
import { load } from '../src/load';
import { HookwrightError } from '../src/errors';
import { CORPUS } from './helpers/corpus';

const bad = (name: string) => path.join(__dirname, 'fixtures', 'bad', name);

describe('load: bad input is a HookwrightError that says what and where', () => {
  const cases: Array<
    [
      string,
      { file: string; message: RegExp; problemFile?: string; line?: number; jsonPath?: string },
    ]
  > = [
    ['missing file', { file: bad('does-not-exist.yaml'), message: /cannot read .*no such file/ }],
    ['a folder', { file: bad('refs'), message: /is a folder/ }],
    ['empty file', { file: bad('empty.yaml'), message: /is empty/, line: 1 }],
    ['whitespace only', { file: bad('blank.yaml'), message: /is empty/ }],
    ['YAML syntax error', { file: bad('syntax.yaml'), message: /not a valid AsyncAPI/, line: 4 }],
    ['JSON syntax error', { file: bad('syntax.json'), message: /not a valid AsyncAPI/, line: 2 }],
    ['not AsyncAPI', { file: bad('not-asyncapi.yaml'), message: /not a valid AsyncAPI/ }],
    ['unsupported version', { file: bad('unknown-version.yaml'), message: /not a valid AsyncAPI/ }],
    [
      'invalid document',
      {
        file: bad('invalid.yaml'),
        message: /not a valid AsyncAPI/,
        line: 11,
        jsonPath: 'channels["/hooks"].publish.message.payload.type',
      },
    ],
    [
      '$ref to a missing file',
      {
        file: bad('missing-ref.yaml'),
        message: /not a valid AsyncAPI/,
        line: 11,
        jsonPath: 'channels["/hooks"].publish.message.payload.$ref',
      },
    ],
    [
      'broken $ref inside a referenced file',
      {
        file: bad('ref-in-other-file.yaml'),
        message: /not a valid AsyncAPI/,
        problemFile: bad('refs/messages.yaml'),
        line: 4,
        jsonPath: 'Event.payload.$ref',
      },
    ],
  ];

  test.each(cases)('%s', async (_name, want) => {
    const error = await load(want.file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HookwrightError);
    const hw = error as HookwrightError;
    expect(hw.message).toMatch(want.message);
    if (want.line !== undefined || want.jsonPath !== undefined || want.problemFile !== undefined) {
      expect(hw.problems.length).toBeGreaterThan(0);
      const first = hw.problems[0];
      expect(first.where?.file).toBe(want.problemFile ?? want.file);
      if (want.line !== undefined) expect(first.where?.line).toBe(want.line);
      if (want.jsonPath !== undefined) expect(first.where?.path).toBe(want.jsonPath);
    }
  });

  test('schema errors are not drowned in repeats of the same error', async () => {
    const error = (await load(bad('invalid.yaml')).catch((e: unknown) => e)) as HookwrightError;
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].message).toMatch(
      /"type" property must be equal to one of the allowed values/,
    );
  });
});

describe('load: good input', () => {
  test('the Sinch spec loads, with the document as its only file', async () => {
    const loaded = await load(
      path.join(__dirname, '..', 'spec', 'sinch-conversation-webhooks.yaml'),
    );
    expect(loaded.document.version()).toBe('2.6.0');
    expect(loaded.files).toEqual([
      path.join(__dirname, '..', 'spec', 'sinch-conversation-webhooks.yaml'),
    ]);
  });

  CORPUS.test('a multi-file document lists every file it is made of', async () => {
    const corpus = CORPUS.resolve('asyncapi-2.6', 'social-media');
    const loaded = await load(path.join(corpus, 'backend', 'asyncapi.yaml'));
    expect(loaded.files.map((f) => path.relative(corpus, f))).toEqual([
      'backend/asyncapi.yaml',
      'common/messages.yaml',
      'common/schemas.yaml',
      'common/servers.yaml',
    ]);
  });
});
