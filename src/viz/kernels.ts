// The learned kernels of the first conv layer as small images (tutorial 000's
// "weight based" view): on an RGB input each kernel is itself a tiny colour
// image, showing the colour and edge patterns the layer looks for.
import { tf } from '../backend';
import type { Figure } from '../figure';
import { renderGrid, type GridCell } from '../plot/images';
import { pngFigure, placeSideBySide, withHeading } from '../plot/canvas';
import { convLayer, convLayerNames } from './modelInput';
import { fail, layersModel, positiveInteger } from '../validate';

export interface FirstLayerKernelsOptions {
  /** Conv layer to show (default the first; any layer whose input has 1 or 3 channels reads best). */
  layer?: string;
  /** At most this many kernels are drawn (default 64; all are returned). */
  maxKernels?: number;
  /** Longest side of each drawn kernel in px (default 40; pixels stay square and crisp). */
  cellSize?: number;
  /** Columns of the grid (default 8). */
  cols?: number;
  title?: string;
}

export interface FirstLayerKernelsResult {
  layer: string;
  /** Every kernel's weights, [kh, kw, inChannels] each, as stored. */
  kernels: { index: number; shape: number[]; data: Float32Array }[];
  figure: Figure;
}

type Kernel = { index: number; shape: number[]; data: Float32Array };

/** The named (or first) conv layer's kernels, each [kh, kw, inChannels] as stored. */
function kernelsOf(model: tf.LayersModel, layer: string | undefined, what: string) {
  const name = layer ?? convLayerNames(model)[0];
  const conv = convLayer(model, name ?? '(none)', what);
  const kernel = conv.getWeights()[0];
  const [kh, kw, cin, cout] = kernel.shape;
  const weights = kernel.dataSync() as Float32Array; // [kh, kw, cin, cout], kernel index last
  const kernels: Kernel[] = Array.from({ length: cout }, (_, k) => {
    const data = new Float32Array(kh * kw * cin);
    for (let p = 0; p < kh * kw * cin; p++) data[p] = weights[p * cout + k];
    return { index: k, shape: [kh, kw, cin], data };
  });
  return { name, kh, kw, cin, cout, kernels };
}

/** What is drawn of a kernel: RGB for 3 input channels, else the mean over them (grey). */
function drawnValues({ shape: [kh, kw, cin], data }: Kernel): Float32Array {
  if (cin === 3) return data;
  const shown = new Float32Array(kh * kw);
  for (let p = 0; p < kh * kw; p++) {
    let sum = 0;
    for (let c = 0; c < cin; c++) sum += data[p * cin + c];
    shown[p] = sum / cin;
  }
  return shown;
}

/**
 * Grid cells of kernels. `shared` undefined: each kernel stretched to its own min..max.
 * `shared` = M: one scale for all, 0 drawn mid-grey, -M black, +M full brightness.
 */
function kernelCells(kernels: Kernel[], shared?: number): GridCell[] {
  return kernels.map((k) => {
    const [kh, kw, cin] = k.shape;
    const shown = drawnValues(k);
    let [lo, hi] = shared === undefined ? [Infinity, -Infinity] : [-shared, shared];
    if (shared === undefined) for (const v of shown) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const span = hi > lo ? hi - lo : 1;
    const pixels = new Uint8ClampedArray(shown.length);
    shown.forEach((v, i) => (pixels[i] = Math.round(((v - lo) / span) * 255)));
    return {
      raster: { height: kh, width: kw, channels: (cin === 3 ? 3 : 1) as 1 | 3, data: pixels },
      title: String(k.index),
    };
  });
}

function kernelGrid(cells: GridCell[], options: FirstLayerKernelsOptions) {
  return renderGrid(cells, {
    cols: Math.min(options.cols ?? 8, cells.length),
    cellSize: options.cellSize ?? 40,
    fontSize: 11,
    gap: 6,
  });
}

const colourName = (cin: number) =>
  cin === 3 ? 'RGB' : cin === 1 ? 'grey' : `mean of ${cin} input channels`;

/**
 * The kernels of the model's first Conv2D layer (or `options.layer`) as small images in a
 * grid, numbered: RGB when the layer reads 3 channels, grey when it reads 1 (other counts:
 * the mean over input channels, in grey). Each kernel is min-max normalised on its own.
 */
