// Comparing training settings the way an assignment asks: the same data, a few seeds per
// trial, and a verdict on which differences are larger than the run-to-run spread.
import { tf } from '../backend';
import { fit } from './fit';
import { evaluate } from './evaluate';
import { kerasRange, type KerasReference, type Range } from '../data';
import { allowedRange, formatRange, marginWidth, MIN_VERDICT_SEEDS } from '../plot';

/** The data every trial trains and is scored on. */
export interface TrialData {
  x: tf.Tensor;
  y: tf.Tensor;
  xTest: tf.Tensor;
  yTest: tf.Tensor;
}

/** What every trial shares unless its run() call overrides it. */
export interface TrialSettings {
  epochs: number;
  batchSize: number;
  /** One training run per seed: the seed sets the initial weights and the batch order. */
  seeds: readonly number[];
  /** A fresh optimizer for each run (optimizers keep state). */
  optimizer: () => tf.Optimizer;
  loss?: string;
}

export interface TrialResult {
  name: string;
  seeds: number[];
  /** Test accuracy of each seed's run, in the order of `seeds`. */
  accuracies: number[];
  losses: number[];
  /** Training wall-clock seconds of each seed's run. */
  seconds: number[];
  meanAccuracy: number;
  params: number;
  epochs: number;
  batchSize: number;
  /** Keras's test accuracy for the same trial (min–max over its seeds), when a reference was given. */
  keras?: Range;
  /** How many Keras seeds `keras` is over. */
  kerasSeeds?: number;
  /** Whether every seed's accuracy lies inside `keras` widened by the parity margin (unset below MIN_VERDICT_SEEDS Keras seeds). */
  insideKeras?: boolean;
}

/** A trial against the baseline (Trials.comparedWith). */
export interface TrialComparison {
  name: string;
  /** Mean test accuracy of the trial minus the baseline's. */
  difference: number;
  /** The difference is larger than the spread (max − min) of either trial's own seeds. */
  beyondOurSpread: boolean;
  /** Both trials have Keras runs (at least MIN_VERDICT_SEEDS seeds each) whose ranges do not overlap, apart in the direction of `difference`. */
  kerasApart: boolean;
  /** Called a real difference: `beyondOurSpread` and `kerasApart`. Otherwise we cannot tell. */
  real: boolean;
  /** The comparison in one line, with the numbers behind it. */
  line: string;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * A set of trials on one dataset (the assignment harness of tutorial 003): `run(name, build)`
 * builds a model per seed with `build(seed)`, compiles it with a fresh optimizer, trains and
 * scores it, and keeps the result; rerunning a name replaces its entry.
 */
export class Trials {
  readonly results: TrialResult[] = [];

  constructor(
    private readonly data: TrialData,
    readonly settings: TrialSettings,
  ) {
    if (!settings.seeds.length)
      throw new Error('Trials: settings.seeds must name at least one seed');
  }

  async run(
    name: string,
    build: (seed: number) => tf.LayersModel,
    overrides: { epochs?: number; batchSize?: number; reference?: KerasReference } = {},
  ): Promise<void> {
    const epochs = overrides.epochs ?? this.settings.epochs;
    const batchSize = overrides.batchSize ?? this.settings.batchSize;
    const result: TrialResult = {
      name,
      seeds: [...this.settings.seeds],
      accuracies: [],
      losses: [],
      seconds: [],
      meanAccuracy: NaN,
      params: 0,
      epochs,
      batchSize,
    };
    for (const seed of this.settings.seeds) {
      const model = build(seed);
      // Passed in, the optimizer is not the model's to dispose: its slots (Adam's two moments, as
      // large as the weights) would outlive every trial run.
      const optimizer = this.settings.optimizer();
      model.compile({
        optimizer,
        loss: this.settings.loss ?? 'categoricalCrossentropy',
        metrics: ['accuracy'],
      });
      const started = Date.now();
      await fit(model, this.data.x, this.data.y, { batchSize, epochs, seed, verbose: 0 });
      result.seconds.push((Date.now() - started) / 1000);
      const score = await evaluate(model, this.data.xTest, this.data.yTest, { batchSize: 100 });
      result.accuracies.push(score.accuracy ?? NaN);
      result.losses.push(score.loss);
      result.params = model.countParams();
      model.dispose();
      optimizer.dispose();
    }
    result.meanAccuracy = mean(result.accuracies);
    let kerasText = '';
    if (overrides.reference) {
      const keras = kerasRange(overrides.reference, { test: 'accuracy' })!;
      const images = this.data.xTest.shape[0];
      const seeds = overrides.reference.seeds.length;
      const [lo, hi] = allowedRange(keras, 'accuracy', { images, seeds });
      result.keras = keras;
      result.kerasSeeds = seeds;
      const margin = marginWidth(keras, 'accuracy', { images, seeds });
      const within = `that range ± ${margin.toFixed(4)} (${formatRange([lo, hi])})`;
      let verdict = `no inside/outside verdict: that needs at least ${MIN_VERDICT_SEEDS} Keras seeds to show how much runs differ`;
      if (seeds >= MIN_VERDICT_SEEDS) {
        result.insideKeras = result.accuracies.every((a) => a >= lo && a <= hi);
        verdict = result.insideKeras
          ? `every seed here is inside ${within}`
          : `a seed here is outside ${within}`;
      }
      kerasText = `\n  Keras, the same trial: ${formatRange(keras)} (${seeds} seed${seeds === 1 ? '' : 's'}); ${verdict}`;
    }
    const old = this.results.findIndex((t) => t.name === name);
    if (old >= 0) this.results.splice(old, 1, result);
    else this.results.push(result);
    console.log(
      `${name}: test accuracy ${result.meanAccuracy.toFixed(4)} (seeds: ${result.accuracies.map((a) => a.toFixed(4)).join(', ')}), ` +
        `${result.params.toLocaleString('en-US')} params, ${mean(result.seconds).toFixed(0)} s per run` +
        kerasText,
    );
  }

