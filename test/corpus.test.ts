/**
 * Breadth: every document of the AsyncAPI specification's own examples (2.6 and 3.1,
 * including the multi-file social-media set) generates a receiver project that compiles
 * under `strict`, or (a Kafka, MQTT or WebSocket document that HTTP cannot reach) fails with
 * the nothing-to-serve error and writes nothing. Every TypeScript file it writes is as
 * prettier's `typescript` parser prints it (the format stage reads TypeScript with `babel-ts`,
 * which is faster; a user's prettier infers `typescript` for `.ts`).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HookwrightError } from '../src/pipeline/errors';
import { generate } from '../src/pipeline/generate';
import { PRETTIER_OPTIONS } from '../src/format';
import { hash } from '../src/write/manifest';
import { CORPUS, CORPUS_DIR, corpusDocuments } from './helpers/corpus';
import { linkNodeModules } from './helpers/receiver-deps';
import { TypeChecker } from './helpers/typecheck';

CORPUS.describe('every corpus document generates a project that compiles under strict', () => {
  const docs = corpusDocuments();
  const work = mkdtempSync(path.join(tmpdir(), 'hookwright-corpus-'));
  const checker = new TypeChecker();
  /** Contents already checked with the `typescript` parser (static files recur in every project). */
  const printed = new Set<string>();
  const notAsTypescriptPrints = async (files: Array<{ path: string; content?: string }>) => {
    const prettier = await import('prettier/standalone');
    const plugins = [
      await import('prettier/plugins/typescript'),
      await import('prettier/plugins/estree'),
    ];
    const differ: string[] = [];
    for (const { path: file, content } of files) {
      if (!file.endsWith('.ts') || content === undefined || printed.has(hash(content))) continue;
      printed.add(hash(content));
      const typescript = await prettier.format(content, {
        ...PRETTIER_OPTIONS,
        parser: 'typescript',
        plugins,
      });
      if (typescript !== content) differ.push(file);
    }
    return differ;
  };

  test('the corpus is there', () => {
    expect(docs.length).toBeGreaterThan(30);
  });

  test.each(docs.map((doc) => [path.relative(CORPUS_DIR, doc), doc]))(
    '%s generates a project that compiles under strict',
    async (name, doc) => {
      const output = path.join(work, name.replace(/[\\/]/g, '__'));
      const result = await generate({
        spec: doc,
        output,
        refs: { allowRemoteRefs: true, refRoot: CORPUS_DIR },
      }).catch((error: unknown) => error);
      if (result instanceof HookwrightError) {
        expect(result.message).toMatch(/has nothing to serve over HTTP/);
        expect(existsSync(output)).toBe(false);
        return;
      }
      if (result instanceof Error) throw result;
      const generated = result as Awaited<ReturnType<typeof generate>>;
      expect(generated.plan.files.some((f) => f.path === 'src/generated/handlers.ts')).toBe(true);
      // Every served operation has a handler (its own, or one it shares with events the
      // document cannot tell apart, named in a warning).
      // An operation no route serves (only on non-HTTP servers) has no stub at all.
      for (const op of generated.ir?.operations ?? []) {
        const stub = generated.plan.files.some((f) => f.path === `src/handlers/${op.name}.ts`);
        if (!op.http) expect({ op: op.name, stub }).toEqual({ op: op.name, stub: false });
        else
          expect(
            stub ||
              generated.warnings.some(
                (w) => w.includes(`${op.name},`) || w.includes(`, ${op.name} `),
              ),
          ).toBe(true);
      }
      expect(await notAsTypescriptPrints(generated.plan.files)).toEqual([]);
      linkNodeModules(output);
      expect(checker.check(output)).toEqual([]);
    },
    120_000,
  );
});
