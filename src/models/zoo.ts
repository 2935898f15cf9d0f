// The tutorials' architectures, layer for layer (Keras Sequential, channels-last).
import { tf } from '../backend';
import { buildSequential, BuildOptions, LayerSpec } from './layerSpecs';
import { createCnn } from './createCnn';
import { integerIn } from '../validate';

export interface ZooOptions extends BuildOptions {
  /** Output classes (10 for MNIST and CIFAR-10). */
  numClasses?: number;
}

const conv = (
  filters: number,
  kernelSize: number,
  padding: 'valid' | 'same' = 'valid',
  activation?: 'relu',
): LayerSpec => ({ type: 'conv2d', filters, kernelSize, padding, activation });
const pool = (poolSize = 2): LayerSpec => ({ type: 'maxPooling2d', poolSize });
const drop = (rate: number): LayerSpec => ({ type: 'dropout', rate });
const relu: LayerSpec = { type: 'activation', activation: 'relu' };
const softmax: LayerSpec = { type: 'activation', activation: 'softmax' };
const flatten: LayerSpec = { type: 'flatten' };
const dense = (units: number, activation?: 'relu' | 'softmax'): LayerSpec => ({
  type: 'dense',
  units,
  activation,
});

/** The output class count of the model built by `fn`: an integer >= 2. */
function classes(options: ZooOptions, fn: string): number {
  return integerIn(options.numClasses ?? 10, `${fn} numClasses`, { min: 2 }, 'expected-last');
}

/**
 * Tutorial 004 ("MLP vs CNN"): the MNIST multilayer perceptron,
 * Flatten(28x28) → Dense 512 relu → Dense 512 relu → Dense 10 softmax. 669,706 parameters.
 */
export function mnistMlp(options: ZooOptions = {}): tf.Sequential {
  return buildSequential(
    [
      flatten,
      dense(512, 'relu'),
      dense(512, 'relu'),
      dense(classes(options, 'mnistMlp'), 'softmax'),
    ],
    [28, 28],
    { name: 'mnist_mlp', ...options },
  );
}

/**
 * Tutorial 004: the MNIST CNN, Conv32(3x3 same) → Pool → Conv64(3x3 same) → Pool →
 * Flatten → Dense 64 relu → Dense 10 softmax, on 28x28x1 input. 220,234 parameters.
 */
export function mnistCnn(options: ZooOptions = {}): tf.Sequential {
  const specs = [
    conv(32, 3, 'same', 'relu'),
    pool(),
    conv(64, 3, 'same', 'relu'),
    pool(),
    flatten,
    dense(64, 'relu'),
    dense(classes(options, 'mnistCnn'), 'softmax'),
  ];
  return buildSequential(specs, [28, 28, 1], { name: 'mnist_cnn', ...options });
}

/**
 * Tutorial 004: the small CIFAR-10 CNN, Conv16-Pool-Conv32-Pool-Conv64-Pool (3x3, same, relu)
 * → Dropout .3 → Flatten → Dense 500 relu → Dropout .4 → Dense 10 softmax. 541,094 parameters.
 */
export function cifar10SmallCnn(options: ZooOptions = {}): tf.Sequential {
  const specs = [
    conv(16, 3, 'same', 'relu'),
    pool(),
    conv(32, 3, 'same', 'relu'),
    pool(),
    conv(64, 3, 'same', 'relu'),
    pool(),
    drop(0.3),
    flatten,
    dense(500, 'relu'),
    drop(0.4),
    dense(classes(options, 'cifar10SmallCnn'), 'softmax'),
  ];
  return buildSequential(specs, [32, 32, 3], { name: 'cifar10_small_cnn', ...options });
}

/**
 * Tutorial 000 ("Convolution neural networks made easy with keras"): the "basic model",
 * Conv32-Conv32-Pool-Drop.25-Conv64-Conv64-Pool-Drop.25-FC256-Drop.5-FC10 (3x3 valid convs,
 * separate ReLU/softmax Activation layers as in the tutorial). 477,994 parameters: the tutorial's
 * shape comments ("576 => 256") skip a 3x3 shrink, its code gives 5x5x64 = 1600 inputs to FC256.
 */
export function cifar10BasicModel(options: ZooOptions = {}): tf.Sequential {
  const specs = [
    conv(32, 3),
    relu,
    conv(32, 3),
    relu,
    pool(),
    drop(0.25),
    conv(64, 3),
    relu,
    conv(64, 3),
    relu,
    pool(),
    drop(0.25),
    flatten,
    dense(256),
    relu,
    drop(0.5),
    dense(classes(options, 'cifar10BasicModel')),
    softmax,
  ];
  return buildSequential(specs, [32, 32, 3], { name: 'cifar10_basic_model', ...options });
}

/**
 * Tutorial 001 ("Convolutional Neural Networks with keras"), Keras's classic cifar10_cnn example:
 * Conv32 same-Conv32-Pool-Drop.25-Conv64 same-Conv64-Pool-Drop.25-Dense512-Drop.5-Dense10 softmax.
 * 1,250,858 parameters.
 */
export function cifar10KerasCnn(options: ZooOptions = {}): tf.Sequential {
  const specs = [
    conv(32, 3, 'same'),
    relu,
    conv(32, 3),
    relu,
    pool(),
    drop(0.25),
    conv(64, 3, 'same'),
    relu,
    conv(64, 3),
    relu,
    pool(),
    drop(0.25),
    flatten,
    dense(512),
    relu,
    drop(0.5),
    dense(classes(options, 'cifar10KerasCnn')),
    softmax,
  ];
  return buildSequential(specs, [32, 32, 3], { name: 'cifar10_keras_cnn', ...options });
}

/** The layer configuration of tutorial 003's model, for createCnn. */
export const CIFAR10_VIS_CONFIG = [
  ['c', 64, 3],
  ['c', 64, 3],
  ['m', 2],
  ['c', 128, 3],
  ['m', 2],
  ['c', 128, 3],
  ['f'],
  ['d', 1024],
  ['d', 10],
] as const;

/**
 * Tutorial 003 ("Convolutional Neural Networks"): its Sequential CNN, Conv64-Conv64-Pool-Conv128-Pool-
 * Conv128 (3x3 same relu) → Flatten → Dense 1024 relu → Dense 10 softmax, built with createCnn. 8,660,042 parameters.
 */
export function cifar10VisModel(options: BuildOptions = {}): tf.Sequential {
  return createCnn(CIFAR10_VIS_CONFIG, [32, 32, 3], {
    ...options,
    name: options.name ?? 'cifar10_vis_model',
  });
}
