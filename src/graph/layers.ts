// Translates a tf.Sequential's layers into TensorFlow graph ops (channels-last; training mode,
// or inference mode where Dropout is the identity).
// Supported: Conv2D, MaxPooling2D, Flatten, Dense, Dropout, Activation; anything else is
// rejected with an error naming the layer.
import { tf } from '../backend';
import { Attr, Feed, Output } from './addon';
import { GraphBuilder } from './builder';
import { GraphEngineUnsupported } from './unsupported';

/** A model weight as a graph resource variable. */
export interface GraphVariable {
  layer: string;
  weight: tf.LayerVariable;
  handle: Output;
  read: Output;
  trainable: boolean;
}

export interface Forward {
  x: Output;
  output: Output;
  variables: GraphVariable[];
}

const SUPPORTED = 'Conv2D, MaxPooling2D, Flatten, Dense, Dropout, Activation';
const F32: Attr = ['T', 'type', 'float32'];
type Config = Record<string, unknown>;

function unsupported(layer: tf.layers.Layer, what: string): GraphEngineUnsupported {
  return new GraphEngineUnsupported(`layer '${layer.name}' (${layer.getClassName()}): ${what}`);
}

function pair(layer: tf.layers.Layer, key: string, v: unknown): [number, number] {
  const p = Array.isArray(v) ? v : [v, v];
  if (p.length !== 2 || !p.every((n) => Number.isInteger(n) && n > 0))
    throw unsupported(
      layer,
      `${key} must be one or two positive integers, found ${JSON.stringify(v)}`,
    );
  return [p[0], p[1]];
}

function padding(layer: tf.layers.Layer, c: Config): Attr {
  const p = c.padding as string;
  if (p !== 'valid' && p !== 'same')
    throw unsupported(layer, `padding must be 'valid' or 'same', found '${p}'`);
  return ['padding', 'string', p.toUpperCase()];
}

function channelsLast(layer: tf.layers.Layer, c: Config): void {
  if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast')
    throw unsupported(layer, `dataFormat must be 'channelsLast', found '${c.dataFormat}'`);
}

function activation(b: GraphBuilder, layer: tf.layers.Layer, name: unknown, x: Output): Output {
  switch (name ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return b.f('Relu', `${layer.name}/relu`, x);
    case 'softmax':
      return b.f('Softmax', `${layer.name}/softmax`, x);
    case 'sigmoid':
      return b.f('Sigmoid', `${layer.name}/sigmoid`, x);
    case 'tanh':
      return b.f('Tanh', `${layer.name}/tanh`, x);
    default:
      throw unsupported(
        layer,
        `activation '${String(name)}' is not supported (relu, softmax, sigmoid, tanh, linear)`,
      );
  }
}

/** The weights of a layer as variables, in layer.weights order ([kernel, bias]). */
function variables(b: GraphBuilder, layer: tf.layers.Layer, out: GraphVariable[]): Output[] {
  if (layer.nonTrainableWeights.length && layer.trainable)
    throw unsupported(layer, 'non-trainable weights are not supported');
  return layer.weights.map((w) => {
    const v = b.variable(w.name.replace(/:\d+$/, ''), w.shape as number[]);
    out.push({ layer: layer.name, weight: w, ...v, trainable: layer.trainable && w.trainable });
    return v.read;
  });
}

function biasAdd(
  b: GraphBuilder,
  layer: tf.layers.Layer,
  x: Output,
  bias: Output | undefined,
): Output {
  return bias
    ? b.op('BiasAdd', `${layer.name}/bias_add`, [x, bias], [F32, ['data_format', 'string', 'NHWC']])
    : x;
}

function checkDropout(layer: tf.layers.Layer, c: Config): number {
  const rate = c.rate as number;
  if (!(rate >= 0 && rate < 1)) throw unsupported(layer, `rate must be in [0, 1), found ${rate}`);
  if (c.noiseShape != null) throw unsupported(layer, 'noiseShape is not supported');
  return rate;
}

/** Dropout in training mode, Keras's way: x * (u >= rate) / (1 - rate), u ~ U[0, 1), seeded. */
function dropout(
  b: GraphBuilder,
  layer: tf.layers.Layer,
  c: Config,
  x: Output,
  seed: number,
): Output {
  const rate = checkDropout(layer, c);
  if (rate === 0) return x;
  const shape = b.op('Shape', `${layer.name}/shape`, [x], [F32, ['out_type', 'type', 'int32']]);
  const u = b.op(
    'RandomUniform',
    `${layer.name}/uniform`,
    [shape],
    [
      ['dtype', 'type', 'float32'],
      ['T', 'type', 'int32'],
      ['seed', 'int', seed],
      ['seed2', 'int', seed + 1],
    ],
  );
  const keep = b.op(
    'GreaterEqual',
    `${layer.name}/keep`,
    [u, b.scalar(rate, `${layer.name}/rate`)],
    [F32],
  );
  const mask = b.op(
    'Cast',
    `${layer.name}/mask`,
    [keep],
    [
      ['SrcT', 'type', 'bool'],
      ['DstT', 'type', 'float32'],
    ],
  );
  const scaled = b.f(
    'Mul',
    `${layer.name}/scale`,
    x,
    b.scalar(1 / (1 - rate), `${layer.name}/inv_keep`),
  );
  return b.f('Mul', `${layer.name}/dropped`, scaled, mask);
}

export interface ForwardOptions {
  /** Training mode (dropout active, the default) or inference mode (dropout is the identity). */
  training?: boolean;
  /**
   * The dtype fed as x (default float32). uint8 and int32 inputs are cast to float32 inside
   * the graph, so a batch of pixels crosses into TensorFlow as bytes.
   */
  inputDtype?: 'float32' | 'uint8' | 'int32';
  /** x is divided by this inside the graph (255 scales pixels to [0, 1], as toTensor({ scale: true })); default none. */
  inputDivisor?: number;
}

