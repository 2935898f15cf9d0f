import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, backendInfo } from '../../src/backend';

test('tfjs-node runs on the native TensorFlow backend', () => {
  const info = backendInfo();
  assert.equal(info.backend, 'tensorflow');
  assert.match(info.tensorflow, /^2\.\d+\.\d+/);
});

test('a tiny Conv2D model trains and its loss falls', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  // Class 1 images are bright in the top half, class 0 in the bottom half: learnable.
  const labels = Array.from({ length: 64 }, (_, i) => i % 2);
  const x = tf.tidy(() => {
    const noise = tf.randomUniform([64, 8, 8, 1], 0, 0.2, 'float32', 3);
    const top = tf.concat([tf.ones([1, 4, 8, 1]), tf.zeros([1, 4, 8, 1])], 1);
    const bottom = tf.reverse(top, 1);
    const masks = tf.concat(
      labels.map((l) => (l ? top : bottom)),
      0,
    );
    return noise.add(masks);
  });
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
  const history = await model.fit(x, y, { epochs: 20, batchSize: 16, verbose: 0, shuffle: false });
  const losses = history.history.loss as number[];
  assert.ok(
    losses[losses.length - 1] < losses[0] * 0.5,
    `loss did not fall enough: ${losses[0]} -> ${losses[losses.length - 1]}`,
  );
  tf.dispose([x, y]);
  model.dispose();
});
