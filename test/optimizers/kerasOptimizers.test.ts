import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf } from '../../src/backend';
import { KerasAdam, KerasRMSprop, adam, rmsprop } from '../../src/optimizers';

/**
 * Keras 3's RMSprop step in float64 (keras/src/optimizers/rmsprop.py, Keras 3.15: the
 * denominator is sqrt(velocity + epsilon)): v = rho v + (1-rho) g^2; w -= lr g / sqrt(v + eps).
 */
function kerasStep(
  w: number[],
  v: number[],
  g: number[],
  lr: number,
  rho: number,
  eps: number,
): void {
  for (let i = 0; i < w.length; i++) {
    v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
    w[i] -= (lr * g[i]) / Math.sqrt(v[i] + eps);
  }
}

test("KerasRMSprop follows Keras 3's formula (epsilon inside the sqrt), step after step", () => {
  const w0 = [0.5, -1, 2, 0, 3e-4];
  const w = tf.variable(tf.tensor1d(w0));
  const opt = new KerasRMSprop(0.01, 0.8, 1e-3); // a large epsilon makes "inside vs outside the sqrt" visible
  const ref = [...w0],
    v = w0.map(() => 0);
  const grads = [
    [0.1, -0.2, 0.3, 0, 1e-5],
    [1, 2, -3, 0.5, 0],
    [-0.4, 0.0, 0.7, 0.5, 2],
  ];
  for (const g of grads) {
    tf.tidy(() => opt.applyGradients({ [w.name]: tf.tensor1d(g) }));
    kerasStep(ref, v, g, 0.01, 0.8, 1e-3);
    const got = w.dataSync();
    ref.forEach((r, i) =>
      assert.ok(
        Math.abs(got[i] - r) < 1e-6 * Math.max(1, Math.abs(r)),
        `step ${opt.iterations}, w[${i}]: ${got[i]} vs ${r}`,
      ),
    );
  }
  assert.equal(opt.iterations, 3);
  // An independent implementation agrees: tf.train.rmsprop also puts epsilon inside the sqrt.
  // Keras 2's formula (sqrt(v) + eps, the first session's) gives a visibly larger first step.
  const tfjsW = tf.variable(tf.tensor1d([1]));
  tf.tidy(() =>
    tf.train.rmsprop(0.01, 0.8, 0, 1e-3).applyGradients({ [tfjsW.name]: tf.tensor1d([0.1]) }),
  );
  const kerasFirst = 1 - (0.01 * 0.1) / Math.sqrt(0.2 * 0.01 + 1e-3);
  const keras2First = 1 - (0.01 * 0.1) / (Math.sqrt(0.2 * 0.01) + 1e-3);
  assert.ok(Math.abs(tfjsW.dataSync()[0] - kerasFirst) < 1e-6);
  assert.ok(Math.abs(kerasFirst - keras2First) > 1e-4);
  tf.dispose([w, tfjsW]);
  opt.dispose();
});

test('rmsprop(): Keras defaults, decay read per step, one slot a variable, no leaks', () => {
  const opt = rmsprop({ learningRate: 0.1, decay: 0.5 });
  assert.ok(opt instanceof KerasRMSprop);
  const w = tf.variable(tf.tensor1d([1, 2]));
  const b = tf.variable(tf.scalar(0.5));
  const ref = [1, 2],
    v = [0, 0];
  tf.tidy(() => opt.applyGradients({ [w.name]: tf.ones([2]), [b.name]: tf.scalar(1) })); // creates the slots
  kerasStep(ref, v, [1, 1], 0.1, 0.9, 1e-7);
  const before = tf.memory().numTensors;
  (opt as KerasRMSprop).learningRate = 0.05; // what fit's applyLearningRateDecay does
  tf.tidy(() => opt.applyGradients({ [w.name]: tf.ones([2]), [b.name]: tf.scalar(1) }));
  kerasStep(ref, v, [1, 1], 0.05, 0.9, 1e-7);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked by a step');
  const got = w.dataSync();
  ref.forEach((r, i) => assert.ok(Math.abs(got[i] - r) < 1e-6));
  assert.throws(() => rmsprop({ rho: 1 }), /rmsprop rho: a number in \[0, 1\) expected, found 1/);
  assert.throws(
    () => new KerasRMSprop(0),
    /KerasRMSprop learningRate: a positive number expected, found 0/,
  );
  const n = tf.memory().numTensors;
  opt.dispose();
  assert.equal(tf.memory().numTensors, n - 2 - 4, 'dispose frees 2 slots and 4 cached scalars');
  tf.dispose([w, b]);
});

