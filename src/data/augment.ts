// Real-time augmentation with the options and order of Keras's ImageDataGenerator:
// per batch, random shifts/flips first, then rescale, samplewise and featurewise
// normalisation. Batches are made on demand from uint8 data; no augmented copy
// of the whole set ever exists.
import { tf } from '../backend';
import { Images } from './images';
import { channelStats, standardize, toCategorical } from './preprocess';
import { createRng, shuffledIndices } from './random';
import { FillMode, Interpolation, ShiftFlip, shiftFlipBatch } from './transform';
import { fail, numberIn, positiveInteger, sameLength } from '../validate';

export interface ImageDataGeneratorOptions {
  /** Subtract the per-channel mean of the data given to `fit`. */
  featurewiseCenter?: boolean;
  /** Divide by the per-channel std of the data given to `fit` (plus 1e-6). */
  featurewiseStdNormalization?: boolean;
  /** Subtract each image's own mean. */
  samplewiseCenter?: boolean;
  /** Divide each image by its own std (plus 1e-6). */
  samplewiseStdNormalization?: boolean;
  /** Below 1: a fraction of the width; 1 or more: pixels. Shift drawn uniformly in [-r, r]. */
  widthShiftRange?: number;
  /** As widthShiftRange, for the height. */
  heightShiftRange?: number;
  /** Mirror left-right with probability 1/2. */
  horizontalFlip?: boolean;
  /** Mirror top-bottom with probability 1/2. */
  verticalFlip?: boolean;
  /** How pixels shifted in from outside are filled. Default 'nearest' (Keras's default). */
  fillMode?: FillMode;
  /** Fill value for fillMode 'constant'. Default 0. */
  cval?: number;
  /** Sub-pixel shifts are interpolated: 'bilinear' (Keras's order 1, default) or 'nearest'. */
  interpolation?: Interpolation;
  /** Multiply pixel values by this (e.g. 1/255), before any normalisation. */
  rescale?: number;
}

export interface FlowOptions {
  /** Default 32, as Keras. */
  batchSize?: number;
  /** Reshuffle every epoch. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffle and the random transforms; the same seed gives the same batches. */
  seed?: number;
  /** With integer labels: one-hot encode ys to this many classes. */
  numClasses?: number;
}

/** A type alias (not an interface) so it satisfies tf.data's TensorContainer. */
export type Batch = {
  /** float32 [B, H, W, C]. */
  xs: tf.Tensor4D;
  /** Labels of the batch: rows of y if y is a tensor, else float32 [B] or one-hot [B, numClasses]. */
  ys: tf.Tensor;
};

export class ImageDataGenerator {
  readonly options: Readonly<ImageDataGeneratorOptions>;
  /** Per-channel statistics set by `fit` (on the rescaled values). */
  mean?: number[];
  std?: number[];

  constructor(options: ImageDataGeneratorOptions = {}) {
    for (const key of ['widthShiftRange', 'heightShiftRange'] as const) {
      numberIn(options[key] ?? 0, `ImageDataGenerator ${key}`, { min: 0 }, 'expected-last');
    }
    this.options = { ...options };
  }

  /**
   * Computes the per-channel mean and std used by featurewise normalisation.
   * Unlike Keras, the statistics are taken after `rescale`, so they match the
   * values they are later applied to.
   */
  fit(x: Images | tf.Tensor4D): this {
    const k = this.options.rescale ?? 1;
    if (x instanceof Images) {
      const s = channelStats(x);
      this.mean = s.mean.map((m) => m * k);
      this.std = s.std.map((d) => d * Math.abs(k));
    } else {
      if (x.rank !== 4)
        fail(
          'ImageDataGenerator.fit x',
          'Images or a tensor [N, H, W, C]',
          `[${x.shape.join(', ')}]`,
          'expected-last',
        );
      const [mean, variance] = tf.tidy(() => {
        const m = tf.moments(tf.mul(x.toFloat(), k), [0, 1, 2]);
        return [m.mean.arraySync() as number[], m.variance.arraySync() as number[]];
      });
      this.mean = mean;
      this.std = variance.map(Math.sqrt);
    }
    return this;
  }

  /** Draws one image's shift/flip parameters. */
  randomTransform(height: number, width: number, rng: () => number): ShiftFlip {
    const o = this.options;
    const shift = (range: number | undefined, size: number) => {
      if (!range) return 0;
      const r = range < 1 ? range * size : range;
      return (rng() * 2 - 1) * r;
    };
    return {
      rowShift: shift(o.heightShiftRange, height),
      colShift: shift(o.widthShiftRange, width),
      flipHorizontal: !!o.horizontalFlip && rng() < 0.5,
      flipVertical: !!o.verticalFlip && rng() < 0.5,
    };
  }

