// A/B of graph-engine variants, interleaved: blocks of training steps alternate between the
// variants in one process (so load changes hit them alike); prints ms per step (wall and CPU)
// as best / median / worst over the blocks, and the load. Input: uint8 images fed through
// trainRows as fit() feeds them, random bytes and labels (the cost does not depend on them).
// Usage: tsx bench/graph-ab.ts <mnist|cifar> <variants> [steps per block=50] [blocks=8]
//   variants, comma-separated: base, nograppler (Grappler's meta optimizer off), inter1
//   (one inter-op thread), bf16 (mixed_bfloat16), b<N> (batch N instead of the case's),
//   sgd / sgd1 (plain SGD instead of RMSprop, at the case's batch / batch 1)
import * as os from 'node:os';
import { graphTrainer, GraphTrainerOptions } from '../src/graph';
import { cifar10SmallCnn, mnistCnn } from '../src/models';
import { describeSpread, spread } from './spread.mjs';

// ConfigProto { graph_options { rewrite_options { disable_meta_optimizer: true } } }, by hand:
// field 10 (GraphOptions) > field 10 (RewriterConfig) > field 19 (bool).
const NO_GRAPPLER = new Uint8Array([0x52, 0x05, 0x52, 0x03, 0x98, 0x01, 0x01]);

const [caseName = 'mnist', list = 'base,nograppler', stepsArg = '50', blocksArg = '8'] =
  process.argv.slice(2);
const cifar = caseName === 'cifar';
const shape = cifar ? [32, 32, 3] : [28, 28, 1];
const rowSize = shape.reduce((a, b) => a * b, 1);

function variant(name: string) {
  const options: GraphTrainerOptions = {
    optimizer: { kind: 'rmsprop', learningRate: 1e-3 },
    inputDtype: 'uint8',
    inputDivisor: 255,
  };
  let batch = cifar ? 32 : 64;
  if (name === 'nograppler') options.sessionConfig = NO_GRAPPLER;
  else if (name === 'inter1') options.interOpThreads = 1;
  else if (name === 'bf16') options.precision = 'mixed_bfloat16';
  else if (name === 'sgd' || name === 'sgd1') {
    // The cheapest update there is (w -= lr g): a floor for any cheaper RMSprop.
    options.optimizer = { kind: 'sgd', learningRate: 1e-3 };
    if (name === 'sgd1') batch = 1;
  } else if (/^b\d+$/.test(name)) batch = Number(name.slice(1));
  else if (name !== 'base') throw new Error(`unknown variant '${name}'`);
  const model = cifar ? cifar10SmallCnn({ seed: 1 }) : mnistCnn({ seed: 1 });
  const trainer = graphTrainer(model, options);
  const x = Uint8Array.from({ length: batch * rowSize }, (_, i) => (i * 7919) % 256);
  const y = new Float32Array(batch * 10);
  for (let r = 0; r < batch; r++) y[r * 10 + (r % 10)] = 1;
  return { name, batch, step: () => trainer.trainRows(x, y, batch), trainer };
}

const variants = list.split(',').map(variant);
const steps = Number(stepsArg);
const blocks = Number(blocksArg);
for (const v of variants) for (let i = 0; i < 5; i++) v.step(); // warm-up: the first runs build kernels
const wall: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
const loads: number[] = [];
for (let b = 0; b < blocks; b++) {
  const order = b % 2 ? [...variants].reverse() : variants;
  for (const v of order) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) v.step();
    const c = process.cpuUsage(c0);
    (wall[v.name] ??= []).push((performance.now() - t0) / steps);
    (cpu[v.name] ??= []).push((c.user + c.system) / 1000 / steps);
  }
  loads.push(os.loadavg()[0]);
}
console.log(
  `${caseName}, ${blocks} blocks of ${steps} steps, alternating; load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`,
);
for (const v of variants) {
  const [w, c] = [spread(wall[v.name]), spread(cpu[v.name])];
  const f = (x: number) => x.toFixed(2);
  console.log(
    `  ${v.name.padEnd(11)} batch ${String(v.batch).padStart(3)}: wall ms/step ${f(w.best)} / ${f(w.median)} / ${f(w.worst)} (best / median / worst), CPU ${f(c.best)} / ${f(c.median)} / ${f(c.worst)}; ${describeSpread(w, 2, 'ms')}`,
  );
  v.trainer.dispose();
}
