// bench/flops.mjs: the FLOPs behind each training case's physical limit, checked against a
// count by hand of 004's MNIST CNN (and its parameter count, which tests the shape propagation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

type Flops = typeof import('../../bench/flops.mjs');
const flops = () =>
  import(path.resolve(__dirname, '..', '..', 'bench', 'flops.mjs')) as Promise<Flops>;

test('MNIST CNN: multiply-adds and parameters as counted by hand', async () => {
  const { MODELS, forwardCost, trainingFlops } = await flops();
  const macs =
    28 * 28 * (3 * 3 * 1) * 32 + // Conv2D(32, 3, same) on 28x28x1
    14 * 14 * (3 * 3 * 32) * 64 + // Conv2D(64, 3, same) on 14x14x32 after the pool
    7 * 7 * 64 * 64 + // Dense(64) on the flattened 7x7x64
    64 * 10; // Dense(10)
  assert.equal(macs, 4_039_808);
  assert.deepEqual(forwardCost(MODELS.mnist), { macs, params: 220_234 });
  // One epoch of 60,000: 3 x 2 x 4,039,808 x 60,000 = 1.454 TFLOP.
  assert.equal(trainingFlops(MODELS.mnist, 60_000), 3 * 2 * macs * 60_000);
});

test("CIFAR-10 CNN: 004's parameter count, multiply-adds by hand", async () => {
  const { MODELS, forwardCost } = await flops();
  const macs =
    32 * 32 * 27 * 16 + 16 * 16 * 144 * 32 + 8 * 8 * 288 * 64 + 4 * 4 * 64 * 500 + 500 * 10;
  assert.deepEqual(forwardCost(MODELS.cifar), { macs, params: 541_094 });
});

test("'valid' padding shrinks the map; a Dense straight after a map is refused", async () => {
  const { forwardCost } = await flops();
  const valid = forwardCost({
    input: [5, 5, 2],
    layers: [['conv', 4, 3, 'valid'], ['flatten'], ['dense', 1]],
  });
  assert.deepEqual(valid, { macs: 3 * 3 * 18 * 4 + 36, params: 18 * 4 + 4 + 37 });
  assert.throws(
    () => forwardCost({ input: [2, 2, 1], layers: [['dense', 3]] }),
    /Flatten before it/,
  );
});
