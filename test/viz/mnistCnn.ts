// A small seeded CNN trained for a few seconds on the first real MNIST training digits: the
// model the "looking inside" tests explain. Layer names c1, c2 (conv), hidden (dense).
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { loadMnist } from '../../src/data';

export interface MnistCnnSpec {
  /** Filters of c1 and c2. */
  filters: [number, number];
  /** c2's padding (default 'valid'). */
  padding?: 'valid' | 'same';
  /** Pool after c2 too (default false). */
  secondPool?: boolean;
  /** Units of the hidden dense layer (default: none, flatten straight into the softmax). */
  hidden?: number;
}

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** The untrained model: the same weights for the same spec, every time. */
export function buildMnistCnn(spec: MnistCnnSpec): tf.Sequential {
  const layers: tf.layers.Layer[] = [
    tf.layers.conv2d({
      name: 'c1',
      inputShape: [28, 28, 1],
      filters: spec.filters[0],
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(1),
    }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({
      name: 'c2',
      filters: spec.filters[1],
      kernelSize: 3,
      padding: spec.padding ?? 'valid',
      activation: 'relu',
      kernelInitializer: init(2),
    }),
  ];
  if (spec.secondPool) layers.push(tf.layers.maxPooling2d({ poolSize: 2 }));
  layers.push(tf.layers.flatten());
  if (spec.hidden)
    layers.push(
      tf.layers.dense({
        name: 'hidden',
        units: spec.hidden,
        activation: 'relu',
        kernelInitializer: init(3),
      }),
    );
  layers.push(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }));
  return tf.sequential({ layers });
}

/** The model trained on `n` digits for `epochs` (Adam 0.005, batches of 32, no shuffling). */
export async function trainedMnistCnn(spec: MnistCnnSpec, n = 1000, epochs = 3) {
  const data = loadMnist();
  const model = buildMnistCnn(spec);
  model.compile({
    optimizer: tf.train.adam(0.005),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const x = data.xTrain.slice(0, n).toTensor({ scale: true });
  const y = tf.oneHot(tf.tensor1d(Array.from(data.yTrain.slice(0, n)), 'int32'), 10).toFloat();
  const h = await model.fit(x, y, { epochs, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  const acc = (h.history.acc as number[]).at(-1)!;
  assert.ok(acc > 0.8, `the CNN learned (training accuracy ${acc})`);
  return { model, data };
}
