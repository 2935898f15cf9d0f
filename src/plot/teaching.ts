// Teaching pictures from the tutorials, drawn from plain numbers: an RGB image as
// three stacked colour planes (000 Fig 1.0) and a dense layer feeding the class
// probabilities (000 Fig 1.7).
import type { CanvasRenderingContext2D } from 'canvas';
import { tf } from '../backend';
import type { Figure } from '../figure';
import {
  blankCanvas,
  drawLines,
  drawScaled,
  font,
  pngFigure,
  rasterCanvas,
  withHeading,
  TEXT_COLOR,
} from './canvas';
import { toRaster, type ImageInput, type Raster } from './raster';
import { integerIn, numberIn, positiveInteger } from '../validate';

const TINTS: [number, number, number][] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
];
const PLANE_NAMES = ['red', 'green', 'blue'];
const WINNER = '#d62728';
const TRUTH = '#2ca02c';

/** One channel of an RGB raster as its own one-channel raster. */
function plane(rgb: Raster, c: number): Raster {
  const data = new Uint8ClampedArray(rgb.height * rgb.width);
  for (let p = 0; p < data.length; p++) data[p] = rgb.data[p * 3 + c];
  return { height: rgb.height, width: rgb.width, channels: 1, data };
}

function arrowLine(
  ctx: CanvasRenderingContext2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  both = false,
): void {
  const head = (xa: number, ya: number, xb: number, yb: number) => {
    const a = Math.atan2(yb - ya, xb - xa);
    ctx.beginPath();
    ctx.moveTo(xb, yb);
    ctx.lineTo(xb - 8 * Math.cos(a - 0.4), yb - 8 * Math.sin(a - 0.4));
    ctx.lineTo(xb - 8 * Math.cos(a + 0.4), yb - 8 * Math.sin(a + 0.4));
    ctx.closePath();
    ctx.fill();
  };
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  head(x0, y0, x1, y1);
  if (both) head(x1, y1, x0, y0);
}

/**
 * An RGB image (e.g. a 32x32x3 CIFAR-10 picture as uint8) beside its three colour planes,
 * drawn as slabs one behind the other: height x width pixels, 3 deep (000's Fig 1.0).
 */
