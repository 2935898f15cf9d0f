// Activation maximisation of hidden dense units: gradient ascent on the input image
// until one unit of a fully connected layer (not a class output) responds as strongly
// as it can. Such a unit weighs every feature of the last conv block at once, so its
// picture mixes colours and textures from the whole image.
import { tf } from '../backend';
import type { Figure } from '../figure';
import { renderGrid, type GridCell } from '../plot/images';
import { pngFigure, withHeading } from '../plot/canvas';
import { toRaster } from '../plot/raster';
import { gradientAscent } from './activation';
import { blurAndClip } from './classActivation';
import { pickIndices } from './modelInput';
import {
  describe,
  fail,
  integerIn,
  layersModel,
  positiveInteger,
  positiveNumber,
} from '../validate';

export interface DenseUnitOptions {
  /** Dense layer name (default: the first Dense layer that is not the model's output). */
  layer?: string;
  /** Unit indices, or a count of the first ones (default 8). */
  units?: number[] | number;
  /** Gradient-ascent steps (default 100). */
  steps?: number;
  /** Step size on RMS-normalised gradients, in input units (default 0.01). */
  stepSize?: number;
  /** Blur every this many steps (default 4; 0: never). The image stays in [0, 1]. */
  blurEvery?: number;
  /** Seed of the start image: mid grey plus a little noise (default 42). */
  seed?: number;
  /** Longest side of each drawn image (default 96). */
  cellSize?: number;
  title?: string;
}

export interface DenseUnitResult {
  layer: string;
  /** One per unit: the optimised input [h, w, c] in [0, 1], the unit's value before its activation function at the start and the end. */
  images: {
    unit: number;
    data: Float32Array;
    shape: number[];
    startValue: number;
    value: number;
    /** True when the ascent ended at a value <= 0 (a ReLU would output 0) or not above its start. */
    failed: boolean;
  }[];
  figure: Figure;
}

/** Hidden Dense layers: every Dense layer but the one that produces the output. */
function hiddenDense(model: tf.LayersModel): tf.layers.Layer[] {
  const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
  return dense.filter((l) => !model.outputs.some((o) => o.sourceLayer === l) && l !== dense.at(-1));
}

/**
 * Inputs that drive chosen units of a hidden Dense layer as high as gradient ascent can get
 * them, from a grey start, with each unit's value (before its activation function) at the
 * start and the end in the title; a failed ascent is titled FAILED.
 */
export function denseUnitMaximization(
  model: tf.LayersModel,
  options: DenseUnitOptions = {},
): DenseUnitResult {
  layersModel(model, 'denseUnitMaximization', { inputs: 1, outputs: 1 });
  const hidden = hiddenDense(model);
  const names = hidden.map((l) => l.name);
  const name = options.layer ?? names[0];
  if (name === undefined || !names.includes(name))
    fail(
      'denseUnitMaximization layer',
      names.length
        ? `a hidden Dense layer, one of ${names.join(', ')}`
        : 'a model with a hidden Dense layer',
      describe(name),
    );
  const layer = model.getLayer(name);
  const [, h, w, c] = model.inputs[0].shape;
  if (!(h && w && c))
    fail(
      'denseUnitMaximization',
      'a model with a fixed image input size',
      describe(model.inputs[0].shape),
    );
  const [kernel, bias] = layer.getWeights();
  const size = kernel.shape[1] as number;
  const units = pickIndices(
    options.units,
    8,
    size,
    'denseUnitMaximization units',
    `layer ${name} has units`,
  );
  const steps = positiveInteger(options.steps ?? 100, 'denseUnitMaximization steps');
  const stepSize = positiveNumber(options.stepSize ?? 0.01, 'denseUnitMaximization stepSize');
  const blurEvery = integerIn(options.blurEvery ?? 4, 'denseUnitMaximization blurEvery', {
    min: 0,
  });

  const n = units.length;
  const upTo = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
  // Column u of the kernel (and bias u) gives unit u's value before the activation function.
  const columns = tf.tidy(() => tf.gather(kernel, units, 1)); // [features, n]
  const biases = tf.tidy(() => (bias ? tf.gather(bias, units) : tf.zeros([n])));
  const eye = tf.tidy(() => tf.eye(n));
  // Per image k: the value of unit units[k].
  const valuesOf = (x: tf.Tensor) =>
    tf.tidy(() => (upTo.apply(x) as tf.Tensor2D).matMul(columns).add(biases).mul(eye).sum(1));
  const grad = tf.grad((x: tf.Tensor) => valuesOf(x).sum());
  const start = tf.tidy(() =>
    tf.randomUniform([n, h!, w!, c!], -0.05, 0.05, 'float32', options.seed ?? 42).add(0.5),
  );
  const before = valuesOf(start);
  const { project, blur } = blurAndClip(c!, blurEvery, 0, 1);
  const x = gradientAscent(grad, start, steps, stepSize, project);
  const after = valuesOf(x);
  const [b, a] = [before.dataSync(), after.dataSync()];
  const pixels = x.dataSync() as Float32Array;
  tf.dispose([before, after, x, blur, columns, biases, eye]);

  const pixelsPer = h! * w! * c!;
  const images = units.map((unit, k) => ({
    unit,
    data: pixels.slice(k * pixelsPer, (k + 1) * pixelsPer),
    shape: [h!, w!, c!],
    startValue: b[k],
    value: a[k],
    failed: !(a[k] > 0 && a[k] > b[k]),
  }));
  const cells: GridCell[] = images.map((img) => ({
    raster: toRaster({ data: img.data, shape: img.shape }, [0, 1]),
    title: `unit ${img.unit}${img.failed ? ' FAILED' : ''}\n${img.startValue.toFixed(2)} → ${img.value.toFixed(2)}`,
    titleColor: img.failed ? '#c62828' : undefined,
  }));
  const grid = renderGrid(cells, {
    cols: Math.min(8, cells.length),
    cellSize: options.cellSize ?? 96,
    fontSize: 12,
  });
  const title =
    options.title ??
    `Inputs that excite units of the hidden dense layer ${name} most (value before the ReLU: grey start → optimised)`;
  return { layer: name, images, figure: pngFigure(withHeading(grid, title, 15), title) };
}
