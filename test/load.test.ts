import path from 'node:path';
import { load } from '../src/load';
import { HookwrightError, type Where } from '../src/pipeline/errors';
import { CORPUS } from './helpers/corpus';

const bad = (name: string) => path.join(__dirname, 'fixtures', 'bad', name);
const at = (name: string, line: number, column: number, jsonPath?: string): Where => ({
  file: bad(name),
  line,
  column,
  ...(jsonPath === undefined ? {} : { path: jsonPath }),
});

describe('load: bad input is a HookwrightError that says what and where', () => {
  // `where` is the first problem's location; a folder has no line to point at, so its
  // location is the path in the message.
  const cases: Array<[string, { file: string; message: RegExp; where: Where | 'in the message' }]> =
    [
      [
        'missing file',
        {
          file: bad('does-not-exist.yaml'),
          message: /cannot read .*no such file/,
          where: { file: bad('does-not-exist.yaml') },
        },
      ],
      ['a folder', { file: bad('refs'), message: /is a folder/, where: 'in the message' }],
      [
        'empty file',
        { file: bad('empty.yaml'), message: /is empty/, where: at('empty.yaml', 1, 1) },
      ],
      [
        'whitespace only',
        { file: bad('blank.yaml'), message: /is empty/, where: at('blank.yaml', 1, 1) },
      ],
      [
        'YAML syntax error',
        {
          file: bad('syntax.yaml'),
          message: /not a valid AsyncAPI/,
          where: at('syntax.yaml', 4, 2),
        },
      ],
      [
        'JSON syntax error',
        {
          file: bad('syntax.json'),
          message: /not a valid AsyncAPI/,
          where: at('syntax.json', 2, 1),
        },
      ],
      [
        'not AsyncAPI',
        {
          file: bad('not-asyncapi.yaml'),
          message: /not a valid AsyncAPI/,
          where: at('not-asyncapi.yaml', 1, 1),
        },
      ],
      [
        'unsupported version',
        {
          file: bad('unknown-version.yaml'),
          message: /not a valid AsyncAPI/,
          where: at('unknown-version.yaml', 1, 1),
        },
      ],
      [
        'invalid document',
        {
          file: bad('invalid.yaml'),
          message: /not a valid AsyncAPI/,
          where: at('invalid.yaml', 11, 17, 'channels["/hooks"].publish.message.payload.type'),
        },
      ],
      [
        '$ref to a missing file',
        {
          file: bad('missing-ref.yaml'),
          message: /not a valid AsyncAPI/,
          where: at('missing-ref.yaml', 11, 17, 'channels["/hooks"].publish.message.payload.$ref'),
        },
      ],
      [
        'broken $ref inside a referenced file',
        {
          file: bad('ref-in-other-file.yaml'),
          message: /not a valid AsyncAPI/,
          where: at('refs/messages.yaml', 4, 11, 'Event.payload.$ref'),
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
    if (want.where === 'in the message') {
      expect(hw.message).toContain(want.file);
      expect(hw.problems).toEqual([]);
    } else {
      expect(hw.problems[0]?.where).toEqual(want.where);
      expect(hw.message).toContain(path.basename(want.file));
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
    // Its services share schemas in a sibling folder: the corpus folder is the $ref root.
    const loaded = await load(path.join(corpus, 'backend', 'asyncapi.yaml'), { refRoot: corpus });
    expect(loaded.files.map((f) => path.relative(corpus, f))).toEqual([
      'backend/asyncapi.yaml',
      'common/messages.yaml',
      'common/schemas.yaml',
      'common/servers.yaml',
    ]);
  });
});
