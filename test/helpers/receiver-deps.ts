import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './cli';

interface Declared {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
}

/**
 * The dependencies `manifest` (a generated project's package.json) declares, installed once per
 * machine (keyed by exactly what it declares) and shared by symlink, so that many generated
 * projects can be compiled and run without an `npm install` each.
 */
function installedOnce(manifest: string): string {
  const { dependencies, devDependencies: declared, overrides } = JSON.parse(manifest) as Declared;
  // The project pins the hookwright that generated it. That version is this checkout, not
  // something the registry has: tests that run `npm run regenerate` put this checkout's bin on
  // PATH (`hookwrightOnPath`); the end-to-end test installs the packed tarball instead.
  const { hookwright: _pin, ...devDependencies } = declared ?? {};
  void _pin;
  const key = createHash('sha256')
    .update(JSON.stringify({ dependencies, devDependencies, overrides }))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(tmpdir(), `hookwright-receiver-deps-${key}`);
  const complete = () => existsSync(path.join(dir, 'node_modules', '.package-lock.json'));
  if (!complete()) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    writeFileSync(
      path.join(staging, 'package.json'),
      JSON.stringify({ name: 'deps', private: true, dependencies, devDependencies, overrides }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: staging,
      stdio: 'ignore',
      timeout: 300_000,
    });
    // Another jest worker may have installed the same dependencies meanwhile, and its
    // projects may be using them: never remove a complete folder, keep whichever came first.
    // (The folder appears whole, by rename: one without its lock file is no install's.)
    if (existsSync(dir) && !complete()) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !complete()) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return path.join(dir, 'node_modules');
}

/** The dependencies every generated receiver (without options) declares, installed once. */
export function receiverNodeModules(): string {
  return installedOnce(
    readFileSync(
      path.join(REPO, 'examples', 'sinch-conversation-receiver', 'package.json'),
      'utf8',
    ),
  );
}

/**
 * A folder holding a `hookwright` executable that runs this checkout: prepend it to PATH, and
 * `npm run regenerate` in a project with the shared dependencies finds it.
 */
export function hookwrightOnPath(): string {
  const dir = path.join(
    tmpdir(),
    `hookwright-bin-${createHash('sha256').update(REPO).digest('hex').slice(0, 12)}`,
  );
  const bin = path.join(dir, 'hookwright');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const staging = `${bin}.${process.pid}`;
    writeFileSync(
      staging,
      `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, 'bin', 'hookwright.js')}" "$@"\n`,
      { mode: 0o755 },
    );
    renameSync(staging, bin);
  }
  return dir;
}

/** Makes `project` use the shared dependencies of a receiver generated without options. */
export function linkNodeModules(project: string): void {
  const target = path.join(project, 'node_modules');
  if (!existsSync(target)) symlinkSync(receiverNodeModules(), target, 'dir');
}

/**
 * Makes `project` use the dependencies its own package.json declares (generated with options
 * that add some: `--queue bullmq`, `--redis`), installed once per machine like the receiver's.
 */
export function linkOwnDependencies(project: string): void {
  const target = path.join(project, 'node_modules');
  const installed = installedOnce(readFileSync(path.join(project, 'package.json'), 'utf8'));
  if (!existsSync(target)) symlinkSync(installed, target, 'dir');
}
