/**
 * Checks a document's text before the parser sees it, so that a small hostile document fails
 * in milliseconds with a clear error instead of exhausting memory or looping: its size, the
 * number of nodes it expands to (YAML aliases counted by what they expand to), its nesting
 * depth, and `$ref`s that only point at each other.
 */
import { HookwrightError } from '../pipeline/errors';

export interface DocumentLimits {
  maxBytes: number;
  /** Nodes after aliases are expanded. */
  maxNodes: number;
  maxDepth: number;
  /** The JSON of one sample of the generated tests (see `render/samples/budget.ts`). */
  maxSampleBytes: number;
}

/** Defaults, each overridable by an environment variable (listed in the README). */
export function documentLimits(env: NodeJS.ProcessEnv = process.env): DocumentLimits {
  return {
    maxBytes: positive(env, 'HOOKWRIGHT_MAX_DOCUMENT_BYTES', 10 * 1024 * 1024),
    maxNodes: positive(env, 'HOOKWRIGHT_MAX_DOCUMENT_NODES', 1_000_000),
    maxDepth: positive(env, 'HOOKWRIGHT_MAX_DOCUMENT_DEPTH', 1_000),
    maxSampleBytes: positive(env, 'HOOKWRIGHT_MAX_SAMPLE_BYTES', 256 * 1024),
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new HookwrightError(`${name} must be a positive integer; got "${value}"`);
  }
  return parsed;
}

// Kinds of @stoplight/yaml-ast-parser's nodes.
const SCALAR = 0;
const MAPPING = 1;
const MAP = 2;
const SEQ = 3;
const ANCHOR_REF = 4;

interface AstNode {
  kind: number;
  startPosition: number;
  key?: AstNode;
  value?: AstNode | string | null;
  mappings?: (AstNode | null)[];
  items?: (AstNode | null)[];
}

interface Size {
  nodes: number;
  depth: number;
}

/** Throws a HookwrightError when `text` (YAML or JSON) is over any of `limits`. */
export function checkDocument(text: string, file: string, limits: DocumentLimits): void {
  const bytes = Buffer.byteLength(text);
  const where = (offset = 0) => ({ file, ...lineAndColumn(text, offset) });
  if (bytes > limits.maxBytes) {
    throw new HookwrightError(`${file} is too large: ${bytes} bytes (limit ${limits.maxBytes})`, {
      problems: [{ message: `${bytes} bytes`, where: { file } }],
      hint: 'Raise HOOKWRIGHT_MAX_DOCUMENT_BYTES if the document is really this large.',
    });
  }
  const { load } = require('@stoplight/yaml-ast-parser') as { load: (text: string) => unknown };
  let ast: AstNode | undefined;
  try {
    ast = load(text) as AstNode | undefined;
  } catch (error) {
    if (!(error instanceof RangeError)) return; // syntax errors are the parser's to report
    throw new HookwrightError(`${file} is nested too deeply to read`, {
      problems: [{ message: 'the YAML reader ran out of stack', where: where() }],
      hint: `Nesting is limited to ${limits.maxDepth} levels (HOOKWRIGHT_MAX_DOCUMENT_DEPTH).`,
    });
  }
  if (!ast) return;

  const expanded = new Map<AstNode, Size>();
  const measure = (node: AstNode | null | undefined, depth: number): Size => {
    if (!node || typeof node !== 'object') return { nodes: 1, depth: 0 };
    if (depth > limits.maxDepth) {
      throw new HookwrightError(`${file} is nested more than ${limits.maxDepth} levels deep`, {
        problems: [
          { message: `more than ${limits.maxDepth} levels`, where: where(node.startPosition) },
        ],
        hint: 'Raise HOOKWRIGHT_MAX_DOCUMENT_DEPTH if the nesting is intended.',
      });
    }
    const known = expanded.get(node);
    if (known) return known;
    let size: Size = { nodes: 1, depth: 0 };
    const add = (child: AstNode | null | undefined) => {
      const inner = measure(child, depth + 1);
      size = { nodes: size.nodes + inner.nodes, depth: Math.max(size.depth, inner.depth + 1) };
    };
    if (node.kind === MAP) for (const m of node.mappings ?? []) add(m);
    else if (node.kind === SEQ) for (const item of node.items ?? []) add(item);
    else if (node.kind === MAPPING) {
      add(node.key);
      add(typeof node.value === 'object' ? node.value : null);
    } else if (node.kind === ANCHOR_REF) {
      // An alias stands for a whole copy of what it names: count it at that size, once per use.
      const target = typeof node.value === 'object' ? node.value : null;
      const inner = measure(target, depth);
      size = { nodes: inner.nodes, depth: inner.depth };
    } else if (node.kind !== SCALAR) size = { nodes: 1, depth: 0 };
    if (depth + size.depth > limits.maxDepth) {
      throw new HookwrightError(`${file} is nested more than ${limits.maxDepth} levels deep`, {
        problems: [{ message: 'once its aliases are expanded', where: where(node.startPosition) }],
        hint: 'Raise HOOKWRIGHT_MAX_DOCUMENT_DEPTH if the nesting is intended.',
      });
    }
    if (size.nodes > limits.maxNodes) {
      throw new HookwrightError(
        `${file} expands to more than ${limits.maxNodes} nodes (YAML aliases counted by what they expand to)`,
        {
          problems: [
            {
              message: 'an alias bomb, or a very large document',
              where: where(node.startPosition),
            },
          ],
          hint: 'Remove the repeated aliases, or raise HOOKWRIGHT_MAX_DOCUMENT_NODES if the document is really this large.',
        },
      );
    }
    expanded.set(node, size);
    return size;
  };
  measure(ast, 0);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
