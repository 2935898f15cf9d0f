// A picture of a whole CNN, drawn from the model itself (visualkeras / LeNet style):
// left to right, each stack of feature maps a box whose front face follows the
// maps' height x width and whose depth follows the channels; flatten and dense
// layers as thin bars; the output as one cell (or probability bar) per class.
import type { CanvasRenderingContext2D } from 'canvas';
import { tf } from '../backend';
import type { Figure } from '../figure';
import {
  blankCanvas,
  drawLines,
  drawScaled,
  fitTitle,
  font,
  pngFigure,
  rasterCanvas,
  withHeading,
  TEXT_COLOR,
} from '../plot/canvas';
import { toRaster, type ImageInput } from '../plot/raster';
import { diagramBlocks, type DiagramBlock } from './modelBlocks';
import { numberIn, oneOf } from '../validate';

export interface ModelDiagramOptions {
  /** A sample input drawn on the input slab (uint8 0..255 or floats; 1 or 3 channels). */
  image?: ImageInput;
  /** Class names written beside the output cells. */
  classNames?: string[];
  /** Class probabilities to draw as bars at the output (e.g. the model's prediction for `image`). */
  probabilities?: ArrayLike<number> | tf.Tensor;
  /** How box depth follows the number of channels: 'log' (default) or 'sqrt'. */
  depthScale?: 'log' | 'sqrt';
  /** Side in px of the largest feature map's face (default 100). */
  size?: number;
  title?: string;
}

const COLORS: Record<string, string> = {
  Input: '#d0d0d0',
  Conv2D: '#7fb3e0',
  MaxPooling2D: '#f4a460',
  AveragePooling2D: '#f4a460',
  Flatten: '#b8b8b8',
  Dense: '#8fd18f',
  output: '#b9a3e3',
};
const EDGE = '#555555';
const WINNER = '#d62728';
const FONT_PX = 12;
const LINE = Math.round(FONT_PX * 1.25);
const CELL = 15;
const BAR = 70;
const GAP = 22;
const OBLIQUE = { x: 0.72, y: 0.5 };

/** Scales a colour's lightness: f > 1 lighter, f < 1 darker. */
function shade(hex: string, f: number): string {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const out = rgb.map((v) => Math.round(f >= 1 ? v + (255 - v) * (f - 1) : v * f));
  return `rgb(${out.join(',')})`;
}

interface Geometry {
  /** Front face width and height, depth in px (drawn obliquely). */
  fw: number;
  fh: number;
  depth: number;
  /** Extra width right of the box (output names and bars). */
  tail: number;
}

function geometry(b: DiagramBlock, px: number, depthPx: (c: number) => number): Geometry {
  if (b.kind === 'input' || b.kind === 'volume') {
    const [h, w, c] = b.shape;
    return {
      fw: Math.max(8, Math.round(w * px)),
      fh: Math.max(8, Math.round(h * px)),
      depth: depthPx(c),
      tail: 0,
    };
  }
  const n = b.shape[0];
  if (b.kind === 'output') return { fw: CELL, fh: n * CELL, depth: 6, tail: 0 };
  return { fw: 12, fh: Math.round(Math.min(170, 14 * Math.log2(n + 1))), depth: 8, tail: 0 };
}

/** A box in oblique projection: front face at (x, y), w x h, receding up-right by `depth`. */
function drawBox(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  g: Geometry,
  color: string,
  slices: number,
): void {
  const dx = g.depth * OBLIQUE.x;
  const dy = g.depth * OBLIQUE.y;
  const poly = (pts: number[][], fill: string) => {
    ctx.beginPath();
    pts.forEach(([px, py], i) => (i ? ctx.lineTo(px, py) : ctx.moveTo(px, py)));
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.stroke();
  };
  ctx.strokeStyle = EDGE;
  ctx.lineWidth = 1;
  const r = x + g.fw;
  const b = y + g.fh;
  poly(
    [
      [x, y],
      [r, y],
      [r + dx, y - dy],
      [x + dx, y - dy],
    ],
    shade(color, 1.35),
  );
  poly(
    [
      [r, y],
      [r + dx, y - dy],
      [r + dx, b - dy],
      [r, b],
    ],
    shade(color, 0.78),
  );
  // Faint lines on the top and side faces: the stack is made of separate maps.
  ctx.strokeStyle = 'rgba(0,0,0,0.18)';
  for (let k = 1; k < slices; k++) {
    const t = k / slices;
    ctx.beginPath();
    ctx.moveTo(x + dx * t, y - dy * t);
    ctx.lineTo(r + dx * t, y - dy * t);
    ctx.lineTo(r + dx * t, b - dy * t);
    ctx.stroke();
  }
  ctx.strokeStyle = EDGE;
  poly(
    [
      [x, y],
      [r, y],
      [r, b],
      [x, b],
    ],
    color,
  );
}

