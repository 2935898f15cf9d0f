// Activation maximisation: gradient ascent on the input image to find what a
// conv filter responds to most (Keras blog "how convolutional neural networks
// see the world"). All filters of one layer are optimised together as a batch.
import { tf } from '../backend';
import { checkLookInside } from './checks';
import type { Figure } from '../figure';
import { renderGrid, type GridCell } from '../plot/images';
import { pngFigure, stackVertically, withHeading } from '../plot/canvas';
import { toRaster } from '../plot/raster';
import { convLayer, convLayerNames, pickIndices } from './modelInput';
import {
  describe,
  fail,
  integerIn,
  layersModel,
  positiveInteger,
  positiveNumber,
} from '../validate';

export interface ActivationMaxOptions {
  /** Conv layer names (default: every conv layer). */
  layers?: string[];
  /** Filter indices per layer, or a count of the first ones (default 4). */
  filters?: number[] | number;
  /** Gradient-ascent steps (default 30). */
  steps?: number;
  /** Step size on RMS-normalised gradients, in input units (default 0.02). */
  stepSize?: number;
  /** Seed of the random grey start image (default 42; restart k uses seed + k). */
  seed?: number;
  /**
   * Extra attempts for a filter whose ascent failed (mean activation still <= 0, or not
   * above its start): each from a fresh random start, with a larger step, twice the steps
   * and noise jitter (default 3; 0: no retry). Filters that still fail are titled FAILED.
   */
  restarts?: number;
  /** Longest side of each drawn image (default 96). */
  cellSize?: number;
  title?: string;
}

export interface ActivationMaxResult {
  /** One entry per (layer, filter): the optimised input scaled for display to 0..1, [h, w, c], and its final mean activation. */
  images: {
    layer: string;
    filter: number;
    data: Float32Array;
    shape: number[];
    /** The filter's mean activation on the drawn image, and on that attempt's start image. */
    activation: number;
    startActivation: number;
    /** Ascents run for this filter (1 = the first one worked). */
    attempts: number;
    /** True when every attempt ended at a mean activation <= 0 or not above its start. */
    failed: boolean;
    /** The tile's title: the mean activation reached, or FAILED. */
    title: string;
  }[];
  figure: Figure;
}

/** Inputs that maximise the mean activation of chosen filters of chosen conv layers, as a grid (one row per layer). */
export function activationMaximization(
  model: tf.LayersModel,
  options: ActivationMaxOptions = {},
): ActivationMaxResult {
  checkLookInside('activationMaximization', model, 'conv'); // the door (./checks)
  layersModel(model, 'activationMaximization', { inputs: 1, outputs: 1 });
  const layers = options.layers ?? convLayerNames(model);
  if (!Array.isArray(layers) || layers.length === 0)
    fail(
      'activationMaximization layers',
      `conv layer names (one of ${convLayerNames(model).join(', ') || 'none: the model has no Conv2D layer'})`,
      describe(layers),
    );
  const steps = positiveInteger(options.steps ?? 30, 'activationMaximization steps');
  const stepSize = positiveNumber(options.stepSize ?? 0.02, 'activationMaximization stepSize');
  const seed = options.seed ?? 42;
  const restarts = integerIn(options.restarts ?? 3, 'activationMaximization restarts', { min: 0 });
  const [, h, w, c] = model.inputs[0].shape;
  if (h === null || w === null || c === null)
    fail(
      'activationMaximization',
      'a model with a fixed input size',
      `input shape ${describe(model.inputs[0].shape)}`,
    );

  const images: ActivationMaxResult['images'] = [];
  const sections = layers.map((name) => {
    const layer = convLayer(model, name, 'activationMaximization layers');
    const channels = (layer.outputShape as number[])[3];
    const filters = pickIndices(
      options.filters,
      4,
      channels,
      'activationMaximization filters',
      `layer ${name} has filters`,
    );
    const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
    const size = h * w * c;
    // Attempt 0 for every filter; then the failed ones again, each time from a fresh random
    // start, with a larger step, more steps and a little noise added every step.
    const best = filters.map(() => ({
      activation: -Infinity,
      start: 0,
      data: new Float32Array(size),
      attempts: 0,
    }));
    let pending = filters.map((_, k) => k);
    for (let attempt = 0; attempt <= restarts && pending.length > 0; attempt++) {
      const run = ascend(
        sub,
        pending.map((k) => filters[k]),
        channels,
        [h, w, c],
        {
          steps: attempt === 0 ? steps : 2 * steps,
          stepSize: stepSize * (1 + attempt),
          seed: seed + attempt,
          spread: attempt === 0 ? 0.1 : 0.5,
          jitter: attempt === 0 ? 0 : stepSize,
        },
      );
      pending.forEach((k, j) => {
        best[k].attempts = attempt + 1;
        if (run.activations[j] > best[k].activation)
          best[k] = {
            activation: run.activations[j],
            start: run.starts[j],
            data: run.pixels.slice(j * size, (j + 1) * size),
            attempts: attempt + 1,
          };
      });
      pending = pending.filter((k) => failed(best[k]));
    }
    const cells: GridCell[] = filters.map((f, k) => {
      const b = best[k];
      const bad = failed(b);
      const tries = b.attempts > 1 ? ` (try ${b.attempts})` : '';
      const title = bad
        ? `filter ${f}\nFAILED: ${b.activation.toFixed(2)}`
        : `filter ${f}\nmean ${b.activation.toFixed(2)}${tries}`;
      images.push({
        layer: name,
        filter: f,
        data: b.data,
        shape: [h, w, c],
        activation: b.activation,
        startActivation: b.start,
        attempts: b.attempts,
        failed: bad,
        title,
      });
      return {
        raster: toRaster({ data: b.data, shape: [h, w, c] }, [0, 1]),
        title,
        titleColor: bad ? '#c62828' : undefined,
      };
    });
    return withHeading(
      renderGrid(cells, {
        cols: Math.min(8, cells.length),
        cellSize: options.cellSize ?? 96,
        fontSize: 12,
      }),
      `layer ${name}`,
      14,
    );
  });
  const title = options.title ?? 'Inputs that maximise filter activations';
  return { images, figure: pngFigure(withHeading(stackVertically(sections), title), title) };
}

