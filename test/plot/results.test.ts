import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { predictionGrid, mistakesGrid, RIGHT_COLOR, WRONG_COLOR } from '../../src/plot';
import { assertPng, pngPixels } from './png';
import { CIFAR10_CLASSES } from '../../src/data';

const names = [...CIFAR10_CLASSES];

test('predictionGrid: 4x8 CIFAR-sized images titled "pred (true)" in blue or red', async () => {
  const images = { data: new Uint8Array(40 * 32 * 32 * 3).fill(128), shape: [40, 32, 32, 3] };
  const yTrue = Array.from({ length: 40 }, (_, i) => i % 10);
  const yPred = yTrue.map((t, i) => (i % 4 === 0 ? (t + 1) % 10 : t));
  const fig = predictionGrid(images, yTrue, yPred, names);
  const [w, h] = assertPng(fig);
  assert.ok(w >= 8 * 96 && w <= 1000, `width ${w}`);
  assert.ok(h > 4 * 96, `height ${h}`);
  // Both title colours are present in the picture.
  const { data } = await pngPixels(fig);
  const hex = (o: number) =>
    '#' + [0, 1, 2].map((k) => data[o + k].toString(16).padStart(2, '0')).join('');
  const seen = new Set<string>();
  for (let o = 0; o < data.length; o += 4) seen.add(hex(o));
  assert.ok(seen.has(RIGHT_COLOR) && seen.has(WRONG_COLOR));
});

test('mistakesGrid shows only the wrong ones; labels are checked', () => {
  const images = tf.zeros([6, 28, 28, 1]);
  const probs = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 0, 0], 'int32'), 10);
  const fig = mistakesGrid(images, [0, 1, 3, 4, 0, 0], probs, names, { cols: 4 });
  assertPng(fig);
  assert.throws(() => mistakesGrid(images, [0, 1, 2, 0, 0, 0], probs, names), /no images to show/);
  assert.throws(
    () => predictionGrid(images, [0, 1], [0, 1], names),
    /one true and one predicted label per image \(6\), found 2 and 2/,
  );
  assert.throws(
    () => predictionGrid(images, [0, 1, 2, 3, 4, 10], [0, 1, 2, 3, 4, 5], names),
    /class indices 0..9, found 10/,
  );
  tf.dispose([images, probs]);
});
