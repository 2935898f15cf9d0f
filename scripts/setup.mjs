#!/usr/bin/env node
// Brings a clone to a working state: node packages with their native addons,
// tfjs-node on native TensorFlow, the Python venv with JupyterLab, the tslab
// kernelspec, and the compiled library. Idempotent: each step checks a stamp or
// the real thing first, so a second run takes a few seconds.
//
// Only Node's built-ins here: this runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, fail, log, root, run, sha256, setQuiet, which } from './lib/util.mjs';
import { ensureSystemPackages } from './lib/system-packages.mjs';
import { ensureTfjsNode } from './lib/tfjs-node.mjs';
import { ensureGraphAddon } from './lib/graph-addon.mjs';
import { ensureVenv } from './lib/venv.mjs';
import { ensureKernel } from './lib/kernel.mjs';
import { parseCommandLine } from './lib/args.mjs';
import { takeSetupLock } from './lib/setup-lock.mjs';

const usage = `
usage: npm run setup [-- --quiet]
Brings this clone to a working state; each step is skipped when already done.
  --quiet   no progress lines or command output; only a failing step speaks
`;
const { values } = parseCommandLine(usage, {
  options: { quiet: { type: 'boolean', default: false } },
});
setQuiet(values.quiet);

const started = Date.now();
checkToolchain();
ensureSystemPackages();
try {
  takeSetupLock(root, log);
} catch (e) {
  fail(
    `cannot write in ${root} (${e.code ?? e.message}): the set-up needs a clone it can write to.`,
  );
}
ensureNodeModules();
ensureTfjsNode();
ensureGraphAddon(); // optional: the graph training engine; never fails the set-up
ensureVenv();
ensureKernel();
buildLibrary();
log(`set-up complete in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function checkToolchain() {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) fail(`Node.js ${process.versions.node} found, 20 or newer needed.`);
  if (!which('python3'))
    fail(
      'python3 not found: install Python 3.9+ with venv (Debian: apt-get install python3 python3-venv).',
    );
}

// npm ci with install scripts off: tfjs-node's would try to download
// libtensorflow and fail the whole install on a machine without that host.
// The packages whose scripts matter are then built one by one.
function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stampFile = path.join(root, 'node_modules', '.cnn-setup', 'modules.stamp');
  const patchDir = path.join(root, 'patches');
  const patches = fs.existsSync(patchDir)
    ? fs
        .readdirSync(patchDir)
        .sort()
        .map((f) => fs.readFileSync(path.join(patchDir, f), 'utf8'))
    : [];
  const stamp = sha256(fs.readFileSync(lock) + process.version + patches.join(''));
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  log('installing node packages (npm ci)…');
  run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
  });
  // zeromq (tslab's transport) and esbuild (tsx) only check their shipped binaries.
  run('npm', ['rebuild', 'zeromq', 'esbuild', '--loglevel=error'], { cwd: root });
  // Our fixes to dependencies (patches/, made with patch-package): tslab's interrupt message.
  run(
    process.execPath,
    [path.join(root, 'node_modules', 'patch-package', 'index.js'), '--error-on-fail'],
    {
      cwd: root,
    },
  );
  ensureCanvas();
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, stamp);
}

// canvas compiles against cairo when its prebuilt download fails (as here).
// The compiled addon is cached like tfjs-node's, keyed by canvas version.
function ensureCanvas() {
  const addon = path.join(root, 'node_modules', 'canvas', 'build', 'Release', 'canvas.node');
  const version = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules', 'canvas', 'package.json'), 'utf8'),
  ).version;
  const cached = path.join(
    cacheDir,
    `canvas-${version}-${process.platform}-${process.arch}`,
    'canvas.node',
  );
  const works = () =>
    spawnSync(
      process.execPath,
      ['-e', "require('canvas').createCanvas(1,1).toBuffer('image/png')"],
      { cwd: root, encoding: 'utf8' },
    );
  if (fs.existsSync(cached)) {
    fs.mkdirSync(path.dirname(addon), { recursive: true });
    fs.copyFileSync(cached, addon);
    if (works().status === 0) return;
  }
  log('building canvas (node-gyp against cairo)…');
  run('npm', ['rebuild', 'canvas', '--loglevel=error'], { cwd: root });
  const probe = works();
  if (probe.status !== 0) fail(`canvas did not build: ${lastLine(probe.stderr)}`);
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.copyFileSync(addon, cached + '.partial');
  fs.renameSync(cached + '.partial', cached);
}

// Notebooks import the library by its package name. tslab compiles cells with
// the notebook folder as root, so `../src` is out of reach; a link in
// node_modules to the compiled package is not.
function buildLibrary() {
  run(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    { cwd: root },
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const link = path.join(root, 'node_modules', pkg.name);
  let current = null;
  try {
    current = fs.readlinkSync(link);
  } catch {
    /* missing */
  }
  if (current !== '..') {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync('..', link, 'dir');
  }
}

function lastLine(s) {
  return (s || '').trim().split('\n').pop();
}
