// A sharper parity check than the band, for a case with many Keras seeds: the mean of a few
// runs of ours against the mean of Keras's runs, metric by metric and epoch by epoch. One run
// of ours must only stay inside Keras's range ± margin; a mean over n runs has √n less noise,
// so a small steady shift (a learning rate 2x off) shows where one run hides in the spread.
import type { KerasReference, ReferenceMetric } from '../../src/data/reference';
import { REFERENCE_METRICS } from '../../src/data/reference';
import { epochValues, type HistoryLike } from '../../src/plot/parity';

export interface MeanComparison {
  epoch: number;
  metric: ReferenceMetric;
  ours: number;
  keras: number;
  /** Standard error of the difference of the means, from Keras's spread: s·√(1/nKeras + 1/nOurs). */
  se: number;
  /** (ours − keras) / se. */
  z: number;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
};

/**
 * Every metric at every epoch of our runs against Keras's runs, as a z score. Keras's standard
 * deviation stands for both engines (ours, over 2–3 runs, would be too noisy to use).
 */
export function compareMeans(runs: HistoryLike[], reference: KerasReference): MeanComparison[] {
  const ours = runs.map(epochValues);
  const out: MeanComparison[] = [];
  ours[0].epochs.forEach((epoch, i) => {
    for (const metric of REFERENCE_METRICS) {
      const o = ours.map((r) => r.values[metric]?.[i]).filter((v): v is number => v !== undefined);
      const k = reference.runs
        .map((r) => r.epochs.find((e) => e.epoch === epoch)?.[metric])
        .filter((v): v is number => typeof v === 'number');
      if (o.length !== runs.length || k.length < 3) continue;
      const se = sd(k) * Math.sqrt(1 / k.length + 1 / o.length);
      const z = (mean(o) - mean(k)) / se;
      out.push({ epoch, metric, ours: mean(o), keras: mean(k), se, z });
    }
  });
  return out;
}
