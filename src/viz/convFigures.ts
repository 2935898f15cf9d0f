// Figures for the convolution arithmetic: number grids with the kernel window
// highlighted, the kernel, and the output; max pooling with coloured windows.
import type { Canvas } from 'canvas';
import type { Figure } from '../figure';
import {
  blankCanvas,
  drawLines,
  font,
  placeSideBySide,
  pngFigure,
  stackVertically,
  withHeading,
  TEXT_COLOR,
} from '../plot/canvas';
import { convolve2d, maxPool2d, pad2d, paddingAmount, type Conv2dOptions } from './convArithmetic';
import { fail, numberMatrix } from '../validate';

const CELL = 44;
const WINDOW_FILL = '#ffe08a';
const OUTPUT_FILL = '#9fd3ff';
const PAD_FILL = '#eeeeee';
const POOL_FILLS = ['#f4a6a6', '#a6d8a8', '#a6c8f4', '#f4dca6'];

interface MatrixStyle {
  fill?: (r: number, c: number) => string | undefined;
  subscript?: (r: number, c: number) => string | undefined;
  muted?: (r: number, c: number) => boolean;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}

/** A titled grid of numbers, one square cell per value. */
function matrixPanel(m: number[][], title: string, style: MatrixStyle = {}): Canvas {
  const rows = m.length;
  const cols = m[0].length;
  const { canvas, ctx } = blankCanvas(cols * CELL + 2, rows * CELL + 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = 1 + c * CELL;
      const y = 1 + r * CELL;
      const fill = style.fill?.(r, c) ?? (style.muted?.(r, c) ? PAD_FILL : undefined);
      if (fill) {
        ctx.fillStyle = fill;
        ctx.fillRect(x, y, CELL, CELL);
      }
      ctx.strokeStyle = '#888888';
      ctx.strokeRect(x + 0.5, y + 0.5, CELL - 1, CELL - 1);
      const sub = style.subscript?.(r, c);
      ctx.fillStyle = style.muted?.(r, c) ? '#999999' : TEXT_COLOR;
      ctx.font = font(17);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(
        formatNumber(m[r][c]),
        x + CELL / 2 - (sub ? 5 : 0),
        y + CELL / 2 - (sub ? 3 : 0),
      );
      if (sub) {
        ctx.font = font(11);
        ctx.fillStyle = '#b03000';
        ctx.fillText(sub, x + CELL - 10, y + CELL - 10);
      }
    }
  }
  return withHeading(canvas, title, 14);
}

/** A short line of text as its own canvas (operators and captions). */
function textPanel(text: string, px: number, height: number): Canvas {
  const probe = blankCanvas(1, 1).ctx;
  probe.font = font(px);
  const { canvas, ctx } = blankCanvas(probe.measureText(text).width + 8, height);
  drawLines(ctx, [text], canvas.width / 2, height / 2 - px / 2, px);
  return canvas;
}

export interface ConvolutionFigureOptions extends Conv2dOptions {
  /** Output position [row, col] whose window is highlighted (default [0, 0]). */
  at?: [number, number];
  title?: string;
}

/**
 * The input (with its zero padding greyed), the kernel window at output
 * position `at` with the kernel weights as small subscripts, the kernel, and
 * the output with that position highlighted; below, the sum written out.
 */
export function convolutionFigure(
  input: number[][],
  kernel: number[][],
  options: ConvolutionFigureOptions = {},
): Figure {
  numberMatrix(input, 'convolutionFigure input');
  const [k] = numberMatrix(kernel, 'convolutionFigure kernel');
  const stride = options.stride ?? 1;
  const output = convolve2d(input, kernel, options);
  const p = paddingAmount(options.padding, k);
  const padded = pad2d(input, p);
  const [r0, c0] = options.at ?? [0, 0];
  if (!(
    Number.isInteger(r0) &&
    Number.isInteger(c0) &&
    r0 >= 0 &&
    c0 >= 0 &&
    r0 < output.length &&
    c0 < output[0].length
  )) {
    fail(
      'convolutionFigure at',
      `an output position inside ${output.length}x${output[0].length}`,
      `[${r0}, ${c0}]`,
    );
  }
  const top = r0 * stride;
  const left = c0 * stride;
  const inWindow = (r: number, c: number) => r >= top && r < top + k && c >= left && c < left + k;
  const isPad = (r: number, c: number) =>
    r < p || c < p || r >= padded.length - p || c >= padded[0].length - p;
  const inputTitle =
    `input ${input.length}x${input[0].length}` +
    (p ? `, zero padding ${p}` : '') +
    (stride > 1 ? `, stride ${stride}` : '');
  const inputPanel = matrixPanel(padded, inputTitle, {
    fill: (r, c) => (inWindow(r, c) ? WINDOW_FILL : undefined),
    subscript: (r, c) =>
      inWindow(r, c) ? `×${formatNumber(kernel[r - top][c - left])}` : undefined,
    muted: isPad,
  });
  const kernelPanel = matrixPanel(kernel, `kernel ${k}x${k}`);
  const outputPanel = matrixPanel(output, `output ${output.length}x${output[0].length}`, {
    fill: (r, c) => (r === r0 && c === c0 ? OUTPUT_FILL : undefined),
  });
  const h = Math.max(inputPanel.height, outputPanel.height);
  const row = placeSideBySide(
    [inputPanel, textPanel('∗', 28, h), kernelPanel, textPanel('=', 28, h), outputPanel],
    12,
  );
  const terms: string[] = [];
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      terms.push(`${formatNumber(padded[top + i][left + j])}×${formatNumber(kernel[i][j])}`);
  const caption = `output[${r0}][${c0}] = ${terms.join(' + ')} = ${formatNumber(output[r0][c0])}`;
  const captionPanel = withHeading(blankCanvas(row.width, 1).canvas, caption, 14);
  const canvas = withHeading(stackVertically([row, captionPanel], 8), options.title);
  return pngFigure(canvas, options.title ?? 'convolution');
}

/** Max pooling: each window of the input and its maximum in the output share a colour. */
export function maxPoolFigure(
  input: number[][],
  options: { poolSize?: number; stride?: number; title?: string } = {},
): Figure {
  const output = maxPool2d(input, options);
  const k = options.poolSize ?? 2;
  const stride = options.stride ?? k;
  const colorOf = (r: number, c: number) =>
    POOL_FILLS[(r * output[0].length + c) % POOL_FILLS.length];
  const windowColor = (r: number, c: number): string | undefined => {
    // A cell belongs to the window (orow, ocol) that contains it (first one if windows overlap).
    const orow = Math.floor(r / stride);
    const ocol = Math.floor(c / stride);
    if (
      orow >= output.length ||
      ocol >= output[0].length ||
      r - orow * stride >= k ||
      c - ocol * stride >= k
    )
      return undefined;
    return colorOf(orow, ocol);
  };
  const inputPanel = matrixPanel(input, `input ${input.length}x${input[0].length}`, {
    fill: windowColor,
  });
  const outputPanel = matrixPanel(output, `max pool ${k}x${k}, stride ${stride}`, {
    fill: colorOf,
  });
  const row = placeSideBySide([inputPanel, textPanel('→', 28, inputPanel.height), outputPanel], 12);
  return pngFigure(withHeading(row, options.title), options.title ?? 'max pooling');
}
