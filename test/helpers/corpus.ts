import { readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** `shared/corpus` beside the repository (CI clones the repo with shared/ next to it). */
export const CORPUS_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Every standalone document of the corpus: all top-level files, and each social-media service. */
export function corpusDocuments(): string[] {
  if (!existsSync(CORPUS_DIR)) return [];
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
