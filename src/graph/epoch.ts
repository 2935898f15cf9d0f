// One epoch of in-memory training through a GraphTrainer, batched and shuffled exactly as
// src/train's fit() does (same seeded permutation, same gather per batch), for benchmarks
// and tests; fit() itself can call trainer.trainBatch in its own loop instead.
import { tf } from '../backend';
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

/** Trains one epoch; returns the sample-weighted mean loss and accuracy, as Keras's epoch logs. */
export function graphEpoch(
  trainer: GraphTrainer,
  x: tf.Tensor,
  y: tf.Tensor,
  options: GraphEpochOptions = {},
): StepResult & { steps: number } {
  const n = x.shape[0];
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
    const [xb, yb] = tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, start + size), 'int32');
      return [tf.gather(x, idx), tf.gather(y, idx)];
    });
    try {
      const r = trainer.trainBatch(xb, yb, options.learningRate?.(trainer.iterations));
      loss += r.loss * size;
      accuracy += r.accuracy * size;
      seen += size;
    } finally {
      tf.dispose([xb, yb]);
    }
  }
  return { loss: loss / seen, accuracy: accuracy / seen, steps };
}
