// One epoch of in-memory training through a GraphTrainer, batched and shuffled exactly as
// src/train's fit() does (same seeded permutation, same gather per batch), for benchmarks
// and tests; fit() itself can call trainer.trainBatch in its own loop instead.
import { tf } from '../backend';
import { Images } from '../data/images';
import { epochPermutation } from '../data/random';
import { GraphTrainer, StepResult } from './trainer';

export interface GraphEpochOptions {
  batchSize?: number;
  /** Shuffle seed (fit()'s `seed`); the epoch index varies the order as in fit(). */
  seed?: number;
  epoch?: number;
  /** The rate of each update from the trainer's iteration count (decay, schedules); default the spec's. */
  learningRate?: (iterations: number) => number;
  /** Stop after this many batches (for short measurements). */
  maxSteps?: number;
}

/**
 * Trains one epoch; returns the sample-weighted mean loss and accuracy, as Keras's epoch logs.
 * x may be uint8 Images for a trainer built with inputDtype 'uint8' (and inputDivisor 255):
 * each batch's bytes are gathered and cast/scaled in the graph, so no float32 copy of the
 * training set exists.
 */
export function graphEpoch(
  trainer: GraphTrainer,
  x: tf.Tensor | Images,
  y: tf.Tensor,
  options: GraphEpochOptions = {},
): StepResult & { steps: number } {
  const n = x instanceof Images ? x.count : x.shape[0];
  if (y.shape[0] !== n) throw new Error(`graphEpoch: x has ${n} samples but y has ${y.shape[0]}`);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`graphEpoch: batchSize must be a positive integer, found ${batchSize}`);
  const order = epochPermutation(n, options.seed ?? 0, options.epoch ?? 0);
  let loss = 0,
    accuracy = 0,
    seen = 0,
    steps = 0;
  for (
    let start = 0;
    start < n && steps < (options.maxSteps ?? Infinity);
    start += batchSize, steps++
  ) {
    const size = Math.min(batchSize, n - start);
    const rows = order.subarray(start, start + size);
    const [yb, xb] = tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      return x instanceof Images ? [tf.gather(y, idx)] : [tf.gather(y, idx), tf.gather(x, idx)];
    }) as [tf.Tensor, tf.Tensor?];
    try {
      const lr = options.learningRate?.(trainer.iterations);
      const r =
        x instanceof Images
          ? trainer.trainRows(gatherBytes(x, rows), yb.dataSync() as Float32Array, size, lr)
          : trainer.trainBatch(xb!, yb, lr);
      loss += r.loss * size;
      accuracy += r.accuracy * size;
      seen += size;
    } finally {
      tf.dispose(xb ? [yb, xb] : [yb]);
    }
  }
  return { loss: loss / seen, accuracy: accuracy / seen, steps };
}

/** The bytes of images `rows` (in that order), one after another. */
function gatherBytes(x: Images, rows: ArrayLike<number>): Uint8Array {
  const size = x.imageSize;
  const out = new Uint8Array(rows.length * size);
  for (let k = 0; k < rows.length; k++)
    out.set(x.data.subarray(rows[k] * size, (rows[k] + 1) * size), k * size);
  return out;
}
