/**
 * A document's text read once, as @stoplight/yaml-ast-parser's syntax tree (YAML, and JSON,
 * which is YAML): the document limits measure that tree, and the `$ref`s are read from it,
 * so that no check before the parse builds the document's values a second time.
 */
import type { YAMLScalar } from '@stoplight/yaml-ast-parser';
import { encodePointerToken } from '../schema/ref';

type AstParser = typeof import('@stoplight/yaml-ast-parser');

/** Kinds of nodes (the parser's `Kind` enum; 0 is a scalar, which holds no other node). */
export const SCALAR = 0;
export const MAPPING = 1;
export const MAP = 2;
export const SEQ = 3;
export const ANCHOR_REF = 4;

/** The parts of a node that hookwright reads. */
export interface AstNode {
  kind: number;
  startPosition: number;
  key?: AstNode;
  value?: AstNode | string | null;
  mappings?: (AstNode | null)[];
  items?: (AstNode | null)[];
}

/** Loaded on first use: the checks of a document that is never read do not pay for it. */
const astParser = (): AstParser => require('@stoplight/yaml-ast-parser') as AstParser;

/** The syntax tree of `text`; syntax errors are left in it, for the parser to report. */
export function readYaml(text: string): AstNode | undefined {
  const ast: AstNode | undefined = astParser().load(text);
  return ast;
}

/** A `$ref` of a document: where its object is, what it says, and whether it is alone there. */
export interface RefSite {
  /** JSON pointer of the object that holds the `$ref` (`''` for the document itself). */
  pointer: string;
  ref: string;
  /** The object has no other key (a "pure" `$ref`, which only names another place). */
  only: boolean;
}

/**
 * Every string `$ref` of the tree, in document order, read as the checks' YAML reader reads
 * values (@stoplight/yaml: keys as strings of their scalar values, the last of duplicate keys
 * wins, `<<` an ordinary key). Unlike the keys of a JavaScript object, numeric keys keep their
 * place in the document. An alias is walked at each place it is used, as the value it
 * stands for, so a `$ref` it carries is found at every pointer it appears at; the tree must
 * have passed `checkDocument`, which bounds what aliases expand to and refuses an alias inside
 * its own anchor.
 */
export function refsIn(ast: AstNode | undefined): RefSite[] {
  const out: RefSite[] = [];
  if (!ast) return out;
  const parser = astParser();
  const scalar = (node: AstNode): unknown => scalarValue(parser, node);
  // Pre-order without recursion (the tree may be as deep as the depth limit allows).
  const stack: Array<[AstNode, string]> = [[ast, '']];
  while (stack.length > 0) {
    const [at, pointer] = stack.pop() as [AstNode, string];
    const node = target(at);
    if (!node) continue;
    const children: Array<[AstNode, string]> = [];
    if (node.kind === MAP) {
      const entries = new Map<string, AstNode | null>();
      for (const mapping of node.mappings ?? []) {
        if (!mapping?.key || mapping.key.kind !== SCALAR) continue; // not a key JSON can have
        const value = typeof mapping.value === 'object' ? mapping.value : null;
        const key = String(scalar(mapping.key));
        entries.set(key, value); // the last of duplicate keys wins, in the first one's place
      }
      const refNode = target(entries.get('$ref') ?? null);
      const ref = refNode?.kind === SCALAR ? scalar(refNode) : undefined;
      if (typeof ref === 'string') {
        out.push({ pointer, ref, only: entries.size === 1 });
        if (entries.size === 1) continue;
      }
      for (const [key, value] of entries) {
        if (value) children.push([value, `${pointer}/${encodePointerToken(key)}`]);
      }
    } else if (node.kind === SEQ) {
      (node.items ?? []).forEach((item, index) => {
        if (item) children.push([item, `${pointer}/${index}`]);
      });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/** What a node stands for: an alias's target, or the node itself. */
function target(node: AstNode | null | undefined): AstNode | undefined {
  let at = node ?? undefined;
  while (at?.kind === ANCHOR_REF)
    at = typeof at.value === 'object' ? (at.value ?? undefined) : undefined;
  return at;
}

/** A scalar's value as @stoplight/yaml gives it (null, string, boolean, number). */
function scalarValue(parser: AstParser, node: AstNode): unknown {
  const scalar = node as unknown as YAMLScalar;
  const text = String(scalar.value);
  switch (parser.determineScalarType(scalar)) {
    case parser.ScalarType.null:
      return null;
    case parser.ScalarType.bool:
      return parser.parseYamlBoolean(text);
    case parser.ScalarType.int:
      return Number(parser.parseYamlBigInteger(text));
    case parser.ScalarType.float:
      return parser.parseYamlFloat(text);
    default:
      return text;
  }
}
