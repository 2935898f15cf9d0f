import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mnistMlp,
  mnistCnn,
  cifar10SmallCnn,
  cifar10BasicModel,
  cifar10KerasCnn,
  cifar10VisModel,
  describeModel,
  summaryText,
  createCnn,
} from '../../src/models';

// conv params = (k*k*inChannels + 1) * filters; dense = (in + 1) * units.
test('004 MLP has 669,706 parameters', () => {
  const expected =
    (784 + 1) * 512 /* 401,920 */ + (512 + 1) * 512 /* 262,656 */ + (512 + 1) * 10; /* 5,130 */
  assert.equal(expected, 669_706);
  assert.equal(mnistMlp().countParams(), expected);
});

test('004 MNIST CNN has 220,234 parameters', () => {
  const expected =
    (3 * 3 * 1 + 1) * 32 + // conv 28x28x1 -> 28x28x32: 320
    (3 * 3 * 32 + 1) * 64 + // conv 14x14x32 -> 14x14x64: 18,496
    (7 * 7 * 64 + 1) * 64 + // dense 3136 -> 64: 200,768
    (64 + 1) * 10; // dense 64 -> 10: 650
  assert.equal(expected, 220_234);
  assert.equal(mnistCnn().countParams(), expected);
});

test('004 CIFAR-10 small CNN has 541,094 parameters', () => {
  const expected =
    (3 * 3 * 3 + 1) * 16 + // 448
    (3 * 3 * 16 + 1) * 32 + // 4,640
    (3 * 3 * 32 + 1) * 64 + // 18,496
    (4 * 4 * 64 + 1) * 500 + // 1024 -> 500: 512,500
    (500 + 1) * 10; // 5,010
  assert.equal(expected, 541_094);
  assert.equal(cifar10SmallCnn().countParams(), expected);
});

test("000 basic model: Keras's count for the tutorial's code", () => {
  // valid 3x3 convs: 32 -> 30 -> 28, pool 14, -> 12 -> 10, pool 5: flatten 5*5*64 = 1600
  const expected =
    (27 + 1) * 32 /* 896 */ +
    (288 + 1) * 32 /* 9,248 */ +
    (288 + 1) * 64 /* 18,496 */ +
    (576 + 1) * 64 /* 36,928 */ +
    (1600 + 1) * 256 /* 409,856 */ +
    (256 + 1) * 10; /* 2,570 */
  assert.equal(expected, 477_994);
  assert.equal(cifar10BasicModel().countParams(), expected);
});

test("001 model (Keras's cifar10_cnn) has 1,250,858 parameters", () => {
  // 32 same -> 32, valid -> 30, pool 15, same -> 15, valid -> 13, pool 6: flatten 6*6*64 = 2304
  const expected =
    896 + 9_248 + 18_496 + 36_928 + (2304 + 1) * 512 /* 1,180,160 */ + (512 + 1) * 10; /* 5,130 */
  assert.equal(expected, 1_250_858);
  assert.equal(cifar10KerasCnn().countParams(), expected);
});

test("003 model matches the tutorial's summary rows", () => {
  const s = describeModel(cifar10VisModel());
  assert.deepEqual(
    s.rows.map((r) => r.params),
    [1792, 36928, 0, 73856, 0, 147584, 0, (8192 + 1) * 1024, (1024 + 1) * 10],
  );
  assert.equal(s.totalParams, 8_660_042);
  assert.equal(s.rows[5].outputShape, '(None, 8, 8, 128)');
});

test('summary text has Keras rows and totals', () => {
  const text = summaryText(mnistCnn());
  assert.match(text, /conv2d \(Conv2D\)\s+\(None, 28, 28, 32\)\s+320/);
  assert.match(text, /flatten \(Flatten\)\s+\(None, 3136\)\s+0/);
  assert.match(text, /Total params: 220,234/);
  assert.match(text, /Non-trainable params: 0/);
});

test('numClasses is validated', () => {
  assert.throws(() => mnistCnn({ numClasses: 1 }), /numClasses: an integer >= 2 expected, found 1/);
  assert.equal(mnistCnn({ numClasses: 3 }).outputs[0].shape[1], 3);
});

// Keras initialises every Conv2D and Dense kernel Glorot-uniform: within ±√(6 / (fan_in + fan_out)),
// standard deviation limit/√3. tfjs's own default is Glorot-normal (truncated at 2σ, beyond the
// uniform limit), which an unseeded builder used to get: 05's notebook trained from it.
for (const [name, build] of [
  ['mnistCnn', () => mnistCnn()],
  ['cifar10SmallCnn', () => cifar10SmallCnn()],
  ['createCnn', () => createCnn([['c', 32, 3], ['m', 2], ['f'], ['d', 10]], [32, 32, 3])],
] as const) {
  test(`${name}() without a seed starts Glorot-uniform, as Keras`, () => {
    const model = build();
    for (const w of model.getWeights().filter((t) => t.shape.length >= 2)) {
      const receptive = w.shape.length === 4 ? w.shape[0] * w.shape[1] : 1;
      const [fanIn, fanOut] = [receptive * w.shape.at(-2)!, receptive * w.shape.at(-1)!];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const values = w.dataSync();
      const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const std = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
      assert.ok(max <= limit + 1e-6, `${w.shape}: |w| up to ${max}, beyond the limit ${limit}`);
      assert.ok(Math.abs(std / (limit / Math.sqrt(3)) - 1) < 0.1, `${w.shape}: std ${std}`);
    }
    model.dispose();
  });
}
