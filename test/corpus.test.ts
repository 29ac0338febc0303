/**
 * Breadth: every document of the AsyncAPI specification's own examples (2.6 and 3.1,
 * including the multi-file social-media set) generates a receiver project without error,
 * and every generated project compiles under `strict`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '../src/generate';
import { CORPUS, CORPUS_DIR, corpusDocuments } from './helpers/corpus';
import { linkNodeModules } from './helpers/receiver-deps';
import { TypeChecker } from './helpers/typecheck';

CORPUS.describe('every corpus document generates a project that compiles under strict', () => {
  const docs = corpusDocuments();
  const work = mkdtempSync(path.join(tmpdir(), 'hookwright-corpus-'));
  const checker = new TypeChecker();

  test('the corpus is there', () => {
    expect(docs.length).toBeGreaterThan(30);
  });

  test.each(docs.map((doc) => [path.relative(CORPUS_DIR, doc), doc]))(
    '%s generates a project that compiles under strict',
    async (name, doc) => {
      const output = path.join(work, name.replace(/[\\/]/g, '__'));
      const result = await generate({ spec: doc, output });
      expect(result.plan.files.some((f) => f.path === 'src/generated/handlers.ts')).toBe(true);
      // Every receive operation has a handler; every route one of them.
      for (const op of result.ir?.operations ?? [])
        expect(result.plan.files.some((f) => f.path === `src/handlers/${op.name}.ts`)).toBe(true);
      linkNodeModules(output);
      expect(checker.check(output)).toEqual([]);
    },
    120_000,
  );
});
