// Plain image inputs -> 8-bit pixels ready to draw. Figures accept tensors,
// typed arrays with a shape, or nested number arrays, so they work on whatever
// the data loaders hand over (uint8 Uint8Array, scaled float tensors...).
import { tf } from '../backend';
import { describe, fail } from '../validate';

/** Pixels with a channels-last shape: [h, w], [h, w, 1] or [h, w, 3]. */
export interface ImageLike {
  data: ArrayLike<number>;
  shape: number[];
}

/** Anything a figure accepts as one image. */
export type ImageInput = ImageLike | tf.Tensor | number[][];

/** Anything a figure accepts as a batch: [n, h, w] / [n, h, w, c] data, a 4D tensor, or a list of images. */
export type ImageBatchInput = ImageLike | tf.Tensor | ImageInput[];

/** An image resolved for drawing: 0..255 values, 1 or 3 channels. */
export interface Raster {
  height: number;
  width: number;
  channels: 1 | 3;
  data: Uint8ClampedArray;
}

/** How stored values map to 0..255: 'auto' picks [0,255] for uint8 and for floats in [0,255], [0,1] for floats in [0,1], else min..max. */
export type ValueRange = 'auto' | 'minmax' | [number, number];

/** Reads any ImageInput into flat values + shape (validated as an image). */
export function imageValues(
  img: ImageInput,
  what = 'image',
): { values: ArrayLike<number>; shape: number[]; isUint8: boolean } {
  let values: ArrayLike<number>;
  let shape: number[];
  let isUint8 = false;
  if (img instanceof tf.Tensor) {
    values = img.dataSync();
    shape = img.shape.slice();
  } else if (Array.isArray(img)) {
    const rows = img as number[][];
    if (rows.length === 0 || !Array.isArray(rows[0]))
      fail(what, 'a non-empty number[][] (rows of pixels)', describe(img));
    const w = rows[0].length;
    rows.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== w)
        throw new Error(
          `${what}: every row must have ${w} values, row ${i} has ${Array.isArray(r) ? r.length : typeof r}`,
        );
    });
    values = rows.flat();
    shape = [rows.length, w];
  } else if (img && typeof img === 'object' && 'data' in img && 'shape' in img) {
    values = img.data;
    shape = img.shape.slice();
    isUint8 = img.data instanceof Uint8Array || img.data instanceof Uint8ClampedArray;
  } else {
    fail(what, 'a tensor, {data, shape} or number[][]', describe(img));
  }
  const [h, w, c = 1] = shape;
  if (shape.length < 2 || shape.length > 3 || !(c === 1 || c === 3) || h < 1 || w < 1) {
    fail(what, 'shape [h, w], [h, w, 1] or [h, w, 3]', describe(shape));
  }
  if (values.length !== h * w * c)
    throw new Error(
      `${what}: shape [${shape.join(', ')}] needs ${h * w * c} values, found ${values.length}`,
    );
  return { values, shape, isUint8 };
}

function rangeOf(
  values: ArrayLike<number>,
  isUint8: boolean,
  range: ValueRange,
  what: string,
): [number, number] {
  if (Array.isArray(range)) {
    if (!(range[1] > range[0]))
      fail(`${what}: value range`, '[low, high] with high > low', describe(range), 'must-be');
    return range;
  }
  if (isUint8 && range === 'auto') return [0, 255];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v))
      fail(`${what}: pixel values`, 'finite', `${v} at index ${i}`, 'must-be');
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (range === 'auto') {
    if (lo >= 0 && hi <= 1) return [0, 1];
    if (lo >= 0 && hi <= 255) return [0, 255];
  }
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/** Converts one image to 0..255 pixels, mapping `range` linearly (values outside are clipped). */
export function toRaster(img: ImageInput, range: ValueRange = 'auto', what = 'image'): Raster {
  const { values, shape, isUint8 } = imageValues(img, what);
  const [lo, hi] = rangeOf(values, isUint8, range, what);
  const scale = 255 / (hi - lo);
  const data = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.round((values[i] - lo) * scale);
  return { height: shape[0], width: shape[1], channels: (shape[2] ?? 1) as 1 | 3, data };
}

/** Splits a batch into single images (views, no copies for typed data). */
export function batchImages(batch: ImageBatchInput, what = 'images'): ImageInput[] {
  if (
    Array.isArray(batch) &&
    (batch.length === 0 || !Array.isArray(batch[0]) || Array.isArray((batch[0] as unknown[])[0]))
  ) {
    // A list of images (each a tensor, {data, shape} or number[][]).
    return batch as ImageInput[];
  }
  let data: ArrayLike<number>;
  let shape: number[];
  if (batch instanceof tf.Tensor) {
    data = batch.dataSync();
    shape = batch.shape;
  } else if (batch && typeof batch === 'object' && 'data' in batch && 'shape' in batch) {
    data = (batch as ImageLike).data;
    shape = (batch as ImageLike).shape;
  } else {
    fail(what, 'a batch ([n, h, w] or [n, h, w, c]) or a list of images', describe(batch));
  }
  if (shape.length !== 3 && shape.length !== 4) {
    fail(what, 'a batch of shape [n, h, w] or [n, h, w, c]', describe(shape));
  }
  const [n, ...imgShape] = shape;
  const size = imgShape.reduce((a, b) => a * b, 1);
  if (data.length !== n * size)
    throw new Error(
      `${what}: shape [${shape.join(', ')}] needs ${n * size} values, found ${data.length}`,
    );
  const sub = (i: number): ArrayLike<number> =>
    ArrayBuffer.isView(data)
      ? (data as unknown as Float32Array).subarray(i * size, (i + 1) * size)
      : Array.prototype.slice.call(data, i * size, (i + 1) * size);
  return Array.from({ length: n }, (_, i) => ({ data: sub(i), shape: imgShape }));
}
