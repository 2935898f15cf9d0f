// Seeded randomness for shuffles and augmentation. The generator is mulberry32
// (Tommy Ettinger, public domain): 32-bit state, period 2^32, fast, and the same
// seed gives the same sequence on every machine and Node version.
import { integerIn, numberIn } from '../validate';

/** A function returning uniform floats in [0, 1), fully determined by `seed`. */
export function createRng(seed: number): () => number {
  numberIn(seed, 'createRng seed', {}, 'expected-last');
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 0..n-1 in an order given by `seed` (Fisher-Yates with mulberry32). */
export function shuffledIndices(n: number, seed: number): Int32Array {
  integerIn(n, 'shuffledIndices n', { min: 0 }, 'expected-last');
  const rng = createRng(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The sample order for one epoch, drawn from (seed, epoch): the same on every run and after a resume. */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  return shuffledIndices(n, (seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
}
