// FLOPs of the bench's models, from their layer shapes (issue #13: the physical limit of a case).
// A model is an input shape [H, W, C] and a list of layers; shapes are propagated through it and
// every Conv2D / Dense counts its multiply-adds:
//   Conv2D: H_out * W_out * k_h * k_w * C_in * filters     Dense: inputs * units
// Forward FLOPs = 2 * multiply-adds (one multiply, one add). Bias adds, ReLU, pooling, dropout,
// softmax and the loss are left out (under 1% here). One training step's FLOPs are taken as
// 3 * forward (forward; backward = the gradient of the inputs + of the weights, each about as
// much as the forward; this slightly over-counts the first layer, whose input gradient nobody
// needs), so an epoch is 3 * 2 * MACs * training samples.

/** @typedef {{ conv: number, kernel: number, padding?: 'same' | 'valid' } | { pool: number } | { dense: number } | { flatten: true } | { dropout: number }} Layer */
/** @typedef {{ input: [number, number, number], layers: Layer[] }} ModelSpec */

/** @type {Record<string, ModelSpec>} The tutorials' models (004), as src/models builds them. */
export const MODELS = {
  // mnistCnn: Conv32-Pool-Conv64-Pool-Dense64-Dense10
  mnist: {
    input: [28, 28, 1],
    layers: [
      { conv: 32, kernel: 3, padding: 'same' },
      { pool: 2 },
      { conv: 64, kernel: 3, padding: 'same' },
      { pool: 2 },
      { flatten: true },
      { dense: 64 },
      { dense: 10 },
    ],
  },
  // cifar10SmallCnn: Conv16-Pool-Conv32-Pool-Conv64-Pool-Drop.3-Dense500-Drop.4-Dense10
  cifar: {
    input: [32, 32, 3],
    layers: [
      { conv: 16, kernel: 3, padding: 'same' },
      { pool: 2 },
      { conv: 32, kernel: 3, padding: 'same' },
      { pool: 2 },
      { conv: 64, kernel: 3, padding: 'same' },
      { pool: 2 },
      { dropout: 0.3 },
      { flatten: true },
      { dense: 500 },
      { dropout: 0.4 },
      { dense: 10 },
    ],
  },
};

/**
 * Multiply-adds and trainable parameters of one sample's forward pass.
 * @param {ModelSpec} model
 * @returns {{ macs: number, params: number }}
 */
export function forwardCost(model) {
  let shape = [...model.input];
  let macs = 0;
  let params = 0;
  for (const layer of model.layers) {
    if ('conv' in layer) {
      const [h, w, c] = shape;
      const k = layer.kernel;
      const out =
        layer.padding === 'same' ? [h, w] : [h - k + 1, w - k + 1].map((d) => Math.max(d, 0));
      macs += out[0] * out[1] * k * k * c * layer.conv;
      params += k * k * c * layer.conv + layer.conv;
      shape = [out[0], out[1], layer.conv];
    } else if ('pool' in layer) {
      shape = [Math.floor(shape[0] / layer.pool), Math.floor(shape[1] / layer.pool), shape[2]];
    } else if ('flatten' in layer) {
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if ('dense' in layer) {
      if (shape.length !== 1) throw new Error('flops: Dense needs a Flatten before it');
      macs += shape[0] * layer.dense;
      params += shape[0] * layer.dense + layer.dense;
      shape = [layer.dense];
    }
  }
  return { macs, params };
}

/** The formula the bench prints beside the limit. */
export const TRAINING_FLOPS_FORMULA =
  'training FLOPs = 3 (forward + backward) x 2 x multiply-adds of Conv2D/Dense x samples';

/**
 * FLOPs of training `samples` samples once (one epoch when samples is the training set).
 * @param {ModelSpec} model
 * @param {number} samples
 */
export function trainingFlops(model, samples) {
  return 3 * 2 * forwardCost(model).macs * samples;
}
