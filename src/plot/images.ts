// Image figures drawn with node-canvas: grids of images with titles, one image
// with its pixel values written on it, RGB channel views, heat maps.
import type { Canvas } from 'canvas';
import type { Figure } from '../figure';
import {
  batchImages,
  imageValues,
  toRaster,
  type ImageBatchInput,
  type ImageInput,
  type Raster,
  type ValueRange,
} from './raster';
import type { ColormapName } from './colormap';
import { colormapRgb } from './colormap';
import { describe, fail, numberIn, oneOf, positiveInteger, sameLength } from '../validate';
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
  type PixelStyle,
} from './canvas';

/** One cell of a grid: pixels plus an optional title in an optional colour. */
export interface GridCell {
  raster: Raster;
  title?: string;
  titleColor?: string;
  style?: PixelStyle;
}

export interface GridLayout {
  /** Columns (default: all cells in one row, at most 8). */
  cols?: number;
  /** Longest side of each drawn image in px (default: fills about 900 px of width). */
  cellSize?: number;
  /** Title font size in px (default 14). */
  fontSize?: number;
  /** Gap between cells in px (default 10). */
  gap?: number;
}

const TARGET_WIDTH = 900;

/** Lays cells out in rows; the workhorse behind every image grid. */
export function renderGrid(cells: GridCell[], layout: GridLayout = {}): Canvas {
  if (cells.length === 0) fail('image grid', 'at least one image', 'none');
  if (layout.cols !== undefined) positiveInteger(layout.cols, 'image grid cols');
  if (layout.cellSize !== undefined) positiveInteger(layout.cellSize, 'image grid cellSize');
  const cols = Math.min(layout.cols ?? Math.min(cells.length, 8), cells.length);
  const rows = Math.ceil(cells.length / cols);
  const gap = layout.gap ?? 10;
  const fontPx = layout.fontSize ?? 14;
  const maxSide = Math.max(...cells.map((c) => Math.max(c.raster.height, c.raster.width)));
  const cellSize =
    layout.cellSize ??
    Math.max(maxSide <= 64 ? 2 * maxSide : 64, Math.floor(TARGET_WIDTH / cols - gap));
  const sizes = cells.map((c) => fitSize(c.raster.height, c.raster.width, cellSize));
  const colWidth = Math.max(...sizes.map((s) => s.w));
  const imgHeight = Math.max(...sizes.map((s) => s.h));

  const probe = blankCanvas(1, 1).ctx;
  const titles = cells.map((c) =>
    c.title ? fitTitle(probe, c.title, colWidth + gap - 2, fontPx) : { lines: [], fontPx },
  );
  const lineHeight = Math.round(fontPx * 1.25);
  const titleHeight =
    Math.max(...titles.map((t) => t.lines.length)) * lineHeight +
    (titles.some((t) => t.lines.length) ? 4 : 0);
  const rowHeight = titleHeight + imgHeight;

  const { canvas, ctx } = blankCanvas(
    cols * colWidth + (cols + 1) * gap,
    rows * rowHeight + (rows + 1) * gap,
  );
  cells.forEach((cell, i) => {
    const x = gap + (i % cols) * (colWidth + gap);
    const y = gap + Math.floor(i / cols) * (rowHeight + gap);
    const t = titles[i];
    if (t.lines.length)
      drawLines(
        ctx,
        t.lines,
        x + colWidth / 2,
        y + titleHeight - 4 - t.lines.length * lineHeight,
        t.fontPx,
        cell.titleColor ?? TEXT_COLOR,
      );
    const s = sizes[i];
    drawScaled(
      ctx,
      rasterCanvas(cell.raster, cell.style),
      x + (colWidth - s.w) / 2,
      y + titleHeight,
      s.w,
      s.h,
    );
  });
  return canvas;
}

export interface ImageGridOptions extends GridLayout {
  titles?: string[];
  /** CSS colours per title (e.g. 'blue' / 'red'). */
  titleColors?: string[];
  /** Figure title drawn above the grid. */
  title?: string;
  range?: ValueRange;
  colormap?: ColormapName;
}

