/**
 * Property tests: whatever a document contains, names become valid, unique, stable
 * identifiers, and text stays inside the comment or string literal it is put in.
 */
import fc from 'fast-check';
import ts from 'typescript';
import { NameScope, camelCase, pascalCase } from '../src/plan/naming';
import { commentLine, commentLines, markdownInline, stringLiteral } from '../src/render/text';

/** Any text, biased towards what breaks generated code. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '*/',
        '/*',
        '`',
        '${',
        '}',
        "'",
        '"',
        '\\',
        '\n',
        '\r',
        '\u2028',
        '\u2029',
        '</script>',
        '-->',
        '|',
        'a',
        ' ',
        '0',
        '__proto__',
        'class',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);

function statements(code: string): readonly ts.Statement[] {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  if (diagnostics.length > 0) throw new Error(`does not parse: ${JSON.stringify(code)}`);
  return file.statements;
}

const RESERVED = new Set([
  'class',
  'default',
  'delete',
  'new',
  'function',
  'return',
  'this',
  'null',
  'true',
  'false',
  'enum',
  'export',
  'import',
  'typeof',
  'void',
  'in',
  'instanceof',
]);

test('pascalCase and camelCase always give a valid, non-reserved identifier, the same every time', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      for (const name of [pascalCase(text), camelCase(text)]) {
        expect(name).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
        expect(RESERVED.has(name)).toBe(false);
        const [statement] = statements(`const ${name} = 1;`);
        expect(ts.isVariableStatement(statement)).toBe(true);
      }
      expect(pascalCase(text)).toBe(pascalCase(text));
      expect(camelCase(text)).toBe(camelCase(text));
    }),
    { numRuns: 500 },
  );
});

test('NameScope hands out unique names (case-insensitively), deterministically', () => {
  fc.assert(
    fc.property(
      fc.array(
        hostileText.map((t) => pascalCase(t)),
        { maxLength: 30 },
      ),
      (wanted) => {
        const claim = () => {
          const scope = new NameScope();
          return wanted.map((w) => scope.claim(w).name);
        };
        const names = claim();
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
        expect(claim()).toEqual(names);
      },
    ),
    { numRuns: 300 },
  );
});

test('a string literal holds exactly the text, and nothing else', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      const [statement] = statements(`const x = ${stringLiteral(text)};`);
      const init = (statement as ts.VariableStatement).declarationList.declarations[0].initializer;
      expect(init && ts.isStringLiteral(init)).toBe(true);
      expect((init as ts.StringLiteral).text).toBe(text);
    }),
    { numRuns: 500 },
  );
});

test('text in a block comment or a line comment cannot end it early', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      const block = `/**\n${commentLines(text)
        .map((l) => ` * ${l}`)
        .join('\n')}\n */\nconst x = 1;`;
      expect(statements(block)).toHaveLength(1);
      const line = `// ${commentLine(text)}\nconst x = 1;`;
      expect(statements(line)).toHaveLength(1);
      const jsdoc = `/** ${commentLine(text)} */\nconst x = 1;`;
      expect(statements(jsdoc)).toHaveLength(1);
    }),
    { numRuns: 500 },
  );
});

/**
 * Reads a Markdown cell the way Markdown does: a backslash escapes the next character.
 * Returns the text it shows, or where an unescaped `|` or `<` (or a dangling backslash)
 * would break out of the cell.
 */
function readCell(cell: string): { text: string } | { breaksAt: number } {
  let text = '';
  for (let i = 0; i < cell.length; i += 1) {
    const ch = cell[i];
    if (ch === '\\') {
      if (i + 1 === cell.length) return { breaksAt: i };
      text += cell[i + 1];
      i += 1;
    } else if (ch === '|' || ch === '<') return { breaksAt: i };
    else text += ch;
  }
  return { text };
}

test('readCell sees an escaped backslash followed by a bare pipe as a break', () => {
  expect(readCell('a \\| b')).toEqual({ text: 'a | b' });
  expect(readCell('a \\\\| b')).toEqual({ breaksAt: 4 });
  expect(readCell('a \\')).toEqual({ breaksAt: 2 });
});

test('text in a Markdown table cell stays on one line and in its cell, and reads back as itself', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      const cell = markdownInline(text);
      expect(cell).not.toMatch(/[\n\r\u2028\u2029]/);
      // One line, whitespace collapsed: otherwise exactly the text, every character escaped
      // that needs it (a lost backslash escape leaves a bare `|` or `<` behind).
      const shown = text
        .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      expect(readCell(cell)).toEqual({ text: shown });
    }),
    { numRuns: 500 },
  );
});
