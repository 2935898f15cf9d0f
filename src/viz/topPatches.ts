// The dataset patches that excite a unit most (Zeiler & Fergus 2014): run many real
// images through the model, and for a few filters of a conv layer keep the images where
// the filter's strongest response is largest, cropped to the input square that response
// can see (its receptive field). Real evidence of what a filter detects, unlike ascent.
import { tf } from '../backend';
import type { Figure } from '../figure';
import { Images } from '../data/images';
import { renderGrid, type GridCell } from '../plot/images';
import { pngFigure, stackVertically, withHeading } from '../plot/canvas';
import { toRaster } from '../plot/raster';
import { convLayer, convLayerNames, pickIndices } from './modelInput';
import { receptiveField } from './receptiveField';
import { describe, fail, layersModel, positiveInteger } from '../validate';

export interface TopPatchesOptions {
  /** Conv layer names (default: every conv layer). */
  layers?: string[];
  /** Filter indices per layer, or a count of the first ones (default 4). */
  filters?: number[] | number;
  /** Patches kept per filter, each from a different image (default 8). */
  top?: number;
  /** Images per batch through the model (default 256). */
  batchSize?: number;
  /** Longest side of each drawn patch in px (default 48). */
  cellSize?: number;
  title?: string;
}

export interface TopPatch {
  /** Index of the image in the set searched. */
  image: number;
  /** Position of the strongest response in the layer's output. */
  row: number;
  col: number;
  activation: number;
  /** The input square that position sees: top-left corner and side (may reach past the border). */
  box: { top: number; left: number; size: number };
  /** The crop, [size, size, c], values as the model saw them; outside the picture: mid grey. */
  data: Float32Array;
}

export interface TopPatchesResult {
  layers: {
    layer: string;
    receptiveField: number;
    filters: { filter: number; patches: TopPatch[] }[];
  }[];
  figure: Figure;
}

/**
 * For each chosen filter of each chosen conv layer, the `top` images of `images` whose
 * strongest response (max over positions) is largest, each cropped to that position's
 * receptive field, drawn one row per filter. `images` are uint8 Images (scaled by 1/255 as
 * in training, a batch at a time) or an already preprocessed float tensor [n, h, w, c].
 */
export function topPatches(
  model: tf.LayersModel,
  images: Images | tf.Tensor4D,
  options: TopPatchesOptions = {},
): TopPatchesResult {
  layersModel(model, 'topPatches', { inputs: 1, outputs: 1 });
  if (!(images instanceof Images) && !(images instanceof tf.Tensor && images.rank === 4))
    fail('topPatches images', 'Images or a float tensor [n, h, w, c]', describe(images));
  const names = options.layers ?? convLayerNames(model);
  if (!Array.isArray(names) || names.length === 0)
    fail('topPatches layers', 'conv layer names', describe(names));
  const layers = names.map((n) => convLayer(model, n, 'topPatches layers'));
  const top = positiveInteger(options.top ?? 8, 'topPatches top');
  const batchSize = positiveInteger(options.batchSize ?? 256, 'topPatches batchSize');
  const [n, h, w] = images.shape;
  const c = images instanceof Images ? images.channels : images.shape[3];
  const [, eh, ew, ec] = model.inputs[0].shape;
  if (eh !== h || ew !== w || ec !== c)
    fail(
      'topPatches images',
      `images [n, ${eh}, ${ew}, ${ec}] as the model expects`,
      describe(images.shape),
    );
  const filters = layers.map((l, i) =>
    pickIndices(
      options.filters,
      4,
      (l.outputShape as number[])[3],
      'topPatches filters',
      `layer ${names[i]} has filters`,
    ),
  );
  const sub = tf.model({
    inputs: model.inputs,
    outputs: layers.map((l) => l.output as tf.SymbolicTensor),
  });
  const batchOf = (start: number, end: number): tf.Tensor4D =>
    images instanceof Images
      ? images.slice(start, end).toTensor({ scale: true })
      : (images.slice([start, 0, 0, 0], [end - start, h, w, c]) as tf.Tensor4D);

  // best[l][k]: per image, the strongest response of filter k and where it is.
  const best = filters.map((fs) =>
    fs.map(() => ({ value: new Float32Array(n), pos: new Int32Array(n) })),
  );
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const x = batchOf(start, end);
    const outs = tf.tidy(() => {
      const o = sub.predict(x);
      return (Array.isArray(o) ? o : [o]).map((t, l) => {
        const [b, oh, ow, ch] = t.shape;
        const picked = tf.gather(t.reshape([b, oh * ow, ch]), filters[l], 2); // [b, positions, k]
        return [picked.max(1), picked.argMax(1)];
      });
    });
    x.dispose();
    outs.forEach(([value, pos], l) => {
      const v = value.dataSync();
      const p = pos.dataSync();
      const k = filters[l].length;
      for (let i = 0; i < end - start; i++)
        for (let f = 0; f < k; f++) {
          best[l][f].value[start + i] = v[i * k + f];
          best[l][f].pos[start + i] = p[i * k + f];
        }
      tf.dispose([value, pos]);
    });
  }

  const pixelsOf = (i: number): Float32Array =>
    images instanceof Images
      ? Float32Array.from(images.image(i), (v) => v / 255)
      : (tf.tidy(() => images.slice([i, 0, 0, 0], [1, h, w, c]).dataSync()) as Float32Array);
  const result = layers.map((layer, l) => {
    const rf = receptiveField(model, layer.name);
    const [, , ow] = layer.outputShape as number[];
    return {
      layer: layer.name,
      receptiveField: rf.size,
      filters: filters[l].map((filter, f) => {
        const { value, pos } = best[l][f];
        const order = Array.from(value.keys())
          .sort((a, b) => value[b] - value[a])
          .slice(0, top);
        const patches = order.map((image) => {
          const [row, col] = [Math.floor(pos[image] / ow), pos[image] % ow];
          const box = rf.box(row, col);
          return {
            image,
            row,
            col,
            activation: value[image],
            box,
            data: crop(pixelsOf(image), [h, w, c], box),
          };
        });
        return { filter, patches };
      }),
    };
  });

  const cellSize = options.cellSize ?? 48;
  const sections = result.map(({ layer, receptiveField: size, filters: fs }) => {
    const cells: GridCell[] = fs.flatMap(({ filter, patches }) =>
      patches.map((p, j) => ({
        raster: toRaster({ data: p.data, shape: [size, size, c] }, [0, 1]),
        title: `${j === 0 ? `filter ${filter}` : ' '}\n${p.activation.toFixed(2)}`,
      })),
    );
    return withHeading(
      renderGrid(cells, { cols: top, cellSize, fontSize: 11, gap: 6 }),
      `${layer}: each row one filter, its ${top} strongest test-image patches (${size}x${size} px receptive field)`,
      13,
    );
  });
  const title =
    options.title ??
    `The ${n} images' patches that excite each filter most (strongest response first)`;
  return {
    layers: result,
    figure: pngFigure(withHeading(stackVertically(sections), title), title),
  };
}

/** The square `box` of an image [h, w, c], mid grey where it reaches past the border. */
function crop(
  pixels: Float32Array,
  [h, w, c]: number[],
  { top, left, size }: { top: number; left: number; size: number },
): Float32Array {
  const out = new Float32Array(size * size * c).fill(0.5);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const [sy, sx] = [top + y, left + x];
      if (sy < 0 || sy >= h || sx < 0 || sx >= w) continue;
      for (let k = 0; k < c; k++) out[(y * size + x) * c + k] = pixels[(sy * w + sx) * c + k];
    }
  return out;
}
