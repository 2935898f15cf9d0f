// Heat maps a learner can read: each picture drawn as it is beside its map (and,
// optionally, the map laid over it), every row on ONE colour scale with one
// colour bar, so equal colours mean equal values across the pictures compared.
// 'diverging' puts white on 0 ("no change"), red above, blue below.
import type { Canvas, CanvasRenderingContext2D } from 'canvas';
import type { Figure } from '../figure';
import { toRaster, type ImageInput } from '../plot/raster';
import { colormapRgb } from '../plot/colormap';
import {
  blankCanvas,
  drawLines,
  drawScaled,
  fitSize,
  fitTitle,
  font,
  pngFigure,
  rasterCanvas,
  withHeading,
  TEXT_COLOR,
} from '../plot/canvas';
import { fail } from '../validate';

export type HeatScale = 'diverging' | 'sequential';

/** One picture and its map ([h][w], drawn stretched to the picture's size). */
export interface HeatRow {
  image: ImageInput;
  map: number[][];
  title?: string;
}

export interface HeatPanelsOptions {
  /** 'diverging' (white = 0, red > 0, blue < 0) or 'sequential' (viridis, low..high). */
  scale: HeatScale;
  /** The value range shared by every row: [-m, m] for 'diverging'. */
  range: [number, number];
  /** Add a third panel: the map over the picture (default false). */
  overlay?: boolean;
  /** Opacity of the map in the overlay (default 0.5). */
  alpha?: number;
  /** Headings of the columns (default 'picture', 'map', 'map over picture'). */
  columns?: string[];
  /** Label of the colour bar. */
  label?: string;
  /** Longest side of each panel in px (default 160). */
  size?: number;
  /** Pictures (with their maps) side by side on one line (default 2). */
  perLine?: number;
  title?: string;
}

// ColorBrewer RdBu (7 classes), blue (low) .. white .. red (high).
const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'].map(
  (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)),
);

/** The colour of `t` in [0, 1] (clipped) on the blue-white-red scale; 0.5 is white. */
export function divergingRgb(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
  const pos = x * (DIVERGING.length - 1);
  const i = Math.min(DIVERGING.length - 2, Math.floor(pos));
  const f = pos - i;
  return [0, 1, 2].map((k) =>
    Math.round(DIVERGING[i][k] + (DIVERGING[i + 1][k] - DIVERGING[i][k]) * f),
  ) as [number, number, number];
}

function colourOf(scale: HeatScale, t: number): [number, number, number] {
  return scale === 'diverging' ? divergingRgb(t) : colormapRgb('viridis', t);
}

function mapCanvas(map: number[][], scale: HeatScale, [lo, hi]: [number, number]): Canvas {
  const h = map.length;
  const w = map[0]?.length ?? 0;
  if (h === 0 || w === 0 || map.some((r) => r.length !== w))
    fail('heat map', 'a non-empty [h][w] array of rows of equal length', `${h} rows`);
  const data = new Uint8ClampedArray(h * w * 3);
  map.forEach((row, y) =>
    row.forEach((v, x) => data.set(colourOf(scale, (v - lo) / (hi - lo)), (y * w + x) * 3)),
  );
  return rasterCanvas({ height: h, width: w, channels: 3, data });
}

function tick(v: number, span: number): string {
  if (v === 0) return '0';
  const digits = span >= 10 ? 1 : span >= 1 ? 2 : span >= 0.1 ? 3 : 4;
  return (v > 0 ? '+' : '') + v.toFixed(digits);
}

