// Where one training step's time goes, per TensorFlow kernel.
// Usage: tsx bench/profile-step.ts [mnist|cifar] [fit|fast|lib]
//   fit: tfjs as shipped; fast: + src/kernels' replacements; lib: + the library's rmsprop() (what fit() runs)
// Kernel times nest (a composite kernel's time includes its inner ops), so the
// column does not sum to the step's wall time.
import { tf } from '../src/backend';
import { installFastKernels } from '../src/kernels';
import { cifar10SmallCnn, mnistCnn } from '../src/models';
import { rmsprop } from '../src/optimizers';

async function main(): Promise<void> {
  const cifar = process.argv[2] === 'cifar';
  const engine = process.argv[3] ?? 'fit';
  if (engine !== 'fit') installFastKernels();
  const model = cifar ? cifar10SmallCnn() : mnistCnn();
  const [batch, shape] = cifar ? [32, [32, 32, 3]] : [64, [28, 28, 1]];
  const optimizer = engine === 'lib' ? rmsprop() : tf.train.rmsprop(0.001, 0.9, 0, 1e-7);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.randomUniform([batch, ...shape]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10).toFloat();
  for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
  const steps = 30;
  const perKernel = new Map<string, { calls: number; ms: number }>();
  for (let i = 0; i < steps; i++) {
    const p = await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    });
    for (const k of p.kernels) {
      const e = perKernel.get(k.name) ?? { calls: 0, ms: 0 };
      e.calls++;
      e.ms += k.kernelTimeMs as number;
      perKernel.set(k.name, e);
    }
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const cpu = process.cpuUsage(c0);
  const rows = [...perKernel].sort((a, b) => b[1].ms - a[1].ms);
  const calls = rows.reduce((s, [, e]) => s + e.calls, 0) / steps;
  console.log(
    `step: ${((performance.now() - t0) / steps).toFixed(1)} ms wall, ${((cpu.user + cpu.system) / 1000 / steps).toFixed(1)} ms CPU, ${calls} kernel calls`,
  );
  for (const [name, e] of rows.slice(0, 20))
    console.log(
      name.padEnd(24),
      String(e.calls / steps).padStart(4),
      (e.ms / steps).toFixed(2).padStart(8),
      'ms',
    );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
