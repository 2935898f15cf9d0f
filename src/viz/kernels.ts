// The learned kernels of the first conv layer as small images (tutorial 000's
// "weight based" view): on an RGB input each kernel is itself a tiny colour
// image, showing the colour and edge patterns the layer looks for.
import { tf } from '../backend';
import type { Figure } from '../figure';
import { renderGrid, type GridCell } from '../plot/images';
import { pngFigure, withHeading } from '../plot/canvas';
import { convLayer, convLayerNames } from './modelInput';
import { layersModel, positiveInteger } from '../validate';

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
  const name = options.layer ?? convLayerNames(model)[0];
  const layer = convLayer(model, name ?? '(none)', 'firstLayerKernels layer');
  const maxKernels = positiveInteger(options.maxKernels ?? 64, 'firstLayerKernels maxKernels');
  const kernel = layer.getWeights()[0];
  const [kh, kw, cin, cout] = kernel.shape;
  const weights = kernel.dataSync() as Float32Array; // [kh, kw, cin, cout], kernel index last
  const kernels = Array.from({ length: cout }, (_, k) => {
    const data = new Float32Array(kh * kw * cin);
    for (let p = 0; p < kh * kw * cin; p++) data[p] = weights[p * cout + k];
    return { index: k, shape: [kh, kw, cin], data };
  });
  const drawnChannels = cin === 3 ? 3 : 1;
  const cells: GridCell[] = kernels.slice(0, maxKernels).map(({ index, data }) => {
    const shown = new Float32Array(kh * kw * drawnChannels);
    if (drawnChannels === 3) shown.set(data);
    else
      for (let p = 0; p < kh * kw; p++) {
        let sum = 0;
        for (let c = 0; c < cin; c++) sum += data[p * cin + c];
        shown[p] = sum / cin;
      }
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of shown) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const span = hi > lo ? hi - lo : 1;
    const pixels = new Uint8ClampedArray(shown.length);
    shown.forEach((v, i) => (pixels[i] = Math.round(((v - lo) / span) * 255)));
    return {
      raster: { height: kh, width: kw, channels: drawnChannels as 1 | 3, data: pixels },
      title: String(index),
    };
  });
  const grid = renderGrid(cells, {
    cols: Math.min(options.cols ?? 8, cells.length),
    cellSize: options.cellSize ?? 40,
    fontSize: 11,
    gap: 6,
  });
  const colour = cin === 3 ? 'RGB' : cin === 1 ? 'grey' : `mean of ${cin} input channels`;
  const drawn = cells.length < cout ? `first ${cells.length} of ${cout}` : `${cout}`;
  const title =
    options.title ??
    `Layer ${name}: ${drawn} learned ${kh}×${kw} kernels (${colour}, each scaled to its own min..max)`;
  return { layer: name, kernels, figure: pngFigure(withHeading(grid, title, 14), title) };
}
