// Preprocessing with Keras names and semantics: one-hot labels, scaling to
// [0, 1], per-channel standardisation, validation split, seeded shuffle, subsets.
import { tf } from '../backend';
import { Images } from './images';
import { shuffledIndices } from './random';
import { describe, fail, integerIn, sameLength } from '../validate';

/** Keras's `to_categorical`: int labels [N] -> float32 one-hot [N, numClasses]. Caller disposes. */
export function toCategorical(
  labels: ArrayLike<number> | tf.Tensor,
  numClasses?: number,
): tf.Tensor2D {
  const values = labels instanceof tf.Tensor ? (labels.dataSync() as ArrayLike<number>) : labels;
  if (
    labels instanceof tf.Tensor &&
    labels.rank !== 1 &&
    !(labels.rank === 2 && labels.shape[1] === 1)
  ) {
    fail(
      'toCategorical labels',
      'a tensor of shape [N] or [N, 1]',
      describe(labels),
      'expected-last',
    );
  }
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0)
      fail('toCategorical: labels', 'integers >= 0', `${describe(v)} at index ${i}`, 'must-be');
    if (v > max) max = v;
  }
  const classes = numClasses ?? max + 1;
  integerIn(classes, 'toCategorical numClasses', { min: 1 }, 'expected-last');
  if (max >= classes)
    fail('toCategorical: labels', `below numClasses ${classes}`, `${max}`, 'must-be');
  return tf.tidy(
    () =>
      tf.oneHot(tf.tensor1d(Int32Array.from(values), 'int32'), classes).toFloat() as tf.Tensor2D,
  );
}

/** Pixel values / 255 as float32 (Keras tutorials' `x.astype('float32') / 255`). Caller disposes. */
export function scalePixels(x: Images | tf.Tensor): tf.Tensor {
  if (x instanceof Images) return x.toTensor({ scale: true });
  return tf.tidy(() => tf.div(x.toFloat(), 255));
}

export interface ChannelStats {
  /** Per-channel mean, one number a channel. */
  mean: number[];
  /** Per-channel (population) standard deviation. */
  std: number[];
}

/**
 * Per-channel mean and std of uint8 images (computed exactly, from a histogram),
 * on the [0, 1] scale when `scale` is true. Compute on the training set only.
 */
export function channelStats(x: Images, options: { scale?: boolean } = {}): ChannelStats {
  const c = x.channels;
  const counts = new Float64Array(256 * c);
  const data = x.data;
  for (let i = 0; i < data.length; i++) counts[(i % c) * 256 + data[i]]++;
  const k = options.scale ? 1 / 255 : 1;
  const mean: number[] = [];
  const std: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    let n = 0,
      s = 0,
      s2 = 0;
    for (let v = 0; v < 256; v++) {
      const m = counts[ch * 256 + v];
      n += m;
      s += m * v;
      s2 += m * v * v;
    }
    if (n === 0) fail('channelStats', 'at least one image', '0', 'expected-last');
    const mu = s / n;
    mean.push(mu * k);
    std.push(Math.sqrt(Math.max(0, s2 / n - mu * mu)) * k);
  }
  return { mean, std };
}

/**
 * (x - mean) / (std + epsilon) per channel, as Keras's featurewise
 * normalisation does (epsilon 1e-6). `x` is [..., C] on the stats' scale. Caller disposes.
 */
export function standardize(x: tf.Tensor, stats: ChannelStats, epsilon = 1e-6): tf.Tensor {
  const c = x.shape[x.rank - 1];
  if (stats.mean.length !== c || stats.std.length !== c) {
    fail(
      'standardize',
      `stats for ${c} channels`,
      `${stats.mean.length} means and ${stats.std.length} stds`,
      'expected-last',
    );
  }
  return tf.tidy(() =>
    tf.div(tf.sub(x.toFloat(), tf.tensor1d(stats.mean)), tf.add(tf.tensor1d(stats.std), epsilon)),
  );
}

export interface Split {
  xTrain: Images;
  yTrain: Uint8Array;
  xValid: Images;
  yValid: Uint8Array;
}

/**
 * Holds out `validationSize` examples (a count, or a fraction below 1) as a
 * validation set. Default `from: 'start'` takes the FIRST ones, as
 * `x_train[:5000]` does in the tutorials; 'end' takes the last ones, as
 * Keras's `validation_split` does. No copy: the parts share memory with x and y.
 */
export function trainValidationSplit(
  x: Images,
  y: Uint8Array,
  options: { validationSize: number; from?: 'start' | 'end' },
): Split {
  if (!(x instanceof Images))
    fail('trainValidationSplit x', 'Images', describe(x), 'expected-last');
  sameLength(
    y.length,
    'trainValidationSplit',
    x.count,
    'as many labels as images',
    'expected-last',
  );
  const size = options.validationSize;
  const n = size > 0 && size < 1 ? Math.round(size * x.count) : size;
  if (!Number.isInteger(n) || n < 0 || n > x.count) {
    fail(
      'trainValidationSplit',
      `validationSize of 0..${x.count} (or a fraction below 1)`,
      describe(size),
      'expected-last',
    );
  }
  const cut = options.from === 'end' ? x.count - n : n;
  const [first, rest] = [
    { x: x.slice(0, cut), y: y.subarray(0, cut) },
    { x: x.slice(cut), y: y.subarray(cut) },
  ];
  return options.from === 'end'
    ? { xTrain: first.x, yTrain: first.y, xValid: rest.x, yValid: rest.y }
    : { xTrain: rest.x, yTrain: rest.y, xValid: first.x, yValid: first.y };
}

/** x and y reordered by the same seeded permutation (see `shuffledIndices`); copies. */
export function shuffle(x: Images, y: Uint8Array, seed: number): { x: Images; y: Uint8Array } {
  if (!(x instanceof Images)) fail('shuffle x', 'Images', describe(x), 'expected-last');
  sameLength(y.length, 'shuffle', x.count, 'as many labels as images', 'expected-last');
  const order = shuffledIndices(x.count, seed);
  return { x: x.gather(order), y: Uint8Array.from(order, (i) => y[i]) };
}

/** The first `n` examples (all when n exceeds the count), for quick runs. No copy. */
export function take(x: Images, y: Uint8Array, n: number): { x: Images; y: Uint8Array } {
  if (!(x instanceof Images)) fail('take x', 'Images', describe(x), 'expected-last');
  sameLength(y.length, 'take', x.count, 'as many labels as images', 'expected-last');
  integerIn(n, 'take n', { min: 0 }, 'expected-last');
  return { x: x.slice(0, n), y: y.subarray(0, Math.min(n, y.length)) };
}
