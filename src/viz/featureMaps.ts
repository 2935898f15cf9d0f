// Partial outputs: the activations after each conv layer for one image, one
// small image per channel (002's "partial-output based" view).
import { tf } from '../backend';
import { checkLookInside } from './checks';
import type { Figure } from '../figure';
import type { ImageInput } from '../plot/raster';
import type { ColormapName } from '../plot/colormap';
import { renderGrid } from '../plot/images';
import { pngFigure, stackVertically, withHeading } from '../plot/canvas';
import { toRaster } from '../plot/raster';
import { convLayer, convLayerNames, modelInputBatch } from './modelInput';
import { describe, fail, layersModel, positiveInteger } from '../validate';

export interface FeatureMapsOptions {
  /** Conv layer names (default: every conv layer). */
  layers?: string[];
  /** Channels drawn per layer (default 16; all are returned). */
  maxChannels?: number;
  /** 'gray' (default) or 'viridis' (yellow = high, as in 002's figures). */
  colormap?: ColormapName;
  /**
   * Screen pixels per map cell, the same for every layer (default 3), so a 10x10 map is drawn
   * a third the size of a 30x30 one: what pooling does to the maps is visible.
   */
  pixelsPerCell?: number;
  title?: string;
}

export interface FeatureMapsResult {
  /** Per layer: its output [h, w, channels], the values, and each map's drawn size in px [h, w]. */
  maps: { layer: string; shape: number[]; data: Float32Array; drawn: [number, number] }[];
  figure: Figure;
}

/** Activations of each chosen conv layer for one image (one predict call), drawn channel by channel. */
export function featureMaps(
  model: tf.LayersModel,
  image: ImageInput | tf.Tensor4D,
  options: FeatureMapsOptions = {},
): FeatureMapsResult {
  checkLookInside('featureMaps', model, 'conv', image); // the door (./checks)
  layersModel(model, 'featureMaps', { inputs: 1, outputs: 1 });
  const names = options.layers ?? convLayerNames(model);
  if (!Array.isArray(names) || names.length === 0)
    fail(
      'featureMaps layers',
      `conv layer names (one of ${convLayerNames(model).join(', ') || 'none: the model has no Conv2D layer'})`,
      describe(names),
    );
  const layers = names.map((n) => convLayer(model, n, 'featureMaps layers'));
  const maxChannels = positiveInteger(options.maxChannels ?? 16, 'featureMaps maxChannels');
  const x = modelInputBatch(model, image, 'featureMaps');
  const sub = tf.model({
    inputs: model.inputs,
    outputs: layers.map((l) => l.output as tf.SymbolicTensor),
  });
  const outs = tf.tidy(() => {
    const o = sub.predict(x);
    return Array.isArray(o) ? o : [o];
  });
  x.dispose();
  const perCell = positiveInteger(options.pixelsPerCell ?? 3, 'featureMaps pixelsPerCell');
  const maps = outs.map((t, i) => {
    const data = t.dataSync() as Float32Array;
    const shape = t.shape.slice(1);
    t.dispose();
    const drawn: [number, number] = [shape[0] * perCell, shape[1] * perCell];
    return { layer: names[i], shape, data, drawn };
  });
  const sections = maps.map(({ layer, shape, data }) => {
    const [h, w, channels] = shape;
    const shown = Math.min(channels, maxChannels);
    const cells = Array.from({ length: shown }, (_, ch) => {
      const plane = new Float32Array(h * w);
      for (let p = 0; p < h * w; p++) plane[p] = data[p * channels + ch];
      return {
        raster: toRaster({ data: plane, shape: [h, w] }, 'minmax'),
        style: { colormap: options.colormap ?? 'gray' },
      };
    });
    const grid = renderGrid(cells, {
      cols: Math.min(8, shown),
      cellSize: Math.max(h, w) * perCell, // true relative size: perCell px per cell everywhere (fitSize)
      gap: 4,
    });
    const heading = `${layer}: ${h}x${w}, ${shown === channels ? `${channels} channels` : `first ${shown} of ${channels} channels`}`;
    return withHeading(grid, heading, 14);
  });
  const title =
    options.title ??
    `Feature maps after each conv layer (${perCell} px per cell: true relative sizes)`;
  return { maps, figure: pngFigure(withHeading(stackVertically(sections), title), title) };
}