  /** One row per trial: mean and per-seed accuracy, parameters, seconds per run. */
  table(): Record<string, string | number>[] {
    return this.results.map((t) => ({
      trial: t.name,
      'mean accuracy': t.meanAccuracy.toFixed(4),
      ...Object.fromEntries(t.seeds.map((s, k) => [`seed ${s}`, t.accuracies[k].toFixed(4)])),
      ...(t.keras ? { Keras: formatRange(t.keras) } : {}),
      params: t.params,
      'seconds per run': Math.round(mean(t.seconds)),
    }));
  }

  /**
   * Each trial against the baseline (the first trial unless named). A difference is called real
   * only when both hold: it is larger than the spread of our own seeds (max − min of each trial's
   * accuracies), and Keras's runs of the two trials (min–max over at least MIN_VERDICT_SEEDS seeds
   * each) do not overlap, apart the same way. Otherwise the line says we cannot tell: a few seeds
   * of ours can separate by luck, and Keras's ranges show whether the setting itself moves the score.
   */
  comparedWith(baselineName?: string): TrialComparison[] {
    const base = baselineName ? this.results.find((t) => t.name === baselineName) : this.results[0];
    if (!base)
      throw new Error(`Trials.comparedWith: no trial named ${JSON.stringify(baselineName)}`);
    return this.results.filter((t) => t !== base).map((t) => compareTrials(t, base));
  }
}

const spread = (v: number[]) => Math.max(...v) - Math.min(...v);
const signed = (v: number) => `${v >= 0 ? '+' : '-'}${Math.abs(v).toFixed(4)}`;

/** `trial` against `base`: see Trials.comparedWith. */
export function compareTrials(trial: TrialResult, base: TrialResult): TrialComparison {
  const difference = trial.meanAccuracy - base.meanAccuracy;
  const seedsOk = trial.accuracies.length >= 2 && base.accuracies.length >= 2;
  const ourSpread = Math.max(spread(trial.accuracies), spread(base.accuracies));
  const beyondOurSpread = seedsOk && Math.abs(difference) > ourSpread;
  const judged = (r: TrialResult) => !!r.keras && (r.kerasSeeds ?? 0) >= MIN_VERDICT_SEEDS;
  const haveKeras = judged(trial) && judged(base);
  const kerasApart =
    haveKeras &&
    (difference > 0 ? trial.keras![0] > base.keras![1] : trial.keras![1] < base.keras![0]);
  const real = beyondOurSpread && kerasApart;
  const ours = seedsOk
    ? `${beyondOurSpread ? 'larger' : 'not larger'} than the spread of our seeds (up to ${ourSpread.toFixed(4)})`
    : 'one seed of ours shows no spread';
  const apart = (t: Range, b: Range) => t[0] > b[1] || t[1] < b[0];
  const relation = kerasApart
    ? 'do not overlap'
    : haveKeras && apart(trial.keras!, base.keras!)
      ? 'lie apart the other way'
      : 'overlap';
  const keras = haveKeras
    ? `Keras's ranges ${relation} (${formatRange(trial.keras!)} against ${formatRange(base.keras!)})`
    : `Keras's runs of both trials (${MIN_VERDICT_SEEDS} seeds or more each) are not both at hand`;
  const verdict = real ? 'a real difference' : 'cannot tell';
  return {
    name: trial.name,
    difference,
    beyondOurSpread,
    kerasApart,
    real,
    line: `${trial.name}: accuracy ${signed(difference)} against the baseline: ${verdict}; ${ours}, ${beyondOurSpread === kerasApart ? 'and' : 'but'} ${keras}`,
  };
}