for (const [name, make, cls] of [
  ['rmsprop', () => rmsprop({ learningRate: 0.01 }), KerasRMSprop],
  ['adam', () => adam({ learningRate: 0.01 }), KerasAdam],
] as const)
  test(`a model compiled with ${name}() saves and reloads with its optimizer state`, async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: 'ones' })],
    });
    model.compile({ optimizer: make(), loss: 'meanSquaredError' });
    const x = tf.tensor2d([
        [1, 2, 3],
        [0, 1, 0],
      ]),
      y = tf.tensor2d([
        [1, 0],
        [0, 1],
      ]);
    await model.trainOnBatch(x, y);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-rmsprop-'));
    try {
      await model.save(`file://${dir}`, { includeOptimizer: true });
      const loaded = await tf.loadLayersModel(`file://${dir}/model.json`);
      assert.ok(loaded.optimizer instanceof cls);
      assert.equal(loaded.optimizer.iterations, 1);
      // The same next step from the same state gives the same weights.
      for (let i = 0; i < 2; i++) {
        await model.trainOnBatch(x, y);
        await loaded.trainOnBatch(x, y);
      }
      const [a, b] = [model.getWeights()[0].dataSync(), loaded.getWeights()[0].dataSync()];
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-7, `kernel[${i}]: ${v} vs ${b[i]}`));
      loaded.optimizer.dispose();
      loaded.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      model.optimizer.dispose();
      model.dispose();
      tf.dispose([x, y]);
    }
  });

test("KerasAdam follows Keras 3's formula (alpha = lr sqrt(1 - b2^t) / (1 - b1^t), epsilon unscaled)", () => {
  const w0 = [0.5, -1, 2, 0];
  const w = tf.variable(tf.tensor1d(w0));
  const opt = adam({ learningRate: 0.01, beta1: 0.8, beta2: 0.9, epsilon: 1e-2 });
  assert.ok(opt instanceof KerasAdam);
  const ref = [...w0],
    m = w0.map(() => 0),
    v = w0.map(() => 0);
  const grads = [
    [0.1, -0.2, 0.3, 0],
    [1, 2, -3, 0.5],
    [-0.4, 0.0, 0.7, 0.5],
  ];
  grads.forEach((g, s) => {
    tf.tidy(() => opt.applyGradients([{ name: w.name, tensor: tf.tensor1d(g) }]));
    const t = s + 1;
    const alpha = (0.01 * Math.sqrt(1 - 0.9 ** t)) / (1 - 0.8 ** t);
    for (let i = 0; i < ref.length; i++) {
      m[i] += (g[i] - m[i]) * 0.2;
      v[i] += (g[i] * g[i] - v[i]) * 0.1;
      ref[i] -= (m[i] * alpha) / (Math.sqrt(v[i]) + 1e-2);
    }
    const got = w.dataSync();
    ref.forEach((r, i) =>
      assert.ok(
        Math.abs(got[i] - r) < 1e-6 * Math.max(1, Math.abs(r)),
        `step ${t}, w[${i}]: ${got[i]} vs ${r}`,
      ),
    );
  });
  opt.dispose();
  w.dispose();
  assert.throws(
    () => new KerasAdam(0.1, 1),
    /KerasAdam beta1: a number in \[0, 1\) expected, found 1/,
  );
});
