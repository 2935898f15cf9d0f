// Seeded shuffling, so a seed gives the same batch order on every run (and on resume).
import { shuffledIndices } from '../data/random';

/** The sample order for one epoch, drawn from (seed, epoch): the same on every run and after a resume. */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  return shuffledIndices(n, (seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
}
