import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rgbToGray, filter2D, SOBEL_X, SOBEL_Y, reflect101, sobelFigure } from '../../src/viz';
import { loadPhoto } from '../../src/data';
import { assertPng } from '../plot/png';

const u8 = (rows: number[][]) => ({
  data: Uint8Array.from(rows.flat()),
  shape: [rows.length, rows[0].length],
});
const rows = (img: { data: ArrayLike<number>; shape: number[] }) =>
  Array.from({ length: img.shape[0] }, (_, r) =>
    Array.from(img.data).slice(r * img.shape[1], (r + 1) * img.shape[1]),
  );

test("rgbToGray matches OpenCV's fixed-point RGB2GRAY", () => {
  const rgb = {
    data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 20, 30]),
    shape: [1, 5, 3],
  };
  // cv2.cvtColor(..., COLOR_RGB2GRAY): red 76, green 150, blue 29, white 255, (10,20,30) 18.
  assert.deepEqual(Array.from(rgbToGray(rgb).data), [76, 150, 29, 255, 18]);
  assert.throws(() => rgbToGray({ data: new Uint8Array(4), shape: [2, 2] }), /expected 3 channels/);
  assert.throws(
    () => rgbToGray({ data: [0.5, 0, 0], shape: [1, 1, 3] }),
    /uint8 values \(integers 0..255\), found 0.5/,
  );
});

test('reflect101 mirrors without repeating the edge', () => {
  assert.deepEqual(
    [-2, -1, 0, 1, 2, 3, 4].map((i) => reflect101(i, 3)),
    [2, 1, 0, 1, 2, 1, 0],
  );
  assert.equal(reflect101(-1, 1), 0);
});

test('filter2D Sobel on a 3x3 ramp: BORDER_REFLECT_101 zeroes the edge columns', () => {
  const img = u8([
    [10, 20, 30],
    [40, 50, 60],
    [70, 80, 90],
  ]);
  // Columns -1 and 3 mirror columns 1 and 1: the x-gradient cancels at both edges.
  assert.deepEqual(rows(filter2D(img, SOBEL_X)), [
    [0, 80, 0],
    [0, 80, 0],
    [0, 80, 0],
  ]);
  assert.deepEqual(rows(filter2D(img, SOBEL_Y)), [
    [0, 0, 0],
    [240, 240, 240],
    [0, 0, 0],
  ]);
});

test('filter2D saturates to 0..255 on uint8 output and keeps the sign in float32', () => {
  const falling = u8([
    [30, 20, 10],
    [60, 50, 40],
    [90, 80, 70],
  ]);
  assert.deepEqual(rows(filter2D(falling, SOBEL_X)), [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ]);
  assert.deepEqual(rows(filter2D(falling, SOBEL_X, { output: 'float32' }))[1], [0, -80, 0]);
  const step = u8([
    [0, 0, 255, 255],
    [0, 0, 255, 255],
    [0, 0, 255, 255],
  ]);
  // 255 * (1 + 2 + 1) = 1020 -> 255.
  assert.deepEqual(rows(filter2D(step, SOBEL_X)), [
    [0, 255, 255, 0],
    [0, 255, 255, 0],
    [0, 255, 255, 0],
  ]);
});

test('filter2D is correlation (kernel not flipped) and rounds half to even like cvRound', () => {
  const img = u8([[1, 2, 3]]);
  // Kernel [1, 0, 0] picks the LEFT neighbour under correlation (reflect101: left of 1 is 2).
  assert.deepEqual(Array.from(filter2D(img, [[1, 0, 0]]).data), [2, 1, 2]);
  assert.deepEqual(Array.from(filter2D(u8([[1, 3, 5]]), [[0.5]]).data), [0, 2, 2]);
  assert.throws(
    () => filter2D(img, [[1, 2], [3]]),
    /filter2D kernel: every row must have 2 values/,
  );
  assert.throws(
    () => filter2D({ data: new Uint8Array(12), shape: [2, 2, 3] }, SOBEL_X),
    /expected one channel/,
  );
});

test('the shipped photo loads and its Sobel figure is a PNG', async () => {
  const photo = await loadPhoto('chelsea');
  assert.deepEqual(photo.shape, [300, 451, 3]);
  const gray = rgbToGray(photo);
  assert.equal(gray.data.length, 300 * 451);
  assertPng(sobelFigure(photo));
});
