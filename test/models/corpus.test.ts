/**
 * Breadth: every document of shared/corpus (AsyncAPI 2.6 and 3.1, beside the repository)
 * loads, plans and generates models that compile under strict TypeScript.
 */
import path from 'node:path';
import { load } from '../../src/load';
import { generateModels } from '../../src/models';
import { plan } from '../../src/plan';
import { CORPUS, CORPUS_DIR, corpusDocuments } from '../helpers/corpus';
import { ANONYMOUS, compileAll, type CompileUnit } from './support';

CORPUS.describe('models for every corpus document', () => {
  const documents = corpusDocuments();

  test(`the corpus is there (${CORPUS_DIR})`, () => {
    // social-media/common/*.yaml are fragments that the services' documents refer to.
    expect(documents.filter((d) => d.includes(`${path.sep}common${path.sep}`))).toEqual([]);
    expect(documents.length).toBeGreaterThanOrEqual(40);
  });

  // Loading dominates (the parser takes ~0.4 s a document); the models themselves take milliseconds.
  const units: Record<string, CompileUnit> = {};

  test.each(documents.map((d) => [path.relative(CORPUS_DIR, d), d]))(
    '%s generates models',
    async (name, document) => {
      const result = await generateModels(
        plan((await load(document, { allowRemoteRefs: true, refRoot: CORPUS_DIR })).document),
      );
      for (const file of result.files) {
        expect(file.name).not.toMatch(ANONYMOUS);
        expect(file.content).not.toMatch(ANONYMOUS);
      }
      units[name] = { result };
    },
  );

  test('all of them compile under strict TypeScript', () => {
    expect(Object.keys(units)).toHaveLength(documents.length);
    expect(compileAll(units)).toEqual([]);
  });
});
