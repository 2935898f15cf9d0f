import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  GraphEngineUnsupported,
  graphTrainer,
  GraphOptimizerSpec,
  optimizerSpecOf,
} from '../../src/graph';
import { adam, rmsprop, sgd } from '../../src/optimizers';
import { noGraphEngine as skip } from '../helpers/graphSkip';

// A tiny CNN covering every translated layer kind but dropout: conv same/valid, strides, pool, flatten, dense relu/softmax.
function tinyCnn(): tf.Sequential {
  return tf.tidy(() =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [10, 10, 2],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          seed: 1,
        } as tf.layers.ConvLayerArgs & { seed: number }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({
          filters: 5,
          kernelSize: 2,
          strides: 2,
          padding: 'valid',
          activation: 'linear',
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 6, activation: 'relu' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  );
}

function batch(seed: number): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => [
    tf.randomUniform([8, 10, 10, 2], 0, 1, 'float32', seed),
    tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 1, 0], 'int32'), 3).toFloat(),
  ]);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// The adaptive optimizers' epsilons are raised to make the comparison well-conditioned.
// RMSprop's first step lr*g/(sqrt(0.1*g^2) + eps) is about 3.2*lr whatever the size of g, so
// the step's sensitivity to the gradient reaches lr/eps near g = 0: 1e5 at Keras's eps = 1e-7.
// There a gradient whose last bits differ between the eager and the graph reductions
// (summation order) moved a weight by 1.8e-4, over the bound (1 run in 4 under load; the
// unseeded layers draw new gradients every run). Adam's first step lr*g/(|g| + 32*eps) is
// the same, 30x milder. eps = 1e-3 (RMSprop) and 1e-4 (Adam) cap the sensitivity at 10 and
// 3: rounding then moves weights by < 1e-6, and every step still depends on rho, the betas
// and epsilon (its value and where it goes).
const optimizers: [string, () => tf.Optimizer][] = [
  ['rmsprop', () => rmsprop({ learningRate: 0.01, epsilon: 1e-3 })],
  ['adam', () => adam({ learningRate: 0.01, epsilon: 1e-4 })],
  ['sgd', () => sgd({ learningRate: 0.1 })],
  ['sgd momentum nesterov', () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
];

for (const [name, make] of optimizers) {
  test(
    `graph step = eager trainOnBatch (${name}): loss, accuracy and weights within 1e-4`,
    { skip },
    async () => {
      const eager = tinyCnn();
      const graphModel = tinyCnn();
      graphModel.setWeights(eager.getWeights());
      const initial = eager.getWeights().map((w) => w.dataSync().slice());
      const optimizer = make();
      eager.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const trainer = graphTrainer(graphModel, { optimizer: optimizerSpecOf(optimizer) });
      try {
        for (let step = 0; step < 3; step++) {
          const [x, y] = batch(step);
          const [eLoss, eAcc] = (await eager.trainOnBatch(x, y)) as number[];
          const g = trainer.trainBatch(x, y);
          tf.dispose([x, y]);
          assert.ok(
            Math.abs(eLoss - g.loss) < 1e-4,
            `step ${step}: loss eager ${eLoss}, graph ${g.loss}`,
          );
          assert.equal(g.accuracy, eAcc, `step ${step}: accuracy`);
        }
        assert.equal(trainer.iterations, 3);
        trainer.syncWeightsToModel();
        const ew = eager.getWeights(),
          gw = graphModel.getWeights();
        ew.forEach((w, i) => {
          const d = maxDiff(w.dataSync(), gw[i].dataSync());
          assert.ok(d < 1e-4, `${eager.weights[i].name}: max difference ${d}`);
        });
        // The optimizer state, in tfjs's layout (names, order, values), equals the eager optimizer's.
        const state = trainer.getOptimizerState();
        const [iter, ...slots] = await optimizer.getWeights();
        iter.tensor.dispose();
        assert.equal(state.iterations, optimizer.iterations);
        assert.deepEqual(
          state.slots.map((s) => s.shape),
          slots.map((s) => s.tensor.shape),
        );
        assert.deepEqual(
          state.slots.map((s) => s.name.replace(/\d+\//g, '/')),
          slots.map((s) => s.name.replace(/\d+\//g, '/')),
        );
        slots.forEach((s, i) =>
          assert.ok(maxDiff(s.tensor.dataSync(), state.slots[i].data) < 1e-4, `${s.name} differs`),
        );
        // setOptimizerState checks what it is given.
        assert.throws(
          () => trainer.setOptimizerState({ iterations: -1, slots: [] }),
          /iterations must be an integer >= 0, found -1/,
        );
        if (slots.length) {
          assert.throws(
            () => trainer.setOptimizerState({ iterations: 3, slots: [new Float32Array(1)] }),
            /slot arrays expected|must hold/,
          );
        }
        // The weights did move (the comparison is not vacuous).
        const moved = gw.map((w, i) => maxDiff(initial[i], w.dataSync()));
        assert.ok(
          moved.filter((_, i) => i % 2 === 0).every((d) => d > 1e-5) && Math.max(...moved) > 1e-3,
          `kernels did not move: ${moved}`,
        );
      } finally {
        trainer.dispose();
        eager.dispose();
        graphModel.dispose();
        optimizer.dispose();
      }
    },
  );
}

test(
  'graph trainer: learning rate is fed per step, no tensor leaks, dropout trains',
  { skip },
  () => {
    const model = tf.tidy(() =>
      tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape: [10, 10, 2] }),
          tf.layers.dropout({ rate: 0.3 }),
          tf.layers.dense({
            units: 3,
            activation: 'softmax',
            kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }),
          }),
        ],
      }),
    );
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const trainer = graphTrainer(model, {
      optimizer: { kind: 'sgd', learningRate: 0.05 },
      seed: 3,
    });
    const [x, y] = batch(9);
    const n0 = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) losses.push(trainer.trainBatch(x, y).loss);
    trainer.syncWeightsToModel();
    assert.equal(tf.memory().numTensors, n0, 'tensors leaked by trainBatch / syncWeightsToModel');
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(
      mean(losses.slice(-5)) < mean(losses.slice(0, 5)) * 0.8,
      `loss did not fall: ${losses.map((l) => l.toFixed(3)).join(' ')}`,
    );
    // A zero-ish learning rate leaves the weights (almost) where they are.
    const w1 = model.getWeights()[0].dataSync().slice();
    assert.ok(maxDiff(before[0], w1) > 1e-3, 'weights did not move');
    trainer.trainBatch(x, y, 1e-12);
    trainer.syncWeightsToModel();
    assert.ok(
      maxDiff(w1, model.getWeights()[0].dataSync()) < 1e-8,
      'a tiny fed learning rate still moved the weights',
    );
    trainer.dispose();
    assert.throws(() => trainer.trainBatch(x, y), /disposed/);
    tf.dispose([x, y]);
    model.dispose();
  },
);

