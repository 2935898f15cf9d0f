// A learner's run against Keras's: the per-epoch band of the Keras reference runs
// (data/reference.ts), widened by a margin, and the one-line verdict a notebook prints
// under its training chart. Plain numbers in, plain numbers and text out.
import type { KerasReference, Range, ReferenceBandEpoch, ReferenceMetric } from '../data/reference';
import { REFERENCE_METRICS } from '../data/reference';
import { formatRange } from './resultsTable';

/** Keras-like history: {loss, val_loss, acc|accuracy, val_acc|val_accuracy}, or an object holding it in `.history` (tf.History, this library's History). */
export type HistoryLike =
  | Record<string, ArrayLike<number>>
  | { history: Record<string, ArrayLike<number>>; epoch?: ArrayLike<number> };

/** A history's values under Keras's metric names, with 1-based epoch numbers. */
export interface EpochValues {
  /** 1-based epoch numbers: `history.epoch` (0-based, as Keras) + 1, else 1..n. */
  epochs: number[];
  values: Partial<Record<ReferenceMetric, number[]>>;
}

/** Reads a history: Keras's and tfjs's key names ('acc' is 'accuracy'), its epoch numbers when it has them. */
export function epochValues(history: HistoryLike): EpochValues {
  const wrapped =
    history &&
    typeof history === 'object' &&
    'history' in history &&
    typeof history.history === 'object';
  const h = (wrapped ? (history as { history: object }).history : history) as Record<
    string,
    ArrayLike<number>
  >;
  if (!h || typeof h !== 'object')
    throw new Error(
      `history: expected {loss, val_loss, accuracy, val_accuracy} or a tf.History, found ${typeof history}`,
    );
  const values: EpochValues['values'] = {};
  const aliases: Record<ReferenceMetric, string[]> = {
    loss: ['loss'],
    accuracy: ['accuracy', 'acc'],
    val_loss: ['val_loss'],
    val_accuracy: ['val_accuracy', 'val_acc'],
  };
  for (const m of REFERENCE_METRICS) {
    const key = aliases[m].find((k) => k in h);
    if (key) values[m] = Array.from(h[key], Number);
  }
  const n = Math.max(0, ...Object.values(values).map((v) => v.length));
  const given = wrapped ? (history as { epoch?: ArrayLike<number> }).epoch : undefined;
  const epochs =
    given && given.length === n
      ? Array.from(given, (e) => Number(e) + 1)
      : Array.from({ length: n }, (_, i) => i + 1);
  return { epochs, values };
}

/**
 * How far outside the Keras band a run may go before it counts as having left it. At each
 * epoch each side of the band moves out by
 *
 *   max(spread × (max − min over the seeds), floor)
 *
 * where the floor is `loss` for loss and val_loss, and for accuracy and val_accuracy
 * `standardErrors` binomial standard errors √(p(1−p)/n) of an accuracy measured on the n
 * images behind it (training images, or the validation images), p the band's middle — but at
 * least `accuracy`. See PARITY_MARGIN for why these numbers.
 */
export interface ParityMargin {
  /** Each side widened by this many times the band's own width (max − min over the seeds)… */
  spread: number;
  /** …but by at least this much for loss and val_loss… */
  loss: number;
  /** …and for accuracy and val_accuracy by at least this many standard errors of an accuracy on n images… */
  standardErrors: number;
  /** …and at least this much (a fraction: 0.01 is 1 point). */
  accuracy: number;
}

