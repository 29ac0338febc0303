/**
 * The watcher under `generate --watch`, on real files: which changes start a call, with what.
 * No timing is asserted: each step waits (generously) for the next call.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hash } from '../src/write/manifest';
import { watchFiles, type WatchTargets, type Watching } from '../src/cli/watch-files';

const root = mkdtempSync(path.join(tmpdir(), 'hookwright-watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Calls of onChange, handed out one at a time. */
function calls() {
  const queue: string[][] = [];
  const waiting: Array<(changed: string[]) => void> = [];
  const log: string[][] = [];
  return {
    record(changed: string[]) {
      const relative = changed.map((f) => path.relative(root, f));
      log.push(relative);
      const next = waiting.shift();
      if (next) next(relative);
      else queue.push(relative);
    },
    next(): Promise<string[]> {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no change reported in 20 s (seen: ${JSON.stringify(log)})`)),
          20_000,
        );
        waiting.push((changed) => {
          clearTimeout(timer);
          resolve(changed);
        });
      });
    },
  };
}

let watching: Watching | undefined;
afterEach(async () => {
  await watching?.close();
  watching = undefined;
});

test('edits, atomic saves, new files in a watched folder and new targets each start one call with what changed', async () => {
  const dir = path.join(root, 'a');
  mkdirSync(path.join(dir, 'refs'), { recursive: true });
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  const spec = path.join(dir, 'spec.yaml');
  const ref = path.join(dir, 'refs', 'payload.yaml');
  const later = path.join(dir, 'refs', 'later.yaml');
  writeFileSync(spec, 'one');
  writeFileSync(ref, 'one');
  writeFileSync(later, 'one');
  const seen = calls();
  let nextTargets: WatchTargets | undefined;
  watching = await watchFiles({
    targets: { files: [spec, ref], folders: [path.join(dir, 'templates')] },
    debounceMs: 20,
    onChange: (changed) => {
      seen.record(changed);
      return Promise.resolve(nextTargets);
    },
  });

  writeFileSync(spec, 'two');
  expect(await seen.next()).toEqual(['a/spec.yaml']);

  // An editor's save: a new file renamed over the old one.
  writeFileSync(`${ref}.tmp`, 'two');
  renameSync(`${ref}.tmp`, ref);
  expect(await seen.next()).toEqual(['a/refs/payload.yaml']);

  // Same bytes again: nothing changed, so no call; the next real change is reported alone.
  writeFileSync(spec, 'two');
  writeFileSync(path.join(dir, 'templates', 'x.hbs'), 'x');
  expect(await seen.next()).toEqual(['a/templates/x.hbs']);

  // A file outside the targets is not watched until a call names it.
  // (with the content the run read, so that an edit made while it ran is not missed)
  nextTargets = {
    files: [spec, ref, later],
    folders: [path.join(dir, 'templates')],
    read: { [later]: hash('two') },
  };
  writeFileSync(later, 'two');
  writeFileSync(spec, 'three');
  expect(await seen.next()).toEqual(['a/spec.yaml']);
  nextTargets = undefined;
  writeFileSync(later, 'three');
  expect(await seen.next()).toEqual(['a/refs/later.yaml']);

  // A removed file is a change too.
  rmSync(ref);
  expect(await seen.next()).toEqual(['a/refs/payload.yaml']);
});

test('changes made while a call runs start one more call after it, never two at once', async () => {
  const dir = path.join(root, 'b');
  mkdirSync(dir, { recursive: true });
  const spec = path.join(dir, 'spec.yaml');
  writeFileSync(spec, 'one');
  const seen = calls();
  let active = 0;
  let release: () => void = () => undefined;
  let blocked = true;
  watching = await watchFiles({
    targets: { files: [spec] },
    debounceMs: 20,
    onChange: async (changed) => {
      active += 1;
      expect(active).toBe(1);
      seen.record(changed);
      if (blocked) await new Promise<void>((resolve) => (release = resolve));
      active -= 1;
      return undefined;
    },
  });
  writeFileSync(spec, 'two');
  expect(await seen.next()).toEqual(['b/spec.yaml']);
  blocked = false;
  writeFileSync(spec, 'three');
  writeFileSync(spec, 'four');
  release();
  expect(await seen.next()).toEqual(['b/spec.yaml']);
});

test('close waits for the call in progress', async () => {
  const dir = path.join(root, 'c');
  mkdirSync(dir, { recursive: true });
  const spec = path.join(dir, 'spec.yaml');
  writeFileSync(spec, 'one');
  const seen = calls();
  let finished = false;
  let release: () => void = () => undefined;
  const watcher = await watchFiles({
    targets: { files: [spec] },
    debounceMs: 20,
    onChange: async (changed) => {
      seen.record(changed);
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
      return undefined;
    },
  });
  writeFileSync(spec, 'two');
  await seen.next();
  const closing = watcher.close();
  release();
  await closing;
  expect(finished).toBe(true);
});
