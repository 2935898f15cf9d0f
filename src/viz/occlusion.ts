// Pixel importance by occlusion: cover one square of the image with a grey
// patch, see how far the class probability falls. All occluded copies of the
// image go through the model in a few large batches, not one call per patch.
import { tf } from '../backend';
import type { Figure } from '../figure';
import type { ImageInput } from '../plot/raster';
import { heatmapFigure } from '../plot/images';
import { modelInputBatch } from './modelInput';
import { fail, integerIn, layersModel, numberIn, positiveInteger } from '../validate';

export interface OcclusionOptions {
  /** Side of the square patch in pixels (default 4). */
  patchSize?: number;
  /** Step between patch positions (default patchSize / 2, at least 1). */
  stride?: number;
  /** Value written into the patch (default 0.5: mid grey for inputs in [0, 1]). */
  fillValue?: number;
  /** Class whose probability is watched (default: the predicted class). */
  classIndex?: number;
  /** Occluded copies per predict call (default 256). */
  batchSize?: number;
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
  /** The pixel map over the image, with a colour bar. */
  figure: Figure;
}

/** Occlusion sensitivity of one image (002's pixel-importance heat map). */
export function occlusion(
  model: tf.LayersModel,
  image: ImageInput | tf.Tensor4D,
  options: OcclusionOptions = {},
): OcclusionResult {
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

    const base = tf.tidy(() => model.predict(x) as tf.Tensor);
    const probs = base.dataSync();
    base.dispose();
    if (probs.length < 2)
      fail('occlusion', 'the model to output class probabilities', `${probs.length} value(s)`);
    const classIndex = integerIn(
      options.classIndex ?? probs.indexOf(Math.max(...probs)),
      'occlusion classIndex',
      { min: 0, max: probs.length - 1 },
    );
    const baseProbability = probs[classIndex];

    const rows = Math.floor((h - size) / stride) + 1;
    const cols = Math.floor((w - size) / stride) + 1;
    const positions = Array.from({ length: rows * cols }, (_, i) => [
      Math.floor(i / cols) * stride,
      (i % cols) * stride,
    ]);
    const occludedProb = new Float32Array(positions.length);
    for (let start = 0; start < positions.length; start += batchSize) {
      const chunk = positions.slice(start, start + batchSize);
      // keep = 1 outside the patch, 0 inside; occluded = x * keep + fill * (1 - keep).
      const keep = new Float32Array(chunk.length * h * w).fill(1);
      chunk.forEach(([top, left], k) => {
        for (let y = top; y < top + size; y++)
          keep.fill(0, k * h * w + y * w + left, k * h * w + y * w + left + size);
      });
      const p = tf.tidy(() => {
        const m = tf.tensor4d(keep, [chunk.length, h, w, 1]);
        const batch = x.mul(m).add(tf.scalar(1).sub(m).mul(fill)) as tf.Tensor4D;
        const out = model.predict(batch) as tf.Tensor2D;
        return out.slice([0, classIndex], [chunk.length, 1]);
      });
      occludedProb.set(p.dataSync(), start);
      p.dispose();
    }

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
    const figure = heatmapFigure(pixelDrop, {
      image: { data: x.dataSync(), shape: [h, w, c] },
      alpha: 0.55,
      title: options.title ?? `Occlusion: drop in p(${name}) from ${baseProbability.toFixed(3)}`,
      label: `grey ${size}x${size} patch, stride ${stride}`,
    });
    return { classIndex, baseProbability, drop, pixelDrop, figure };
  } finally {
    x.dispose();
  }
}