function arrow(ctx: CanvasRenderingContext2D, x0: number, x1: number, y: number): void {
  if (x1 - x0 < 8) return;
  ctx.strokeStyle = '#777777';
  ctx.fillStyle = '#777777';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.lineTo(x1 - 6, y);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y);
  ctx.lineTo(x1 - 7, y - 4);
  ctx.lineTo(x1 - 7, y + 4);
  ctx.closePath();
  ctx.fill();
  ctx.lineWidth = 1;
}

const count = (n: number) => n.toLocaleString('en-US');

function labelLines(b: DiagramBlock): string[] {
  const shape =
    b.kind === 'input' || b.kind === 'volume'
      ? b.shape.join('×')
      : b.type === 'Dense'
        ? `${count(b.shape[0])} units`
        : `${count(b.shape[0])} values`;
  const params = b.kind === 'input' ? [] : [`${count(b.params)} params`];
  return [...b.extras, shape, ...params];
}

function probabilityList(p: ModelDiagramOptions['probabilities'], n: number): number[] {
  const list =
    p instanceof tf.Tensor ? Array.from(p.dataSync()) : Array.from(p as ArrayLike<number>);
  if (list.length !== n || !list.every((v) => Number.isFinite(v) && v >= 0 && v <= 1))
    throw new Error(
      `modelDiagram probabilities: expected ${n} numbers in [0, 1] (one per output unit), found ${list.length} values`,
    );
  return list;
}

/** Draws the output cells: one per class, names beside, optionally a probability bar each. */
function drawOutput(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  names: string[],
  nameWidth: number,
  probs: number[] | undefined,
  color: string,
): void {
  const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  names.forEach((name, i) => {
    const cy = y + i * CELL;
    const win = i === best;
    ctx.fillStyle = win ? WINNER : probs ? shade(color, 1 + 0.6 * (1 - probs[i])) : color;
    ctx.fillRect(x, cy, CELL, CELL);
    ctx.strokeStyle = EDGE;
    ctx.strokeRect(x + 0.5, cy + 0.5, CELL - 1, CELL - 1);
    ctx.font = font(FONT_PX - 1, win);
    ctx.fillStyle = win ? WINNER : TEXT_COLOR;
    ctx.fillText(name, x + CELL + 5, cy + CELL / 2);
    if (!probs) return;
    const bx = x + CELL + 5 + nameWidth + 6;
    ctx.fillStyle = win ? WINNER : '#9a9a9a';
    ctx.fillRect(bx, cy + 3, Math.max(1, probs[i] * BAR), CELL - 6);
    const pct = `${(probs[i] * 100).toFixed(probs[i] < 0.1 ? 1 : 0)}%`;
    ctx.fillStyle = win ? WINNER : '#666666';
    ctx.fillText(pct, bx + probs[i] * BAR + 4, cy + CELL / 2);
  });
}

/**
 * A picture of a Sequential CNN drawn from the model: the input image, each conv/pool
 * output as a box (height x width as the face, channels as the depth), flatten and dense
 * layers as bars, the output as one cell per class; each block labelled with its layer
 * type, what was folded into it (activation, dropout), output shape and parameter count.
 */
