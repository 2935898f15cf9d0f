// One call that seeds every random draw a training run makes, as keras.utils.set_random_seed
// does for Python, NumPy and TensorFlow. Everything random in the library and in tfjs that is
// not given a seed of its own comes from Math.random at the moment of the draw:
// - tfjs's initialisers (glorotUniform & co.) and tf.random* without a seed: seedrandom's
//   alea(Math.random()), tfjs-core/dist/ops/rand_util.js;
// - tfjs's Dropout in the eager engine (tf.dropout draws a fresh mask from Math.random each batch);
// - fit's shuffle order and the graph engine's dropout seed when fit gets no `seed`, and
//   fitDataset's dropout seed (src/train/fit.ts);
// - ImageDataGenerator.flow's shuffle and transforms when it gets no `seed` (augment.ts).
// So the call replaces Math.random, in this process, with a seeded stream (mulberry32), as
// Python's random.seed reseeds Python's global generator. Draws given a seed of their own
// (fit({seed}), createCnn({seed}), flow({seed})) do not touch the stream and stay as they were.
import { createRng } from './random';
import { integerIn } from '../validate';

const unseeded = Math.random;
let current: number | undefined;

/**
 * Seeds every random draw that follows (the library's equivalent of Keras's
 * `keras.utils.set_random_seed(seed)`): initial weights, shuffles, dropout masks and
 * augmentation, in both engines. The same program run again after the same call repeats its
 * numbers. `seed`: an integer 0…2³²−1.
 */
export function setRandomSeed(seed: number): void {
  integerIn(seed, 'setRandomSeed seed', { min: 0, max: 2 ** 32 - 1 }, 'expected-last');
  current = seed;
  Math.random = createRng(seed);
}

/** The seed of the last setRandomSeed call, or undefined when draws are unseeded. */
export function randomSeed(): number | undefined {
  return current;
}

/** Back to JavaScript's own unseeded Math.random (for tests that seed and must not leak it). */
export function clearRandomSeed(): void {
  current = undefined;
  Math.random = unseeded;
}
