// A Sequential model as plain data: the zoo and createCnn describe layers with
// these specs, so shape checking and building live in one place.
import { tf } from '../backend';
import { oneOf } from '../validate';

const LAYER_TYPES = [
  'conv2d',
  'dense',
  'maxPooling2d',
  'dropout',
  'flatten',
  'activation',
] as const;

export type Activation = 'relu' | 'softmax' | 'linear' | 'sigmoid' | 'tanh';

export type LayerSpec =
  | {
      type: 'conv2d';
      filters: number;
      kernelSize: number;
      padding?: 'valid' | 'same';
      activation?: Activation;
    }
  | { type: 'maxPooling2d'; poolSize: number }
  | { type: 'dropout'; rate: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation?: Activation }
  | { type: 'activation'; activation: Activation };

export interface BuildOptions {
  /** Seeds the kernel initializers (Glorot-uniform, as Keras, with or without a seed): same seed, same initial weights. */
  seed?: number;
  /** The model's name, shown by summary(). */
  name?: string;
}

/** Output shape (without the batch axis) after `spec`, or throws naming the problem. */
export function outputShapeOf(spec: LayerSpec, input: number[]): number[] {
  switch (spec.type) {
    case 'conv2d': {
      if (input.length !== 3)
        throw new Error(
          `conv2d needs a (height, width, channels) input, found (${input.join(', ')})`,
        );
      const [h, w] = input;
      if (spec.kernelSize > h || spec.kernelSize > w)
        throw new Error(
          `conv2d kernel ${spec.kernelSize}x${spec.kernelSize} is bigger than its ${h}x${w} input`,
        );
      const same = spec.padding === 'same';
      return [same ? h : h - spec.kernelSize + 1, same ? w : w - spec.kernelSize + 1, spec.filters];
    }
    case 'maxPooling2d': {
      if (input.length !== 3)
        throw new Error(
          `max pooling needs a (height, width, channels) input, found (${input.join(', ')})`,
        );
      const [h, w, c] = input;
      const oh = Math.floor(h / spec.poolSize);
      const ow = Math.floor(w / spec.poolSize);
      if (oh < 1 || ow < 1)
        throw new Error(
          `max pooling ${spec.poolSize}x${spec.poolSize} on a ${h}x${w} input leaves ${oh}x${ow} (below 1x1)`,
        );
      return [oh, ow, c];
    }
    case 'flatten':
      return [input.reduce((a, b) => a * b, 1)];
    case 'dense':
      if (input.length !== 1)
        throw new Error(
          `dense needs a flat input (add a flatten first), found (${input.join(', ')})`,
        );
      return [spec.units];
    case 'dropout':
    case 'activation':
      return input;
  }
}

/** Checks every spec's shapes, then builds a Keras-like Sequential model (channels-last). */
export function buildSequential(
  specs: LayerSpec[],
  inputShape: number[],
  options: BuildOptions = {},
): tf.Sequential {
  let shape = inputShape;
  specs.forEach((spec, i) => {
    oneOf(spec?.type, `buildSequential: specs[${i}].type`, LAYER_TYPES, 'must-be'); // the door
    try {
      shape = outputShapeOf(spec, shape);
    } catch (e) {
      throw new Error(`layer ${i} (${spec.type}): ${(e as Error).message}`);
    }
  });
  const model = tf.sequential(options.name ? { name: options.name } : {});
  const names = layerNamer();
  specs.forEach((spec, i) => {
    const first = i === 0 ? { inputShape } : {};
    // Glorot-uniform as Keras, seeded or not: tfjs's own default for conv2d and dense is
    // Glorot-normal, which a Keras reference never uses.
    const init = {
      kernelInitializer: tf.initializers.glorotUniform(
        options.seed === undefined ? {} : { seed: options.seed + i },
      ),
    };
    model.add(makeLayer(spec, { ...first, ...init, name: names(spec.type) }));
  });
  return model;
}

type Common = {
  inputShape?: number[];
  name: string;
  kernelInitializer?: ReturnType<typeof tf.initializers.glorotUniform>;
};

function makeLayer(spec: LayerSpec, common: Common): tf.layers.Layer {
  // Layers without weights take no initializer.
  const { kernelInitializer: _unused, ...plain } = common;
  switch (spec.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...common,
        filters: spec.filters,
        kernelSize: spec.kernelSize,
        padding: spec.padding ?? 'valid',
        activation: spec.activation,
      });
    case 'dense':
      return tf.layers.dense({ ...common, units: spec.units, activation: spec.activation });
    case 'maxPooling2d':
      return tf.layers.maxPooling2d({ ...plain, poolSize: spec.poolSize });
    case 'dropout':
      // Not seeded on purpose: a seeded tfjs Dropout draws the same mask every batch.
      return tf.layers.dropout({ ...plain, rate: spec.rate });
    case 'flatten':
      return tf.layers.flatten(plain);
    case 'activation':
      return tf.layers.activation({ ...plain, activation: spec.activation });
  }
}

// Keras's per-type names (conv2d, conv2d_1, ...), counted per model so a summary
// reads the same however many models the notebook has built before.
function layerNamer(): (type: LayerSpec['type']) => string {
  const base: Record<LayerSpec['type'], string> = {
    conv2d: 'conv2d',
    maxPooling2d: 'max_pooling2d',
    dropout: 'dropout',
    flatten: 'flatten',
    dense: 'dense',
    activation: 'activation',
  };
  const counts = new Map<string, number>();
  return (type) => {
    const n = counts.get(type) ?? 0;
    counts.set(type, n + 1);
    return n === 0 ? base[type] : `${base[type]}_${n}`;
  };
}