/**
 * The margin, measured on the quick-mode references (5 Keras seeds each; 1–3 epochs of
 * 200–2,000 images; the 10 cases made with their current settings on 2026-11-27, 200 values):
 * - The band's own width varies a lot: loss and val_loss 0.007–0.46 (median 0.08), accuracy
 *   and val_accuracy 0.007–0.16 (median 0.07). Five seeds are few: a sixth run from the same
 *   spread falls outside their min–max 1 time in 3, and outside min–max ± 1.5 × width about
 *   1 time in 90 (normal draws; the range of 5 is itself noisy) — hence `spread` 1.5.
 * - Leaving each seed out in turn and checking it against the other four, widened like this:
 *   3 of 200 values fall outside (1.5%: one seed of 02, 04-assign-kernel5 and 05-cifar10-cnn
 *   each that started faster or slower than the other four). With `spread` 1: 6; with floors
 *   of 3 standard errors instead of 4: 5 (one standard error of an accuracy on 200–1,000
 *   images is 1–2 points); with a loss floor of 0.01: 4.
 * - The loss floor, 0.03, is about 3 times the narrowest loss bands (0.007–0.013: a first
 *   epoch that has barely left ln 10 = 2.30), where `spread` alone would allow nothing.
 * - Tight enough for real departures: 01's first epoch (loss band 2.297–2.306) gives 2.364 with
 *   Adam's learning rate × 10, 2.82 with dropout 0.9, a val_loss of 2.09 (band 2.27–2.30)
 *   without dropout, 14.4 with unscaled pixels; 04-mnist-cnn a loss of 1.80 (band 2.27–2.30)
 *   with SGD's rate × 10 — all outside (test/reference/parity.test.ts).
 * - `spread` is the factor for 5 seeds; with more, see spreadFor.
 */
export const PARITY_MARGIN: Readonly<ParityMargin> = Object.freeze({
  spread: 1.5,
  loss: 0.03,
  standardErrors: 4,
  accuracy: 0.01,
});

const isAccuracy = (m: ReferenceMetric) => m.endsWith('accuracy');

function checkMargin(margin: Partial<ParityMargin> | undefined): ParityMargin {
  const m = { ...PARITY_MARGIN, ...margin };
  for (const k of ['spread', 'loss', 'standardErrors', 'accuracy'] as const)
    if (!(typeof m[k] === 'number' && m[k] >= 0 && Number.isFinite(m[k])))
      throw new Error(`parity margin.${k}: a number >= 0 expected, found ${String(m[k])}`);
  return m;
}

/**
 * `spread` for 5..20 seeds, as 1.5 is for 5: the factor k that keeps the odds of a run drawn
 * from Keras's own spread landing outside min–max ± k × (max − min) at about 1 in 90 per value
 * (normal draws, 2 million samples a count, bisection). More seeds give a truer range, so less
 * widening is needed: 10 seeds 0.59. Below 5 seeds the factor stays at 5 seeds' (the same odds
 * would need k ≈ 2.4 at 4 seeds and over 4 at 3, which no verdict could fail); those odds are
 * then about 1 in 35 (4 seeds) and 1 in 12 (3 seeds) a value, before the floors.
 */
const SPREAD_5_TO_20 = [
  1.5, 1.12, 0.9, 0.77, 0.67, 0.59, 0.54, 0.49, 0.45, 0.42, 0.4, 0.37, 0.35, 0.33, 0.32, 0.3,
];

/** The spread factor for a band over `seeds` seeds: `spread` scaled as SPREAD_5_TO_20 (unchanged at 5 seeds or fewer, or unknown). */
export function spreadFor(spread: number, seeds?: number): number {
  if (!seeds || seeds <= 5) return spread;
  const k = SPREAD_5_TO_20[Math.min(seeds, 20) - 5];
  return (spread * k) / SPREAD_5_TO_20[0];
}

/**
 * The margin in words, for a chart's note: "Keras's range ± margin" is each side of the
 * min–max over the Keras seeds moved out by this much, at each epoch.
 */
export function marginRule(margin: Partial<ParityMargin> = {}, seeds?: number): string {
  const m = checkMargin(margin);
  const k = Number(spreadFor(m.spread, seeds).toFixed(2));
  return (
    `Margin: each side of Keras's range moves out by ${k} × its width, at least ` +
    `${m.loss} for a loss and, for an accuracy, at least ${m.standardErrors} standard errors of ` +
    `an accuracy on the images it is measured on (and at least ${m.accuracy}).`
  );
}

/** What a margin is computed from besides the band: the images behind the value, the margin's settings. */
export interface MarginOptions {
  /** How many images the accuracy is measured on (its floor is a number of standard errors of it). */
  images?: number;
  /** How many Keras seeds the band is over (more than 5: a smaller spread factor, spreadFor). */
  seeds?: number;
  margin?: Partial<ParityMargin>;
}

