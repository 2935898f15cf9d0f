// Tutorial 003's create_cnn: a model from a list of short layer codes.
import { tf } from '../backend';
import { buildSequential, BuildOptions, LayerSpec } from './layerSpecs';
import { describe, fail, positiveInteger } from '../validate';

/**
 * One entry of a createCnn layer config, as tutorial 003 writes its tuples:
 * `['c', filters, kernelSize]` conv2d (same padding, relu) · `['m', poolSize]` max pooling ·
 * `['f']` (or `['f', null]`) flatten · `['d', units]` dense (softmax if last, else relu).
 */
export type LayerCode =
  | readonly ['c', number, number]
  | readonly ['m', number]
  | readonly ['f']
  | readonly ['f', null]
  | readonly ['d', number];

/** Builds a Sequential CNN from layer codes (tutorial 003's `create_cnn(layer_config, input_shape)`). */
export function createCnn(
  layerConfig: readonly LayerCode[],
  inputShape: readonly number[],
  options: BuildOptions = {},
): tf.Sequential {
  if (!Array.isArray(layerConfig) || layerConfig.length === 0)
    fail(
      'createCnn: layerConfig',
      'a non-empty array of layer codes',
      describe(layerConfig),
      'must-be',
    );
  if (
    !Array.isArray(inputShape) ||
    inputShape.length < 1 ||
    !inputShape.every((d) => Number.isInteger(d) && d > 0)
  )
    fail(
      'createCnn: inputShape',
      'positive integers like [32, 32, 3]',
      describe(inputShape),
      'must-be',
    );
  const specs = layerConfig.map((code, i) => specFor(code, i, i === layerConfig.length - 1));
  try {
    return buildSequential(specs, [...inputShape], { name: 'create_cnn', ...options });
  } catch (e) {
    // buildSequential names the layer index; add the config entry the user wrote.
    const m = /^layer (\d+)/.exec((e as Error).message);
    const entry = m ? ` (config entry ${m[1]}: ${JSON.stringify(layerConfig[Number(m[1])])})` : '';
    throw new Error(`createCnn: ${(e as Error).message}${entry}`);
  }
}

function specFor(code: LayerCode, index: number, last: boolean): LayerSpec {
  const where = `createCnn: layer config entry ${index} ${JSON.stringify(code)}`;
  if (!Array.isArray(code) || (code as readonly unknown[]).length === 0)
    fail(where, "a tuple like ['c', 32, 3]", describe(code));
  const positive = (k: number, what: string): number => {
    const v = code[k];
    if (v === undefined || v === null) throw new Error(`${where}: missing ${what}`);
    return positiveInteger(v, `${where}: ${what}`, 'must-be');
  };
  switch (code[0]) {
    case 'c':
      return {
        type: 'conv2d',
        filters: positive(1, 'filter count'),
        kernelSize: positive(2, 'kernel size'),
        padding: 'same',
        activation: 'relu',
      };
    case 'm':
      return { type: 'maxPooling2d', poolSize: positive(1, 'pool size') };
    case 'f':
      return { type: 'flatten' };
    case 'd':
      return {
        type: 'dense',
        units: positive(1, 'unit count'),
        activation: last ? 'softmax' : 'relu',
      };
    default:
      throw new Error(
        `${where}: unknown layer code ${JSON.stringify(code[0])} (expected 'c' conv, 'm' max pool, 'f' flatten or 'd' dense)`,
      );
  }
}
