/**
 * The life of a generated project (issue 13), shared by `test/living.test.ts` and
 * `test/living-removed.test.ts` (two files, so that both jest workers can take a part): the
 * documents the scenarios start from, a scenario's copy of a fresh project, regeneration
 * through the CLI, and the project's own build and tests.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright } from './cli';
import { SINCH_SMALL_SPEC, SINCH_SPEC } from './corpus';
import { emitBuild, ownTests } from './project';
import { linkNodeModules } from './receiver-deps';

/**
 * The documents the scenarios start from: the real Sinch document, and the same document cut
 * down to the four operations and the messages the scenarios use, edit, rename and remove (every
 * channel and component it keeps is Sinch's, unchanged: test/living.test.ts checks it). Most
 * scenarios start from the small one: building and testing a project is the slow part of each,
 * and a scenario about regeneration needs the shapes, not the size.
 */
export const SMALL_SPEC = SINCH_SMALL_SPEC;
const DOCUMENTS = { sinch: SINCH_SPEC, small: SMALL_SPEC } as const;
export type Start = keyof typeof DOCUMENTS;

/** Each document's freshly generated project (with the document beside it), made once per file. */
const bases = new Map<Start, string>();
function base(from: Start): string {
  let dir = bases.get(from);
  if (!dir) {
    dir = mkdtempSync(path.join(tmpdir(), `hookwright-living-${from}-`));
    writeFileSync(path.join(dir, 'spec.yaml'), readFileSync(DOCUMENTS[from], 'utf8'));
    const run = hookwright(['generate', 'spec.yaml', '-o', 'receiver', '-q'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    bases.set(from, dir);
  }
  return dir;
}

export interface Scenario {
  project: string;
  spec: string;
  read: (file: string) => string;
  write: (file: string, content: string) => void;
  editSpec: (edit: (yaml: string) => string) => void;
}

/** A copy of the freshly generated project and its document, to live a life. */
export function scenario(from: Start = 'small'): Scenario {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-life-'));
  cpSync(base(from), dir, { recursive: true });
  const project = path.join(dir, 'receiver');
  const spec = path.join(dir, 'spec.yaml');
  return {
    project,
    spec,
    read: (file) => readFileSync(path.join(project, file), 'utf8'),
    write: (file, content) => writeFileSync(path.join(project, file), content),
    editSpec: (edit) => writeFileSync(spec, edit(readFileSync(spec, 'utf8'))),
  };
}

/** Regenerates from inside the project, with no document: the manifest says from what. */
export const regenerate = (project: string, ...flags: string[]) =>
  hookwright(['generate', ...flags], { cwd: project });

/**
 * The project's own tests and build, as its user runs them; returns the test output. `npm test`
 * type-checks the project, then runs its tests; `npm run build` then emits without checking the
 * same types again (test/helpers/project.ts).
 */
export function buildAndTest(project: string): string {
  linkNodeModules(project);
  const output = ownTests(project);
  emitBuild(project);
  return output;
}

/** A channel the scenarios add (before `components:`), with a message Sinch already has. */
export const NEW_CHANNEL = `  /conversation/record-notification:
    publish:
      operationId: receiveRecordNotification
      message:
        $ref: '#/components/messages/ChannelEvent'
components:`;

/** The document without its smart-conversations channel (and so without that operation). */
export const removeSmartConversations = (yaml: string) =>
  yaml.replace(/ {2}\/conversation\/smart-conversations:[\s\S]*?(?=^components:)/m, '');