/** A grid of images with optional per-image titles and title colours (e.g. the first six MNIST digits). */
export function imageGrid(images: ImageBatchInput, options: ImageGridOptions = {}): Figure {
  const list = batchImages(images, 'imageGrid images');
  if (options.titles)
    sameLength(options.titles.length, 'imageGrid titles', list.length, 'one per image');
  if (options.titleColors)
    sameLength(options.titleColors.length, 'imageGrid titleColors', list.length, 'one per image');
  const cells = list.map((img, i) => ({
    raster: toRaster(img, options.range ?? 'auto', `imageGrid image ${i}`),
    title: options.titles?.[i],
    titleColor: options.titleColors?.[i],
    style: { colormap: options.colormap },
  }));
  const canvas = withHeading(renderGrid(cells, options), options.title);
  return pngFigure(canvas, options.title ?? `${list.length} images`);
}

/** Formats a pixel value the way the tutorial does: integers as they are, else rounded to `decimals`. */
function formatValue(v: number, decimals: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(decimals)));
}

/**
 * One grey image with every pixel's value written on it (004's visualize_input):
 * white text where value < max / 2.5, black otherwise.
 */
export function pixelValuesFigure(
  image: ImageInput,
  options: { title?: string; decimals?: number; fontSize?: number } = {},
): Figure {
  const { values, shape } = imageValues(image, 'pixelValuesFigure image');
  if ((shape[2] ?? 1) !== 1)
    fail('pixelValuesFigure image', 'one channel ([h, w] or [h, w, 1])', `${shape[2]}`);
  const [h, w] = shape;
  if (h > 64 || w > 64)
    fail(
      'pixelValuesFigure image',
      'at most 64x64 pixels (the numbers must stay readable)',
      `${h}x${w}`,
    );
  const decimals = options.decimals ?? 2;
  const fontPx = options.fontSize ?? 10;
  const labels = Array.from(values, (v) => formatValue(v, decimals));
  const probe = blankCanvas(1, 1).ctx;
  probe.font = font(fontPx);
  const cell = Math.max(
    24,
    Math.ceil(Math.max(...labels.map((l) => probe.measureText(l).width)) + 6),
  );
  const raster = toRaster(image, 'minmax', 'pixelValuesFigure image');
  const { canvas, ctx } = blankCanvas(w * cell, h * cell);
  drawScaled(ctx, rasterCanvas(raster), 0, 0, w * cell, h * cell);
  let max = -Infinity;
  for (const v of Array.from(values)) max = Math.max(max, v);
  const threshold = max / 2.5;
  ctx.font = font(fontPx);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = values[y * w + x];
      ctx.fillStyle = v < threshold ? '#ffffff' : '#000000';
      ctx.fillText(labels[y * w + x], x * cell + cell / 2, y * cell + cell / 2);
    }
  }
  return pngFigure(withHeading(canvas, options.title), options.title ?? `pixel values (${h}x${w})`);
}

export type ChannelMode = 'gray' | 'tinted' | 'viridis';
const TINTS: [number, number, number][] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
];

/** An RGB image split into R, G and B, each drawn in grey, tinted in its own colour, or with viridis (matplotlib's default). */
export function channelsFigure(
  image: ImageInput,
  options: GridLayout & { mode?: ChannelMode; title?: string; titles?: string[] } = {},
): Figure {
  const mode = oneOf(options.mode ?? 'gray', 'channelsFigure mode', [
    'gray',
    'tinted',
    'viridis',
  ] as const);
  const rgb = toRaster(image, 'auto', 'channelsFigure image');
  if (rgb.channels !== 3) fail('channelsFigure image', '3 channels ([h, w, 3])', `${rgb.channels}`);
  const titles = options.titles ?? ['R channel', 'G channel', 'B channel'];
  sameLength(titles.length, 'channelsFigure titles', 3, 'one per channel');
  const cells: GridCell[] = [0, 1, 2].map((c) => {
    const data = new Uint8ClampedArray(rgb.height * rgb.width);
    for (let p = 0; p < data.length; p++) data[p] = rgb.data[p * 3 + c];
    const style: PixelStyle =
      mode === 'tinted'
        ? { tint: TINTS[c] }
        : { colormap: mode === 'viridis' ? 'viridis' : 'gray' };
    return {
      raster: { height: rgb.height, width: rgb.width, channels: 1, data },
      title: titles[c],
      style,
    };
  });
  const canvas = withHeading(renderGrid(cells, { cols: 3, ...options }), options.title);
  return pngFigure(canvas, options.title ?? `RGB channels (${mode})`);
}

