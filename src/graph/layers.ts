// Translates a tf.Sequential's layers into TensorFlow graph ops (channels-last; training mode,
// or inference mode where Dropout is the identity). With compute 'bfloat16' (Keras's
// mixed_bfloat16 policy) the layers compute in bf16 from float32 variables cast at each read,
// softmax and the output are float32 (so the loss is too), and the gradients come back to the
// variables as float32 through the casts' gradients.
// Supported: Conv2D, MaxPooling2D, Flatten, Dense, Dropout, Activation; anything else is
// rejected with an error naming the layer.
import { tf } from '../backend';
import { Attr, DType, Feed, Output } from './addon';
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
/** The dtype a layer computes in. */
type Compute = 'float32' | 'bfloat16';
const T = (dt: Compute): Attr => ['T', 'type', dt];
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

/** A tensor being built and its dtype. */
interface Typed {
  out: Output;
  dt: Compute;
}

function cast(b: GraphBuilder, x: Typed, to: Compute, prefix: string): Typed {
  if (x.dt === to) return x;
  const attrs: Attr[] = [
    ['SrcT', 'type', x.dt as DType],
    ['DstT', 'type', to],
  ];
  return { out: b.op('Cast', prefix, [x.out], attrs), dt: to };
}

/** The activation; softmax always in float32 (as Keras's mixed policy wants it). */
function activation(b: GraphBuilder, layer: tf.layers.Layer, name: unknown, x: Typed): Typed {
  const op = (type: string, suffix: string, h = x) => ({
    out: b.op(type, `${layer.name}/${suffix}`, [h.out], [T(h.dt)]),
    dt: h.dt,
  });
  switch (name ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return op('Relu', 'relu');
    case 'softmax':
      return op('Softmax', 'softmax', cast(b, x, 'float32', `${layer.name}/to_float32`));
    case 'sigmoid':
      return op('Sigmoid', 'sigmoid');
    case 'tanh':
      return op('Tanh', 'tanh');
    default:
      throw unsupported(
        layer,
        `activation '${String(name)}' is not supported (relu, softmax, sigmoid, tanh, linear)`,
      );
  }
}

/**
 * The weights of a layer as (float32) variables, in layer.weights order ([kernel, bias]); the
 * values returned are their reads cast to `dt`.
 */
function variables(
  b: GraphBuilder,
  layer: tf.layers.Layer,
  out: GraphVariable[],
  dt: Compute,
): Output[] {
  if (layer.nonTrainableWeights.length && layer.trainable)
    throw unsupported(layer, 'non-trainable weights are not supported');
  return layer.weights.map((w) => {
    const v = b.variable(w.name.replace(/:\d+$/, ''), w.shape as number[]);
    out.push({ layer: layer.name, weight: w, ...v, trainable: layer.trainable && w.trainable });
    return cast(b, { out: v.read, dt: 'float32' }, dt, `${v.handle[0]}/${dt}`).out;
  });
}

function biasAdd(
  b: GraphBuilder,
  layer: tf.layers.Layer,
  x: Typed,
  bias: Output | undefined,
): Typed {
  if (!bias) return x;
  const attrs: Attr[] = [T(x.dt), ['data_format', 'string', 'NHWC']];
  return { out: b.op('BiasAdd', `${layer.name}/bias_add`, [x.out, bias], attrs), dt: x.dt };
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
  x: Typed,
  seed: number,
): Typed {
  const rate = checkDropout(layer, c);
  if (rate === 0) return x;
  const shape = b.op(
    'Shape',
    `${layer.name}/shape`,
    [x.out],
    [T(x.dt), ['out_type', 'type', 'int32']],
  );
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
    [T('float32')],
  );
  const mask = b.op(
    'Cast',
    `${layer.name}/mask`,
    [keep],
    [
      ['SrcT', 'type', 'bool'],
      ['DstT', 'type', x.dt],
    ],
  );
  const invKeep = { out: b.scalar(1 / (1 - rate), `${layer.name}/inv_keep`), dt: 'float32' };
  const mul = (suffix: string, p: Output, q: Output) =>
    b.op('Mul', `${layer.name}/${suffix}`, [p, q], [T(x.dt)]);
  const scaled = mul(
    'scale',
    x.out,
    cast(b, invKeep as Typed, x.dt, `${layer.name}/inv_keep_dt`).out,
  );
  return { out: mul('dropped', scaled, mask), dt: x.dt };
}

/**
 * How a Conv2D computes. TensorFlow 2.21's oneDNN bf16 convolution reads memory it never wrote
 * when the input channels are odd (bf16 products come in pairs): with 1 (MNIST) or 3 input
 * channels the first convolution's results differed from process to process and its filter
 * gradient turned into NaN in about 1 process of 3 (issue #13: 2 of 5 processes with 1
 * channel, 1 of 4 with 3; 0 of 4 with 2). So an odd channel count is padded with a zero
 * channel (input and kernel; the kernel's gradient is sliced back by Pad's gradient), and a
 * layer with odd filters computes in float32.
 */
