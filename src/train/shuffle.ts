// Seeded shuffling, so a seed gives the same batch order on every run (and on resume).

/** mulberry32: a small, fast, seedable PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sample order for one epoch: a Fisher-Yates permutation of 0..n-1 drawn from (seed, epoch). */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  const rand = seededRandom((seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