/** A vertical colour bar (top = high) with five ticks, `height` px tall. */
function colourBar(options: HeatPanelsOptions, height: number): Canvas {
  const [lo, hi] = options.range;
  const fontPx = 12;
  const barWidth = 16;
  const values = [0, 0.25, 0.5, 0.75, 1].map((f) => hi - f * (hi - lo));
  const labels = values.map((v) =>
    options.scale === 'diverging' ? tick(v, hi - lo) : tick(v, hi - lo).replace('+', ''),
  );
  const probe = blankCanvas(1, 1).ctx;
  probe.font = font(fontPx);
  const labelWidth = Math.max(...labels.map((l) => probe.measureText(l).width));
  const { canvas, ctx } = blankCanvas(barWidth + 6 + labelWidth + 4, height + fontPx);
  const top = fontPx / 2;
  for (let y = 0; y < height; y++) {
    const [r, g, b] = colourOf(options.scale, 1 - y / Math.max(1, height - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(0, top + y, barWidth, 1);
  }
  ctx.strokeStyle = '#666666';
  ctx.strokeRect(0.5, top + 0.5, barWidth - 1, height - 1);
  ctx.font = font(fontPx);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  labels.forEach((l, i) => ctx.fillText(l, barWidth + 6, top + (i * (height - 1)) / 4));
  return canvas;
}

/** Lines of `text` fitted to `width` at 13 px: what drawText draws, and its height. */
function textBlock(text: string, width: number) {
  const fitted = fitTitle(blankCanvas(1, 1).ctx, text, width, 13);
  return { ...fitted, height: fitted.lines.length * Math.round(fitted.fontPx * 1.25) + 6 };
}

function drawText(ctx: CanvasRenderingContext2D, text: string, cx: number, y: number, w: number) {
  const { lines, fontPx } = textBlock(text, w);
  drawLines(ctx, lines, cx, y, fontPx);
}

/**
 * Pictures with their maps: [picture | map | map over picture] per entry, `perLine` entries
 * side by side, every map on `options.range` with one colour bar at the right: the figure
 * behind occlusion and Grad-CAM.
 */
export function heatPanelsFigure(rows: HeatRow[], options: HeatPanelsOptions): Figure {
  if (rows.length === 0) fail('heatPanelsFigure rows', 'at least one picture', 'none');
  const [lo, hi] = options.range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
    fail('heatPanelsFigure range', '[low, high] with high > low', `[${lo}, ${hi}]`);
  const alpha = options.alpha ?? 0.5;
  const columns = options.columns ?? ['picture', 'map', 'map over picture'];
  const panels = options.overlay ? 3 : 2;
  const perLine = Math.min(rows.length, options.perLine ?? 2);
  const lines = Math.ceil(rows.length / perLine);
  const pictures = rows.map((r, i) => toRaster(r.image, 'auto', `heatPanelsFigure image ${i}`));
  const box = fitSize(pictures[0].height, pictures[0].width, options.size ?? 160);
  const gap = 10;
  const entryGap = 28;
  const entryWidth = panels * box.w + (panels - 1) * gap;
  const gridWidth = perLine * entryWidth + (perLine - 1) * entryGap;
  const header = Math.max(...columns.slice(0, panels).map((c) => textBlock(c, box.w + gap).height));
  const rowTitle = Math.max(
    0,
    ...rows.map((r) => (r.title ? textBlock(r.title, entryWidth).height : 0)),
  );
  const lineHeight = rowTitle + box.h;
  const gridHeight = header + lines * lineHeight + (lines - 1) * entryGap;
  const bar = colourBar(options, Math.max(box.h, Math.min(gridHeight - header - rowTitle, 240)));
  const pad = 10;
  const barX = pad + gridWidth + 18;
  const width = barX + bar.width + pad;
  const label = options.label ? textBlock(options.label, width - 2 * pad) : undefined;
  const { canvas, ctx } = blankCanvas(width, pad + gridHeight + (label?.height ?? 0) + 8 + pad);
  for (let e = 0; e < perLine; e++)
    for (let p = 0; p < panels; p++) {
      const cx = pad + e * (entryWidth + entryGap) + p * (box.w + gap) + box.w / 2;
      drawText(ctx, columns[p], cx, pad, box.w + gap);
    }
  rows.forEach((row, i) => {
    const left = pad + (i % perLine) * (entryWidth + entryGap);
    const y = pad + header + Math.floor(i / perLine) * (lineHeight + entryGap);
    if (row.title) drawText(ctx, row.title, left + entryWidth / 2, y, entryWidth);
    const top = y + rowTitle;
    const picture = rasterCanvas(pictures[i]);
    const heat = mapCanvas(row.map, options.scale, options.range);
    drawScaled(ctx, picture, left, top, box.w, box.h);
    drawScaled(ctx, heat, left + box.w + gap, top, box.w, box.h);
    if (options.overlay) {
      const x = left + 2 * (box.w + gap);
      drawScaled(ctx, picture, x, top, box.w, box.h);
      ctx.globalAlpha = alpha;
      drawScaled(ctx, heat, x, top, box.w, box.h);
      ctx.globalAlpha = 1;
    }
  });
  ctx.drawImage(bar, barX, pad + header + rowTitle - 6);
  if (options.label) drawText(ctx, options.label, width / 2, pad + gridHeight + 8, width - 2 * pad);
  const title = options.title ?? 'heat maps';
  return pngFigure(withHeading(canvas, options.title), title);
}

/** The largest |value| over maps (at least a tiny positive number, so a range can be built on it). */
export function largestMagnitude(maps: number[][][]): number {
  let m = 0;
  for (const map of maps) for (const row of map) for (const v of row) m = Math.max(m, Math.abs(v));
  return m > 0 ? m : 1e-6;
}
