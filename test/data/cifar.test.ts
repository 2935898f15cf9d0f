import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  decodeCifarRecords,
  readCifar10,
  locateCifar10,
  loadCifar10,
  CIFAR10_CLASSES,
} from '../../src/data';
import {
  CIFAR_NAMES,
  cifarRecords,
  listTree,
  realCifarDir,
  tempDir,
  writeCifarFolder,
} from './fixtures';

test('decodeCifarRecords turns planar RGB records into channels-last images', () => {
  const bytes = cifarRecords(3, (i) => 9 - i);
  const images = new Uint8Array(3 * 3072);
  const labels = new Uint8Array(3);
  assert.equal(decodeCifarRecords(bytes, 'f.bin', images, labels), 3);
  assert.deepEqual(Array.from(labels), [9, 8, 7]);
  // Record 2, row 1, column 5: R = (2 + 37) % 256, G = R ^ 0x55, B = 255 - R.
  const o = 2 * 3072 + (1 * 32 + 5) * 3;
  assert.deepEqual(Array.from(images.subarray(o, o + 3)), [39, 39 ^ 0x55, 255 - 39]);
});

test('a CIFAR file whose size is not a multiple of 3,073 bytes is rejected by name', () => {
  const bytes = cifarRecords(2).subarray(0, 5000);
  assert.throws(
    () => decodeCifarRecords(bytes, 'data_batch_3.bin', new Uint8Array(6144), new Uint8Array(2)),
    /CIFAR-10 file data_batch_3\.bin: size must be a multiple of 3,073 bytes .* 5,000 found/,
  );
});

test('a label outside 0-9 is rejected with file, record and value', () => {
  const bytes = cifarRecords(4, (i) => (i === 3 ? 10 : 1));
  assert.throws(
    () => decodeCifarRecords(bytes, 'test_batch.bin', new Uint8Array(4 * 3072), new Uint8Array(4)),
    /CIFAR-10 file test_batch\.bin: record 3 has label 10, expected 0-9/,
  );
});

test('readCifar10 reads a generated full-size folder', () => {
  const parent = tempDir();
  const dir = writeCifarFolder(parent);
  const d = readCifar10(dir);
  assert.equal(inspect(d.xTrain), 'Images uint8 [50000, 32, 32, 3]');
  assert.deepEqual(d.xTest.shape, [10000, 32, 32, 3]);
  assert.equal(d.yTrain[10_007], 7);
  assert.equal(d.xTrain.pixel(10_001, 0, 2, 2), 255 - 3);
  assert.deepEqual(d.classNames, [...CIFAR10_CLASSES]);
  fs.rmSync(parent, { recursive: true });
});

test('a truncated batch file is reported with expected and found sizes, and left alone', () => {
  const parent = tempDir();
  const dir = writeCifarFolder(parent);
  const file = path.join(dir, 'test_batch.bin');
  fs.truncateSync(file, 1_048_576);
  assert.throws(() => readCifar10(dir), {
    message:
      'CIFAR-10 file test_batch.bin: 30,730,000 bytes expected, 1,048,576 found (truncated download?)',
  });
  assert.equal(fs.statSync(file).size, 1_048_576);
  fs.rmSync(parent, { recursive: true });
});

test('a folder with some batches missing is an error naming them; nothing is changed', async () => {
  const parent = tempDir();
  const dir = path.join(parent, 'partial');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'data_batch_1.bin'), 'x');
  fs.writeFileSync(path.join(dir, 'test_batch.bin'), 'x');
  const before = listTree(parent);
  await assert.rejects(
    locateCifar10(undefined, {
      searchDirs: [dir],
      cacheDir: path.join(parent, 'cache'),
      download: false,
    }),
    /folder .*partial is missing data_batch_2\.bin, data_batch_3\.bin, data_batch_4\.bin, data_batch_5\.bin \(6 batch files expected, 2 found\)/,
  );
  await assert.rejects(loadCifar10(dir), /is missing data_batch_2\.bin/);
  assert.deepEqual(listTree(parent), before);
  fs.rmSync(parent, { recursive: true });
});

test('locateCifar10 takes the first complete folder in the search order', async () => {
  const parent = tempDir();
  const a = path.join(parent, 'empty');
  const b = writeCifarFolder(path.join(parent, 'b'));
  assert.equal(
    await locateCifar10(undefined, {
      searchDirs: [a, b],
      cacheDir: path.join(parent, 'cache'),
      download: false,
    }),
    b,
  );
  await assert.rejects(
    locateCifar10(undefined, {
      searchDirs: [a],
      cacheDir: path.join(parent, 'cache'),
      download: false,
    }),
    /CIFAR-10 binary files not found in .*empty, .*cache.cifar-10-batches-bin and could not be downloaded \(downloading is switched off\)\. Put data_batch_1\.bin/,
  );
  fs.rmSync(parent, { recursive: true });
});

const real = realCifarDir();

test(
  'loadCifar10: the real set has Keras shapes, counts, per-class counts and known labels',
  { skip: real.skip },
  async () => {
    const d = await loadCifar10(real.dir!);
    assert.deepEqual(d.xTrain.shape, [50000, 32, 32, 3]);
    assert.deepEqual(d.xTest.shape, [10000, 32, 32, 3]);
    assert.deepEqual(Array.from(d.yTrain.subarray(0, 8)), [6, 9, 9, 4, 1, 1, 2, 7]);
    assert.equal(d.classNames[d.yTrain[0]], 'frog');
    for (const [y, per] of [
      [d.yTrain, 5000],
      [d.yTest, 1000],
    ] as const) {
      const counts = new Array(10).fill(0);
      y.forEach((v) => counts[v]++);
      assert.deepEqual(counts, new Array(10).fill(per));
    }
    let min = 255,
      max = 0;
    for (const v of d.xTest.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    assert.deepEqual([min, max], [0, 255]);
    // Image 1 of the first batch, read straight from the planar file: red, green, blue at (row 7, column 20).
    const raw = fs.readFileSync(path.join(real.dir!, CIFAR_NAMES[0]));
    const rec = 3073 + 1;
    const p = 7 * 32 + 20;
    assert.deepEqual(
      [0, 1, 2].map((ch) => d.xTrain.pixel(1, 7, 20, ch)),
      [raw[rec + p], raw[rec + 1024 + p], raw[rec + 2048 + p]],
    );
  },
);

test('CIFAR10_DIR is searched first by default', { skip: real.skip }, async () => {
  assert.equal(await locateCifar10(undefined, { download: false }), real.dir);
});