/** How much each side of `band` moves out for `metric`. */
export function marginWidth(
  band: Range,
  metric: ReferenceMetric,
  options: MarginOptions = {},
): number {
  const m = checkMargin(options.margin);
  let floor = m.loss;
  if (isAccuracy(metric)) {
    const p = Math.min(0.98, Math.max(0.02, (band[0] + band[1]) / 2));
    const n = options.images;
    const se = n && n > 0 ? Math.sqrt((p * (1 - p)) / n) : 0;
    floor = Math.max(m.accuracy, m.standardErrors * se);
  }
  return Math.max(spreadFor(m.spread, options.seeds) * (band[1] - band[0]), floor);
}

/** The band widened by the margin: what a run must stay within. */
export function allowedRange(
  band: Range,
  metric: ReferenceMetric,
  options: MarginOptions = {},
): Range {
  const w = marginWidth(band, metric, options);
  // clipped to the values the metric can take: a loss is never below 0, an accuracy above 1
  return [Math.max(0, band[0] - w), isAccuracy(metric) ? Math.min(1, band[1] + w) : band[1] + w];
}

/** How many images a reference's value at `band`'s epoch is measured on: training or validation images. */
export function imagesBehind(
  reference: KerasReference,
  band: ReferenceBandEpoch,
  metric: ReferenceMetric,
): number | undefined {
  const data = reference.settings?.data;
  if (!data) return undefined;
  if (!metric.startsWith('val_')) return data.train;
  const phase = reference.settings.phases?.find((p) => p.name === band.phase);
  if (phase?.validation === 'test') return data.test;
  if (phase?.validation === 'split') return data.validationFromStart;
  return undefined;
}

/** One metric at one epoch of a run, against the band. */
export interface EpochComparison {
  epoch: number;
  metric: ReferenceMetric;
  value: number;
  band: Range;
  allowed: Range;
  inside: boolean;
}

/**
 * The fewest Keras seeds a verdict needs. The margin scales with the band's own width (the
 * spread between Keras's runs); one run has none, and at full size the spread between runs
 * (05-cifar10-cnn: val_accuracy 0.44–0.53 over 3 seeds) is far wider than any floor, so a
 * run is compared with fewer seeds than this but not judged inside or outside.
 */
export const MIN_VERDICT_SEEDS = 3;

export interface ParityResult {
  /** True when every compared value lies within the widened band (and `judged`). */
  inside: boolean;
  /** False when the reference has fewer than MIN_VERDICT_SEEDS seeds: `line` then compares, not judges. */
  judged: boolean;
  /** The most seeds behind any compared epoch. */
  seeds: number;
  /** Epochs of the run that have a band (1-based). */
  epochs: number[];
  /** Epochs of the run the reference does not reach. */
  unmatched: number[];
  comparisons: EpochComparison[];
  departures: EpochComparison[];
  /** The verdict, one line. */
  line: string;
}

/** Green inside, red outside, grey when there are too few seeds to judge. */
export function verdictColor(check: ParityResult): string {
  if (!check.judged) return '#555';
  return check.inside ? '#2a7a2a' : '#c0392b';
}

/** Band entries by epoch number. */
function bandByEpoch(reference: KerasReference): Map<number, ReferenceBandEpoch> {
  if (!reference || !reference.band || !Array.isArray(reference.band.epochs))
    throw new Error(
      'parity: a Keras reference expected (loadReference(caseId)), found no band in it',
    );
  return new Map(reference.band.epochs.map((b) => [b.epoch, b]));
}

/** The band for one metric over the run's epochs that have one (for drawing). */
export interface MetricBand {
  metric: ReferenceMetric;
  epochs: number[];
  lo: number[];
  hi: number[];
  allowedLo: number[];
  allowedHi: number[];
  seeds: number;
}

/** For each metric the run has and the reference records: its band over the run's epochs. */
export function referenceBands(
  history: HistoryLike,
  reference: KerasReference,
  options: { margin?: Partial<ParityMargin> } = {},
): MetricBand[] {
  const run = epochValues(history);
  const bands = bandByEpoch(reference);
  const out: MetricBand[] = [];
  for (const metric of REFERENCE_METRICS) {
    if (!run.values[metric]) continue;
    const b: MetricBand = {
      metric,
      epochs: [],
      lo: [],
      hi: [],
      allowedLo: [],
      allowedHi: [],
      seeds: 0,
    };
    for (const e of run.epochs) {
      const range = bands.get(e)?.[metric];
      if (!range) continue;
      const allowed = allowedRange(range, metric, {
        images: imagesBehind(reference, bands.get(e)!, metric),
        seeds: bands.get(e)!.seeds,
        margin: options.margin,
      });
      b.epochs.push(e);
      b.lo.push(range[0]);
      b.hi.push(range[1]);
      b.allowedLo.push(allowed[0]);
      b.allowedHi.push(allowed[1]);
      b.seeds = Math.max(b.seeds, bands.get(e)!.seeds);
    }
    if (b.epochs.length) out.push(b);
  }
  return out;
}

