import { readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { shared } from './shared';

/**
 * The AsyncAPI specification's own examples (2.6 and 3.1), in `shared/corpus` beside the
 * repository. Tests that need it go through `CORPUS.describe` / `CORPUS.test`, which skip plainly
 * when it is absent (and fail under HOOKWRIGHT_REQUIRE_SHARED=1).
 */
export const CORPUS = shared('corpus', 'the public AsyncAPI corpus');
export const CORPUS_DIR = CORPUS.path;

/** Every standalone document of the corpus: all top-level files, and each social-media service. */
export function corpusDocuments(): string[] {
  if (!CORPUS.present) return [];
  const docs: string[] = [];
  for (const version of readdirSync(CORPUS_DIR).sort()) {
    const dir = path.join(CORPUS_DIR, version);
    if (!statSync(dir).isDirectory()) continue;
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        for (const service of readdirSync(full).sort()) {
          const doc = path.join(full, service, 'asyncapi.yaml');
          if (existsSync(doc)) docs.push(doc);
        }
      } else if (/\.ya?ml$|\.json$/.test(entry)) docs.push(full);
    }
  }
  return docs;
}

export const SINCH_SPEC = path.resolve(
  __dirname,
  '..',
  '..',
  'spec',
  'sinch-conversation-webhooks.yaml',
);

/**
 * The Sinch document cut down to four of its operations (opt-in, opt-out, inbound message,
 * smart conversations) and what they use, every part it keeps Sinch's own, unchanged (a test
 * in test/living.test.ts proves it). For scenarios about something other than the whole
 * document: a project from it builds and tests in a fraction of the time.
 */
export const SINCH_SMALL_SPEC = path.resolve(
  __dirname,
  '..',
  'fixtures',
  'living',
  'sinch-small.yaml',
);
