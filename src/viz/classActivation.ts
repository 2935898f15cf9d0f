// Activation maximisation of a class output: gradient ascent on the input image
// until the network scores it as one class as strongly as it can - "what the
// network thinks a truck looks like" (tutorial 002's dense-layer figure).
import { tf } from '../backend';
import { checkLookInside } from './checks';
import type { Figure } from '../figure';
import { renderGrid, type GridCell } from '../plot/images';
import { pngFigure, withHeading } from '../plot/canvas';
import { toRaster } from '../plot/raster';
import { gradientAscent } from './activation';
import { fail, integerIn, layersModel, oneOf, positiveInteger, positiveNumber } from '../validate';

export type ClassObjective = 'logit' | 'probability';

export interface ClassActivationOptions {
  /** Output classes to maximise (default: every class, at most 10). */
  classes?: number[];
  /** Names of all the classes, for the titles. */
  classNames?: string[];
  /**
   * What is maximised: 'logit' (default), the class's score before the softmax, or
   * 'probability', its softmax output. See the note in classActivationMaximization.
   */
  objective?: ClassObjective;
  /** Gradient-ascent steps (default 100). */
  steps?: number;
  /** Step size on RMS-normalised gradients, in input units (default 0.01). */
  stepSize?: number;
  /** The range the image is kept in (default [0, 1]: pixels scaled as in training). */
  inputRange?: [number, number];
  /** Smooth the image with a small Gaussian blur every this many steps (default 4; 0: never). */
  blurEvery?: number;
  /** Seed of the start image: mid grey plus a little noise (default 42). */
  seed?: number;
  /** Longest side of each drawn image (default 96). */
  cellSize?: number;
  title?: string;
}

export interface ClassActivationResult {
  objective: ClassObjective;
  /** One per class: the optimised input [h, w, c] in inputRange, and its scores before and after. */
  images: {
    classIndex: number;
    className: string;
    data: Float32Array;
    shape: number[];
    /** The objective (logit or probability) on the start image and on the optimised one. */
    startScore: number;
    score: number;
    /** The class probability on the start image and on the optimised one. */
    startProbability: number;
    probability: number;
  }[];
  figure: Figure;
}

/**
 * Keeps an image batch in [lo, hi] after every ascent step, and blurs it a little every
 * `blurEvery` steps: without that the ascent fills the image with pixel-level noise the
 * network happens to like (Yosinski et al. 2015). The caller disposes `blur`.
 */
export function blurAndClip(channels: number, blurEvery: number, lo: number, hi: number) {
  const blur = tf.tidy(() => {
    const k = tf.outerProduct(tf.tensor1d([1, 2, 1]), tf.tensor1d([1, 2, 1])).div(16);
    return k.reshape([3, 3, 1, 1]).tile([1, 1, channels, 1]) as tf.Tensor4D;
  });
  const project = (m: tf.Tensor, s: number) =>
    (blurEvery > 0 && s % blurEvery === blurEvery - 1
      ? tf.depthwiseConv2d(m as tf.Tensor4D, blur, 1, 'same')
      : m
    ).clipByValue(lo, hi);
  return { project, blur };
}

/**
 * The model's class scores before the softmax (logits) as a function of the input. Keras
 * models end either in Dense(activation='softmax') or in Dense + Activation('softmax'):
 * in the first case the logits are recomputed from the Dense layer's input and weights.
 */
function logitsOf(model: tf.LayersModel): (x: tf.Tensor) => tf.Tensor {
  const last = model.layers[model.layers.length - 1];
  const config = last.getConfig() as Record<string, unknown>;
  const upTo = (layer: tf.layers.Layer) =>
    tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
  if (
    last.getClassName() === 'Softmax' ||
    (last.getClassName() === 'Activation' && config.activation === 'softmax')
  ) {
    const sub = upTo(last);
    return (x) => sub.apply(x) as tf.Tensor;
  }
  if (last.getClassName() === 'Dense' && config.activation === 'softmax') {
    const sub = upTo(last);
    const [kernel, bias] = last.getWeights();
    return (x) => {
      const z = (sub.apply(x) as tf.Tensor2D).matMul(kernel as tf.Tensor2D);
      return bias ? z.add(bias) : z;
    };
  }
  // No softmax at the end: the outputs are the class scores themselves.
  return (x) => model.apply(x) as tf.Tensor;
}

/**
 * Inputs that the network scores as each chosen class as strongly as it can, found by
 * gradient ascent from a grey image, with each image's score before and after, drawn in a grid.
 *
 * The objective is the class's logit (its score before the softmax) by default. Raising the
 * softmax probability can be done just as well by lowering the other classes' scores, so
 * its ascent spends much of its effort making the image *unlike* the other classes, and its
 * gradient fades once the probability nears 1; the logit depends on this class alone and
 * keeps growing (Simonyan et al. 2014 make the same choice). 'probability' is there to compare.
 */
