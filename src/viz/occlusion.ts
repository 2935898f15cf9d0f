// Pixel importance by occlusion: cover one square of the image with a grey
// patch, see how far the class probability falls. The image and all its occluded copies
// go through the model in a few large batches, not one call per patch: one TensorFlow
// graph session for all of them where the model allows it (train/evaluate.ts).
import { tf } from '../backend';
import { checkLookInside } from './checks';
import type { Figure } from '../figure';
import type { ImageInput } from '../plot/raster';
import { heatPanelsFigure, largestMagnitude } from './heatPanels';
import { predictRows, InferenceOptions, RowSource } from '../train/evaluate';
import { modelInputBatch } from './modelInput';
import {
  describe,
  fail,
  integerIn,
  layersModel,
  numberIn,
  positiveInteger,
  sameLength,
} from '../validate';

export interface OcclusionOptions {
  /** Side of the square patch in pixels (default 4). */
  patchSize?: number;
  /** Step between patch positions (default patchSize / 2, at least 1). */
  stride?: number;
  /** Value written into the patch (default 0.5: mid grey for inputs in [0, 1]). */
  fillValue?: number;
  /** Class whose probability is watched (default: the predicted class). */
  classIndex?: number;
  /** Images per batch through the model (default 256). */
  batchSize?: number;
  /** 'auto' (default): the graph engine where the model allows it, else eager; as `predict`. */
  engine?: InferenceOptions['engine'];
  title?: string;
  /** Names of the classes, for the figure title. */
  classNames?: string[];
}

export interface OcclusionResult {
  classIndex: number;
  /** Probability of classIndex on the untouched image. */
  baseProbability: number;
  /** drop[row][col] = base probability - probability with the patch at that grid position. */
  drop: number[][];
  /** Per pixel: the mean drop over the patches that covered it (0 where none did). */
  pixelDrop: number[][];
  /** The picture as the model saw it, [h, w, c]. */
  image: { data: Float32Array; shape: number[] };
  /** What the colour bar and titles say: e.g. "grey 4x4 patch, stride 2". */
  patch: string;
  /** The picture beside its pixel map, on a scale centred on 0 (white = no change), with a colour bar. */
  figure: Figure;
}

/** The bar's label: what the colours mean, on every occlusion figure. */
const OCCLUSION_LABEL =
  'red: covering the square lowered the probability; blue: it raised it; white: no change';

