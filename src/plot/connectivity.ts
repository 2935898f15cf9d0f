// Fully connected vs locally connected (tutorial 004): the same small image wired
// to three hidden units, every pixel to every unit on the left, one small patch
// per unit on the right, with the weight counts that follow.
import type { Canvas } from 'canvas';
import type { Figure } from '../figure';
import {
  blankCanvas,
  drawLines,
  placeSideBySide,
  pngFigure,
  withHeading,
  TEXT_COLOR,
} from './canvas';
import { integerIn } from '../validate';

export interface ConnectivityOptions {
  /** Side of the small input grid drawn (default 6). */
  gridSize?: number;
  /** Side of the local patch (default 3). */
  patchSize?: number;
  /** Side of a real image, for the counts under the drawing (default 28, an MNIST digit). */
  imageSize?: number;
  title?: string;
}

const UNIT_COLORS = ['#1f77b4', '#d62728', '#2ca02c'];
const PX = 26;
const R = 11;

const fmt = (n: number) => n.toLocaleString('en-US');

function rgba(hex: string, a: number): string {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${v >> 16},${(v >> 8) & 255},${v & 255},${a})`;
}

/** One panel: the input grid, three hidden units, and the wires `wired(unit)` returns. */
function panel(
  grid: number,
  heading: string,
  captions: string[],
  wired: (unit: number) => [number, number][],
): Canvas {
  const pad = 16;
  const gx = pad;
  const gy = pad + 8;
  const ux = gx + grid * PX + 150;
  const width = ux + 50;
  const { canvas, ctx } = blankCanvas(width, gy + grid * PX + 16 + captions.length * 18 + pad);
  const uy = (u: number) => gy + ((u + 0.5) * grid * PX) / 3;
  [0, 1, 2].forEach((u) => {
    const wires = wired(u);
    ctx.strokeStyle = rgba(UNIT_COLORS[u], wires.length > 20 ? 0.3 : 0.8);
    ctx.lineWidth = wires.length > 20 ? 1 : 1.4;
    for (const [r, c] of wires) {
      ctx.beginPath();
      ctx.moveTo(gx + (c + 0.5) * PX, gy + (r + 0.5) * PX);
      ctx.lineTo(ux - R, uy(u));
      ctx.stroke();
    }
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.arc(ux, uy(u), R, 0, 2 * Math.PI);
    ctx.fillStyle = UNIT_COLORS[u];
    ctx.fill();
    ctx.strokeStyle = '#333333';
    ctx.stroke();
  });
  for (let r = 0; r < grid; r++)
    for (let c = 0; c < grid; c++) {
      ctx.fillStyle = 'rgba(243,243,243,0.8)';
      ctx.fillRect(gx + c * PX, gy + r * PX, PX, PX);
    }
  // A unit that sees only part of the image: its patch tinted in its colour.
  [0, 1, 2].forEach((u) => {
    const wires = wired(u);
    if (wires.length === grid * grid) return;
    ctx.fillStyle = rgba(UNIT_COLORS[u], 0.25);
    for (const [r, c] of wires) ctx.fillRect(gx + c * PX, gy + r * PX, PX, PX);
  });
  ctx.strokeStyle = '#999999';
  for (let r = 0; r < grid; r++)
    for (let c = 0; c < grid; c++)
      ctx.strokeRect(gx + c * PX + 0.5, gy + r * PX + 0.5, PX - 1, PX - 1);
  // Pixel dots on top of the wires, so every input is visibly an input.
  ctx.fillStyle = '#555555';
  for (let r = 0; r < grid; r++)
    for (let c = 0; c < grid; c++) {
      ctx.beginPath();
      ctx.arc(gx + (c + 0.5) * PX, gy + (r + 0.5) * PX, 2, 0, 2 * Math.PI);
      ctx.fill();
    }
  drawLines(ctx, ['hidden units'], ux, gy + grid * PX + 4, 12, '#555555');
  drawLines(
    ctx,
    [`input ${grid}×${grid} pixels`],
    gx + (grid * PX) / 2,
    gy + grid * PX + 4,
    12,
    '#555555',
  );
  drawLines(ctx, captions, width / 2, gy + grid * PX + 26, 13, TEXT_COLOR);
  return withHeading(canvas, heading, 15);
}

/**
 * Fully connected vs locally connected, side by side: every pixel wired to each hidden
 * unit (grid² weights a unit) against one patch per unit (patch² weights), with the
 * counts for a real image size.
 */
export function connectivityFigure(options: ConnectivityOptions = {}): Figure {
  const grid = integerIn(options.gridSize ?? 6, 'connectivityFigure gridSize', { min: 3, max: 12 });
  const what = 'connectivityFigure patchSize';
  const patch = integerIn(options.patchSize ?? 3, what, { min: 1, max: grid - 1 });
  const image = integerIn(options.imageSize ?? 28, 'connectivityFigure imageSize', { min: patch });
  const all: [number, number][] = [];
  for (let r = 0; r < grid; r++) for (let c = 0; c < grid; c++) all.push([r, c]);
  // Unit u looks at a patch on the diagonal: top-left, middle, bottom-right.
  const patchOf = (u: number): [number, number][] => {
    const at = Math.round((u * (grid - patch)) / 2);
    return all.filter(([r, c]) => r >= at && r < at + patch && c >= at && c < at + patch);
  };
  const full = panel(
    grid,
    'Fully connected',
    [
      `each hidden unit: ${grid}×${grid} = ${grid * grid} weights`,
      `on a ${image}×${image} image: ${fmt(image * image)} weights per unit`,
    ],
    () => all,
  );
  const local = panel(
    grid,
    'Locally connected',
    [
      `each hidden unit: ${patch}×${patch} = ${patch * patch} weights`,
      `on a ${image}×${image} image: still ${patch * patch} weights per unit`,
      '(a conv layer also shares them across positions)',
    ],
    patchOf,
  );
  const title =
    options.title ?? 'Fully connected vs locally connected: how many weights one hidden unit needs';
  return pngFigure(withHeading(placeSideBySide([full, local], 40), title), title);
}
