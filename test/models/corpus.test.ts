/**
 * Breadth: every document of shared/corpus (AsyncAPI 2.6 and 3.1, beside the repository)
 * loads, plans and generates models that compile under strict TypeScript.
 */
import path from 'node:path';
import { load } from '../../src/load';
import { generateModels } from '../../src/models';
import { plan } from '../../src/plan';
import { CORPUS_DIR, corpusDocuments } from '../helpers/corpus';
import { ANONYMOUS, compileAll, type CompileUnit } from './support';

const documents = corpusDocuments();

test(`the corpus is there (${CORPUS_DIR})`, () => {
  // social-media/common/*.yaml are fragments that the services' documents refer to.
  expect(documents.filter((d) => d.includes(`${path.sep}common${path.sep}`))).toEqual([]);
  expect(documents.length).toBeGreaterThanOrEqual(40);
});

test('every corpus document generates models that compile under strict TypeScript', async () => {
  const units: Record<string, CompileUnit> = {};
  const problems: string[] = [];
  for (const document of documents) {
    const name = path.relative(CORPUS_DIR, document);
    try {
      const result = await generateModels(plan((await load(document)).document));
      for (const file of result.files) {
        if (ANONYMOUS.test(file.name) || ANONYMOUS.test(file.content)) problems.push(`${name}: anonymous name in ${file.fileName}`);
      }
      units[name] = { result };
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  expect(problems).toEqual([]);
  expect(compileAll(units)).toEqual([]);
});
