import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { loadMnist } from '../../src/data';
import { firstLayerKernels, classActivationMaximization } from '../../src/viz';
import { assertPng } from '../plot/png';

/** A tiny CNN trained for a few seconds on 600 MNIST digits (about 95% training accuracy). */
let mnist: tf.Sequential;
before(async () => {
  const n = 600;
  const data = loadMnist();
  const x = tf.tensor4d(
    Float32Array.from(data.xTrain.slice(0, n).data, (v) => v / 255),
    [n, 28, 28, 1],
  );
  const y = tf.oneHot(tf.tensor1d(Array.from(data.yTrain.slice(0, n)), 'int32'), 10).toFloat();
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  mnist = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 8,
        kernelSize: 5,
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
  mnist.compile({
    optimizer: tf.train.adam(0.01),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const history = await mnist.fit(x, y, { epochs: 4, batchSize: 32, shuffle: false, verbose: 0 });
  x.dispose();
  y.dispose();
  const acc = history.history.acc as number[];
  assert.ok(acc[acc.length - 1] > 0.85, `the tiny CNN learned (training accuracy ${acc.at(-1)})`);
});

test('firstLayerKernels: every kernel of the first conv layer, as stored, drawn in a grid', () => {
  const before = tf.memory().numTensors;
  const r = firstLayerKernels(mnist);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  assert.equal(r.layer, mnist.layers[0].name);
  assert.equal(r.kernels.length, 8);
  const w = mnist.layers[0].getWeights()[0].arraySync() as number[][][][]; // [5, 5, 1, 8]
  r.kernels.forEach(({ index, shape, data }) => {
    assert.deepEqual(shape, [5, 5, 1]);
    assert.ok(Math.abs(data[7] - w[1][2][0][index]) < 1e-7, `kernel ${index} row 1 col 2`);
  });
  assertPng(r.figure);
  assert.match(r.figure.title, /8 learned 5×5 kernels \(grey/);
  // An RGB first layer: colour kernels; maxKernels draws the first few only.
  const rgb = tf.sequential({
    layers: [tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 6, kernelSize: 3 })],
  });
  const some = firstLayerKernels(rgb, { maxKernels: 4 });
  assert.equal(some.kernels.length, 6);
  assert.match(some.figure.title, /first 4 of 6 learned 3×3 kernels \(RGB/);
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
  assert.throws(() => firstLayerKernels(dense), /the model has no Conv2D layer/);
});

test('class activation maximisation raises each class score far above the grey start', () => {
  const before = tf.memory().numTensors;
  const r = classActivationMaximization(mnist, {
    classes: [0, 3, 7],
    classNames: [...'0123456789'],
    steps: 60,
  });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  assert.equal(r.objective, 'logit');
  assert.deepEqual(
    r.images.map((i) => [i.classIndex, i.className, i.shape]),
    [
      [0, '0', [28, 28, 1]],
      [3, '3', [28, 28, 1]],
      [7, '7', [28, 28, 1]],
    ],
  );
  for (const img of r.images) {
    assert.ok(
      img.score > img.startScore + 5,
      `${img.className}: logit ${img.startScore} -> ${img.score}`,
    );
    assert.ok(
      img.probability > 0.95 && img.startProbability < 0.5,
      `${img.className}: p ${img.probability}`,
    );
    assert.ok(
      img.data.every((v) => v >= 0 && v <= 1),
      'kept in the pixel range',
    );
  }
  // The optimised image is the model's input: predicting on it gives the reported probability.
  const p = tf.tidy(() =>
    (mnist.predict(tf.tensor4d(r.images[1].data, [1, 28, 28, 1])) as tf.Tensor).dataSync(),
  );
  assert.ok(Math.abs(p[3] - r.images[1].probability) < 1e-4);
  assertPng(r.figure);
  const prob = classActivationMaximization(mnist, {
    classes: [5],
    objective: 'probability',
    steps: 40,
  });
  assert.ok(
    prob.images[0].score > prob.images[0].startScore + 0.5,
    'probability objective raises it too',
  );
  assert.throws(
    () => classActivationMaximization(mnist, { classes: [10] }),
    /classes: expected an integer 0..9, found 10/,
  );
  assert.throws(
    () => classActivationMaximization(mnist, { objective: 'loss' as 'logit' }),
    /objective: expected/,
  );
});

test('class logits are found both after Dense(softmax) and after a separate Activation(softmax)', () => {
  const build = (separate: boolean) => {
    const dense = tf.layers.dense({
      units: 3,
      activation: separate ? 'linear' : 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      biasInitializer: tf.initializers.constant({ value: 0.5 }),
    });
    const layers = [tf.layers.flatten({ inputShape: [4, 4, 1] }), dense];
    if (separate) layers.push(tf.layers.activation({ activation: 'softmax' }));
    return tf.sequential({ layers });
  };
  const a = classActivationMaximization(build(false), { steps: 1, blurEvery: 0 });
  const b = classActivationMaximization(build(true), { steps: 1, blurEvery: 0 });
  assert.equal(a.images.length, 3);
  a.images.forEach((img, i) => {
    assert.ok(Math.abs(img.startScore - b.images[i].startScore) < 1e-5, 'same logits either way');
    assert.ok(Math.abs(img.score - b.images[i].score) < 1e-4);
  });
});
