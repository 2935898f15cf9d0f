import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { Images, ImageDataGenerator, shiftFlipBatch } from '../../src/data';

const H = 6,
  W = 5,
  C = 2;
/** Distinct values everywhere so any misplaced pixel shows. */
function grid(n: number): Images {
  return new Images(
    Uint8Array.from({ length: n * H * W * C }, (_, i) => (i * 7) % 251),
    [n, H, W, C],
  );
}
const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));

test('shiftFlipBatch moves each image by whole pixels with nearest fill, and flips exactly', () => {
  const x = grid(3);
  const t = x.toTensor();
  const params = [
    { rowShift: 2, colShift: -1, flipHorizontal: false, flipVertical: false },
    { rowShift: 0, colShift: 0, flipHorizontal: true, flipVertical: false },
    { rowShift: -3, colShift: 2, flipHorizontal: true, flipVertical: false },
  ];
  const out = shiftFlipBatch(t, params);
  const got = out.arraySync();
  params.forEach((p, b) => {
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++)
        for (let ch = 0; ch < C; ch++) {
          // Keras's order: shift, then flip; 'nearest' repeats the edge pixel.
          const sc = p.flipHorizontal ? W - 1 - c : c;
          const expected = x.pixel(
            b,
            clamp(r + p.rowShift, H - 1),
            clamp(sc + p.colShift, W - 1),
            ch,
          );
          assert.equal(got[b][r][c][ch], expected, `image ${b} (${r}, ${c}, ${ch})`);
        }
  });
  tf.dispose([t, out]);
});

test('a half-pixel shift interpolates bilinearly, as Keras (order 1) does', () => {
  const t = tf.tensor4d([0, 10, 20, 30], [1, 1, 4, 1]);
  const out = shiftFlipBatch(t, [
    { rowShift: 0, colShift: 0.5, flipHorizontal: false, flipVertical: false },
  ]);
  assert.deepEqual(Array.from(out.dataSync()), [5, 15, 25, 30]);
  tf.dispose([t, out]);
});

async function firstBatch(
  gen: ImageDataGenerator,
  x: Images,
  seed: number,
  batchSize = 8,
): Promise<number[]> {
  const it = await gen.flow(x, new Uint8Array(x.count), { batchSize, seed }).iterator();
  const { value } = await it.next();
  const data = Array.from(value.xs.dataSync() as Float32Array);
  tf.dispose([value.xs, value.ys]);
  return data;
}

test('flow: same seed same batch, another seed another batch', async () => {
  const gen = new ImageDataGenerator({
    widthShiftRange: 0.1,
    heightShiftRange: 0.1,
    horizontalFlip: true,
  });
  const x = grid(20);
  assert.deepEqual(await firstBatch(gen, x, 5), await firstBatch(gen, x, 5));
  assert.notDeepEqual(await firstBatch(gen, x, 5), await firstBatch(gen, x, 6));
});

test('flow with horizontalFlip only: every image is the original or its exact mirror, both occur', async () => {
  const x = grid(16);
  const gen = new ImageDataGenerator({ horizontalFlip: true });
  const ds = gen.flow(
    x,
    Uint8Array.from({ length: 16 }, (_, i) => i),
    { batchSize: 16, seed: 3 },
  );
  const it = await ds.iterator();
  const { value } = await it.next();
  const xs = value.xs.arraySync() as number[][][][];
  const ys = Array.from(value.ys.dataSync());
  let flipped = 0;
  ys.forEach((i, b) => {
    const same = xs[b].every((row, r) =>
      row.every((px, c) => px.every((v, ch) => v === x.pixel(i, r, c, ch))),
    );
    const mirror = xs[b].every((row, r) =>
      row.every((px, c) => px.every((v, ch) => v === x.pixel(i, r, W - 1 - c, ch))),
    );
    assert.ok(same || mirror, `image ${i} is neither the original nor its mirror`);
    if (!same) flipped++;
  });
  assert.ok(flipped > 0 && flipped < 16, `${flipped} of 16 flipped`);
  tf.dispose([value.xs, value.ys]);
});

test('flow covers every example once an epoch, in a new order each epoch, without leaking tensors', async () => {
  const x = grid(10);
  const y = Uint8Array.from({ length: 10 }, (_, i) => i);
  const ds = new ImageDataGenerator({ widthShiftRange: 0.2 }).flow(x, y, { batchSize: 4, seed: 1 });
  const before = tf.memory().numTensors;
  const epochs: number[][] = [];
  for (let e = 0; e < 2; e++) {
    const seen: number[] = [];
    const sizes: number[] = [];
    await ds.forEachAsync((b) => {
      const { xs, ys } = b as { xs: tf.Tensor; ys: tf.Tensor };
      sizes.push(xs.shape[0]);
      seen.push(...Array.from(ys.dataSync()));
      tf.dispose([xs, ys]);
    });
    assert.deepEqual(sizes, [4, 4, 2]);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from(y),
    );
    epochs.push(seen);
  }
  assert.notDeepEqual(epochs[0], epochs[1]);
  assert.equal(tf.memory().numTensors, before);
});

test('featurewise and samplewise normalisation follow Keras', async () => {
  const x = grid(12);
  const feat = new ImageDataGenerator({
    featurewiseCenter: true,
    featurewiseStdNormalization: true,
    rescale: 1 / 255,
  });
  await assert.rejects(
    feat
      .flow(x, new Uint8Array(12))
      .iterator()
      .then((it) => it.next()),
    /call fit\(xTrain\) first/,
  );
  feat.fit(x);
  const it = await feat.flow(x, new Uint8Array(12), { batchSize: 12, shuffle: false }).iterator();
  const { value } = await it.next();
  const m = tf.moments(value.xs, [0, 1, 2]);
  m.mean.dataSync().forEach((v) => assert.ok(Math.abs(v) < 1e-4, `channel mean ${v}`));
  m.variance.dataSync().forEach((v) => assert.ok(Math.abs(v - 1) < 1e-3, `channel variance ${v}`));
  const sample = new ImageDataGenerator({
    samplewiseCenter: true,
    samplewiseStdNormalization: true,
  });
  const s = await (
    await sample.flow(x, new Uint8Array(12), { batchSize: 4, seed: 2 }).iterator()
  ).next();
  const sm = tf.moments(s.value.xs, [1, 2, 3]);
  sm.mean.dataSync().forEach((v) => assert.ok(Math.abs(v) < 1e-4));
  sm.variance.dataSync().forEach((v) => assert.ok(Math.abs(v - 1) < 1e-3));
  tf.dispose([
    value.xs,
    value.ys,
    m.mean,
    m.variance,
    s.value.xs,
    s.value.ys,
    sm.mean,
    sm.variance,
  ]);
});

test('model.fitDataset trains on flow(...) batches with one-hot labels', async () => {
  const x = grid(32);
  const y = Uint8Array.from({ length: 32 }, (_, i) => i % 3);
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [H, W, C] }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const gen = new ImageDataGenerator({
    widthShiftRange: 0.1,
    heightShiftRange: 0.1,
    horizontalFlip: true,
    rescale: 1 / 255,
  });
  const ds = gen.flow(x, y, { batchSize: 8, seed: 0, numClasses: 3 });
  await model.fitDataset(ds, { epochs: 1, verbose: 0 }); // creates the optimizer's slots
  const before = tf.memory().numTensors;
  const history = await model.fitDataset(ds, { epochs: 2, verbose: 0 });
  assert.equal(history.history.loss.length, 2);
  assert.equal(tf.memory().numTensors, before, 'batches must not leak');
  model.dispose();
});