export function rgbPlanesFigure(
  image: ImageInput,
  options: { title?: string; size?: number } = {},
): Figure {
  const rgb = toRaster(image, 'auto', 'rgbPlanesFigure image');
  if (rgb.channels !== 3)
    throw new Error(
      `rgbPlanesFigure image: expected 3 channels ([h, w, 3]), found ${rgb.channels}`,
    );
  const size = numberIn(options.size ?? 160, 'rgbPlanesFigure size', { min: 32, max: 600 });
  const { height: h, width: w } = rgb;
  const fh = size;
  const fw = Math.round((size * w) / h);
  // Each plane is sheared as if turned away from the viewer, and the three stand one
  // behind the other along the depth axis, far enough apart to see every one whole.
  const slant = { x: 0.62, y: -0.32 };
  const pw = fw * slant.x;
  const step = pw + 34;
  const pad = 24;
  const left = pad + fw + 110;
  const top = pad + 24 + fw * -slant.y;
  const { canvas, ctx } = blankCanvas(left + 2 * step + pw + 60, top + fh + 70);
  ctx.font = font(13);
  ctx.fillStyle = TEXT_COLOR;
  ctx.strokeStyle = TEXT_COLOR;
  drawScaled(ctx, rasterCanvas(rgb), pad, top, fw, fh);
  ctx.strokeRect(pad + 0.5, top + 0.5, fw - 1, fh - 1);
  drawLines(ctx, [`the picture: ${h}×${w} pixels`], pad + fw / 2, top + fh + 10, 13);
  drawLines(ctx, ['='], pad + fw + 42, top + fh / 2 - 16, 28, TEXT_COLOR, true);
  // Back to front: blue, green, red, so the red plane is nearest.
  for (const c of [2, 1, 0]) {
    const x = left + c * step;
    const y = top;
    ctx.save();
    ctx.setTransform(slant.x, slant.y, 0, 1, x, y);
    drawScaled(ctx, rasterCanvas(plane(rgb, c), { tint: TINTS[c] }), 0, 0, fw, fh);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = `rgb(${TINTS[c].map((v) => Math.round(v * 0.7)).join(',')})`;
    ctx.strokeRect(0, 0, fw, fh);
    ctx.restore();
    drawLines(ctx, [`${PLANE_NAMES[c]}`], x + pw / 2, top + fh + 10, 13, TEXT_COLOR, true);
  }
  // Dashed edges joining the planes' corners: together they are one block, 3 deep.
  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = '#999999';
  for (const [dx, dy] of [
    [0, 0],
    [pw, fw * slant.y],
    [0, fh],
    [pw, fh + fw * slant.y],
  ]) {
    ctx.beginPath();
    ctx.moveTo(left + dx, top + dy);
    ctx.lineTo(left + 2 * step + dx, top + dy);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = TEXT_COLOR;
  ctx.fillStyle = TEXT_COLOR;
  // Dimensions: height up the nearest plane's left edge, width along its top, depth across.
  arrowLine(ctx, left - 10, top, left - 10, top + fh, true);
  ctx.save();
  ctx.translate(left - 16, top + fh / 2);
  ctx.rotate(-Math.PI / 2);
  drawLines(ctx, [`height ${h}`], 0, -16, 13);
  ctx.restore();
  arrowLine(ctx, left, top - 10, left + pw, top - 10 + fw * slant.y, true);
  drawLines(ctx, [`width ${w}`], left + pw / 2 - 14, top - 30 + (fw * slant.y) / 2, 13);
  const dy = top + fh + 36;
  arrowLine(ctx, left + pw / 2, dy, left + 2 * step + pw / 2, dy, true);
  drawLines(
    ctx,
    ['depth 3: one plane of 0–255 values per colour'],
    left + step + pw / 2,
    dy + 6,
    13,
  );
  const title = options.title ?? `A colour image is ${h}×${w}×3: three planes of numbers`;
  return pngFigure(withHeading(canvas, title), title);
}

function probabilityValues(p: ArrayLike<number> | tf.Tensor, what: string): number[] {
  const list = p instanceof tf.Tensor ? Array.from(p.dataSync()) : Array.from(p ?? []);
  if (list.length < 2 || !list.every((v) => Number.isFinite(v) && v >= 0 && v <= 1))
    throw new Error(
      `${what}: expected at least 2 probabilities in [0, 1] (softmax outputs), found ${JSON.stringify(list.slice(0, 12))}`,
    );
  return list;
}

/**
 * A dense layer feeding one output unit per class, and the class probabilities the
 * softmax gives them as bars, the winner highlighted (000's Fig 1.7). With `trueClass`
 * the true class's name is written in green with "(true)", so a wrong winner is not
 * read as the answer.
 */
export function classProbabilitiesFigure(
  probabilities: ArrayLike<number> | tf.Tensor,
  classNames: string[],
  options: { title?: string; hiddenUnits?: number; trueClass?: number } = {},
): Figure {
  const probs = probabilityValues(probabilities, 'classProbabilitiesFigure probabilities');
  const n = probs.length;
  if (!Array.isArray(classNames) || classNames.length !== n)
    throw new Error(
      `classProbabilitiesFigure classNames: expected ${n} names (one per probability), found ${Array.isArray(classNames) ? classNames.length : typeof classNames}`,
    );
  const hidden = options.hiddenUnits;
  if (hidden !== undefined) positiveInteger(hidden, 'classProbabilitiesFigure hiddenUnits');
  const truth = options.trueClass;
  if (truth !== undefined)
    integerIn(truth, 'classProbabilitiesFigure trueClass', { min: 0, max: n - 1 });
  const label = (i: number) => (i === truth ? `${classNames[i]} (true)` : classNames[i]);
  const best = probs.indexOf(Math.max(...probs));
  const row = 30;
  const r = 9;
  const pad = 20;
  const shownHidden = Math.min(hidden ?? 6, 6);
  const probe = blankCanvas(1, 1).ctx;
  probe.font = font(14, true);
  const nameW = Math.max(...classNames.map((_, i) => probe.measureText(label(i)).width));
  const hx = pad + 90;
  const ox = hx + 190;
  const barX = ox + r + 12 + nameW + 12;
  const barW = 220;
  const height = pad * 2 + 30 + n * row;
  const { canvas, ctx } = blankCanvas(barX + barW + 70, height);
  const oy = (i: number) => pad + 30 + i * row + row / 2;
  const hSpan = (n - 1) * row * 0.8;
  const hy = (j: number) =>
    oy(0) + ((n - 1) * row - hSpan) / 2 + (shownHidden > 1 ? (j * hSpan) / (shownHidden - 1) : 0);
  ctx.lineWidth = 1;
  for (let j = 0; j < shownHidden; j++)
    for (let i = 0; i < n; i++) {
      ctx.strokeStyle = i === best ? 'rgba(214,39,40,0.45)' : 'rgba(0,0,0,0.12)';
      ctx.beginPath();
      ctx.moveTo(hx + r, hy(j));
      ctx.lineTo(ox - r, oy(i));
      ctx.stroke();
    }
  const circle = (x: number, y: number, fill: string) => {
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.strokeStyle = '#555555';
    ctx.stroke();
  };
  for (let j = 0; j < shownHidden; j++) circle(hx, hy(j), '#8fd18f');
  const layerName = hidden === undefined ? 'dense layer' : `dense layer (${hidden} units)`;
  drawLines(ctx, [layerName], hx, pad, 13, TEXT_COLOR, true);
  drawLines(ctx, [`${n} output units`], ox + 20, pad, 13, TEXT_COLOR, true);
  drawLines(
    ctx,
    ['probability (softmax, sums to 100%)'],
    barX + barW / 2,
    pad,
    13,
    TEXT_COLOR,
    true,
  );
  if (hidden !== undefined && hidden > shownHidden)
    drawLines(ctx, ['⋮'], hx, hy(shownHidden - 1) + r + 2, 16);
  probs.forEach((p, i) => {
    const win = i === best;
    circle(ox, oy(i), win ? WINNER : '#b9a3e3');
    ctx.font = font(14, win || i === truth);
    ctx.fillStyle = i === truth ? TRUTH : win ? WINNER : TEXT_COLOR;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(label(i), ox + r + 12, oy(i));
    ctx.fillStyle = win ? WINNER : '#9a9a9a';
    ctx.fillRect(barX, oy(i) - 8, Math.max(1, p * barW), 16);
    ctx.fillStyle = win ? WINNER : '#555555';
    ctx.font = font(13, win);
    ctx.fillText(`${(p * 100).toFixed(1)}%`, barX + p * barW + 6, oy(i));
  });
  const verdict =
    truth === undefined
      ? ''
      : best === truth
        ? ' - right'
        : ` - wrong, true class ${classNames[truth]}`;
  const title =
    (options.title ??
      `Class probabilities: ${classNames[best]} (${(probs[best] * 100).toFixed(0)}%)`) + verdict;
  return pngFigure(withHeading(canvas, title), title);
}
