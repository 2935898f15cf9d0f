// Zeiler & Fergus's strongest dataset patches, the receptive field they are cropped to, and
// activation maximisation of a hidden dense unit, on a small seeded CNN trained on real MNIST.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import type { Images } from '../../src/data';
import { topPatches, receptiveField, denseUnitMaximization } from '../../src/viz';
import { assertPng } from '../plot/png';
import { trainedMnistCnn } from './mnistCnn';

let model: tf.Sequential;
let test200: Images;
before(async () => {
  const trained = await trainedMnistCnn({ filters: [6, 8], padding: 'same', hidden: 12 });
  model = trained.model;
  test200 = trained.data.xTest.slice(0, 200);
});

/** Output of `layer` at (row, col, filter) for one [1, 28, 28, 1] input. */
function unitValue(layer: string, input: tf.Tensor, row: number, col: number, filter: number) {
  const sub = tf.model({
    inputs: model.inputs,
    outputs: model.getLayer(layer).output as tf.SymbolicTensor,
  });
  return tf.tidy(() => (sub.predict(input) as tf.Tensor).arraySync() as number[][][][])[0][row][
    col
  ][filter];
}

test('receptive field: pixels outside the box never change the unit, pixels inside can', () => {
  const rf = receptiveField(model, 'c2'); // 3x3 conv, 2x2 pool, 3x3 'same' conv: 8x8 squares, 2 px apart
  assert.deepEqual([rf.size, rf.jump], [8, 2]);
  const [row, col] = [5, 6];
  const box = rf.box(row, col);
  const base = test200.slice(7, 8).toTensor({ scale: true });
  const at = (y: number, x: number) => {
    const bumped = tf.tidy(() =>
      base.add(tf.oneHot(tf.tensor1d([y * 28 + x], 'int32'), 784).reshape([1, 28, 28, 1])),
    );
    const v = [0, 1, 2, 3, 4, 5, 6, 7].map((f) => unitValue('c2', bumped, row, col, f));
    bumped.dispose();
    return v;
  };
  const ref = [0, 1, 2, 3, 4, 5, 6, 7].map((f) => unitValue('c2', base, row, col, f));
  const moved = (v: number[]) => v.some((x, i) => Math.abs(x - ref[i]) > 1e-6);
  // Just outside the box on each side: no change. The box's corners: some change.
  for (const [y, x] of [
    [box.top - 1, box.left + 3],
    [box.top + box.size, box.left + 3],
    [box.top + 3, box.left - 1],
    [box.top + 3, box.left + box.size],
  ])
    assert.ok(!moved(at(y, x)), `pixel (${y}, ${x}) outside ${JSON.stringify(box)} moved the unit`);
  const inside = [
    [box.top, box.left],
    [box.top + box.size - 1, box.left + box.size - 1],
    [box.top + 3, box.left + 4],
  ];
  assert.ok(
    inside.some(([y, x]) => moved(at(y, x))),
    'some pixel inside the box moves the unit',
  );
  base.dispose();
});

test('topPatches: the strongest response over all images, where it is, cropped to its field', () => {
  const before = tf.memory().numTensors;
  const r = topPatches(model, test200, { layers: ['c2'], filters: [0, 3], top: 5, batchSize: 64 });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  assertPng(r.figure);
  const [layer] = r.layers;
  assert.equal(layer.receptiveField, 8);
  // Brute force: every image's maximum for filter 3, by predicting each batch whole.
  const sub = tf.model({
    inputs: model.inputs,
    outputs: model.getLayer('c2').output as tf.SymbolicTensor,
  });
  const all = tf.tidy(() => {
    const x = test200.toTensor({ scale: true });
    const out = sub.predict(x) as tf.Tensor4D;
    return out
      .slice([0, 0, 0, 3], [200, 13, 13, 1])
      .reshape([200, 169])
      .max(1)
      .arraySync() as number[];
  });
  const order = all
    .map((v, i) => [v, i])
    .sort((a, b) => b[0] - a[0])
    .slice(0, 5);
  const found = layer.filters[1].patches;
  assert.deepEqual(
    found.map((p) => p.image),
    order.map(([, i]) => i),
    'the 5 images with the largest maxima, largest first',
  );
  found.forEach((p, k) => assert.ok(Math.abs(p.activation - order[k][0]) < 1e-5));
  // The position is where that maximum is, and the crop is the image under the box.
  const p = found[0];
  const one = test200.slice(p.image, p.image + 1).toTensor({ scale: true });
  assert.ok(Math.abs(unitValue('c2', one, p.row, p.col, 3) - p.activation) < 1e-5);
  one.dispose();
  const pixels = test200.image(p.image);
  for (let y = 0; y < p.box.size; y++)
    for (let x = 0; x < p.box.size; x++) {
      const [sy, sx] = [p.box.top + y, p.box.left + x];
      const expected = sy < 0 || sy >= 28 || sx < 0 || sx >= 28 ? 0.5 : pixels[sy * 28 + sx] / 255;
      assert.ok(Math.abs(p.data[y * p.box.size + x] - expected) < 1e-6);
    }
  assert.throws(
    () => topPatches(model, test200, { layers: ['c2'], filters: [8] }),
    /layer c2 has filters 0..7, found 8/,
  );
});

test('dense unit maximisation raises a hidden unit, measured on the returned picture', () => {
  const before = tf.memory().numTensors;
  const r = denseUnitMaximization(model, { units: [0, 5, 11], steps: 60 });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  assert.equal(r.layer, 'hidden');
  assertPng(r.figure);
  const upTo = tf.model({
    inputs: model.inputs,
    outputs: model.getLayer('hidden').input as tf.SymbolicTensor,
  });
  const [kernel, bias] = model.getLayer('hidden').getWeights();
  for (const img of r.images) {
    assert.ok(
      img.data.every((v) => v >= 0 && v <= 1),
      'kept in the pixel range',
    );
    const z = tf.tidy(
      () =>
        (upTo.predict(tf.tensor4d(img.data, [1, 28, 28, 1])) as tf.Tensor2D)
          .matMul(kernel as tf.Tensor2D)
          .add(bias)
          .arraySync() as number[][],
    )[0][img.unit];
    assert.ok(Math.abs(z - img.value) < 1e-4, `unit ${img.unit}: ${z} vs ${img.value}`);
    assert.equal(img.failed, !(img.value > 0 && img.value > img.startValue));
  }
  assert.ok(r.images.filter((i) => !i.failed).length >= 2, 'the ascent works on most units');
  assert.ok(
    r.images.every((i) => i.value > i.startValue),
    'every unit rose',
  );
  assert.throws(
    () => denseUnitMaximization(model, { layer: 'c1' }),
    /a hidden Dense layer, one of hidden/,
  );
});
