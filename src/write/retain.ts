/**
 * Removed operations whose handler the user edited: the handler file stays (it is theirs), and
 * so does the typing it needs, marked deprecated, so that the project still compiles. Nothing
 * routes to it any more. The typing is taken from the project as the previous run left it:
 * the handler type from `src/generated/handlers.ts`, and the model files that type reaches
 * from `src/generated/models/`.
 *
 * A removed operation whose handler is exactly as it was scaffolded (the manifest has the
 * scaffold's hash) is not retained: the write stage deletes its handler, and no user line is lost.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReceiverIR } from '../plan/ir';
import { pascalCase } from '../plan/naming';
import { hash, type Manifest } from './manifest';

/** A removed operation kept for its edited handler. */
export interface DeprecatedOperation {
  /** Operation name (the handler file is `src/handlers/<name>.ts`). */
  name: string;
  /** `ReceiveOptOutHandler`. */
  handlerType: string;
  /** The type as the previous run declared it: `Handler<OptEventPayload>`. */
  declaration: string;
  /** Model types the declaration names. */
  models: string[];
}

export interface Retained {
  operations: DeprecatedOperation[];
  /** Model files (`X.ts` in `src/generated/models/`) those types reach, as the previous run wrote them, without the header. */
  models: Array<{ fileName: string; content: string }>;
  /** Removed operations with an edited handler whose typing could not be found. */
  untyped: string[];
}

const HANDLER_FILE = /^src\/handlers\/([^/]+)\.ts$/;
const HEADER = /^(\/\/[^\n]*\n)+\n/;

/** What of the previous run's typing the removed, edited handlers in `outDir` need. */
export async function retainedTyping(
  outDir: string,
  previous: Manifest | undefined,
  ir: ReceiverIR,
): Promise<Retained> {
  const retained: Retained = { operations: [], models: [], untyped: [] };
  if (!previous) return retained;
  const current = new Set(ir.operations.map((op) => op.name));
  const read = (relative: string) =>
    readFile(path.join(outDir, ...relative.split('/')), 'utf8').catch(() => undefined);

  // Every handler hookwright scaffolded whose operation is no longer in the document: the
  // operations removed since the last run, and those retained by an earlier run.
  const candidates = new Set<string>();
  for (const name of Object.keys(previous.operations)) candidates.add(name);
  for (const file of previous.scaffolded) {
    const match = HANDLER_FILE.exec(file);
    if (match) candidates.add(match[1]);
  }
  const removed = [...candidates].filter((name) => !current.has(name)).sort();
  if (removed.length === 0) return retained;

  const handlersTs = (await read('src/generated/handlers.ts')) ?? '';
  const modelFiles = new Map<string, string>();
  const addModel = async (name: string): Promise<boolean> => {
    if (modelFiles.has(name)) return true;
    const content = await read(`src/generated/models/${name}.ts`);
    if (content === undefined) return false;
    const body = content.replace(HEADER, '');
    modelFiles.set(name, body);
    for (const [, dependency] of body.matchAll(/from '\.\/([A-Za-z0-9_$]+)'/g))
      await addModel(dependency);
    return true;
  };

  for (const name of removed) {
    const stub = `src/handlers/${name}.ts`;
    const onDisk = await read(stub);
    if (onDisk === undefined) continue; // deleted by the user: its typing goes too
    const scaffoldHash = previous.scaffoldHashes?.[stub];
    if (scaffoldHash !== undefined && scaffoldHash === hash(onDisk)) continue; // deleted unchanged
    const handlerType = `${pascalCase(name)}Handler`;
    const declaration = typeDeclaration(handlersTs, handlerType);
    if (declaration === undefined) {
      retained.untyped.push(name);
      continue;
    }
    const models: string[] = [];
    for (const [identifier] of declaration.matchAll(/\b[A-Z][A-Za-z0-9_$]*\b/g)) {
      if (models.includes(identifier) || identifier === 'Handler' || identifier === 'Record')
        continue;
      if (await addModel(identifier)) models.push(identifier);
    }
    retained.operations.push({ name, handlerType, declaration, models });
  }
  retained.models = [...modelFiles]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, content]) => ({ fileName: `${name}.ts`, content }));
  return retained;
}

/**
 * The right-hand side of `export type <name> = …;` in a formatted `handlers.ts`: from the `=`
 * to the end of the statement (the line that ends with `;` at the statement's indentation).
 */
export function typeDeclaration(source: string, typeName: string): string | undefined {
  const escaped = typeName.replace(/[$]/g, '\\$&');
  const start = new RegExp(`^export type ${escaped} =`, 'm').exec(source);
  if (!start) return undefined;
  const rest = source.slice(start.index + start[0].length);
  // A statement ends at the first `;` closing a line that is not indented (prettier indents
  // the inside of a multi-line type), or on the declaration's own line.
  const end = /;\n(?! )|;$/.exec(rest);
  if (!end) return undefined;
  return rest.slice(0, end.index).trim();
}