/** The input placeholder, then its cast to float32 and its scaling when asked for. */
function input(b: GraphBuilder, shape: number[], options: ForwardOptions): [Output, Output] {
  const dtype = options.inputDtype ?? 'float32';
  const x = b.op(
    'Placeholder',
    'x',
    [],
    [
      ['dtype', 'type', dtype],
      ['shape', 'shape', [-1, ...shape]],
    ],
  );
  let h = x;
  if (dtype !== 'float32')
    h = b.op(
      'Cast',
      'x/float',
      [x],
      [
        ['SrcT', 'type', dtype],
        ['DstT', 'type', 'float32'],
      ],
    );
  const divisor = options.inputDivisor;
  if (divisor !== undefined) {
    if (!(Number.isFinite(divisor) && divisor > 0))
      throw new Error(`graph engine: inputDivisor must be a positive number, found ${divisor}`);
    if (divisor !== 1) h = b.f('RealDiv', 'x/scaled', h, b.scalar(divisor, 'x/divisor'));
  }
  return [x, h];
}

/**
 * Adds the model's forward pass on a [batch, ...inputShape] placeholder (float32 unless
 * `options.inputDtype` says otherwise); training mode unless `options.training` is false.
 */
export function buildForward(
  b: GraphBuilder,
  model: tf.Sequential,
  seed: number,
  options: ForwardOptions = {},
): Forward {
  const training = options.training ?? true;
  if (!(model instanceof tf.Sequential))
    throw new GraphEngineUnsupported(
      `a tf.Sequential expected, found ${(model as object)?.constructor?.name ?? typeof model}`,
    );
  const inputShape = model.inputs[0].shape.slice(1);
  if (inputShape.some((d) => d == null))
    throw new GraphEngineUnsupported(
      `the input shape must be fully known, found [${inputShape.join(', ')}]`,
    );
  const [x, scaled] = input(b, inputShape as number[], options);
  const vars: GraphVariable[] = [];
  let h = scaled;
  model.layers.forEach((layer, i) => {
    const c = layer.getConfig() as Config;
    switch (layer.getClassName()) {
      case 'InputLayer':
        return;
      case 'Conv2D': {
        channelsLast(layer, c);
        if (pair(layer, 'dilationRate', c.dilationRate ?? 1).some((d) => d !== 1))
          throw unsupported(layer, 'dilationRate must be 1');
        const [kernel, bias] = variables(b, layer, vars);
        const [sh, sw] = pair(layer, 'strides', c.strides ?? 1);
        const conv = b.op(
          'Conv2D',
          `${layer.name}/conv`,
          [h, kernel],
          [
            F32,
            ['strides', 'ints', [1, sh, sw, 1]],
            padding(layer, c),
            ['data_format', 'string', 'NHWC'],
          ],
        );
        h = activation(b, layer, c.activation, biasAdd(b, layer, conv, bias));
        return;
      }
      case 'MaxPooling2D': {
        channelsLast(layer, c);
        const [ph, pw] = pair(layer, 'poolSize', c.poolSize);
        const [sh, sw] = pair(layer, 'strides', c.strides ?? c.poolSize);
        h = b.op(
          'MaxPool',
          `${layer.name}/max_pool`,
          [h],
          [
            F32,
            ['ksize', 'ints', [1, ph, pw, 1]],
            ['strides', 'ints', [1, sh, sw, 1]],
            padding(layer, c),
            ['data_format', 'string', 'NHWC'],
          ],
        );
        return;
      }
      case 'Flatten': {
        const size = (layer.outputShape as number[])[1];
        h = b.op(
          'Reshape',
          `${layer.name}/reshape`,
          [h, b.ints([-1, size], `${layer.name}/shape`)],
          [F32, ['Tshape', 'type', 'int32']],
        );
        return;
      }
      case 'Dense': {
        const inShape = (layer.input as tf.SymbolicTensor).shape;
        if (inShape.length !== 2)
          throw unsupported(layer, `a 2-D input expected, found [${inShape.join(', ')}]`);
        const [kernel, bias] = variables(b, layer, vars);
        const mm = b.op(
          'MatMul',
          `${layer.name}/matmul`,
          [h, kernel],
          [F32, ['transpose_a', 'bool', false], ['transpose_b', 'bool', false]],
        );
        h = activation(b, layer, c.activation, biasAdd(b, layer, mm, bias));
        return;
      }
      case 'Dropout':
        if (training) h = dropout(b, layer, c, h, seed + 2 * i);
        else checkDropout(layer, c);
        return;
      case 'Activation':
        h = activation(b, layer, c.activation, h);
        return;
      default:
        throw unsupported(layer, `not supported by the graph engine (${SUPPORTED})`);
    }
  });
  return { x, output: h, variables: vars };
}

/**
 * One placeholder and assign per variable, grouped: `target` loads the tfjs model's current
 * weights (`feeds()` reads them) into the graph's variables.
 */
export function weightLoader(
  b: GraphBuilder,
  vars: GraphVariable[],
): { target: string; feeds(): Feed[] } {
  const inits = vars.map((v) => ({
    v,
    value: b.placeholder(`${v.handle[0]}/init_value`, v.weight.shape as number[]),
  }));
  const target = b.group(
    'init_weights',
    inits.map(({ v, value }) => b.assign(v.handle, value)),
  );
  return {
    target,
    feeds: () =>
      inits.map(({ v, value }) => [
        value,
        'float32',
        v.weight.shape as number[],
        v.weight.read().dataSync() as Float32Array,
      ]),
  };
}