const f4 = (v: number) => (Number.isNaN(v) ? 'NaN' : v.toFixed(4));

/** "3", "1–3", "1, 3–5". */
function epochList(epochs: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < epochs.length; i++) {
    let j = i;
    while (j + 1 < epochs.length && epochs[j + 1] === epochs[j] + 1) j++;
    parts.push(j === i ? `${epochs[i]}` : `${epochs[i]}–${epochs[j]}`);
    i = j;
  }
  return parts.join(', ');
}

/** The margin actually applied to a comparison: the side that allowedRange did not clip at 0 or 1. */
function appliedMargin(c: EpochComparison): number {
  return Math.max(c.allowed[1] - c.band[1], c.band[0] - c.allowed[0]);
}

/** How far a value lies from the nearer allowed edge, in margins: below 0 outside, NaN far outside. */
function slack(c: EpochComparison): number {
  if (Number.isNaN(c.value)) return -Infinity;
  const room = Math.min(c.value - c.allowed[0], c.allowed[1] - c.value);
  return room / Math.max(appliedMargin(c), 1e-12);
}

/** "val_accuracy 0.9804 against Keras's 0.9823–0.9850 ± 0.0100 (allowed 0.9723–0.9950)". */
function against(c: EpochComparison): string {
  const where = Number.isNaN(c.value)
    ? ' (outside)'
    : c.value < c.band[0]
      ? ' (below)'
      : c.value > c.band[1]
        ? ' (above)'
        : '';
  return (
    `${c.metric} ${f4(c.value)}${where} against Keras's ${formatRange(c.band)} ± ${f4(appliedMargin(c))} ` +
    `(allowed ${formatRange(c.allowed)})`
  );
}

/**
 * The line for a reference with too few seeds to judge by: Keras's value beside this run's at
 * the last compared epoch, for the metric a reader watches (validation accuracy when there is one).
 */
function besideFewSeeds(comparisons: EpochComparison[], seeds: number): string {
  const last = Math.max(...comparisons.map((c) => c.epoch));
  const atLast = comparisons.filter((c) => c.epoch === last);
  const order: ReferenceMetric[] = ['val_accuracy', 'accuracy', 'val_loss', 'loss'];
  const c = order.map((m) => atLast.find((x) => x.metric === m)).find((x) => x)!;
  const keras = (c.band[0] + c.band[1]) / 2;
  return (
    `No inside/outside verdict: Keras's reference has ${seeds} seed${seeds === 1 ? '' : 's'}, and a verdict needs at least ` +
    `${MIN_VERDICT_SEEDS} to show how much runs differ. At epoch ${last}: ${c.metric} ` +
    `${f4(c.value)} here, ${f4(keras)} in Keras`
  );
}