/** An ascent failed when the filter's mean activation ended at or below 0, or did not rise. */
const failed = (r: { activation: number; start: number }) =>
  !(r.activation > 0 && r.activation > r.start);

/**
 * One batched ascent: image k maximises the mean activation of filters[k] (a mask picks its
 * channel, so one loss covers all). Returns the mean activations at the start and the end and
 * the images, each standardised and centred on grey for display (as the Keras blog does).
 */
function ascend(
  sub: tf.LayersModel,
  filters: number[],
  channels: number,
  [h, w, c]: number[],
  o: { steps: number; stepSize: number; seed: number; spread: number; jitter: number },
) {
  const n = filters.length;
  const mask = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(filters, 'int32'), channels).reshape([n, 1, 1, channels]),
  );
  const lossOf = (input: tf.Tensor) =>
    tf.tidy(() => (sub.apply(input) as tf.Tensor).mul(mask).sum(3).mean([1, 2]));
  const grad = tf.grad((input: tf.Tensor) => lossOf(input).sum());
  const start = tf.tidy(() =>
    tf.randomUniform([n, h, w, c], -o.spread, o.spread, 'float32', o.seed).add(0.5),
  );
  const startLoss = lossOf(start);
  const starts = Array.from(startLoss.dataSync());
  startLoss.dispose();
  // Jitter: a little seeded noise after every step, to shake the image out of flat regions.
  const jitter = o.jitter
    ? (m: tf.Tensor, step: number) =>
        m.add(tf.randomNormal(m.shape, 0, o.jitter, 'float32', o.seed * 1000 + step))
    : undefined;
  const x = gradientAscent(grad, start, o.steps, o.stepSize, jitter);
  const endLoss = lossOf(x);
  const activations = Array.from(endLoss.dataSync());
  const shown = tf.tidy(() => {
    const mean = x.mean([1, 2, 3], true);
    const std = x.sub(mean).square().mean([1, 2, 3], true).sqrt().add(1e-5);
    return x.sub(mean).div(std).mul(0.15).add(0.5).clipByValue(0, 1);
  });
  const pixels = shown.dataSync() as Float32Array;
  tf.dispose([endLoss, shown, x, mask]);
  return { starts, activations, pixels };
}

/**
 * Gradient ascent on a batch of input images [n, h, w, c]: every step moves each image along
 * its gradient, scaled to unit RMS per image, by `stepSize` (in input units), then applies
 * `project` if given (e.g. clip to the pixel range, smooth). Takes ownership of `start`
 * (disposed) and returns the final batch. Shared by the filter version above and the
 * class-output version (classActivation.ts).
 */
export function gradientAscent(
  grad: (x: tf.Tensor) => tf.Tensor,
  start: tf.Tensor,
  steps: number,
  stepSize: number,
  project?: (x: tf.Tensor, step: number) => tf.Tensor,
): tf.Tensor {
  let x = start;
  for (let s = 0; s < steps; s++) {
    const next = tf.tidy(() => {
      const g = grad(x);
      const rms = g.square().mean([1, 2, 3], true).sqrt().add(1e-5);
      const moved = x.add(g.div(rms).mul(stepSize));
      return project ? project(moved, s) : moved;
    });
    x.dispose();
    x = next;
  }
  return x;
}