export function modelDiagram(model: tf.LayersModel, options: ModelDiagramOptions = {}): Figure {
  const blocks = diagramBlocks(model);
  const out = blocks[blocks.length - 1];
  const n = out.shape[0];
  const names = options.classNames;
  if (names !== undefined && (!Array.isArray(names) || names.length !== n || out.kind !== 'output'))
    throw new Error(
      `modelDiagram classNames: expected ${out.kind === 'output' ? n : 'no'} names (the output has ${n} units), found ${Array.isArray(names) ? names.length : typeof names}`,
    );
  const probs =
    options.probabilities === undefined ? undefined : probabilityList(options.probabilities, n);
  const scale = oneOf(options.depthScale ?? 'log', 'modelDiagram depthScale', ['log', 'sqrt']);
  const size = numberIn(options.size ?? 100, 'modelDiagram size', { min: 24, max: 600 });
  const depthPx = (c: number) =>
    Math.round(scale === 'log' ? 4 + 7 * Math.log2(c) : 4 + 2.6 * Math.sqrt(c));
  const spatial = Math.max(...blocks.filter((b) => b.shape.length === 3).map((b) => b.shape[0]));
  const px = Math.min(5, size / spatial);
  const image = options.image ? toRaster(options.image, 'auto', 'modelDiagram image') : undefined;

  const probe = blankCanvas(1, 1).ctx;
  const geo = blocks.map((b) => geometry(b, px, depthPx));
  // The output's names (and bars) sit right of its cells.
  const outNames = Array.from({ length: n }, (_, i) => names?.[i] ?? `class ${i}`);
  probe.font = font(FONT_PX - 1, true);
  const nameWidth = Math.ceil(Math.max(...outNames.map((s) => probe.measureText(s).width)));
  if (out.kind === 'output')
    geo[geo.length - 1].tail =
      5 + nameWidth + (probs ? 6 + BAR + 4 + probe.measureText('100%').width : 0);
  const labels = blocks.map((b, i) => {
    const boxW = geo[i].fw + geo[i].depth * OBLIQUE.x + geo[i].tail;
    probe.font = font(FONT_PX + 1, true);
    const titleW = probe.measureText(b.title).width;
    const title = fitTitle(probe, b.title, Math.max(boxW, 180), FONT_PX + 1);
    probe.font = font(FONT_PX);
    const lines = labelLines(b);
    const textW = Math.max(titleW, ...lines.map((l) => probe.measureText(l).width));
    return { title, lines, width: Math.ceil(Math.max(boxW, 60, textW + 4)), boxW };
  });
  const above = Math.max(...geo.map((g) => g.fh / 2 + g.depth * OBLIQUE.y));
  const below = Math.max(...geo.map((g) => g.fh / 2));
  const textRows = Math.max(...labels.map((l) => l.title.lines.length + l.lines.length));
  const pad = 14;
  const cy = pad + above;
  const width = labels.reduce((s, l) => s + l.width, 0) + GAP * (blocks.length - 1) + 2 * pad;
  const legend = `Boxes: front face = height × width of the feature maps, depth = channels (${scale} scale). Bars: vectors.`;
  const height = cy + below + 10 + textRows * LINE + 8 + LINE + pad;
  const { canvas, ctx } = blankCanvas(width, height);

  let left = pad;
  let previousEnd = 0;
  blocks.forEach((b, i) => {
    const g = geo[i];
    const l = labels[i];
    const x = Math.round(left + (l.width - l.boxW) / 2);
    const y = Math.round(cy - g.fh / 2);
    if (i > 0) arrow(ctx, previousEnd + 4, x - 4, cy);
    const color = COLORS[b.kind === 'output' ? 'output' : b.type] ?? '#cccccc';
    if (b.kind === 'output') drawOutput(ctx, x, y, outNames, nameWidth, probs, color);
    else drawBox(ctx, x, y, g, color, b.kind === 'vector' ? 0 : Math.min(b.shape[2], 8));
    if (b.kind === 'input' && image) drawScaled(ctx, rasterCanvas(image), x, y, g.fw, g.fh);
    if (b.kind === 'input' && image) ctx.strokeRect(x + 0.5, y + 0.5, g.fw - 1, g.fh - 1);
    previousEnd = x + g.fw + (b.kind === 'output' ? 0 : g.depth * OBLIQUE.x);
    const ty = cy + below + 10;
    const cx = left + l.width / 2;
    drawLines(ctx, l.title.lines, cx, ty, l.title.fontPx, TEXT_COLOR, true);
    drawLines(ctx, l.lines, cx, ty + l.title.lines.length * LINE, FONT_PX, '#444444');
    left += l.width + GAP;
  });
  drawLines(ctx, [legend], width / 2, height - pad - LINE, FONT_PX - 1, '#777777');
  const total = blocks.reduce((s, b) => s + b.params, 0);
  const title = options.title ?? `${model.name}: ${count(total)} parameters`;
  return pngFigure(withHeading(canvas, title), title);
}
