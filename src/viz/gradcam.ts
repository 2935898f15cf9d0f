// Grad-CAM: which regions drove the class score. Split the model at the last
// conv layer, take the gradient of the class score w.r.t. that layer's output,
// weight its channels by their mean gradient, ReLU, upsample, overlay.
import { tf } from '../backend';
import { checkLookInside } from './checks';
import type { Figure } from '../figure';
import { inboundLayers } from '../internals';
import type { ImageInput } from '../plot/raster';
import { heatPanelsFigure } from './heatPanels';
import { convLayer, convLayerNames, modelInputBatch } from './modelInput';
import { describe, fail, integerIn, layersModel, sameLength } from '../validate';

export interface GradCamOptions {
  /** Class to explain (default: the predicted class). */
  classIndex?: number;
  /** Conv layer to split at (default: the last one). */
  layerName?: string;
  /** Heat-map opacity over the image (default 0.5). */
  alpha?: number;
  classNames?: string[];
  title?: string;
}

export interface GradCamResult {
  classIndex: number;
  probability: number;
  /** [h][w] at the input size, 0..1 (1 = most important). */
  heatmap: number[][];
  /** The picture as the model saw it, [h, w, c]. */
  image: { data: Float32Array; shape: number[] };
  layer: string;
  /** The picture, the map, and the map over the picture, with a colour bar. */
  figure: Figure;
}

const GRADCAM_COLUMNS = ['picture', 'Grad-CAM', 'Grad-CAM over the picture'];
const GRADCAM_LABEL =
  'each map scaled to its own maximum: 1 = the strongest evidence for the class';

/** The layers after `layer`, checked to form a single chain (Sequential-like), so they can be re-applied to its output. */
function layersAfter(model: tf.LayersModel, layer: tf.layers.Layer): tf.layers.Layer[] {
  const index = model.layers.indexOf(layer);
  const rest = model.layers.slice(index + 1);
  let previous = layer;
  for (const l of rest) {
    const inbound = inboundLayers(l);
    const parents = inbound[0] ?? [];
    if (inbound.length !== 1 || parents.length !== 1 || parents[0] !== previous) {
      throw new Error(
        `gradCam: expected the layers after ${layer.name} to form one chain (as in a Sequential model), but ${l.name} does not simply follow ${previous.name}`,
      );
    }
    previous = l;
  }
  return rest;
}

/** Grad-CAM heat map for one image over the image itself. */
export function gradCam(
  model: tf.LayersModel,
  image: ImageInput | tf.Tensor4D,
  options: GradCamOptions = {},
): GradCamResult {
  checkLookInside('gradCam', model, 'conv', image); // the door (./checks)
  layersModel(model, 'gradCam', { inputs: 1, outputs: 1 });
  const names = convLayerNames(model);
  const layer = convLayer(
    model,
    options.layerName ?? names[names.length - 1] ?? '',
    'gradCam layerName',
  );
  const head = layersAfter(model, layer);
  const x = modelInputBatch(model, image, 'gradCam');
  const [, h, w, c] = x.shape;
  const convModel = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  const applyHead = (t: tf.Tensor) => head.reduce((y, l) => l.apply(y) as tf.Tensor, t);
  try {
    const probs = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    const classIndex = integerIn(
      options.classIndex ?? probs.indexOf(Math.max(...probs)),
      'gradCam classIndex',
      { min: 0, max: probs.length - 1 },
    );
    const cam = tf.tidy(() => {
      const a = convModel.predict(x) as tf.Tensor4D;
      const score = (t: tf.Tensor) => applyHead(t).slice([0, classIndex], [1, 1]).sum();
      const g = tf.grad(score)(a);
      const weights = g.mean([0, 1, 2]); // one weight per channel
      const map = a.mul(weights).sum(3).relu(); // [1, h', w']
      const max = map.max();
      const norm = map.div(tf.maximum(max, 1e-12)).expandDims(3) as tf.Tensor4D;
      return tf.image.resizeBilinear(norm, [h, w]).reshape([h, w]);
    });
    const flat = cam.dataSync();
    cam.dispose();
    const heatmap = Array.from({ length: h }, (_, r) =>
      Array.from(flat.subarray(r * w, (r + 1) * w)),
    );
    const name = options.classNames?.[classIndex] ?? `class ${classIndex}`;
    const picture = { data: x.dataSync() as Float32Array, shape: [h, w, c] };
    const figure = heatPanelsFigure([{ image: picture, map: heatmap }], {
      scale: 'sequential',
      range: [0, 1],
      overlay: true,
      alpha: options.alpha ?? 0.5,
      columns: GRADCAM_COLUMNS,
      label: GRADCAM_LABEL,
      title:
        options.title ??
        `Grad-CAM for ${name} (p = ${probs[classIndex].toFixed(3)}), layer ${layer.name}`,
    });
    return {
      classIndex,
      probability: probs[classIndex],
      heatmap,
      image: picture,
      layer: layer.name,
      figure,
    };
  } finally {
    x.dispose();
  }
}

/** Several Grad-CAM results in one figure, one row each, on the one 0..1 scale. */
export function gradCamFigure(
  results: GradCamResult[],
  options: { titles?: string[]; classNames?: string[]; title?: string; size?: number } = {},
): Figure {
  if (!Array.isArray(results) || results.length === 0)
    fail('gradCamFigure results', 'at least one gradCam() result', describe(results));
  if (options.titles)
    sameLength(options.titles.length, 'gradCamFigure titles', results.length, 'one per result');
  return heatPanelsFigure(
    results.map((r, i) => ({
      image: r.image,
      map: r.heatmap,
      title:
        options.titles?.[i] ??
        `${options.classNames?.[r.classIndex] ?? `class ${r.classIndex}`} (p = ${r.probability.toFixed(3)})`,
    })),
    {
      scale: 'sequential',
      range: [0, 1],
      overlay: true,
      columns: GRADCAM_COLUMNS,
      label: GRADCAM_LABEL,
      size: options.size,
      title: options.title ?? 'Grad-CAM of the predicted class',
    },
  );
}
