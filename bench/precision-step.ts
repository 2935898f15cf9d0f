// Mixed precision on the graph engine (issue #13 item 2), a quick interleaved measurement:
// the MNIST CNN of 004 (RMSprop, batch 64) trained by graphTrainer in float32 and in
// 'mixed_bfloat16' (bf16 layers through casts in the graph), alternating blocks of
// steps in one process; prints ms/step (wall and CPU) per block and the accuracy after.
// Usage: npx tsx bench/precision-step.ts [steps per block = 40] [blocks = 3]
import * as os from 'node:os';
import { tf } from '../src/backend';
import { graphEpoch, graphTrainer, optimizerSpecOf, Precision } from '../src/graph';
import { loadMnist, toCategorical } from '../src/data';
import { mnistCnn } from '../src/models';
import { rmsprop } from '../src/optimizers';

const steps = Number(process.argv[2] ?? 40);
const blocks = Number(process.argv[3] ?? 3);
const { xTrain, yTrain, xTest, yTest } = loadMnist();
const y = toCategorical(yTrain, 10);
const xt = xTest.slice(0, 2000).toTensor({ scale: true });
const yt = toCategorical(yTest.subarray(0, 2000), 10);
const trainers = (['float32', 'mixed_bfloat16'] as Precision[]).map((precision) => {
  const model = mnistCnn({ seed: 4 });
  model.compile({ optimizer: rmsprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const trainer = graphTrainer(model, {
    optimizer: optimizerSpecOf(model.optimizer),
    inputDtype: 'uint8',
    inputDivisor: 255,
    precision,
  });
  return { precision, model, trainer, wall: [] as number[], cpu: [] as number[] };
});
for (let block = 0; block < blocks; block++) {
  for (const t of block % 2 ? [...trainers].reverse() : trainers) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    graphEpoch(t.trainer, xTrain, y, { batchSize: 64, seed: 4, epoch: block, maxSteps: steps });
    const c = process.cpuUsage(c0);
    t.wall.push((performance.now() - t0) / steps);
    t.cpu.push((c.user + c.system) / 1000 / steps);
  }
}
for (const t of trainers) {
  t.trainer.syncWeightsToModel();
  const ev = t.model.evaluate(xt, yt, { batchSize: 256 }) as tf.Scalar[];
  const fmt = (a: number[]) => a.map((v) => v.toFixed(1)).join(', ');
  console.log(
    `${t.precision.padEnd(15)} ms/step wall [${fmt(t.wall)}] cpu [${fmt(t.cpu)}] test acc (2,000) ${ev[1].dataSync()[0].toFixed(4)} after ${steps * blocks} steps`,
  );
  tf.dispose(ev);
  t.trainer.dispose();
}
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
