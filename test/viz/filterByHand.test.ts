import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { applyFilter, filterResponse, imageChannel } from '../../src/viz';

const image = tf.tensor4d(
  Array.from({ length: 5 * 4 * 3 }, (_, i) => (i % 7) - 3),
  [1, 5, 4, 3],
);
const filter = tf.tensor4d(
  Array.from({ length: 3 * 3 * 3 }, (_, i) => ((i * 5) % 11) / 10 - 0.5),
  [3, 3, 3, 1],
);

test('imageChannel gives one plane as rows, for [h, w, c] and [1, h, w, c]', () => {
  const red = imageChannel(image, 0);
  assert.equal(red.length, 5);
  assert.equal(red[0].length, 4);
  const flat = image.dataSync();
  assert.equal(red[2][1], flat[(2 * 4 + 1) * 3 + 0]);
  assert.deepEqual(imageChannel(image.squeeze([0]), 2), imageChannel(image, 2));
  assert.throws(() => imageChannel(image, 3), /imageChannel channel/);
});

test('filterResponse by hand equals every value of applyFilter (conv2d + bias)', () => {
  const map = applyFilter(image, filter, 0.25);
  assert.deepEqual(map.shape, [3, 2]);
  const values = map.arraySync();
  for (let row = 0; row < 3; row++)
    for (let col = 0; col < 2; col++)
      assert.ok(
        Math.abs(filterResponse(image, filter, 0.25, { row, col }) - values[row][col]) < 1e-5,
      );
  map.dispose();
});

test('a [k, k, c] filter works too; wrong channels and places are named', () => {
  const f3 = filter.squeeze([3]);
  assert.ok(Math.abs(filterResponse(image, f3) - filterResponse(image, filter)) < 1e-9);
  assert.throws(
    () => applyFilter(image, tf.zeros([3, 3, 1, 1])),
    /applyFilter filter: expected a square filter tensor \[k, k, 3\]/,
  );
  assert.throws(() => filterResponse(image, filter, 0, { row: 3 }), /filterResponse row/);
  assert.throws(() => applyFilter(tf.zeros([2, 5, 5, 3]), filter), /applyFilter image/);
});
