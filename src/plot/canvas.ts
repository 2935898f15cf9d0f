// Drawing primitives shared by the PNG figures: pixels -> canvas, crisp
// upscaling, titles that fit their cell, stacking, PNG encoding.
import { createCanvas, Canvas, CanvasRenderingContext2D } from 'canvas';
import type { Figure } from '../figure';
import type { Raster } from './raster';
import { colormapTable, type ColormapName } from './colormap';

export const FONT_FAMILY = '"DejaVu Sans"';
export const BACKGROUND = '#ffffff';
export const TEXT_COLOR = '#222222';

export function font(px: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${px}px ${FONT_FAMILY}`;
}

/** How a single-channel raster is coloured; RGB rasters are drawn as they are. */
export interface PixelStyle {
  colormap?: ColormapName;
  /** Multiplies a grey value into this RGB colour (channel views: red, green, blue). */
  tint?: [number, number, number];
}

/** A canvas of the raster's own size holding its pixels. */
export function rasterCanvas(r: Raster, style: PixelStyle = {}): Canvas {
  const canvas = createCanvas(r.width, r.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(r.width, r.height);
  const out = img.data;
  const table = colormapTable(style.colormap ?? 'gray');
  const n = r.width * r.height;
  for (let p = 0; p < n; p++) {
    const o = p * 4;
    if (r.channels === 3) {
      out[o] = r.data[p * 3];
      out[o + 1] = r.data[p * 3 + 1];
      out[o + 2] = r.data[p * 3 + 2];
    } else if (style.tint) {
      const v = r.data[p] / 255;
      out[o] = style.tint[0] * v;
      out[o + 1] = style.tint[1] * v;
      out[o + 2] = style.tint[2] * v;
    } else {
      const t = r.data[p] * 3;
      out[o] = table[t];
      out[o + 1] = table[t + 1];
      out[o + 2] = table[t + 2];
    }
    out[o + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/** Draws `src` into a box: nearest neighbour when enlarging (crisp pixels), smooth when shrinking. */
export function drawScaled(
  ctx: CanvasRenderingContext2D,
  src: Canvas,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  ctx.imageSmoothingEnabled = w < src.width || h < src.height;
  ctx.drawImage(src, x, y, w, h);
  ctx.imageSmoothingEnabled = true;
}

/** The drawn size of an image of `h` x `w` in a cell whose longer side is `cell` (integer factors when enlarging). */
export function fitSize(h: number, w: number, cell: number): { w: number; h: number } {
  const longest = Math.max(h, w);
  const factor = longest <= cell ? Math.max(1, Math.floor(cell / longest)) : cell / longest;
  return { w: Math.round(w * factor), h: Math.round(h * factor) };
}

/** Breaks a title into lines no wider than `maxWidth` (at word boundaries), shrinking the font for single long words. */
export function fitTitle(
  ctx: CanvasRenderingContext2D,
  text: string,
  maxWidth: number,
  fontPx: number,
  minFontPx = 9,
): { lines: string[]; fontPx: number } {
  let size = fontPx;
  for (;;) {
    ctx.font = font(size);
    const lines: string[] = [];
    let ok = true;
    for (const para of text.split('\n')) {
      let line = '';
      for (const word of para.split(' ')) {
        const candidate = line ? `${line} ${word}` : word;
        if (ctx.measureText(candidate).width <= maxWidth || !line) line = candidate;
        else {
          lines.push(line);
          line = word;
        }
        if (ctx.measureText(line).width > maxWidth) ok = false;
      }
      lines.push(line);
    }
    if (ok || size <= minFontPx) return { lines, fontPx: size };
    size -= 1;
  }
}

/** Draws centred lines of text with their top at `y`. */
export function drawLines(
  ctx: CanvasRenderingContext2D,
  lines: string[],
  cx: number,
  y: number,
  fontPx: number,
  color = TEXT_COLOR,
  bold = false,
): void {
  ctx.font = font(fontPx, bold);
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => ctx.fillText(line, cx, y + i * Math.round(fontPx * 1.25)));
}

/** A white canvas of the given size. */
export function blankCanvas(
  width: number,
  height: number,
): { canvas: Canvas; ctx: CanvasRenderingContext2D } {
  const canvas = createCanvas(Math.max(1, Math.ceil(width)), Math.max(1, Math.ceil(height)));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  return { canvas, ctx };
}

/** Puts a heading above a canvas, centred (figure titles, layer names). */
export function withHeading(content: Canvas, heading: string | undefined, fontPx = 16): Canvas {
  if (!heading) return content;
  const probe = blankCanvas(1, 1).ctx;
  const { lines, fontPx: size } = fitTitle(
    probe,
    heading,
    Math.max(content.width - 8, 200),
    fontPx,
  );
  const textHeight = lines.length * Math.round(size * 1.25) + 10;
  const width = Math.max(
    content.width,
    ...lines.map((l) => ((probe.font = font(size, true)), probe.measureText(l).width + 16)),
  );
  const { canvas, ctx } = blankCanvas(width, content.height + textHeight);
  drawLines(ctx, lines, width / 2, 6, size, TEXT_COLOR, true);
  ctx.drawImage(content, Math.round((width - content.width) / 2), textHeight);
  return canvas;
}

/** Stacks canvases top to bottom, left-aligned, with a gap. */
export function stackVertically(parts: Canvas[], gap = 12): Canvas {
  const width = Math.max(...parts.map((p) => p.width));
  const height = parts.reduce((s, p) => s + p.height, 0) + gap * (parts.length - 1);
  const { canvas, ctx } = blankCanvas(width, height);
  let y = 0;
  for (const p of parts) {
    ctx.drawImage(p, 0, y);
    y += p.height + gap;
  }
  return canvas;
}

/** Places canvases left to right, top-aligned, with a gap. */
export function placeSideBySide(parts: Canvas[], gap = 16): Canvas {
  const height = Math.max(...parts.map((p) => p.height));
  const width = parts.reduce((s, p) => s + p.width, 0) + gap * (parts.length - 1);
  const { canvas, ctx } = blankCanvas(width, height);
  let x = 0;
  for (const p of parts) {
    ctx.drawImage(p, x, 0);
    x += p.width + gap;
  }
  return canvas;
}

/** Encodes a canvas as a PNG Figure. */
export function pngFigure(canvas: Canvas, title: string): Figure {
  return {
    kind: 'png',
    title,
    png: canvas.toBuffer('image/png'),
    width: canvas.width,
    height: canvas.height,
  };
}