export function classActivationMaximization(
  model: tf.LayersModel,
  options: ClassActivationOptions = {},
): ClassActivationResult {
  checkLookInside('classActivationMaximization', model, 'images'); // the door (./checks)
  layersModel(model, 'classActivationMaximization', { inputs: 1, outputs: 1 });
  const outShape = model.outputs[0].shape;
  const numClasses = outShape[outShape.length - 1];
  if (outShape.length !== 2 || numClasses === null)
    fail(
      'classActivationMaximization',
      'a model with one vector of class outputs',
      `output shape [${outShape.join(', ')}]`,
    );
  const [, h, w, c = 1] = model.inputs[0].shape;
  if (!(h && w && c))
    fail(
      'classActivationMaximization',
      'a model with a fixed image input size',
      `input shape [${model.inputs[0].shape.join(', ')}]`,
    );
  const classes = options.classes ?? Array.from({ length: Math.min(numClasses, 10) }, (_, i) => i);
  if (!Array.isArray(classes) || classes.length === 0)
    fail(
      'classActivationMaximization classes',
      'a non-empty list of class indices',
      String(classes),
    );
  classes.forEach((k) =>
    integerIn(k, 'classActivationMaximization classes', { min: 0, max: numClasses - 1 }),
  );
  const names = options.classNames;
  if (names !== undefined && (!Array.isArray(names) || names.length !== numClasses))
    fail(
      'classActivationMaximization classNames',
      `${numClasses} names (one per output)`,
      Array.isArray(names) ? `${names.length}` : typeof names,
    );
  const objective = oneOf(options.objective ?? 'logit', 'classActivationMaximization objective', [
    'logit',
    'probability',
  ] as const);
  const steps = positiveInteger(options.steps ?? 100, 'classActivationMaximization steps');
  const stepSize = positiveNumber(options.stepSize ?? 0.01, 'classActivationMaximization stepSize');
  const blurEvery = integerIn(options.blurEvery ?? 4, 'classActivationMaximization blurEvery', {
    min: 0,
  });
  const [lo, hi] = options.inputRange ?? [0, 1];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
    fail('classActivationMaximization inputRange', '[low, high] with high > low', `[${lo}, ${hi}]`);

  const n = classes.length;
  const logits = logitsOf(model);
  const mask = tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), numClasses).toFloat());
  // Per image: [the objective, the class probability].
  const scoresOf = (x: tf.Tensor) =>
    tf.tidy(() => {
      const z = logits(x) as tf.Tensor2D;
      const p = tf.softmax(z).mul(mask).sum(1);
      return tf.stack([objective === 'logit' ? z.mul(mask).sum(1) : p, p], 1);
    });
  const grad = tf.grad((x: tf.Tensor) => {
    const z = logits(x);
    return (objective === 'logit' ? z : tf.softmax(z)).mul(mask).sum();
  });
  const mid = (lo + hi) / 2;
  const span = hi - lo;
  const start = tf.tidy(() =>
    tf
      .randomUniform([n, h!, w!, c!], -0.05, 0.05, 'float32', options.seed ?? 42)
      .mul(span)
      .add(mid),
  );
  const before = scoresOf(start);
  const { project, blur } = blurAndClip(c!, blurEvery, lo, hi);
  const x = gradientAscent(grad, start, steps, stepSize * span, project);
  const after = scoresOf(x);
  const [b, a] = [before.arraySync() as number[][], after.arraySync() as number[][]];
  const pixels = x.dataSync() as Float32Array;
  [before, x, after, mask, blur].forEach((t) => t.dispose());

  const size = h! * w! * c!;
  const images = classes.map((k, i) => ({
    classIndex: k,
    className: names?.[k] ?? `class ${k}`,
    data: pixels.slice(i * size, (i + 1) * size),
    shape: [h!, w!, c!],
    startScore: b[i][0],
    score: a[i][0],
    startProbability: b[i][1],
    probability: a[i][1],
  }));
  const fmt = (v: number) => (objective === 'logit' ? v.toFixed(1) : `${(v * 100).toFixed(0)}%`);
  const cells: GridCell[] = images.map((img) => ({
    raster: toRaster({ data: img.data, shape: img.shape }, [lo, hi]),
    title: `${img.className}\n${fmt(img.startScore)} → ${fmt(img.score)}`,
  }));
  const grid = renderGrid(cells, {
    cols: Math.min(5, cells.length),
    cellSize: options.cellSize ?? 96,
    fontSize: 12,
  });
  const title =
    options.title ??
    `What the network thinks each class looks like (${objective === 'logit' ? 'class score before softmax' : 'class probability'}: grey start → optimised)`;
  return { objective, images, figure: pngFigure(withHeading(grid, title, 15), title) };
}
