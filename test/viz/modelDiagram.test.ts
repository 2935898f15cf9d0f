import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  mnistMlp,
  mnistCnn,
  cifar10SmallCnn,
  cifar10BasicModel,
  cifar10KerasCnn,
  cifar10VisModel,
  createCnn,
} from '../../src/models';
import { modelDiagram, diagramBlocks } from '../../src/viz';
import { assertPng, pngPixels } from '../plot/png';

const CLASSES = 'airplane automobile bird cat deer dog frog horse ship truck'.split(' ');

test('modelDiagram draws every tutorial model and a createCnn model as a sensible PNG', () => {
  const models: [string, tf.LayersModel, number][] = [
    ['mnistMlp', mnistMlp(), 5],
    ['mnistCnn', mnistCnn(), 8],
    ['cifar10SmallCnn', cifar10SmallCnn(), 10],
    ['cifar10BasicModel', cifar10BasicModel(), 10],
    ['cifar10KerasCnn', cifar10KerasCnn(), 10],
    ['cifar10VisModel', cifar10VisModel(), 10],
    ['createCnn', createCnn([['c', 64, 3], ['m', 2], ['f'], ['d', 10]], [32, 32, 3]), 5],
  ];
  const before = tf.memory().numTensors;
  for (const [name, model, blocks] of models) {
    assert.equal(diagramBlocks(model).length, blocks, `${name}: blocks`);
    const [w, h] = assertPng(modelDiagram(model));
    assert.ok(w >= 150 * blocks * 0.6 && w <= 1400, `${name}: width ${w}`);
    assert.ok(h >= 200 && h <= 420, `${name}: height ${h}`);
  }
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
});

test('diagram blocks: activation and dropout folded into the layer they follow, shapes, params', () => {
  const blocks = diagramBlocks(cifar10BasicModel());
  const row = (i: number) => [blocks[i].kind, blocks[i].title, blocks[i].extras, blocks[i].shape];
  assert.deepEqual(row(0), ['input', 'Input', [], [32, 32, 3]]);
  assert.deepEqual(row(1), ['volume', 'Conv2D 3×3', ['+ relu'], [30, 30, 32]]);
  assert.deepEqual(row(3), ['volume', 'MaxPool 2×2', ['+ dropout 0.25'], [14, 14, 32]]);
  assert.deepEqual(row(7), ['vector', 'Flatten', [], [1600]]);
  assert.deepEqual(row(8), ['vector', 'Dense', ['+ relu', '+ dropout 0.5'], [256]]);
  assert.deepEqual(row(9), ['output', 'Dense', ['+ softmax'], [10]]);
  assert.ok(blocks[9].softmax);
  assert.equal(
    blocks.reduce((s, b) => s + b.params, 0),
    477994,
  );
  // A [28, 28] input (the MLP) is a one-channel image.
  assert.deepEqual(diagramBlocks(mnistMlp())[0].shape, [28, 28, 1]);
});

test('modelDiagram draws a sample image, class names and probability bars', async () => {
  const image = { data: new Uint8Array(28 * 28).fill(255), shape: [28, 28] };
  const probabilities = [0.02, 0.02, 0.02, 0.8, 0.02, 0.02, 0.02, 0.04, 0.02, 0.02];
  const fig = modelDiagram(mnistCnn(), {
    image,
    classNames: [...'0123456789'],
    probabilities: tf.tensor1d(probabilities),
    title: 'MNIST CNN',
  });
  assertPng(fig);
  assert.equal(fig.title, 'MNIST CNN');
  // The white sample fills the input face: the pixel at its centre is white.
  const { data, width } = await pngPixels(fig);
  const at = (x: number, y: number) =>
    Array.from(data.slice((y * width + x) * 4, (y * width + x) * 4 + 3));
  const plain = await pngPixels(modelDiagram(mnistCnn(), { title: 'MNIST CNN' }));
  let white = 0;
  for (let y = 40; y < 180; y++)
    for (let x = 14; x < 110; x++)
      if (at(x, y).every((v) => v === 255) && plain.data[(y * width + x) * 4] !== 255) white += 1;
  assert.ok(white > 1000, `sample drawn on the input face (${white} px turned white)`);
  assert.throws(
    () => modelDiagram(mnistCnn(), { classNames: ['a', 'b'] }),
    /classNames: expected 10 names \(the output has 10 units\), found 2/,
  );
  assert.throws(
    () => modelDiagram(mnistCnn(), { probabilities: [0.5, 0.5] }),
    /probabilities: expected 10 numbers in \[0, 1\]/,
  );
});

test('modelDiagram refuses a branching model and a non-image input, saying why', () => {
  const input = tf.input({ shape: [8, 8, 3] });
  const a = tf.layers.conv2d({ name: 'left', filters: 2, kernelSize: 3 }).apply(input);
  const b = tf.layers.conv2d({ name: 'right', filters: 2, kernelSize: 3 }).apply(input);
  const merged = tf.layers
    .concatenate({ name: 'merge' })
    .apply([a as tf.SymbolicTensor, b as tf.SymbolicTensor]);
  const flat = tf.layers.flatten().apply(merged) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(flat);
  const twoBranches = tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
  assert.throws(
    () => modelDiagram(twoBranches),
    /'merge' takes 2 inputs \(left, right\): the model branches.*single chain/,
  );
  const flatInput = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })],
  });
  assert.throws(
    () => modelDiagram(flatInput),
    /expected an image input \[height, width\] or \[height, width, channels\], found \[784\]/,
  );
  // A functional model that is a single chain draws like a Sequential one.
  const x = tf.input({ shape: [8, 8, 1] });
  const y = tf.layers
    .dense({ units: 3, activation: 'softmax' })
    .apply(
      tf.layers.flatten().apply(tf.layers.conv2d({ filters: 4, kernelSize: 3 }).apply(x)),
    ) as tf.SymbolicTensor;
  assertPng(modelDiagram(tf.model({ inputs: x, outputs: y })));
});