export interface HeatmapOptions {
  /** Draw the map over this image (the map is stretched to the image's size). */
  image?: ImageInput;
  /** Opacity of the map over the image (default 0.5). */
  alpha?: number;
  colormap?: ColormapName;
  /** Value range of the colour scale (default: the map's min..max). */
  range?: [number, number];
  title?: string;
  /** Longest side of the drawn map in px (default 320). */
  size?: number;
  /** Colour bar label. */
  label?: string;
}

/** Reads a 2D map (number[][], [h, w] or [h, w, 1] data) as rows of numbers. */
export function mapValues(
  values: ImageInput,
  what: string,
): { h: number; w: number; data: ArrayLike<number> } {
  const { values: data, shape } = imageValues(values, what);
  if ((shape[2] ?? 1) !== 1) fail(what, 'a 2D map [h, w]', `shape ${describe(shape)}`);
  return { h: shape[0], w: shape[1], data };
}

/** A heat map with a colour bar, optionally laid over an image with some transparency. */
export function heatmapFigure(values: ImageInput, options: HeatmapOptions = {}): Figure {
  const map = mapValues(values, 'heatmapFigure values');
  const alpha = numberIn(options.alpha ?? 0.5, 'heatmapFigure alpha', { min: 0, max: 1 });
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (!options.range) {
    for (let i = 0; i < map.data.length; i++) {
      lo = Math.min(lo, map.data[i]);
      hi = Math.max(hi, map.data[i]);
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi))
      fail('heatmapFigure values', 'finite numbers', `values from ${lo} to ${hi}`);
  } else if (!(hi > lo))
    fail('heatmapFigure range', '[low, high] with high > low', `[${lo}, ${hi}]`);
  const span = hi > lo ? hi - lo : 1;
  const cmap = options.colormap ?? 'viridis';
  const colored = new Uint8ClampedArray(map.h * map.w * 3);
  for (let p = 0; p < map.h * map.w; p++)
    colored.set(colormapRgb(cmap, (map.data[p] - lo) / span), p * 3);
  const heat = rasterCanvas({ height: map.h, width: map.w, channels: 3, data: colored });

  const base = options.image ? toRaster(options.image, 'auto', 'heatmapFigure image') : undefined;
  const [bh, bw] = base ? [base.height, base.width] : [map.h, map.w];
  const box = fitSize(bh, bw, options.size ?? 320);
  const fontPx = 12;
  const barWidth = 16;
  const labels = [hi, (lo + hi) / 2, lo].map((v) => formatTick(v, span));
  const probe = blankCanvas(1, 1).ctx;
  probe.font = font(fontPx);
  const labelWidth = Math.max(...labels.map((l) => probe.measureText(l).width));
  const pad = 10;
  const { canvas, ctx } = blankCanvas(
    pad + box.w + 14 + barWidth + 6 + labelWidth + pad,
    pad + box.h + pad + (options.label ? 18 : 0),
  );
  if (base) {
    drawScaled(ctx, rasterCanvas(base), pad, pad, box.w, box.h);
    ctx.globalAlpha = alpha;
  }
  drawScaled(ctx, heat, pad, pad, box.w, box.h);
  ctx.globalAlpha = 1;
  // Colour bar: top = high.
  const bx = pad + box.w + 14;
  for (let y = 0; y < box.h; y++) {
    const [r, g, b] = colormapRgb(cmap, 1 - y / Math.max(1, box.h - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(bx, pad + y, barWidth, 1);
  }
  ctx.strokeStyle = '#666666';
  ctx.strokeRect(bx + 0.5, pad + 0.5, barWidth - 1, box.h - 1);
  ctx.font = font(fontPx);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'left';
  labels.forEach((l, i) => {
    ctx.textBaseline = i === 0 ? 'top' : i === 1 ? 'middle' : 'bottom';
    ctx.fillText(l, bx + barWidth + 6, pad + (i * box.h) / 2);
  });
  if (options.label) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(options.label, pad + box.w / 2, pad + box.h + 6);
  }
  return pngFigure(withHeading(canvas, options.title), options.title ?? 'heat map');
}

function formatTick(v: number, span: number): string {
  if (span < 0.1) return Number(v.toPrecision(3)).toString();
  const digits = span >= 100 ? 0 : span >= 10 ? 1 : span >= 1 ? 2 : 3;
  return v.toFixed(digits);
}
