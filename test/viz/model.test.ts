import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  occlusion,
  activationMaximization,
  featureMaps,
  gradCam,
  convLayerNames,
} from '../../src/viz';
import { assertPng } from '../plot/png';

/** Softmax over [weight * (sum of the top-left 2x2 pixels), 0]: only that region matters. */
function regionModel(weight = 10): tf.LayersModel {
  const dense = tf.layers.dense({ units: 2, activation: 'softmax', useBias: false });
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), dense] });
  const w = new Float32Array(16 * 2);
  for (const p of [0, 1, 4, 5]) w[p * 2] = weight; // pixels (0,0) (0,1) (1,0) (1,1) -> class 0
  dense.setWeights([tf.tensor2d(w, [16, 2])]);
  return model;
}

function smallCnn(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        name: 'c1',
        inputShape: [8, 8, 3],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
        biasInitializer: 'ones',
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({
        name: 'c2',
        filters: 6,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(2),
        biasInitializer: 'ones',
      }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
}

test('occlusion on a model that only sees the top-left 2x2: exact drops, one batched predict', () => {
  const model = regionModel();
  let calls = 0;
  const predict = model.predict.bind(model);
  model.predict = (x, args) => ((calls += 1), predict(x, args));
  const image = { data: new Float32Array(16).fill(1), shape: [4, 4, 1] };
  const before = tf.memory().numTensors;
  const r = occlusion(model, image, { patchSize: 2, stride: 2, fillValue: 0, engine: 'eager' });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  assert.equal(calls, 1, 'one batch: the image and its 4 occluded copies');
  const p = 1 / (1 + Math.exp(-40));
  assert.equal(r.classIndex, 0);
  assert.ok(Math.abs(r.baseProbability - p) < 1e-6);
  // Covering the region sets the logit to 0: p(class 0) = 0.5. Other patches change nothing.
  const expected = [
    [p - 0.5, 0],
    [0, 0],
  ];
  r.drop.forEach((row, i) =>
    row.forEach((v, j) =>
      assert.ok(Math.abs(v - expected[i][j]) < 1e-6, `drop[${i}][${j}] = ${v}`),
    ),
  );
  assert.ok(Math.abs(r.pixelDrop[1][1] - (p - 0.5)) < 1e-6);
  assert.equal(r.pixelDrop[3][3], 0);
  assertPng(r.figure);
  // Stride 1 over a 4x4 image: 3x3 positions; patches overlapping the region by one pixel drop
  // less. Weight 1 keeps p(class 0) = sigmoid(4) off float32's 1, so partial drops show.
  const r1 = occlusion(regionModel(1), image, { patchSize: 2, stride: 1, fillValue: 0 });
  assert.equal(r1.drop.length, 3);
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  assert.ok(Math.abs(r1.drop[0][0] - (sigmoid(4) - 0.5)) < 1e-6, `drop[0][0] = ${r1.drop[0][0]}`);
  assert.ok(Math.abs(r1.drop[0][1] - (sigmoid(4) - sigmoid(2))) < 1e-6);
  assert.ok(Math.abs(r1.drop[1][1] - (sigmoid(4) - sigmoid(3))) < 1e-6);
  assert.equal(r1.drop[2][2], 0);
});

test('occlusion validates image, options and class', () => {
  const model = regionModel();
  const ok = { data: new Float32Array(16).fill(1), shape: [4, 4, 1] };
  assert.throws(
    () => occlusion(model, { data: new Float32Array(25), shape: [5, 5, 1] }),
    /occlusion: image must be one image preprocessed as in training, \[4, 4, 1\] \(the model's input\), found an image of shape \[5, 5, 1\]/,
  );
  assert.throws(
    () => occlusion(model, { data: new Uint8Array(16), shape: [4, 4, 1] }),
    /preprocessed as in training/,
  );
  assert.throws(
    () => occlusion(model, ok, { patchSize: 5 }),
    /patchSize: expected at most the image size 4x4, found 5/,
  );
  assert.throws(
    () => occlusion(model, ok, { classIndex: 2 }),
    /classIndex: expected an integer 0..1, found 2/,
  );
});

test('feature maps: one predict, every conv layer, layer names checked', () => {
  const model = smallCnn();
  const image = tf.randomUniform([8, 8, 3], 0, 1, 'float32', 5);
  const before = tf.memory().numTensors;
  const r = featureMaps(model, image);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  assert.deepEqual(
    r.maps.map((m) => [m.layer, m.shape]),
    [
      ['c1', [8, 8, 4]],
      ['c2', [4, 4, 6]],
    ],
  );
  assertPng(r.figure);
  assert.deepEqual(convLayerNames(model), ['c1', 'c2']);
  assert.throws(
    () => featureMaps(model, image, { layers: ['conv9'] }),
    /one of c1, c2; found 'conv9'/,
  );
  image.dispose();
});

test('activation maximisation raises the filter activation and leaks nothing', () => {
  const model = smallCnn();
  const before = tf.memory().numTensors;
  const short = activationMaximization(model, { layers: ['c2'], filters: [0, 3], steps: 1 });
  const long = activationMaximization(model, { layers: ['c2'], filters: [0, 3], steps: 20 });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  assert.deepEqual(
    long.images.map((i) => [i.layer, i.filter]),
    [
      ['c2', 0],
      ['c2', 3],
    ],
  );
  long.images.forEach((img, k) =>
    assert.ok(
      img.activation > short.images[k].activation,
      `filter ${img.filter}: ${img.activation} > ${short.images[k].activation}`,
    ),
  );
  assert.ok(long.images.every((i) => i.data.every((v) => v >= 0 && v <= 1)));
  assertPng(activationMaximization(model, { filters: 2, steps: 2 }).figure);
  assert.throws(
    () => activationMaximization(model, { layers: ['c1'], filters: [4] }),
    /layer c1 has filters 0..3, found 4/,
  );
  assert.throws(
    () => activationMaximization(model, { layers: ['dense'] }),
    /one of c1, c2; found 'dense'/,
  );
});

test('Grad-CAM: a [0, 1] map at input size for the predicted class, no leaks', () => {
  const model = smallCnn();
  const image = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 9);
  const before = tf.memory().numTensors;
  const r = gradCam(model, image, { classNames: ['a', 'b', 'c'] });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  const probs = (model.predict(image) as tf.Tensor).arraySync() as number[][];
  assert.equal(r.classIndex, probs[0].indexOf(Math.max(...probs[0])));
  assert.equal(r.heatmap.length, 8);
  assert.equal(r.heatmap[0].length, 8);
  const flat = r.heatmap.flat();
  assert.ok(flat.every((v) => v >= 0 && v <= 1 + 1e-6));
  assertPng(r.figure);
  assert.equal(gradCam(model, image, { layerName: 'c1', classIndex: 1 }).classIndex, 1);
  assert.throws(() => gradCam(model, image, { layerName: 'nope' }), /one of c1, c2; found 'nope'/);
  image.dispose();
});
