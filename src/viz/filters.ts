// Classic image filters with OpenCV's semantics, as plain functions on uint8
// pixels: cv2.cvtColor(..., COLOR_RGB2GRAY) and cv2.filter2D(gray, -1, kernel).
import { imageValues, type ImageInput } from '../plot/raster';
import type { Uint8Image } from '../data/photos';
import { imageGrid } from '../plot/images';
import type { Figure } from '../figure';
import { fail, numberMatrix, oneOf } from '../validate';

/** Sobel x: responds to vertical edges (left-right changes). */
export const SOBEL_X: number[][] = [
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
];
/** Sobel y: responds to horizontal edges (top-bottom changes). */
export const SOBEL_Y: number[][] = [
  [-1, -2, -1],
  [0, 0, 0],
  [1, 2, 1],
];

function uint8Pixels(
  img: ImageInput,
  what: string,
): { values: ArrayLike<number>; h: number; w: number; c: number } {
  const { values, shape } = imageValues(img, what);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && v >= 0 && v <= 255))
      fail(what, 'uint8 values (integers 0..255)', `${v} at index ${i}`);
  }
  return { values, h: shape[0], w: shape[1], c: shape[2] ?? 1 };
}

/**
 * RGB -> grey like cv2.cvtColor(img, cv2.COLOR_RGB2GRAY): 0.299 R + 0.587 G + 0.114 B,
 * in OpenCV's 14-bit fixed point so results match it exactly.
 */
export function rgbToGray(rgb: ImageInput): Uint8Image {
  const { values, h, w, c } = uint8Pixels(rgb, 'rgbToGray image');
  if (c !== 3) fail('rgbToGray image', '3 channels ([h, w, 3])', `${c}`);
  const data = new Uint8Array(h * w);
  for (let p = 0; p < h * w; p++) {
    data[p] =
      (values[p * 3] * 4899 + values[p * 3 + 1] * 9617 + values[p * 3 + 2] * 1868 + 8192) >> 14;
  }
  return { data, shape: [h, w] };
}

/** OpenCV's default border, BORDER_REFLECT_101: ... 2 1 | 0 1 2 ... n-1 | n-2 ... */
export function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - j;
  return j;
}

/** Rounds half to even, like OpenCV's cvRound. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * cv2.filter2D(gray, -1, kernel) on a one-channel uint8 image: correlation (the
 * kernel is not flipped), anchor at the kernel centre, BORDER_REFLECT_101, and
 * results saturated to 0..255. `{ output: 'float32' }` keeps the raw sums instead
 * (negative edges included), like ddepth=cv2.CV_32F.
 */
export function filter2D(
  gray: ImageInput,
  kernel: number[][],
  options: { output?: 'uint8' | 'float32' } = {},
): { data: Uint8Array | Float32Array; shape: [number, number] } {
  const { values, h, w, c } = uint8Pixels(gray, 'filter2D image');
  if (c !== 1)
    fail('filter2D image', 'one channel ([h, w]; convert with rgbToGray first)', `${c} channels`);
  numberMatrix(kernel, 'filter2D kernel');
  const output = oneOf(options.output ?? 'uint8', 'filter2D output', ['uint8', 'float32'] as const);
  const kh = kernel.length;
  const kw = kernel[0].length;
  const ay = Math.floor(kh / 2);
  const ax = Math.floor(kw / 2);
  const sums = new Float32Array(h * w);
  const rowIndex = Array.from({ length: h + kh }, (_, i) => reflect101(i - ay, h));
  const colIndex = Array.from({ length: w + kw }, (_, i) => reflect101(i - ax, w));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = 0; i < kh; i++) {
        const base = rowIndex[y + i] * w;
        for (let j = 0; j < kw; j++) s += kernel[i][j] * values[base + colIndex[x + j]];
      }
      sums[y * w + x] = s;
    }
  }
  if (output === 'float32') return { data: sums, shape: [h, w] };
  const data = new Uint8Array(h * w);
  for (let p = 0; p < sums.length; p++)
    data[p] = Math.min(255, Math.max(0, roundHalfEven(sums[p])));
  return { data, shape: [h, w] };
}

/** The Sobel x and y edge images of an RGB or grey uint8 image, side by side (004's filter2D figure). */
export function sobelFigure(
  image: ImageInput,
  options: { title?: string; cellSize?: number } = {},
): Figure {
  const { shape } = imageValues(image, 'sobelFigure image');
  const gray = (shape[2] ?? 1) === 3 ? rgbToGray(image) : image;
  const edgesX = filter2D(gray, SOBEL_X);
  const edgesY = filter2D(gray, SOBEL_Y);
  return imageGrid([edgesX, edgesY], {
    cols: 2,
    cellSize: options.cellSize ?? 440,
    range: [0, 255],
    titles: ['Sobel x: vertical edges', 'Sobel y: horizontal edges'],
    title: options.title ?? 'Edge detection with filter2D',
  });
}
