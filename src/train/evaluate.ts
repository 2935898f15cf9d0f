// Keras's model.evaluate and predict_classes, returning plain numbers.
import { tf } from '../backend';
import { kerasMetricName } from './history';
import { layersModel, positiveInteger, tensor } from '../validate';

export interface Evaluation {
  loss: number;
  accuracy?: number;
  [metric: string]: number | undefined;
}

/** Loss and metrics of a compiled model on (x, y), in batches: `{ loss, accuracy }` as numbers. */
export async function evaluate(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { batchSize?: number } = {},
): Promise<Evaluation> {
  layersModel(model, 'evaluate');
  tensor(x, 'evaluate: x', 'must-be');
  tensor(y, 'evaluate: y', 'must-be');
  if (y.shape[0] !== x.shape[0])
    throw new Error(`evaluate: x has ${x.shape[0]} samples but y has ${y.shape[0]}`);
  if (!model.optimizer && !(model as unknown as { loss?: unknown }).loss)
    throw new Error('evaluate: the model is not compiled (call model.compile first)');
  const batchSize = positiveInteger(options.batchSize ?? 32, 'evaluate: batchSize', 'must-be');
  const out = model.evaluate(x, y, { batchSize, verbose: 0 });
  const scalars = Array.isArray(out) ? out : [out];
  try {
    const values = await Promise.all(scalars.map((s) => s.data()));
    const result: Evaluation = { loss: NaN };
    model.metricsNames.forEach((name, i) => (result[kerasMetricName(name)] = values[i][0]));
    return result;
  } finally {
    tf.dispose(scalars);
  }
}

/** The arg-max class of each sample's prediction (Keras's `predict_classes`), batched, as an Int32Array. */
export function predictClasses(
  model: tf.LayersModel,
  x: tf.Tensor,
  options: { batchSize?: number } = {},
): Int32Array {
  layersModel(model, 'predictClasses');
  tensor(x, 'predictClasses: x', 'must-be');
  const batchSize = positiveInteger(
    options.batchSize ?? 32,
    'predictClasses: batchSize',
    'must-be',
  );
  const n = x.shape[0];
  const classes = new Int32Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const part = tf.tidy(() => {
      const batch = x.slice(start, size);
      const p = model.predict(batch) as tf.Tensor;
      return p.argMax(-1);
    });
    classes.set(part.dataSync() as Int32Array, start);
    part.dispose();
  }
  return classes;
}
