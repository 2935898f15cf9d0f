// ms per training step, MNIST CNN (or CIFAR small CNN): the library's eager path
// (trainOnBatch with src/kernels' replacements and rmsprop()) against src/graph's graphTrainer.
// Usage: [GRAPH_INTRA=n GRAPH_INTER=n] tsx bench/graph-step.ts [mnist|cifar] [steps]
import { tf } from '../src/backend';
import { installFastKernels } from '../src/kernels';
import {
  graphEngineStatus,
  graphTrainer,
  isGraphEngineAvailable,
  optimizerSpecOf,
} from '../src/graph';
import { cifar10SmallCnn, mnistCnn } from '../src/models';
import { rmsprop } from '../src/optimizers';

function time(steps: number, step: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / steps, cpu: (c.user + c.system) / 1000 / steps };
}

async function main(): Promise<void> {
  if (!isGraphEngineAvailable()) throw new Error(graphEngineStatus());
  const cifar = process.argv[2] === 'cifar';
  const steps = Number(process.argv[3] ?? 40);
  installFastKernels();
  const [batch, shape] = cifar ? [32, [32, 32, 3]] : [64, [28, 28, 1]];
  const make = () => (cifar ? cifar10SmallCnn({ seed: 1 }) : mnistCnn({ seed: 1 }));
  const eager = make();
  const optimizer = rmsprop();
  eager.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const threads = {
    intraOpThreads: Number(process.env.GRAPH_INTRA ?? 0),
    interOpThreads: Number(process.env.GRAPH_INTER ?? 0),
  };
  const trainer = graphTrainer(make(), { optimizer: optimizerSpecOf(optimizer), ...threads });
  const x = tf.randomUniform([batch, ...shape]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10).toFloat();
  for (let i = 0; i < 5; i++) {
    await eager.trainOnBatch(x, y);
    trainer.trainBatch(x, y);
  }
  // Interleave rounds so load changes hit both engines alike.
  const rounds = 4;
  const sums = { eager: { wall: 0, cpu: 0 }, graph: { wall: 0, cpu: 0 } };
  for (let r = 0; r < rounds; r++) {
    const per = steps / rounds;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < per; i++) await eager.trainOnBatch(x, y);
    const c = process.cpuUsage(c0);
    sums.eager.wall += (performance.now() - t0) / steps;
    sums.eager.cpu += (c.user + c.system) / 1000 / steps;
    const g = time(per, () => trainer.trainBatch(x, y));
    sums.graph.wall += g.wall / rounds;
    sums.graph.cpu += g.cpu / rounds;
  }
  console.log(`${cifar ? 'cifar' : 'mnist'} batch ${batch}, ${steps} steps each, interleaved:`);
  for (const [k, v] of Object.entries(sums))
    console.log(
      `  ${k.padEnd(6)} ${v.wall.toFixed(1)} ms wall, ${v.cpu.toFixed(1)} ms CPU per step`,
    );
  console.log(
    `  graph/eager: ${(sums.graph.wall / sums.eager.wall).toFixed(2)} wall, ${(sums.graph.cpu / sums.eager.cpu).toFixed(2)} CPU`,
  );
  trainer.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
