/**
 * Which prettier parser prints each file: `babel-ts` for generated TypeScript (fast; the corpus
 * test checks its print against the `typescript` parser's), the `typescript` parser for code
 * Babel cannot read and for every file rendered from a user's template override.
 */
import * as prettier from 'prettier/standalone';
import { formatHere } from '../src/format';

jest.mock('prettier/standalone', () => {
  const actual = jest.requireActual<typeof prettier>('prettier/standalone');
  return { ...actual, format: jest.fn(actual.format) };
});
const format = jest.mocked(prettier.format);

const parsersUsed = async (
  content: string,
  overrides: Record<string, string> = {},
): Promise<string[]> => {
  format.mockClear();
  await formatHere([{ path: 'src/x.ts', content, ownership: 'generated' }], {
    preformatted: [],
    batch: [],
    overrides,
  }).catch(() => undefined); // the code that does not parse
  return format.mock.calls.map(([, options]) => `${options?.parser as string}`);
};

test.each<[string, string, Record<string, string>, string[]]>([
  ['generated TypeScript', 'export const a = 1;\n', {}, ['babel-ts']],
  [
    'a file from an override',
    'export const a = 1;\n',
    { 'src/x.ts': 'templates/src/x.ts.hbs' },
    ['typescript'],
  ],
  ['code that does not parse', 'export const = ;\n', {}, ['babel-ts', 'typescript']],
])('%s', async (_name, content, overrides, expected) => {
  expect(await parsersUsed(content, overrides)).toEqual(expected);
});
