// Convolution arithmetic on small number grids, as a CNN layer does it:
// slide the kernel (no flip), multiply and sum; zero padding; stride; max pooling.
import { describe, fail, integerIn, numberMatrix, positiveInteger } from '../validate';

export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: number;
  /** Zeros added on every side: a count, 'valid' (0) or 'same' (keeps the size at stride 1). */
  padding?: number | 'valid' | 'same';
}

/** Zero padding of `p` on every side. */
export function pad2d(input: number[][], p: number): number[][] {
  const [, w] = numberMatrix(input, 'pad2d input');
  integerIn(p, 'pad2d padding', { min: 0 });
  const zeros = () => new Array<number>(w + 2 * p).fill(0);
  return [
    ...Array.from({ length: p }, zeros),
    ...input.map((row) => [
      ...new Array<number>(p).fill(0),
      ...row,
      ...new Array<number>(p).fill(0),
    ]),
    ...Array.from({ length: p }, zeros),
  ];
}

/** The padding amount an option stands for, for a kernel of size k. */
export function paddingAmount(padding: Conv2dOptions['padding'], k: number): number {
  if (padding === undefined || padding === 'valid') return 0;
  if (padding === 'same') {
    if (k % 2 !== 1) fail("padding 'same'", 'an odd kernel size (for this helper)', `${k}`);
    return (k - 1) / 2;
  }
  if (!(Number.isInteger(padding) && padding >= 0))
    fail('padding', "an integer >= 0, 'valid' or 'same'", describe(padding));
  return padding;
}

/** Output size of a sliding window: floor((n + 2p - k) / s) + 1. */
export function outputSize(n: number, k: number, stride: number, padding: number): number {
  return Math.floor((n + 2 * padding - k) / stride) + 1;
}

/** 2D convolution as in a CNN layer (cross-correlation), with zero padding and stride. */
export function convolve2d(
  input: number[][],
  kernel: number[][],
  options: Conv2dOptions = {},
): number[][] {
  numberMatrix(input, 'convolve2d input');
  const [kh, kw] = numberMatrix(kernel, 'convolve2d kernel');
  const stride = positiveInteger(options.stride ?? 1, 'convolve2d stride');
  if (kh !== kw) fail('convolve2d kernel', 'a square kernel', `${kh}x${kw}`);
  const p = paddingAmount(options.padding, kh);
  const x = pad2d(input, p);
  const [h, w] = [x.length, x[0].length];
  if (kh > h || kw > w)
    throw new Error(`convolve2d: kernel ${kh}x${kw} is larger than the padded input ${h}x${w}`);
  const oh = Math.floor((h - kh) / stride) + 1;
  const ow = Math.floor((w - kw) / stride) + 1;
  return Array.from({ length: oh }, (_, r) =>
    Array.from({ length: ow }, (_, c) => {
      let s = 0;
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) s += x[r * stride + i][c * stride + j] * kernel[i][j];
      return s;
    }),
  );
}

/** Max pooling with a square window (default 2) and stride (default: the window size). */
export function maxPool2d(
  input: number[][],
  options: { poolSize?: number; stride?: number } = {},
): number[][] {
  const [h, w] = numberMatrix(input, 'maxPool2d input');
  const k = positiveInteger(options.poolSize ?? 2, 'maxPool2d poolSize');
  const stride = positiveInteger(options.stride ?? k, 'maxPool2d stride');
  if (k > h || k > w)
    throw new Error(`maxPool2d: pool ${k}x${k} is larger than the input ${h}x${w}`);
  const oh = Math.floor((h - k) / stride) + 1;
  const ow = Math.floor((w - k) / stride) + 1;
  return Array.from({ length: oh }, (_, r) =>
    Array.from({ length: ow }, (_, c) => {
      let m = -Infinity;
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) m = Math.max(m, input[r * stride + i][c * stride + j]);
      return m;
    }),
  );
}

/** The tutorial's worked examples (004), for the notebooks and tests. */
export const CONV_EXAMPLES = {
  /** 5x5 input and 3x3 kernel of the "matrix calculation" figure; valid output 12 12 17 / 10 17 19 / 9 6 14. */
  input: [
    [3, 3, 2, 1, 0],
    [0, 0, 1, 3, 1],
    [3, 1, 2, 2, 3],
    [2, 0, 0, 2, 2],
    [2, 0, 0, 0, 1],
  ],
  kernel: [
    [0, 1, 2],
    [2, 2, 0],
    [0, 1, 2],
  ],
  /** The 5x5 grid that the padding figure surrounds with zeros (Karpathy's example). */
  paddingInput: [
    [2, 0, 1, 2, 2],
    [1, 0, 1, 0, 2],
    [1, 1, 0, 1, 1],
    [1, 2, 2, 2, 2],
    [2, 0, 2, 1, 1],
  ],
  /** Binary image and X-shaped kernel of the "convolved feature" figure (first output 4). */
  binaryInput: [
    [1, 1, 1, 0, 0],
    [0, 1, 1, 1, 0],
    [0, 0, 1, 1, 1],
    [0, 0, 1, 1, 0],
    [0, 1, 1, 0, 0],
  ],
  binaryKernel: [
    [1, 0, 1],
    [0, 1, 0],
    [1, 0, 1],
  ],
  /** cs231n's 4x4 max-pooling example: 2x2 windows, stride 2 -> 6 8 / 3 4. */
  poolInput: [
    [1, 1, 2, 4],
    [5, 6, 7, 8],
    [3, 2, 1, 0],
    [1, 2, 3, 4],
  ],
};