export function firstLayerKernels(
  model: tf.LayersModel,
  options: FirstLayerKernelsOptions = {},
): FirstLayerKernelsResult {
  layersModel(model, 'firstLayerKernels');
  const maxKernels = positiveInteger(options.maxKernels ?? 64, 'firstLayerKernels maxKernels');
  const { name, kh, kw, cin, cout, kernels } = kernelsOf(
    model,
    options.layer,
    'firstLayerKernels layer',
  );
  const cells = kernelCells(kernels.slice(0, maxKernels));
  const drawn = cells.length < cout ? `first ${cells.length} of ${cout}` : `${cout}`;
  const title =
    options.title ??
    `Layer ${name}: ${drawn} learned ${kh}×${kw} kernels (${colourName(cin)}, each scaled to its own min..max)`;
  const grid = kernelGrid(cells, options);
  return { layer: name, kernels, figure: pngFigure(withHeading(grid, title, 14), title) };
}

export interface KernelsBeforeAfterResult {
  layer: string;
  /** The largest |weight| drawn in either model: the one scale of both grids (0 = mid grey). */
  scale: number;
  /** Mean |weight| of the drawn kernels before and after training. */
  meanAbs: { before: number; after: number };
  /** Mean |after - before| over the drawn kernels: how far training moved them. */
  meanChange: number;
  figure: Figure;
}

/**
 * The same conv layer of an untrained model and of its trained twin, side by side, on ONE
 * colour scale (0 = mid grey, the largest |weight| of either = full contrast). Unlike
 * firstLayerKernels, no kernel is stretched on its own, so what training changed shows:
 * how large the weights grew and which patterns stand out from the starting noise.
 */
export function kernelsBeforeAfter(
  untrained: tf.LayersModel,
  trained: tf.LayersModel,
  options: FirstLayerKernelsOptions = {},
): KernelsBeforeAfterResult {
  layersModel(untrained, 'kernelsBeforeAfter untrained');
  layersModel(trained, 'kernelsBeforeAfter trained');
  const maxKernels = positiveInteger(options.maxKernels ?? 32, 'kernelsBeforeAfter maxKernels');
  const before = kernelsOf(untrained, options.layer, 'kernelsBeforeAfter untrained layer');
  const after = kernelsOf(trained, options.layer, 'kernelsBeforeAfter trained layer');
  if (
    before.kernels[0].shape.join() !== after.kernels[0].shape.join() ||
    before.cout !== after.cout
  )
    fail(
      'kernelsBeforeAfter',
      `two models with the same layer shape (untrained ${before.kh}x${before.kw}x${before.cin}x${before.cout})`,
      `${after.kh}x${after.kw}x${after.cin}x${after.cout}`,
    );
  const drawnOf = (ks: Kernel[]) => ks.slice(0, maxKernels);
  const values = [...drawnOf(before.kernels), ...drawnOf(after.kernels)].map(drawnValues);
  let scale = 0;
  for (const v of values) for (const x of v) scale = Math.max(scale, Math.abs(x));
  scale = scale > 0 ? scale : 1;
  const meanAbs = (ks: Kernel[]) => {
    const all = drawnOf(ks).flatMap((k) => Array.from(drawnValues(k), Math.abs));
    return all.reduce((a, b) => a + b, 0) / all.length;
  };
  const panel = (ks: Kernel[], heading: string, range = scale) =>
    withHeading(kernelGrid(kernelCells(drawnOf(ks), range), options), heading, 14);
  const m = { before: meanAbs(before.kernels), after: meanAbs(after.kernels) };
  // What training added, on its own scale: often small next to the random start.
  const change = after.kernels.map((k, i) => ({
    ...k,
    data: k.data.map((v, p) => v - before.kernels[i].data[p]),
  }));
  let largestChange = 0;
  for (const k of drawnOf(change))
    for (const v of drawnValues(k)) largestChange = Math.max(largestChange, Math.abs(v));
  const boost = largestChange > 0 ? scale / largestChange : 1;
  const canvas = placeSideBySide(
    [
      panel(before.kernels, `before training (mean |w| ${m.before.toFixed(3)})`),
      panel(after.kernels, `after training (mean |w| ${m.after.toFixed(3)})`),
      panel(
        change,
        `the change: after − before\n(mean |Δw| ${meanAbs(change).toFixed(3)}, contrast ×${boost.toFixed(1)})`,
        largestChange || 1,
      ),
    ],
    32,
  );
  const drawn = Math.min(maxKernels, before.cout);
  const title =
    options.title ??
    `Layer ${after.name}: ${drawn === before.cout ? drawn : `first ${drawn} of ${before.cout}`} ${before.kh}×${before.kw} kernels before and after training (${colourName(before.cin)}, one scale: grey = 0, full contrast = ±${scale.toFixed(3)})`;
  return {
    layer: after.name,
    scale,
    meanAbs: m,
    meanChange: meanAbs(change),
    figure: pngFigure(withHeading(canvas, title, 14), title),
  };
}
