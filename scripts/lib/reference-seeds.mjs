// Which seeds of a Keras reference case still need running, given the file an earlier
// run wrote: seeds it holds are kept, so `--seeds 3` on a 1-seed file adds seeds 2 and 3.

/** Seeds 1…n, the ones a case with n seeds runs. */
export const seedList = (n) => Array.from({ length: n }, (_, i) => i + 1);

/** { kept: the earlier runs of wanted seeds, todo: the wanted seeds no run holds }. */
export function planSeeds(earlier, wanted) {
  const kept = (earlier?.runs ?? []).filter((r) => wanted.includes(r.seed));
  const todo = wanted.filter((s) => !kept.some((r) => r.seed === s));
  return { kept, todo };
}

/** Whether two reference files were made alike, so their seeds' runs can share a band. */
export const sameSetup = (a, b) =>
  JSON.stringify([a.settings, a.params, a.made?.versions]) ===
  JSON.stringify([b.settings, b.params, b.made?.versions]);