/** Occlusion sensitivity of one image (002's pixel-importance heat map). */
export function occlusion(
  model: tf.LayersModel,
  image: ImageInput | tf.Tensor4D,
  options: OcclusionOptions = {},
): OcclusionResult {
  checkLookInside('occlusion', model, 'images', image); // the door (./checks)
  layersModel(model, 'occlusion', { inputs: 1, outputs: 1 });
  const x = modelInputBatch(model, image, 'occlusion');
  try {
    const [, h, w, c] = x.shape;
    const size = positiveInteger(options.patchSize ?? 4, 'occlusion patchSize');
    const stride = positiveInteger(
      options.stride ?? Math.max(1, Math.floor(size / 2)),
      'occlusion stride',
    );
    const batchSize = positiveInteger(options.batchSize ?? 256, 'occlusion batchSize');
    if (size > h || size > w)
      fail('occlusion patchSize', `at most the image size ${h}x${w}`, `${size}`);
    const fill = numberIn(options.fillValue ?? 0.5, 'occlusion fillValue');

    const rows = Math.floor((h - size) / stride) + 1;
    const cols = Math.floor((w - size) / stride) + 1;
    const positions = Array.from({ length: rows * cols }, (_, i) => [
      Math.floor(i / cols) * stride,
      (i % cols) * stride,
    ]);
    // Row 0 is the untouched image, row 1 + i the copy with the patch at positions[i]; rows
    // are made batch by batch as the model asks for them, all through one predict.
    const pixels = x.dataSync() as Float32Array;
    const imageSize = h * w * c;
    const source: RowSource = {
      count: 1 + positions.length,
      dtype: 'float32',
      rows: (start, count) => {
        const batch = new Float32Array(count * imageSize);
        for (let k = 0; k < count; k++) {
          batch.set(pixels, k * imageSize);
          if (start + k === 0) continue;
          const [top, left] = positions[start + k - 1];
          for (let y = top; y < top + size; y++) {
            const from = k * imageSize + (y * w + left) * c;
            batch.fill(fill, from, from + size * c);
          }
        }
        return batch;
      },
    };
    const out = predictRows(model, source, { batchSize, engine: options.engine }, 'occlusion');
    const outputs = out.dataSync();
    const classes = out.size / source.count;
    out.dispose();
    if (classes < 2)
      fail('occlusion', 'the model to output class probabilities', `${classes} value(s)`);
    const probs = outputs.subarray(0, classes);
    const classIndex = integerIn(
      options.classIndex ?? probs.indexOf(Math.max(...probs)),
      'occlusion classIndex',
      { min: 0, max: classes - 1 },
    );
    const baseProbability = probs[classIndex];
    const occludedProb = positions.map((_, i) => outputs[(i + 1) * classes + classIndex]);

    const drop = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, q) => baseProbability - occludedProb[r * cols + q]),
    );
    const sum = new Float64Array(h * w);
    const count = new Uint32Array(h * w);
    positions.forEach(([top, left], i) => {
      const d = baseProbability - occludedProb[i];
      for (let y = top; y < top + size; y++)
        for (let xx = left; xx < left + size; xx++) {
          sum[y * w + xx] += d;
          count[y * w + xx] += 1;
        }
    });
    const pixelDrop = Array.from({ length: h }, (_, y) =>
      Array.from({ length: w }, (_, q) =>
        count[y * w + q] ? sum[y * w + q] / count[y * w + q] : 0,
      ),
    );
    const name = options.classNames?.[classIndex] ?? `class ${classIndex}`;
    const image = { data: pixels.slice(), shape: [h, w, c] };
    const patch = `grey ${size}x${size} patch, stride ${stride}`;
    const m = largestMagnitude([pixelDrop]);
    const figure = heatPanelsFigure([{ image, map: pixelDrop }], {
      scale: 'diverging',
      range: [-m, m],
      columns: ['picture', `drop in p(${name}), ${patch}`],
      label: OCCLUSION_LABEL,
      title: options.title ?? `Occlusion: drop in p(${name}) from ${baseProbability.toFixed(3)}`,
    });
    return { classIndex, baseProbability, drop, pixelDrop, image, patch, figure };
  } finally {
    x.dispose();
  }
}

export interface OcclusionFigureOptions {
  /** One title per row (default: the class and its probability on the untouched picture). */
  titles?: string[];
  /** Names of the classes, for the default row titles. */
  classNames?: string[];
  title?: string;
  /** Longest side of each panel in px (default 160). */
  size?: number;
}

/**
 * Several occlusion results in one figure: each picture beside its map, every map on the
 * SAME diverging scale (white = no change, ± the largest drop of any of them), one colour bar.
 */
export function occlusionFigure(
  results: OcclusionResult[],
  options: OcclusionFigureOptions = {},
): Figure {
  if (!Array.isArray(results) || results.length === 0)
    fail('occlusionFigure results', 'at least one occlusion() result', describe(results));
  if (options.titles)
    sameLength(options.titles.length, 'occlusionFigure titles', results.length, 'one per result');
  const m = largestMagnitude(results.map((r) => r.pixelDrop));
  const patches = [...new Set(results.map((r) => r.patch))].join('; ');
  return heatPanelsFigure(
    results.map((r, i) => ({
      image: r.image,
      map: r.pixelDrop,
      title:
        options.titles?.[i] ??
        `${options.classNames?.[r.classIndex] ?? `class ${r.classIndex}`}: p = ${r.baseProbability.toFixed(3)} untouched`,
    })),
    {
      scale: 'diverging',
      range: [-m, m],
      columns: ['picture', `drop in probability, ${patches}`],
      label: `one scale for all rows. ${OCCLUSION_LABEL}`,
      size: options.size,
      title:
        options.title ?? 'Occlusion: drop in the probability of the class when a square is greyed',
    },
  );
}