/** Every metric at every epoch of the run that the reference covers, against the widened band. */
export function parityCheck(
  history: HistoryLike,
  reference: KerasReference,
  options: { margin?: Partial<ParityMargin> } = {},
): ParityResult {
  const margin = checkMargin(options.margin);
  const run = epochValues(history);
  const bands = bandByEpoch(reference);
  const comparisons: EpochComparison[] = [];
  const epochs: number[] = [];
  const unmatched: number[] = [];
  let seeds = 0;
  run.epochs.forEach((epoch, i) => {
    const band = bands.get(epoch);
    if (!band) return unmatched.push(epoch);
    epochs.push(epoch);
    seeds = Math.max(seeds, band.seeds);
    for (const metric of REFERENCE_METRICS) {
      const value = run.values[metric]?.[i];
      const range = band[metric];
      if (value === undefined || !range) continue;
      const allowed = allowedRange(range, metric, {
        images: imagesBehind(reference, band, metric),
        seeds: band.seeds,
        margin,
      });
      // NaN (a diverged run) is outside every band
      const inside = value >= allowed[0] && value <= allowed[1];
      comparisons.push({ epoch, metric, value, band: range, allowed, inside });
    }
  });
  const departures = comparisons.filter((c) => !c.inside);
  const seedText = `${seeds} Keras seed${seeds === 1 ? '' : 's'}`;
  const judged = seeds >= MIN_VERDICT_SEEDS;
  const noRef = unmatched.length
    ? `; no Keras reference for epoch${unmatched.length > 1 ? 's' : ''} ${epochList(unmatched)}`
    : '';
  let line: string;
  if (run.epochs.length === 0) line = 'No epochs to compare with Keras yet';
  else if (comparisons.length === 0)
    line = `No Keras reference for epoch${run.epochs.length > 1 ? 's' : ''} ${epochList(run.epochs)} (the reference has epochs ${epochList([...bands.keys()].sort((a, b) => a - b))})`;
  else if (!judged) line = besideFewSeeds(comparisons, seeds);
  else if (!departures.length) {
    // the value that came nearest an edge of its allowed range: where the margin mattered most
    const nearest = comparisons.reduce((a, b) => (slack(b) < slack(a) ? b : a));
    const which =
      unmatched.length === 0
        ? 'at every epoch'
        : `at epoch${epochs.length > 1 ? 's' : ''} ${epochList(epochs)}`;
    line =
      `Inside Keras's range ± margin ${which} (${seedText}); nearest an edge: ` +
      `epoch ${nearest.epoch}, ${against(nearest)}${noRef}`;
  } else {
    const first = departures[0].epoch;
    // at the first epoch that left the band, the metric furthest out (in margins)
    const worst = departures
      .filter((c) => c.epoch === first)
      .reduce((a, b) => (slack(b) < slack(a) ? b : a));
    const more = departures.length - 1;
    line =
      `Left Keras's range ± margin at epoch ${first} (${seedText}): ${against(worst)}` +
      (more ? `; ${more} more value${more > 1 ? 's' : ''} outside` : '');
  }
  return {
    inside: judged && comparisons.length > 0 && !departures.length,
    judged,
    seeds,
    epochs,
    unmatched,
    comparisons,
    departures,
    line,
  };
}

/**
 * One line a learner reads under the training chart, naming the seed count and the margin it
 * used: "Inside Keras's range ± margin at every epoch (5 Keras seeds); nearest an edge: epoch 3,
 * val_accuracy 0.9804 (below) against Keras's 0.9823–0.9850 ± 0.0100 (allowed 0.9723–0.9950)",
 * or where the run left it ("Left Keras's range ± margin at epoch 4 (3 Keras seeds):
 * val_accuracy 0.4100 (below) against Keras's 0.4700–0.5200 ± 0.0300 (allowed 0.4400–0.5500)").
 * The band is min–max over the Keras seeds at each epoch, widened by `margin` (PARITY_MARGIN by
 * default). Below MIN_VERDICT_SEEDS seeds the line says there is no verdict, and why.
 */
export function parityVerdict(
  history: HistoryLike,
  reference: KerasReference,
  options: { margin?: Partial<ParityMargin> } = {},
): string {
  return parityCheck(history, reference, options).line;
}

/**
 * Why a run is expected inside the band rather than on one of its lines, and what both
 * engines share, in one sentence for the chart.
 */
export function referenceNote(reference: KerasReference): string {
  const seeds = reference.seeds.length;
  const streams = ['initial weights', 'shuffles'];
  if (reference.layers.some((l) => l.class === 'Dropout')) streams.push('dropout masks');
  if (reference.settings.phases.some((p) => p.augmentation)) streams.push('augmentation draws');
  const list = `${streams.slice(0, -1).join(', ')} and ${streams[streams.length - 1]}`;
  const data =
    reference.settings.data.dataset === 'cifar10'
      ? 'both read the same JPEG-derived CIFAR-10 copy'
      : 'both read the same MNIST files';
  const lands =
    seeds >= MIN_VERDICT_SEEDS
      ? `a run lands inside the ${seeds}-seed Keras band rather than on one of its lines`
      : `a run lands near Keras's ${seeds === 1 ? 'one run' : `${seeds} runs`}, not on ${seeds === 1 ? 'it' : 'them'}`;
  return `Each engine draws its own ${list}, so ${lands}; ${data}.`;
}
