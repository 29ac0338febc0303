/** Helpers for the models tests: hand-built IRs, formatting, and an in-process strict compile. */
import path from 'node:path';
import * as prettier from 'prettier/standalone';
import * as estree from 'prettier/plugins/estree';
import * as typescript from 'prettier/plugins/typescript';
import ts from 'typescript';
import type { JsonSchema, MessageIR, ReceiverIR } from '../../src/plan/ir';
import type { ModelsResult } from '../../src/models';

/** An IR whose registry is `schemas`, with one message per schema whose payload refers to it. */
export function irOf(
  schemas: Record<string, JsonSchema | boolean>,
  extraMessages: MessageIR[] = [],
): ReceiverIR {
  const registry: ReceiverIR['schemas'] = {};
  for (const [key, schema] of Object.entries(schemas))
    registry[key] = { name: key, schema: schema as JsonSchema };
  return {
    asyncapi: '3.0.0',
    service: { title: 'Test', version: '1.0.0' },
    servers: [],
    securitySchemes: [],
    perspective: { used: 'receiver', requested: 'auto', reason: 'test' },
    endpoint: { layout: 'per-channel', requested: 'auto', path: '/webhooks', reason: 'test' },
    operations: [],
    messages: [
      ...Object.keys(schemas).map((key) => message(`${key}Message`, { $ref: `#/$defs/${key}` })),
      ...extraMessages,
    ],
    schemas: registry,
    skipped: [],
    warnings: [],
    signatures: [],
  };
}

export function message(key: string, payload: JsonSchema | undefined): MessageIR {
  return { key, payload, payloadName: `${key}Payload`, examples: [], bindings: {}, extensions: {} };
}

/** Prettier as the format stage runs it (standalone: jest cannot run prettier's dynamic imports). */
export async function format(source: string): Promise<string> {
  return prettier.format(source, {
    parser: 'typescript',
    singleQuote: true,
    printWidth: 100,
    plugins: [estree, typescript],
  });
}

/** Every file of a result, prettier-formatted, by file name (`index.ts` included). */
export async function formatted(result: ModelsResult): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of result.files) out[file.fileName] = await format(file.content);
  out['index.ts'] = await format(result.index);
  return out;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: [],
  // The strictest module settings a generated project might use: type-only imports must say so.
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUnusedLocals: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
};

const libCache = new Map<string, ts.SourceFile | undefined>();
const VIRTUAL = path.resolve('/virtual/models');

export interface CompileUnit {
  result: ModelsResult;
  /** More files beside the models (file name → content), for example code that uses them. */
  extra?: Record<string, string>;
}

/**
 * Type-checks the generated files (plus `index.ts` and any extra files) in memory under
 * strict options; returns the diagnostics, formatted, or [] when clean. Several units are
 * checked in one program (one folder each), as a program's start-up is most of the cost.
 */
export function compileAll(units: Record<string, CompileUnit>): string[] {
  const files = new Map<string, string>();
  const dirs = new Set<string>([VIRTUAL]);
  for (const [unit, { result, extra = {} }] of Object.entries(units)) {
    const dir = path.join(VIRTUAL, unit.replace(/[^A-Za-z0-9_-]+/g, '-'));
    dirs.add(dir);
    for (const file of result.files) files.set(path.join(dir, file.fileName), file.content);
    files.set(path.join(dir, 'index.ts'), result.index);
    for (const [name, content] of Object.entries(extra)) files.set(path.join(dir, name), content);
  }

  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const content = files.get(path.resolve(fileName));
    if (content !== undefined) return ts.createSourceFile(fileName, content, languageVersion, true);
    if (!libCache.has(fileName))
      libCache.set(fileName, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return libCache.get(fileName);
  };
  host.fileExists = (fileName) => files.has(path.resolve(fileName)) || fileExists(fileName);
  host.readFile = (fileName) => files.get(path.resolve(fileName)) ?? readFile(fileName);
  host.directoryExists = (dir) => dirs.has(path.resolve(dir)) || (directoryExists?.(dir) ?? false);

  const program = ts.createProgram([...files.keys()], COMPILER_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(VIRTUAL, path.resolve(d.file.fileName))}:${line + 1}:${character + 1} ${text}`;
  });
}

export function compile(result: ModelsResult, extra: Record<string, string> = {}): string[] {
  return compileAll({ models: { result, extra } });
}

/** Names that must never appear: Modelina's fallbacks for schemas it could not name. */
export const ANONYMOUS = /anonym|undefined/i;
