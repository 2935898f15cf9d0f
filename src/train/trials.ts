// Comparing training settings the way an assignment asks: the same data, a few seeds per
// trial, and a verdict on which differences are larger than the run-to-run spread.
import { tf } from '../backend';
import { fit } from './fit';
import { evaluate } from './evaluate';
import { kerasRange, type KerasReference, type Range } from '../data';
import { allowedRange, formatRange, MIN_VERDICT_SEEDS } from '../plot';

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
  /** Whether every seed's accuracy lies inside `keras` widened by the parity margin (unset below MIN_VERDICT_SEEDS Keras seeds). */
  insideKeras?: boolean;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * A set of trials on one dataset (the assignment harness of tutorial 003): `run(name, build)`
 * builds a model per seed with `build(seed)`, compiles it with the shared optimizer, trains and
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
      model.compile({
        optimizer: this.settings.optimizer(),
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
    }
    result.meanAccuracy = mean(result.accuracies);
    let kerasText = '';
    if (overrides.reference) {
      const keras = kerasRange(overrides.reference, { test: 'accuracy' })!;
      const images = this.data.xTest.shape[0];
      const [lo, hi] = allowedRange(keras, 'accuracy', { images });
      result.keras = keras;
      const seeds = overrides.reference.seeds.length;
      const within = `that range ± its margin (${formatRange([lo, hi])})`;
      let verdict = 'too few Keras seeds to show how much runs differ, so no verdict';
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
   * Each trial against the baseline (the first trial unless named): the difference of the
   * means, and whether it exceeds the run-to-run spread — every seed of one scored above every
   * seed of the other.
   */
  comparedWith(baselineName?: string): { name: string; difference: number; clear: boolean }[] {
    const base = baselineName ? this.results.find((t) => t.name === baselineName) : this.results[0];
    if (!base)
      throw new Error(`Trials.comparedWith: no trial named ${JSON.stringify(baselineName)}`);
    return this.results
      .filter((t) => t !== base)
      .map((t) => ({
        name: t.name,
        difference: t.meanAccuracy - base.meanAccuracy,
        clear:
          Math.min(...t.accuracies) > Math.max(...base.accuracies) ||
          Math.max(...t.accuracies) < Math.min(...base.accuracies),
      }));
  }
}
