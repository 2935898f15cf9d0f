import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { installFastKernels, uninstallFastKernels } from '../../src/kernels';

// Gradients of conv -> relu -> maxpool -> loss, the pattern of every tutorial CNN.
function gradients(seed: number): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', seed);
    const w = tf.randomNormal([3, 3, 3, 5], 0, 0.5, 'float32', seed + 1);
    const b = tf.randomNormal([5], 0, 0.1, 'float32', seed + 2);
    const f = (xx: tf.Tensor, ww: tf.Tensor) =>
      tf
        .maxPool(
          tf.fused.conv2d({
            x: xx as tf.Tensor4D,
            filter: ww as tf.Tensor4D,
            bias: b,
            strides: 1,
            pad: 'same',
            activation: 'relu',
          }),
          2,
          2,
          'valid',
        )
        .square()
        .sum();
    const [dx, dw] = tf.grads(f)([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

test('fast kernels give the same gradients as tfjs-node and leak no tensors', () => {
  const before = gradients(7);
  const n0 = tf.memory().numTensors;
  installFastKernels();
  try {
    const after = gradients(7);
    assert.equal(tf.memory().numTensors, n0, 'tensors leaked by the fast kernels');
    for (const k of ['dx', 'dw'] as const) {
      const maxDiff = before[k].reduce((m, v, i) => Math.max(m, Math.abs(v - after[k][i])), 0);
      assert.ok(maxDiff < 1e-5, `${k}: max difference ${maxDiff}, expected < 1e-5`);
    }
  } finally {
    uninstallFastKernels();
  }
});

// Flat image regions give ties inside a pooling window with a positive value (relu(bias)):
// TensorFlow routes the gradient to the first maximum only, and so must every replacement.
test('fast kernels route max-pool gradients like TensorFlow when a window has ties', () => {
  const tied = () =>
    tf.tidy(() => {
      const x = tf.concat(
        [tf.ones([1, 8, 8, 1]), tf.randomNormal([1, 8, 8, 1], 0, 1, 'float32', 5)],
        1,
      );
      const w = tf.fill([3, 3, 1, 2], 0.3);
      const b = tf.tensor1d([0.5, 0.2]);
      const f = (ww: tf.Tensor) =>
        tf
          .maxPool(
            tf.fused.conv2d({
              x: x as tf.Tensor4D,
              filter: ww as tf.Tensor4D,
              bias: b,
              strides: 1,
              pad: 'same',
              activation: 'relu',
            }),
            2,
            2,
            'valid',
          )
          .sum();
      return tf.grad(f)(w).dataSync() as Float32Array;
    });
  const before = tied();
  installFastKernels();
  try {
    const after = tied();
    const maxDiff = before.reduce((m, v, i) => Math.max(m, Math.abs(v - after[i])), 0);
    assert.ok(maxDiff < 1e-5, `dw with tied windows: max difference ${maxDiff}, expected < 1e-5`);
  } finally {
    uninstallFastKernels();
  }
});

test('step keeps alpha semantics', () => {
  installFastKernels();
  try {
    const x = tf.tensor1d([-2, 0, 0.5, 3]);
    assert.deepEqual(Array.from(tf.step(x).dataSync()), [0, 0, 1, 1]);
    assert.deepEqual(Array.from(tf.step(x, 0.25).dataSync()), [0.25, 0.25, 1, 1]);
    tf.dispose(x);
  } finally {
    uninstallFastKernels();
  }
});
