// The learner mistakes of the error catalogue: what a learner does wrong, in a line or two of
// the library's API, and the parts its message must name. Small real tensors and models
// (a 4-filter MNIST CNN, a 784-10 MLP), so the whole catalogue runs in seconds.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf } from '../../src/backend';
import { Images, loadCifar10, loadMnist, toCategorical } from '../../src/data';
import { buildSequential, createCnn, saveModel, type LayerCode } from '../../src/models';
import { adam } from '../../src/optimizers';
import {
  evaluate,
  fit,
  fitDataset,
  loadCheckpoint,
  ModelCheckpoint,
  predict,
  predictClasses,
} from '../../src/train';
import { activationMaximization, featureMaps, gradCam, occlusion } from '../../src/viz';
import { imageGrid } from '../../src/plot';

export type Area = 'data' | 'models' | 'training' | 'figures' | 'checkpoints';

export interface Mistake {
  area: Area;
  /** What the learner did. */
  mistake: string;
  /** Throws (or, with `warns`, prints a warning) saying what was wrong. */
  run: () => unknown;
  /** The argument, what was expected, what was found, the fix (where one exists). */
  says: { argument: RegExp; expected: RegExp; found: RegExp; fix?: RegExp };
  /** A warning, not an error: the call goes on. */
  warns?: boolean;
}