  /** Applies rescale, samplewise and featurewise normalisation to a batch. Caller disposes the result. */
  standardize(batch: tf.Tensor4D): tf.Tensor4D {
    const o = this.options;
    if ((o.featurewiseCenter || o.featurewiseStdNormalization) && (!this.mean || !this.std)) {
      throw new Error(
        'ImageDataGenerator: featurewise normalisation needs statistics: call fit(xTrain) first',
      );
    }
    return tf.tidy(() => {
      let x: tf.Tensor4D = batch.toFloat();
      if (o.rescale !== undefined) x = tf.mul(x, o.rescale);
      if (o.samplewiseCenter) x = tf.sub(x, tf.mean(x, [1, 2, 3], true));
      if (o.samplewiseStdNormalization)
        x = tf.div(x, tf.add(tf.sqrt(tf.moments(x, [1, 2, 3], true).variance), 1e-6));
      if (o.featurewiseCenter || o.featurewiseStdNormalization) {
        const c = x.shape[3];
        const mean = o.featurewiseCenter ? this.mean! : new Array(c).fill(0);
        // Without std normalisation divide by 1 (std + epsilon must then be exactly 1).
        const std = o.featurewiseStdNormalization ? this.std! : new Array(c).fill(1 - 1e-6);
        x = standardize(x, { mean, std }) as tf.Tensor4D;
      }
      return x;
    });
  }

  /** Random transform (drawn from `rng`) then standardize, for one float batch [B, H, W, C]. */
  augmentBatch(batch: tf.Tensor4D, rng: () => number): tf.Tensor4D {
    const o = this.options;
    const moves = !!(o.widthShiftRange || o.heightShiftRange || o.horizontalFlip || o.verticalFlip);
    return tf.tidy(() => {
      const [b, h, w] = batch.shape;
      const moved = moves
        ? shiftFlipBatch(
            batch,
            Array.from({ length: b }, () => this.randomTransform(h, w, rng)),
            {
              fillMode: o.fillMode,
              fillValue: o.cval,
              interpolation: o.interpolation,
            },
          )
        : batch;
      return this.standardize(moved);
    });
  }

  /**
   * Keras's `datagen.flow(x, y)`: a tf.data.Dataset of {xs, ys} batches for
   * `model.fitDataset` (one pass = one epoch; each pass reshuffles with the
   * next seed in line). Batches are gathered from the uint8 data on demand; the
   * consumer (fitDataset does) disposes each batch's tensors.
   */
  flow(
    x: Images | tf.Tensor4D,
    y: ArrayLike<number> | tf.Tensor,
    options: FlowOptions = {},
  ): tf.data.Dataset<Batch> {
    const n = x instanceof Images ? x.count : x.shape[0];
    const ny = y instanceof tf.Tensor ? y.shape[0] : y.length;
    sameLength(ny, 'ImageDataGenerator.flow', n, 'as many labels as images', 'expected-last');
    const batchSize = positiveInteger(
      options.batchSize ?? 32,
      'ImageDataGenerator.flow batchSize',
      'expected-last',
    );
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    let epoch = 0;
    const self = this;
    return tf.data.generator<Batch>(function* (): Generator<Batch> {
      const epochSeed = (seed + Math.imul(epoch++, 0x9e3779b1)) >>> 0;
      const order =
        options.shuffle === false
          ? Int32Array.from({ length: n }, (_, i) => i)
          : shuffledIndices(n, epochSeed);
      const rng = createRng(epochSeed ^ 0x5bd1e995);
      for (let start = 0; start < n; start += batchSize) {
        const idx = order.subarray(start, Math.min(n, start + batchSize));
        yield tf.tidy(() => ({
          xs: self.augmentBatch(gatherImages(x, idx), rng),
          ys: gatherLabels(y, idx, options.numClasses),
        }));
      }
    });
  }
}

function gatherImages(x: Images | tf.Tensor4D, idx: Int32Array): tf.Tensor4D {
  if (x instanceof Images) return x.gather(idx).toTensor();
  return tf.gather(x, tf.tensor1d(idx, 'int32')) as tf.Tensor4D;
}

function gatherLabels(
  y: ArrayLike<number> | tf.Tensor,
  idx: Int32Array,
  numClasses?: number,
): tf.Tensor {
  if (y instanceof tf.Tensor) return tf.gather(y, tf.tensor1d(idx, 'int32'));
  const labels = Array.from(idx, (i) => y[i]);
  return numClasses ? toCategorical(labels, numClasses) : tf.tensor1d(labels, 'float32');
}
