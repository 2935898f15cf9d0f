// Best, median and worst of an engine's repetitions, and whether they fall in two clusters
// (issue 23: Keras's epochs on this machine are either ~12-15 s or ~21-22 s within one run,
// so a median alone depends on which mode an engine landed in).

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A gap between consecutive sorted times this large (relative to the best) splits the runs in two. */
export const CLUSTER_GAP = 0.15;

/**
 * `{ best, median, worst, clusters }` of `xs` (seconds). `clusters` is null when the times form
 * one group, else the two groups either side of the widest gap, each `{ from, to, runs }`, and
 * `gap` the seconds between them.
 */
export function spread(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const out = { best: s[0], median: median(s), worst: s[s.length - 1], clusters: null };
  let at = -1,
    gap = 0;
  for (let i = 1; i < s.length; i++) if (s[i] - s[i - 1] > gap) [gap, at] = [s[i] - s[i - 1], i];
  if (s.length >= 3 && at > 0 && gap > CLUSTER_GAP * s[0]) {
    const group = (g) => ({ from: g[0], to: g[g.length - 1], runs: g.length });
    out.clusters = [group(s.slice(0, at)), group(s.slice(at))];
    out.gap = gap;
  }
  return out;
}

/** "one cluster (spread 8%)" or "bimodal: 12.1-13.0 s (3) | 21.0-21.4 s (2), gap 8.0 s". */
export function describeSpread(sp, digits = 1, unit = 's') {
  const f = (x) => x.toFixed(digits);
  if (!sp.clusters)
    return `one cluster (worst ${Math.round((sp.worst / sp.best - 1) * 100)}% above best)`;
  const [a, b] = sp.clusters.map((c) => `${f(c.from)}-${f(c.to)} ${unit} (${c.runs})`);
  return `bimodal: ${a} | ${b}, gap ${f(sp.gap)} ${unit}`;
}
