/**
 * `refsIn` reads a document's `$ref`s from the syntax tree the limits check already built. It
 * must find what a walk of the document's values finds (values as @stoplight/yaml builds them,
 * which is how the checks read documents before): the same `$ref`s at the same pointers, with
 * the same "alone in its object", in document order (where a JavaScript object puts numeric
 * keys first).
 */
import fc from 'fast-check';
import { parse } from '@stoplight/yaml';
import { readYaml, refsIn, type RefSite } from '../src/load/yaml';

/** The `$ref`s of a document's values: the walk `refsIn` replaces. */
function refsOfValues(text: string): RefSite[] {
  const out: RefSite[] = [];
  const walk = (node: unknown, pointer: string) => {
    if (typeof node !== 'object' || node === null) return;
    const keys = Object.keys(node);
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === 'string') {
      out.push({ pointer, ref, only: keys.length === 1 });
      if (keys.length === 1) return;
    }
    for (const k of keys)
      walk(
        (node as Record<string, unknown>)[k],
        `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      );
  };
  walk(parse(text), '');
  return out;
}

const refs = (text: string) => refsIn(readYaml(text));
const sorted = (sites: RefSite[]) =>
  [...sites].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));

describe('refsIn', () => {
  it.each<[string, string, RefSite[]]>([
    ['an empty document', '', []],
    ['a scalar document', 'just text', []],
    [
      'a pure $ref and one beside other keys',
      'a:\n  $ref: "#/b"\nb:\n  $ref: other.yaml#/x\n  description: d\n  c: {$ref: "#/a"}\n',
      [
        { pointer: '/a', ref: '#/b', only: true },
        { pointer: '/b', ref: 'other.yaml#/x', only: false },
        { pointer: '/b/c', ref: '#/a', only: true },
      ],
    ],
    ['a $ref that is not a string', 'a: {$ref: 5}\nb: {$ref: true}\nc: {$ref: null}\n', []],
    ['a quoted number is a string', "a: {$ref: '5'}\n", [{ pointer: '/a', ref: '5', only: true }]],
    [
      'keys that need escaping, and numeric keys',
      'paths:\n  /a~b:\n    $ref: "#/x"\n  200:\n    $ref: "#/y"\n',
      [
        { pointer: '/paths/~1a~0b', ref: '#/x', only: true },
        { pointer: '/paths/200', ref: '#/y', only: true },
      ],
    ],
    [
      'items of sequences',
      'list:\n  - {$ref: "#/a"}\n  - plain\n  - [{$ref: "#/b"}]\n',
      [
        { pointer: '/list/0', ref: '#/a', only: true },
        { pointer: '/list/2/0', ref: '#/b', only: true },
      ],
    ],
    [
      'an alias is found at every place it is used',
      'a: &x {$ref: "#/b"}\nb: *x\nc: [*x]\n',
      [
        { pointer: '/a', ref: '#/b', only: true },
        { pointer: '/b', ref: '#/b', only: true },
        { pointer: '/c/0', ref: '#/b', only: true },
      ],
    ],
    [
      'a $ref written as an alias of a string',
      'x: &t "#/y"\na: {$ref: *t}\n',
      [{ pointer: '/a', ref: '#/y', only: true }],
    ],
    [
      'the last of duplicate keys wins',
      'a:\n  $ref: "#/first"\n  $ref: "#/second"\n',
      [{ pointer: '/a', ref: '#/second', only: true }],
    ],
    [
      'a merge key is an ordinary key',
      'base: &b {$ref: "#/x"}\nuse:\n  <<: *b\n  more: 1\n',
      [
        { pointer: '/base', ref: '#/x', only: true },
        { pointer: '/use/<<', ref: '#/x', only: true },
      ],
    ],
    [
      'JSON',
      '{"a": {"$ref": "#/b", "x": [{"$ref": "c.json"}]}}',
      [
        { pointer: '/a', ref: '#/b', only: false },
        { pointer: '/a/x/0', ref: 'c.json', only: true },
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(sorted(refsOfValues(text))).toEqual(sorted(expected));
    expect(refs(text)).toEqual(expected);
  });

  // Any document of objects, arrays and scalars, with `$ref`s among its keys.
  const key = fc.oneof(
    fc.constantFrom('$ref', 'a', 'b/c', 'd~e', '200', 'true', 'null', ' spaced ', '<<'),
    fc.string({ maxLength: 4 }),
  );
  const scalar = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('#/a', 'other.yaml#/b', './x.yaml', '5', 'true', 'null', '1e3', '~'),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  }));

  it('finds what a walk of the values finds, in JSON and in YAML block style', () => {
    fc.assert(
      fc.property(value, (doc) => {
        const json = JSON.stringify(doc);
        expect(sorted(refs(json))).toEqual(sorted(refsOfValues(json)));
        const yaml = toYaml(doc, '');
        expect(sorted(refs(yaml))).toEqual(sorted(refsOfValues(yaml)));
      }),
      { numRuns: 400 },
    );
  });
});

/** Block-style YAML with every key and string double-quoted (JSON strings are YAML's). */
function toYaml(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => `\n${indent}- ${toYaml(item, `${indent}  `).trimStart()}`).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return entries
      .map(([k, v]) => `\n${indent}${JSON.stringify(k)}: ${toYaml(v, `${indent}  `)}`)
      .join('');
  }
  return JSON.stringify(value);
}
