/**
 * Checks a document's text before the parser sees it, so that a small hostile document fails
 * in milliseconds with a clear error instead of exhausting memory or looping: its size, the
 * number of nodes it expands to (YAML aliases counted by what they expand to), its nesting
 * depth, and `$ref`s that only point at each other.
 */
import { HookwrightError, formatJsonPath } from '../pipeline/errors';
import { ANCHOR_REF, MAP, MAPPING, SEQ, readYaml, type AstNode } from './yaml';

export interface DocumentLimits {
  maxBytes: number;
  /** Nodes after aliases are expanded. */
  maxNodes: number;
  /**
   * Levels of objects and arrays nested in each other (aliases expanded). 800 by default: a
   * schema nested 400 deep through `properties` (two levels each), or 800 through `items`, both
   * of which @asyncapi/parser still reads (it runs out of stack at about 900 schema levels).
   */
  maxDepth: number;
  /** The JSON of one sample of the generated tests (see `render/samples/budget.ts`). */
  maxSampleBytes: number;
}

/** Defaults, each overridable by an environment variable (listed in the README). */
export function documentLimits(env: NodeJS.ProcessEnv = process.env): DocumentLimits {
  return {
    maxBytes: positive(env, 'HOOKWRIGHT_MAX_DOCUMENT_BYTES', 10 * 1024 * 1024),
    maxNodes: positive(env, 'HOOKWRIGHT_MAX_DOCUMENT_NODES', 1_000_000),
    maxDepth: positive(env, 'HOOKWRIGHT_MAX_DOCUMENT_DEPTH', 800),
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

/** What a node expands to: nodes (aliases counted by what they stand for) and levels of nesting. */
interface Size {
  nodes: number;
  /** Objects and arrays nested in it, itself included. */
  height: number;
  /** The child on its deepest path, to find where the depth limit is passed. */
  deepest?: AstNode;
}

/** The nodes under `node` that make it up: an alias's target, a mapping's key and value. */
function childrenOf(node: AstNode): Array<AstNode | null | undefined> {
  if (node.kind === MAP) return node.mappings ?? [];
  if (node.kind === SEQ) return node.items ?? [];
  if (node.kind === MAPPING) return [node.key, typeof node.value === 'object' ? node.value : null];
  if (node.kind === ANCHOR_REF) return [typeof node.value === 'object' ? node.value : null];
  return [];
}

/**
 * Throws a HookwrightError when `text` (YAML or JSON) is over any of `limits`; returns its
 * syntax tree (undefined for an empty document), which the checks after this one read.
 */
export function checkDocument(
  text: string,
  file: string,
  limits: DocumentLimits,
): AstNode | undefined {
  const bytes = Buffer.byteLength(text);
  const where = (offset = 0) => ({ file, ...lineAndColumn(text, offset) });
  if (bytes > limits.maxBytes) {
    throw new HookwrightError(`${file} is too large: ${bytes} bytes (limit ${limits.maxBytes})`, {
      problems: [{ message: `${bytes} bytes`, where: { file } }],
      hint: 'Raise HOOKWRIGHT_MAX_DOCUMENT_BYTES if the document is really this large.',
    });
  }
  let ast: AstNode | undefined;
  try {
    ast = readYaml(text);
  } catch (error) {
    if (!(error instanceof RangeError)) return undefined; // syntax errors are the parser's to report
    throw new HookwrightError(`${file} is nested too deeply to read`, {
      problems: [{ message: 'the YAML reader ran out of stack', where: where() }],
      hint: `Nesting is limited to ${limits.maxDepth} levels of objects and arrays (HOOKWRIGHT_MAX_DOCUMENT_DEPTH).`,
    });
  }
  if (!ast) return undefined;

  // Every node once, without recursion (a hostile document may be deeper than the stack), each
  // measured after its children; an alias is measured as what it stands for, once per target.
  const sizes = new Map<AstNode, Size>();
  const open = new Set<AstNode>();
  const stack: Array<{ node: AstNode; children: Array<AstNode | null | undefined>; next: number }> =
    [{ node: ast, children: childrenOf(ast), next: 0 }];
  open.add(ast);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      if (!child || typeof child !== 'object' || sizes.has(child)) continue;
      if (open.has(child))
        throw new HookwrightError(`${file} has a YAML alias inside what it names`, {
          problems: [
            {
              message: 'the alias would expand for ever',
              where: where(frame.node.startPosition),
            },
          ],
          hint: 'An alias (*name) cannot be used inside the node its anchor (&name) marks.',
        });
      open.add(child);
      stack.push({ node: child, children: childrenOf(child), next: 0 });
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    const { node } = frame;
    let size: Size;
    if (node.kind === ANCHOR_REF) {
      const target = frame.children[0];
      size = (target && sizes.get(target)) || { nodes: 1, height: 0 };
    } else {
      size = { nodes: 1, height: 0 };
      for (const child of frame.children) {
        const inner = (child && sizes.get(child)) || { nodes: 1, height: 0 };
        size.nodes += inner.nodes;
        if (child && (size.deepest === undefined || inner.height > size.height)) {
          size.height = inner.height;
          size.deepest = child;
        }
      }
      if (node.kind === MAP || node.kind === SEQ) size.height += 1;
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
    sizes.set(node, size);
  }

  const depth = sizes.get(ast)?.height ?? 0;
  if (depth > limits.maxDepth) {
    const { node, path } = levelAt(ast, limits.maxDepth + 1, sizes);
    throw new HookwrightError(
      `${file} is nested ${depth} levels deep (limit ${limits.maxDepth}, HOOKWRIGHT_MAX_DOCUMENT_DEPTH)`,
      {
        problems: [
          {
            message: `level ${limits.maxDepth + 1} of nesting is here`,
            where: { ...where(node.startPosition), path: shortPath(path) },
          },
        ],
        hint: `Each object and array is one level (a schema nested in \`properties\` takes two per schema). Raise HOOKWRIGHT_MAX_DOCUMENT_DEPTH (levels) if the nesting is intended.`,
      },
    );
  }
  return ast;
}

/** The object or array at `level` on the document's deepest path, and its JSON path. */
function levelAt(
  root: AstNode,
  level: number,
  sizes: Map<AstNode, Size>,
): { node: AstNode; path: Array<string | number> } {
  const path: Array<string | number> = [];
  let node = root;
  let levels = 0;
  for (;;) {
    if (node.kind === MAP || node.kind === SEQ) {
      levels++;
      if (levels >= level) return { node, path };
    }
    const next = sizes.get(node)?.deepest;
    if (!next) return { node, path };
    if (node.kind === SEQ) path.push((node.items ?? []).indexOf(next));
    if (node.kind === MAPPING && next === node.key) return { node, path };
    if (node.kind === MAP) {
      const key = next.key;
      path.push(key && typeof key.value === 'string' ? key.value : '?');
    }
    node = next;
  }
}

/** A JSON path for messages: the first and last segments of a long one, with the count between. */
function shortPath(path: Array<string | number>): string {
  const format = (segments: Array<string | number>) =>
    segments
      .map((segment) =>
        typeof segment === 'number' ? `[${segment}]` : `.${formatJsonPath([segment])}`,
      )
      .join('')
      .replace(/^\./, '')
      .replace(/\.\[/g, '[');
  if (path.length <= 12) return format(path);
  return `${format(path.slice(0, 6))}…(${path.length - 12} more)…${format(path.slice(-6)).replace(/^(?=[^[])/, '.')}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
