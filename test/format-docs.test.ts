import { format, oneLineDocs } from '../src/format';

describe('one-line JSDoc', () => {
  test('a block of one line of text becomes one line, at any indentation', () => {
    expect(
      oneLineDocs(
        '/**\n * The app\n */\nexport interface A {\n  /**\n   * The id\n   */\n  id: string;\n}\n',
      ),
    ).toBe('/** The app */\nexport interface A {\n  /** The id */\n  id: string;\n}\n');
  });

  test('blocks of several lines, and a line that would not fit, stay as they are', () => {
    const several = '/**\n * One\n * two\n */\nconst a = 1;\n';
    expect(oneLineDocs(several)).toBe(several);
    const long = `  /**\n   * ${'x'.repeat(92)}\n   */\n  b: string;\n`;
    expect(oneLineDocs(long)).toBe(long);
    const fits = `  /**\n   * ${'x'.repeat(91)}\n   */\n  b: string;\n`;
    expect(oneLineDocs(fits)).toBe(`  /** ${'x'.repeat(91)} */\n  b: string;\n`);
  });

  test('the format stage writes them so, and prettier keeps them', async () => {
    const [file] = await format([
      {
        path: 'src/generated/models/A.ts',
        content: 'interface A {\n/**\n * The id\n */\nid: string }\nexport type { A };\n',
        ownership: 'generated',
      },
    ]);
    expect(file.content).toBe(
      'interface A {\n  /** The id */\n  id: string;\n}\nexport type { A };\n',
    );
    const [again] = await format([file]);
    expect(again.content).toBe(file.content);
  });
});