test('graph trainer rejects unsupported layers and options by name', { skip }, () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 4 }),
      tf.layers.batchNormalization(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  assert.throws(
    () => graphTrainer(model, { optimizer: { kind: 'rmsprop', learningRate: 0.001 } }),
    /layer 'batch_normalization\w*' \(BatchNormalization\)/,
  );
  assert.throws(
    () => graphTrainer(model, { optimizer: { kind: 'rmsprop', learningRate: 0.001 } }),
    (e: Error) =>
      e instanceof GraphEngineUnsupported && /^layer 'batch_normalization\w*' /.test(e.reason),
    'a typed error carrying the reason',
  );
  const ok = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 2, activation: 'softmax' })],
  });
  assert.throws(
    () => graphTrainer(ok, { optimizer: { kind: 'adagrad' } as unknown as GraphOptimizerSpec }),
    /optimizer kind must be/,
  );
  assert.throws(() => optimizerSpecOf(tf.train.rmsprop(0.01)), /not supported/);
  const t = graphTrainer(ok, { optimizer: { kind: 'adam', learningRate: 0.001 } });
  assert.throws(() => t.trainBatch(tf.zeros([2, 5]), tf.zeros([2, 2])), /x must be \[batch, 4\]/);
  t.dispose();
  model.dispose();
  ok.dispose();
});
