/**
 * The dependencies every generated receiver declares, installed once per machine in the same
 * shared folder as test/helpers/receiver-deps.ts (keyed by the package.json the generator
 * writes), for the mutation runs.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function receiverNodeModules() {
  const manifest = readFileSync(
    path.join(ROOT, 'examples', 'sinch-conversation-receiver', 'package.json'),
    'utf8',
  );
  const { dependencies, devDependencies: declared } = JSON.parse(manifest);
  // The pinned hookwright is this checkout, not a registry package (as in the test helper).
  const { hookwright: _pin, ...devDependencies } = declared;
  const key = createHash('sha256')
    .update(JSON.stringify({ dependencies, devDependencies }))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(tmpdir(), `hookwright-receiver-deps-${key}`);
  if (!existsSync(path.join(dir, 'node_modules', '.package-lock.json'))) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    writeFileSync(
      path.join(staging, 'package.json'),
      JSON.stringify({ name: 'deps', private: true, dependencies, devDependencies }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: staging, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  return path.join(dir, 'node_modules');
}

module.exports = { receiverNodeModules };
