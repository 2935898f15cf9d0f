// FLOPs of the bench's models, from their layer shapes (issue #13: the physical limit of a case).
// A model is an input shape [H, W, C] and a list of layers; shapes are propagated through it and
// every Conv2D / Dense counts its multiply-adds:
//   Conv2D: H_out * W_out * k_h * k_w * C_in * filters     Dense: inputs * units
// Forward FLOPs = 2 * multiply-adds (one multiply, one add). Bias adds, ReLU, pooling, dropout,
// softmax and the loss are left out (under 1% here). One training step's FLOPs are taken as
// 3 * forward (forward; backward = the gradient of the inputs + of the weights, each about as
// much as the forward; this slightly over-counts the first layer, whose input gradient nobody
// needs), so an epoch is 3 * 2 * MACs * training samples.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A model as notebooks/reference/cases.json writes it: an input shape and layers such as
 * ['conv', filters, kernel, padding = 'valid', activation?], ['pool', size], ['flatten'],
 * ['dense', units, activation?], ['dropout', rate], ['relu'].
 * @typedef {{ input: [number, number, number], layers: (string | number)[][] }} ModelSpec
 */

const casesFile = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'notebooks',
  'reference',
  'cases.json',
);
const caseModels = JSON.parse(fs.readFileSync(casesFile, 'utf8')).models;

/**
 * @type {Record<string, ModelSpec>} The bench's models (004's mnistCnn and cifar10SmallCnn), taken
 * from cases.json, whose layers test/reference/cases.test.ts checks against the library's models.
 */
export const MODELS = { mnist: caseModels.mnist_cnn, cifar: caseModels.cifar10_small_cnn };

/**
 * Multiply-adds and trainable parameters of one sample's forward pass.
 * @param {ModelSpec} model
 * @returns {{ macs: number, params: number }}
 */
export function forwardCost(model) {
  let shape = [...model.input];
  let macs = 0;
  let params = 0;
  for (const [kind, size, kernel, padding = 'valid'] of model.layers) {
    if (kind === 'conv') {
      const [h, w, c] = shape;
      const out =
        padding === 'same' ? [h, w] : [h - kernel + 1, w - kernel + 1].map((d) => Math.max(d, 0));
      macs += out[0] * out[1] * kernel * kernel * c * size;
      params += kernel * kernel * c * size + size;
      shape = [out[0], out[1], size];
    } else if (kind === 'pool') {
      shape = [Math.floor(shape[0] / size), Math.floor(shape[1] / size), shape[2]];
    } else if (kind === 'flatten') {
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if (kind === 'dense') {
      if (shape.length !== 1) throw new Error('flops: Dense needs a Flatten before it');
      macs += shape[0] * size;
      params += shape[0] * size + size;
      shape = [size];
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
