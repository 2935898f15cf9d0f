// Activation maximisation: gradient ascent on the input image to find what a
// conv filter responds to most (Keras blog "how convolutional neural networks
// see the world"). All filters of one layer are optimised together as a batch.
import { tf } from '../backend';
import type { Figure } from '../figure';
import { renderGrid, type GridCell } from '../plot/images';
import { pngFigure, stackVertically, withHeading } from '../plot/canvas';
import { toRaster } from '../plot/raster';
import { convLayer, convLayerNames } from './modelInput';
import { describe, fail, layersModel, positiveInteger, positiveNumber } from '../validate';

export interface ActivationMaxOptions {
  /** Conv layer names (default: every conv layer). */
  layers?: string[];
  /** Filter indices per layer, or a count of the first ones (default 4). */
  filters?: number[] | number;
  /** Gradient-ascent steps (default 30). */
  steps?: number;
  /** Step size on RMS-normalised gradients, in input units (default 0.02). */
  stepSize?: number;
  /** Seed of the random grey start image (default 42). */
  seed?: number;
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
    activation: number;
  }[];
  figure: Figure;
}

/** Inputs that maximise the mean activation of chosen filters of chosen conv layers, as a grid (one row per layer). */
export function activationMaximization(
  model: tf.LayersModel,
  options: ActivationMaxOptions = {},
): ActivationMaxResult {
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
    const filters =
      typeof options.filters === 'number' || options.filters === undefined
        ? Array.from(
            {
              length: Math.min(
                positiveInteger(options.filters ?? 4, 'activationMaximization filters'),
                channels,
              ),
            },
            (_, i) => i,
          )
        : options.filters;
    filters.forEach((f) => {
      if (!(Number.isInteger(f) && f >= 0 && f < channels))
        throw new Error(
          `activationMaximization filters: layer ${name} has filters 0..${channels - 1}, found ${f}`,
        );
    });
    const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
    const n = filters.length;
    // mask[k] selects filter k's channel, so one batched loss covers all filters.
    const mask = tf.tidy(() =>
      tf.oneHot(tf.tensor1d(filters, 'int32'), channels).reshape([n, 1, 1, channels]),
    );
    const lossOf = (input: tf.Tensor) =>
      tf.tidy(() => (sub.apply(input) as tf.Tensor).mul(mask).sum(3).mean([1, 2]));
    const grad = tf.grad((input: tf.Tensor) => lossOf(input).sum());
    const start = tf.tidy(() =>
      tf.randomUniform([n, h, w, c], -0.1, 0.1, 'float32', seed).add(0.5),
    );
    const x = gradientAscent(grad, start, steps, stepSize);
    const activations = lossOf(x);
    const acts = activations.dataSync();
    activations.dispose();
    // Display: standardise each image, centre on grey, clip to [0, 1] (as the Keras blog does).
    const shown = tf.tidy(() => {
      const mean = x.mean([1, 2, 3], true);
      const std = x.sub(mean).square().mean([1, 2, 3], true).sqrt().add(1e-5);
      return x.sub(mean).div(std).mul(0.15).add(0.5).clipByValue(0, 1);
    });
    const pixels = shown.dataSync() as Float32Array;
    shown.dispose();
    x.dispose();
    mask.dispose();
    const cells: GridCell[] = filters.map((f, k) => {
      const data = pixels.slice(k * h * w * c, (k + 1) * h * w * c);
      images.push({ layer: name, filter: f, data, shape: [h, w, c], activation: acts[k] });
      return { raster: toRaster({ data, shape: [h, w, c] }, [0, 1]), title: `filter ${f}` };
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
