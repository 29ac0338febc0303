'use strict';
/**
 * On-demand installs into bench/.cache/ (git-ignored): the AsyncAPI CLI, the Node.js
 * template, autocannon, Express and the Sinch SDK. Each lives in its own folder with its own
 * package.json, installed with `npm install --prefix`, so nothing ever touches hookwright's
 * own package.json, package-lock.json or node_modules. Versions are pinned; an install that
 * is already there at the pinned version is reused.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run, tail } = require('./measure');

const CACHE = path.join(__dirname, '..', '.cache');

/** What the bench may install, by folder. */
const BUNDLES = {
  // The AsyncAPI CLI at the version the goals are stated against.
  asyncapiCli: { dir: 'asyncapi-cli', packages: { '@asyncapi/cli': '4.1.1' } },
  // The Node.js template, installed (with its own dependencies) so the CLI can use it by path, offline.
  nodejsTemplate: { dir: 'nodejs-template', packages: { '@asyncapi/nodejs-template': '3.0.4' } },
  // The load generator and the web framework of the Sinch-style baseline.
  loadTools: { dir: 'tools', packages: { autocannon: '9.0.0', express: '5.3.0' } },
  // Sinch's SDK: 1.4.0, as the newest (1.5.0) depends on @sinch/conversation@1.5.0, which the
  // registry used here does not serve. The callback validator is the same in both.
  sinchSdk: { dir: 'tools', packages: { '@sinch/sdk-core': '1.4.0' } },
};

function bundleDir(bundle) {
  return path.join(CACHE, BUNDLES[bundle].dir);
}

/** The installed version of `name` under `dir`, or undefined. */
function installedVersion(dir, name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  } catch {
    return undefined;
  }
}

function isInstalled(bundle) {
  const { packages } = BUNDLES[bundle];
  const dir = bundleDir(bundle);
  return Object.entries(packages).every(
    ([name, version]) => installedVersion(dir, name) === version,
  );
}

/**
 * Makes sure a bundle is installed. Resolves { ok, dir, installed, reason }: `installed` says
 * whether this call ran npm; `reason` says why it is not available. Never rejects.
 */
async function ensure(bundle, { allowInstall = true, log = () => {} } = {}) {
  const dir = bundleDir(bundle);
  if (isInstalled(bundle)) return { ok: true, dir, installed: false };
  if (!allowInstall)
    return { ok: false, dir, installed: false, reason: 'not cached (skipped with --quick)' };

  const { packages } = BUNDLES[bundle];
  const specs = Object.entries(packages).map(([name, version]) => `${name}@${version}`);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(
      manifest,
      `${JSON.stringify({ name: `hookwright-bench-${BUNDLES[bundle].dir}`, private: true }, null, 2)}\n`,
    );
  }
  log(`installing ${specs.join(' ')} into ${path.relative(process.cwd(), dir)} ...`);
  const started = Date.now();
  const result = await run(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--save-exact',
      ...specs,
    ],
    { cwd: dir },
  );
  if (result.code !== 0 || !isInstalled(bundle)) {
    return {
      ok: false,
      dir,
      installed: true,
      reason: `npm install ${specs.join(' ')} failed: ${tail(result.output)}`,
    };
  }
  log(`  done in ${Math.round((Date.now() - started) / 1000)} s`);
  return { ok: true, dir, installed: true };
}

module.exports = { CACHE, BUNDLES, bundleDir, ensure, isInstalled, installedVersion };