/** A 4-filter MNIST CNN ([28, 28, 1] -> 10, softmax), compiled for one-hot labels. */
export function mnistCnn(compile = true): tf.LayersModel {
  const m = createCnn([['c', 4, 3], ['m', 4], ['f'], ['d', 10]], [28, 28, 1], { seed: 1 });
  if (compile)
    m.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

/** A 784-10 MLP compiled for integer labels. */
function sparseMlp(): tf.LayersModel {
  const m = buildSequential([{ type: 'dense', units: 10, activation: 'softmax' }], [784], {
    seed: 1,
  });
  m.compile({ optimizer: adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

let mnist: ReturnType<typeof loadMnist> | null = null;
/** `n` real MNIST training images (uint8 Images [n, 28, 28, 1]) and their labels. */
export function digits(n: number): { images: Images; labels: Uint8Array } {
  mnist ??= loadMnist();
  return { images: mnist.xTrain.slice(0, n), labels: mnist.yTrain.subarray(0, n) };
}

/** `n` MNIST images as the float tensor [n, 28, 28, 1] in [0, 1], with one-hot labels. */
export function scaled(n: number): { x: tf.Tensor; y: tf.Tensor } {
  const { images, labels } = digits(n);
  return { x: images.toTensor({ scale: true }), y: toCategorical(labels, 10) };
}

/** Integer labels given to fit for a model compiled with categorical cross-entropy. */
function integerLabels(engine: 'graph' | 'eager'): Mistake {
  return {
    area: 'training',
    mistake: `fit with integer labels and categorical cross-entropy (${engine} engine)`,
    run: () => {
      const y = tf.tensor1d(Array.from(digits(32).labels));
      return fit(mnistCnn(), scaled(32).x, y, { verbose: 0, engine });
    },
    says: {
      argument: /fit: y/,
      expected: /one-hot labels \[32, 10\]/,
      found: /shape \[32\]/,
      fix: /toCategorical\(y, 10\)/,
    },
  };
}

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `mistake-${name}-`));

export const mistakes: Mistake[] = [
  // ─── data ───────────────────────────────────────────────────────────────────────────────
  {
    area: 'data',
    mistake: 'loadMnist from a folder that does not exist',
    run: () => loadMnist('/nowhere/mnist'),
    says: {
      argument: /loadMnist: dir/,
      expected: /the four MNIST files/,
      found: /\/nowhere\/mnist/,
      fix: /loadMnist\(\)/,
    },
  },
  {
    area: 'data',
    mistake: 'loadCifar10 from a folder that does not exist',
    run: () => loadCifar10('/nowhere/cifar'),
    says: {
      argument: /CIFAR-10|loadCifar10/,
      expected: /data_batch_1\.bin|batch files/,
      found: /\/nowhere\/cifar/,
    },
  },
  {
    area: 'data',
    mistake: 'toCategorical with a label as large as numClasses',
    run: () => toCategorical([0, 3, 10], 10),
    says: { argument: /toCategorical: labels/, expected: /below numClasses 10/, found: /10/ },
  },
  {
    area: 'data',
    mistake: 'toCategorical on labels that are one-hot already',
    run: () => toCategorical(toCategorical([1, 2], 10), 10),
    says: {
      argument: /toCategorical labels/,
      expected: /\[N\] or \[N, 1\]/,
      found: /shape \[2, 10\]/,
    },
  },
  // ─── models ─────────────────────────────────────────────────────────────────────────────
  {
    area: 'models',
    mistake: "createCnn with a typo'd layer code ('cv' for 'c')",
    run: () => createCnn([['cv', 8, 3] as unknown as LayerCode, ['f'], ['d', 10]], [28, 28, 1]),
    says: { argument: /createCnn: layer config entry 0/, expected: /'c'/, found: /cv/ },
  },
  {
    area: 'models',
    mistake: "buildSequential with a typo'd layer type ('conv2D')",
    run: () =>
      buildSequential(
        [{ type: 'conv2D', filters: 4, kernelSize: 3 } as never, { type: 'flatten' }],
        [28, 28, 1],
      ),
    says: {
      argument: /buildSequential: specs\[0\]\.type/,
      expected: /'conv2d'/,
      found: /'conv2D'/,
      fix: /Fix: 'conv2d'/,
    },
  },
  {
    area: 'models',
    mistake: "compile with Keras's loss name ('categorical_crossentropy')",
    run: () => mnistCnn(false).compile({ optimizer: adam(), loss: 'categorical_crossentropy' }),
    says: {
      argument: /compile: loss/,
      expected: /tf\.js loss name \('categoricalCrossentropy'/,
      found: /'categorical_crossentropy'/,
      fix: /Fix: 'categoricalCrossentropy' \(tf\.js spells Keras's names in camelCase\)/,
    },
  },
  {
    area: 'models',
    mistake: "compile with a typo'd metric ('acuracy')",
    run: () =>
      mnistCnn(false).compile({
        optimizer: adam(),
        loss: 'categoricalCrossentropy',
        metrics: ['acuracy'],
      }),
    says: {
      argument: /compile: metrics\[0\]/,
      expected: /tf\.js metric name \('accuracy'/,
      found: /'acuracy'/,
      fix: /Fix: 'accuracy'$/,
    },
  },
  {
    area: 'models',
    mistake: "compile with Keras's 'sparse_categorical_accuracy' metric",
    run: () =>
      mnistCnn(false).compile({
        optimizer: adam(),
        loss: 'sparseCategoricalCrossentropy',
        metrics: ['sparse_categorical_accuracy'],
      }),
    says: {
      argument: /compile: metrics\[0\]/,
      expected: /tf\.js metric name/,
      found: /'sparse_categorical_accuracy'/,
      fix: /Fix: 'accuracy' \(compile picks the sparse accuracy/,
    },
  },
  {
    area: 'models',
    mistake: "compile with a typo'd optimizer name ('adamm')",
    run: () => mnistCnn(false).compile({ optimizer: 'adamm', loss: 'categoricalCrossentropy' }),
    says: {
      argument: /compile: optimizer/,
      expected: /tf\.js optimizer name \('adam', 'sgd'/,
      found: /'adamm'/,
      fix: /Fix: 'adam'$/,
    },
  },
  // ─── training ───────────────────────────────────────────────────────────────────────────
  // The same mistake reads the same whichever engine would have run.
  ...(['graph', 'eager'] as const).map(integerLabels),
  {
    area: 'training',
    mistake: "fit with the loader's Uint8Array of labels",
    run: () => fit(mnistCnn(), scaled(8).x, digits(8).labels as never, { verbose: 0 }),
    says: {
      argument: /fit: y/,
      expected: /one-hot labels \[8, 10\]|tf\.Tensor/,
      found: /Uint8Array/,
      fix: /toCategorical\(y, 10\)/,
    },
  },
  {
    area: 'training',
    mistake: 'fit on MNIST without its channel axis ([n, 28, 28])',
    run: () => {
      const { x, y } = scaled(32);
      return fit(mnistCnn(), x.reshape([32, 28, 28]), y, { verbose: 0 });
    },
    says: {
      argument: /fit: x/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /\[32, 28, 28\]/,
      fix: /channel axis.*(reshape|expandDims)/,
    },
  },
  {
    area: 'training',
    mistake: 'fit a CNN on flattened images ([n, 784])',
    run: () => {
      const { x, y } = scaled(16);
      return fit(mnistCnn(), x.reshape([16, 784]), y, { verbose: 0 });
    },
    says: {
      argument: /fit: x/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /\[16, 784\]/,
      fix: /reshape\(\[-1, 28, 28, 1\]\)/,
    },
  },
  {
    area: 'training',
    mistake: 'fit an MNIST model on CIFAR-10-sized images',
    run: () =>
      fit(mnistCnn(), tf.zeros([4, 32, 32, 3]), toCategorical([0, 1, 2, 3], 10), {
        verbose: 0,
      }),
    says: {
      argument: /fit: x/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /\[4, 32, 32, 3\]/,
    },
  },
  {
    area: 'training',
    mistake: 'fit on uint8 Images of another size',
    run: () =>
      fit(
        mnistCnn(),
        new Images(new Uint8Array(2 * 32 * 32 * 3), [2, 32, 32, 3]),
        toCategorical([0, 1], 10),
        { verbose: 0 },
      ),
    says: {
      argument: /fit: x/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /32x32x3|\[2, 32, 32, 3\]/,
    },
  },
  {
    area: 'training',
    mistake: 'fit one-hot labels to sparse categorical cross-entropy',
    run: () =>
      fit(sparseMlp(), tf.zeros([4, 784]), toCategorical([0, 1, 2, 3], 10), { verbose: 0 }),
    says: {
      argument: /fit: y/,
      expected: /integer (class )?labels \[4\]/,
      found: /shape \[4, 10\]/,
      fix: /categoricalCrossentropy|argMax/,
    },
  },
  {
    area: 'training',
    mistake: 'fit with one-hot labels of the wrong number of classes',
    run: () => fit(mnistCnn(), scaled(4).x, toCategorical([0, 1, 2, 3], 5), { verbose: 0 }),
    says: {
      argument: /fit: y/,
      expected: /\[4, 10\]/,
      found: /shape \[4, 5\]/,
      fix: /toCategorical\(labels, 10\)/,
    },
  },
  {
    area: 'training',
    mistake: 'fit with x and y of different lengths',
    run: () => fit(mnistCnn(), scaled(8).x, scaled(6).y, { verbose: 0 }),
    says: { argument: /fit: (x|y)/, expected: /8/, found: /6/ },
  },
  {
    area: 'training',
    mistake: 'fit an uncompiled model',
    run: () => fit(mnistCnn(false), scaled(4).x, scaled(4).y, { verbose: 0 }),
    says: {
      argument: /fit: model/,
      expected: /compiled/,
      found: /not compiled|no optimizer/,
      fix: /model\.compile\(/,
    },
  },
  {
    area: 'training',
    mistake: 'fit with batchSize 0',
    run: () => fit(mnistCnn(), scaled(4).x, scaled(4).y, { verbose: 0, batchSize: 0 }),
    says: { argument: /fit: batchSize/, expected: /positive integer/, found: /found 0/ },
  },
  {
    area: 'training',
    mistake: 'fitDataset on batches without the channel axis',
    run: () => {
      const { x, y } = scaled(8);
      return fitDataset(mnistCnn(), [{ xs: x.reshape([8, 28, 28]), ys: y }], { verbose: 0 });
    },
    says: {
      argument: /fitDataset: (each batch's )?xs/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /\[8, 28, 28\]/,
      fix: /channel axis, xs\.reshape\(\[-1, 28, 28, 1\]\)/,
    },
  },
  {
    area: 'training',
    mistake: 'evaluate an uncompiled model',
    run: () => evaluate(mnistCnn(false), scaled(4).x, scaled(4).y),
    says: {
      argument: /evaluate: model/,
      expected: /compiled/,
      found: /not compiled|no loss/,
      fix: /model\.compile\(/,
    },
  },
  {
    area: 'training',
    mistake: 'evaluate with integer labels',
    run: () => evaluate(mnistCnn(), scaled(4).x, tf.tensor1d([1, 2, 3, 4])),
    says: {
      argument: /evaluate: y/,
      expected: /one-hot labels \[4, 10\]/,
      found: /shape \[4\]/,
      fix: /toCategorical\(y, 10\)/,
    },
  },
  {
    area: 'training',
    mistake: 'predict on MNIST without its channel axis',
    run: () => predict(mnistCnn(), scaled(4).x.reshape([4, 28, 28])),
    says: {
      argument: /predict: x/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /\[4, 28, 28\]/,
      fix: /channel axis/,
    },
  },
  {
    area: 'training',
    mistake: 'predictClasses on one image without the batch axis',
    run: () => predictClasses(mnistCnn(), scaled(1).x.reshape([28, 28, 1])),
    says: {
      argument: /predictClasses: x/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /\[28, 28, 1\]/,
      fix: /expandDims\(0\)/,
    },
  },
  {
    area: 'training',
    mistake: 'evaluate unscaled pixels (0-255) on a model trained on [0, 1]',
    warns: true,
    run: async () => {
      const model = mnistCnn();
      const { x, y } = scaled(8);
      await fit(model, x, y, { verbose: 0 });
      return evaluate(model, digits(8).images.toTensor(), y);
    },
    says: {
      argument: /evaluate: x/,
      expected: /\[0, 1\]/,
      found: /up to 255/,
      fix: /scale: true|\/ 255|scalePixels/,
    },
  },
  {
    area: 'training',
    mistake: 'fit with an engine name that does not exist',
    run: () => fit(mnistCnn(), scaled(4).x, scaled(4).y, { verbose: 0, engine: 'gpu' as never }),
    says: { argument: /fit: engine/, expected: /'auto', 'eager' or 'graph'/, found: /gpu/ },
  },
  {
    area: 'training',
    mistake: "fit with a typo'd engine name ('grpah')",
    run: () => fit(mnistCnn(), scaled(4).x, scaled(4).y, { verbose: 0, engine: 'grpah' as never }),
    says: {
      argument: /fit: engine/,
      expected: /'auto', 'eager' or 'graph'/,
      found: /'grpah'/,
      fix: /Fix: 'graph'/,
    },
  },
  {
    area: 'training',
    mistake: "fit with Keras's GPU policy name 'mixed_float16'",
    run: () =>
      fit(mnistCnn(), scaled(4).x, scaled(4).y, {
        verbose: 0,
        precision: 'mixed_float16' as never,
      }),
    says: {
      argument: /fit: precision/,
      expected: /'float32' or 'mixed_bfloat16'/,
      found: /'mixed_float16'/,
      fix: /Fix: 'mixed_bfloat16'/,
    },
  },
  // ─── figures ────────────────────────────────────────────────────────────────────────────
  {
    area: 'figures',
    mistake: "gradCam given the loader's uint8 Images",
    run: () => gradCam(mnistCnn(), digits(2).images as never),
    says: {
      argument: /gradCam: image/,
      expected: /one image/,
      found: /Images/,
      fix: /toTensor\(\{ scale: true \}\)/,
    },
  },
  {
    area: 'figures',
    mistake: 'occlusion given a batch of images',
    run: () => occlusion(mnistCnn(), scaled(3).x as tf.Tensor4D),
    says: {
      argument: /occlusion: image/,
      expected: /one image/,
      found: /3 images|batch of 3/,
      fix: /slice/,
    },
  },
  {
    area: 'figures',
    mistake: 'featureMaps given a CIFAR-10 image for an MNIST model',
    run: () => featureMaps(mnistCnn(), tf.zeros([32, 32, 3])),
    says: {
      argument: /featureMaps: image/,
      expected: /28, 28, 1\] \(the model's input\)/,
      found: /\[32, 32, 3\]/,
    },
  },
  {
    area: 'figures',
    mistake: "featureMaps with a typo'd layer name",
    run: () => featureMaps(mnistCnn(), scaled(1).x as tf.Tensor4D, { layers: ['conv_2d'] }),
    says: { argument: /featureMaps layers/, expected: /conv2d/, found: /conv_2d/ },
  },
  {
    area: 'figures',
    mistake: 'activationMaximization of an MLP (no conv layer)',
    run: () => activationMaximization(sparseMlp()),
    says: {
      argument: /activationMaximization: model/,
      expected: /images|Conv2D/,
      found: /\[batch, 784\]/,
    },
  },
  {
    area: 'figures',
    mistake: 'gradCam given an unscaled image (0-255) for a model trained on [0, 1]',
    warns: true,
    run: async () => {
      const model = mnistCnn();
      const { x, y } = scaled(8);
      await fit(model, x, y, { verbose: 0 });
      return gradCam(model, digits(1).images.toTensor().reshape([28, 28, 1]));
    },
    says: {
      argument: /gradCam: image/,
      expected: /\[0, 1\]/,
      found: /up to 255/,
      fix: /image\.div\(255\)/,
    },
  },
  {
    area: 'figures',
    mistake: 'imageGrid given flattened images ([n, 784])',
    run: () => imageGrid(tf.zeros([4, 784])),
    says: { argument: /imageGrid images/, expected: /\[n, h, w\]/, found: /\[4, 784\]/ },
  },
  // ─── checkpoints ────────────────────────────────────────────────────────────────────────
  {
    area: 'checkpoints',
    mistake: 'loadCheckpoint from a folder that does not exist',
    run: () => loadCheckpoint('/nowhere/checkpoint'),
    says: {
      argument: /loadCheckpoint: dir/,
      expected: /checkpoint/,
      found: /\/nowhere\/checkpoint.*(not found|does not exist)/,
    },
  },
  {
    area: 'checkpoints',
    mistake: 'loadCheckpoint from a plain saved model (not a checkpoint)',
    run: async () => {
      const dir = path.join(tmp('model'), 'saved');
      await saveModel(mnistCnn(), dir);
      return loadCheckpoint(dir);
    },
    says: {
      argument: /loadCheckpoint: dir/,
      expected: /training-state\.json/,
      found: /saved model/,
      fix: /loadModel\(/,
    },
  },
  {
    area: 'checkpoints',
    mistake: 'fit resuming a checkpoint with a different model',
    run: async () => {
      const dir = path.join(tmp('ckpt'), 'ckpt');
      const { x, y } = scaled(8);
      await fit(mnistCnn(), x, y, {
        verbose: 0,
        callbacks: [new ModelCheckpoint({ filepath: dir })],
      });
      const saved = await loadCheckpoint(dir);
      const other = createCnn([['c', 8, 3], ['m', 4], ['f'], ['d', 10]], [28, 28, 1]);
      other.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
      return fit(other, x, y, { verbose: 0, epochs: 2, resume: saved });
    },
    says: {
      argument: /fit: resume/,
      expected: /the model the checkpoint saved/,
      found: /another model|different/,
      fix: /fit\((saved|resume|checkpoint)\.model/,
    },
  },
];