function convCompute(
  layer: tf.layers.Layer,
  c: Config,
  compute: Compute,
): { dt: Compute; padChannel: boolean } {
  const inChannels = Number((layer.input as tf.SymbolicTensor).shape[3]);
  if (compute === 'float32' || Number(c.filters) % 2 !== 0)
    return { dt: 'float32', padChannel: false };
  return { dt: compute, padChannel: inChannels % 2 !== 0 };
}

/** x with one zero appended along `axis` of its 4 dimensions. */
function padOne(b: GraphBuilder, prefix: string, x: Output, axis: number, dt: Compute): Output {
  const paddings = new Int32Array(8);
  paddings[2 * axis + 1] = 1;
  const p = b.op(
    'Const',
    `${prefix}/paddings`,
    [],
    [
      ['dtype', 'type', 'int32'],
      ['value', 'tensor', ['int32', [4, 2], paddings]],
    ],
  );
  return b.op('Pad', prefix, [x, p], [T(dt), ['Tpaddings', 'type', 'int32']]);
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
  /**
   * The layers' compute dtype: 'bfloat16' is Keras's mixed_bfloat16 policy (variables stay
   * float32, softmax and the output are float32). Default 'float32'.
   */
  compute?: Compute;
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
  const compute = options.compute ?? 'float32';
  if (compute !== 'float32' && compute !== 'bfloat16')
    throw new Error(
      `graph engine: compute must be 'float32' or 'bfloat16', found ${JSON.stringify(compute)}`,
    );
  const vars: GraphVariable[] = [];
  let h: Typed = { out: scaled, dt: 'float32' };
  /** h in the compute dtype (a cast where softmax left it float32). */
  const inCompute = (prefix: string, dt: Compute) => (h = cast(b, h, dt, `${prefix}/${dt}`)).out;
  model.layers.forEach((layer, i) => {
    const c = layer.getConfig() as Config;
    switch (layer.getClassName()) {
      case 'InputLayer':
        return;
      case 'Conv2D': {
        channelsLast(layer, c);
        if (pair(layer, 'dilationRate', c.dilationRate ?? 1).some((d) => d !== 1))
          throw unsupported(layer, 'dilationRate must be 1');
        const { dt, padChannel } = convCompute(layer, c, compute);
        const [kernel, bias] = variables(b, layer, vars, dt);
        const [sh, sw] = pair(layer, 'strides', c.strides ?? 1);
        const pad = (x: Output, axis: number, what: string) =>
          padChannel ? padOne(b, `${layer.name}/${what}_even`, x, axis, dt) : x;
        const conv = b.op(
          'Conv2D',
          `${layer.name}/conv`,
          [pad(inCompute(layer.name, dt), 3, 'input'), pad(kernel, 2, 'kernel')],
          [
            T(dt),
            ['strides', 'ints', [1, sh, sw, 1]],
            padding(layer, c),
            ['data_format', 'string', 'NHWC'],
          ],
        );
        h = activation(b, layer, c.activation, biasAdd(b, layer, { out: conv, dt }, bias));
        return;
      }
      case 'MaxPooling2D': {
        channelsLast(layer, c);
        const [ph, pw] = pair(layer, 'poolSize', c.poolSize);
        const [sh, sw] = pair(layer, 'strides', c.strides ?? c.poolSize);
        const out = b.op(
          'MaxPool',
          `${layer.name}/max_pool`,
          [h.out],
          [
            T(h.dt),
            ['ksize', 'ints', [1, ph, pw, 1]],
            ['strides', 'ints', [1, sh, sw, 1]],
            padding(layer, c),
            ['data_format', 'string', 'NHWC'],
          ],
        );
        h = { out, dt: h.dt };
        return;
      }
      case 'Flatten': {
        const size = (layer.outputShape as number[])[1];
        const out = b.op(
          'Reshape',
          `${layer.name}/reshape`,
          [h.out, b.ints([-1, size], `${layer.name}/shape`)],
          [T(h.dt), ['Tshape', 'type', 'int32']],
        );
        h = { out, dt: h.dt };
        return;
      }
      case 'Dense': {
        const inShape = (layer.input as tf.SymbolicTensor).shape;
        if (inShape.length !== 2)
          throw unsupported(layer, `a 2-D input expected, found [${inShape.join(', ')}]`);
        const [kernel, bias] = variables(b, layer, vars, compute);
        const mm = b.op(
          'MatMul',
          `${layer.name}/matmul`,
          [inCompute(layer.name, compute), kernel],
          [T(compute), ['transpose_a', 'bool', false], ['transpose_b', 'bool', false]],
        );
        h = activation(b, layer, c.activation, biasAdd(b, layer, { out: mm, dt: compute }, bias));
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
  // The model's output (and so the loss) is float32, whatever the layers computed in.
  return { x, output: cast(b, h, 'float32', 'output/float32').out, variables: vars };
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
