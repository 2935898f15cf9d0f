// Keras's model.evaluate, predict and predict_classes, returning plain numbers.
// Where the model allows it (a Sequential of the layers the graph engine translates; for
// evaluate also categorical cross-entropy and accuracy) each batch runs as ONE TensorFlow
// graph (src/graph/inference.ts); otherwise, or with { engine: 'eager' }, through tfjs's
// eager model.evaluate / model.predict. x may be a tensor or the uint8 Images a loader
// returns: with { scale: true } pixels are divided by 255 per batch (inside the graph), so
// no float32 copy of the whole set is made.
import { tf } from '../backend';
import { Images } from '../data/images';
import {
  GraphEngineUnsupported,
  graphEngineStatus,
  graphInference,
  GraphInference,
  InputBatch,
  isGraphEngineAvailable,
} from '../graph';
import { kerasMetricName } from './history';
import { checkCompiled, checkInput, checkLabels, checkScale } from './doorChecks';
import { fail, describe, layersModel, positiveInteger, tensor } from '../validate';

export interface Evaluation {
  loss: number;
  accuracy?: number;
  [metric: string]: number | undefined;
}

export interface InferenceOptions {
  batchSize?: number;
  /** 'auto' (default): the graph engine where the model allows it, else eager; 'graph' fails instead. */
  engine?: 'auto' | 'eager' | 'graph';
  /** Divide x by 255 first (per batch), as `toTensor({ scale: true })` does. Default false. */
  scale?: boolean;
}

/**
 * x as batches of plain values, for the graph engine and for eager tensors alike. Rows may be
 * made on demand (occlusion's patched copies), so a large set never exists as one tensor.
 */
export interface RowSource {
  count: number;
  dtype: 'float32' | 'int32' | 'uint8';
  /** Values of rows [start, start + size), row-major. */
  rows(start: number, size: number): InputBatch;
}

function sourceOf(x: tf.Tensor | Images, fn: string): RowSource {
  if (x instanceof Images)
    return {
      count: x.count,
      dtype: 'uint8',
      rows: (start, size) => x.data.subarray(start * x.imageSize, (start + size) * x.imageSize),
    };
  tensor(x, `${fn}: x`, 'must-be');
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    fail(`${fn}: x`, 'a float32 or int32 tensor', `a ${x.dtype} tensor`, 'must-be');
  return {
    count: x.shape[0],
    dtype: x.dtype,
    rows: (start, size) => {
      const part = x.slice(start, size);
      try {
        return part.dataSync() as Float32Array | Int32Array;
      } finally {
        part.dispose();
      }
    },
  };
}

/** One eager float32 batch [size, ...model input shape] from a source (scaled if asked). */
function eagerBatch(
  model: tf.LayersModel,
  src: RowSource,
  start: number,
  size: number,
  scale: boolean,
): tf.Tensor {
  const shape = [size, ...(model.inputs[0].shape.slice(1) as number[])];
  return tf.tidy(() => {
    const values = src.rows(start, size);
    const t = tf.tensor(
      values instanceof Float32Array ? values : Float32Array.from(values),
      shape,
      'float32',
    );
    return scale ? tf.div(t, 255) : t;
  });
}

/**
 * Runs `graph` with a graph inference session for `model`, or returns null when the eager
 * path should run instead ('auto' and the graph engine cannot run this model). The session
 * is always closed.
 */
function withGraph<T>(
  fn: string,
  model: tf.LayersModel,
  src: RowSource,
  options: InferenceOptions,
  withLoss: boolean,
  graph: (g: GraphInference) => T,
): T | null {
  const engine = options.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'eager' && engine !== 'graph')
    fail(`${fn}: engine`, "'auto', 'eager' or 'graph'", describe(engine), 'must-be');
  if (engine === 'eager') return null;
  const unsupported = (why: string) => {
    if (engine === 'graph')
      throw new GraphEngineUnsupported(
        why,
        `${fn}: engine 'graph' cannot run model '${model.name}'`,
      );
    return null;
  };
  if (!isGraphEngineAvailable())
    return unsupported(`the graph engine is unavailable: ${graphEngineStatus()}`);
  let g: GraphInference;
  try {
    g = graphInference(model, {
      withLoss,
      inputDtype: src.dtype,
      inputDivisor: options.scale ? 255 : undefined,
    });
  } catch (e) {
    if (e instanceof GraphEngineUnsupported) return unsupported(e.reason);
    throw e;
  }
  try {
    const rowSize = g.inputShape.reduce((a, d) => a * d, 1);
    const given = src.count ? src.rows(0, 1).length : rowSize;
    if (given !== rowSize)
      return unsupported(
        `x has ${given} values a sample, the model's input [${g.inputShape.join(', ')}] needs ${rowSize}`,
      );
    return graph(g);
  } finally {
    g.dispose();
  }
}

/** One-hot labels of rows [start, start + size) as float32 values. */
function labelRows(y: tf.Tensor, start: number, size: number): Float32Array {
  const part = y.slice(start, size);
  try {
    const v = part.dataSync();
    return v instanceof Float32Array ? v : Float32Array.from(v as Int32Array);
  } finally {
    part.dispose();
  }
}

/**
 * Loss and metrics of a compiled model on (x, y), in batches: `{ loss, accuracy }` as numbers.
 * x: a tensor, or uint8 Images (with `scale: true` to divide by 255 per batch).
 */
export async function evaluate(
  model: tf.LayersModel,
  x: tf.Tensor | Images,
  y: tf.Tensor,
  options: InferenceOptions = {},
): Promise<Evaluation> {
  // At the door: the data against the model, before any engine runs (./doorChecks).
  layersModel(model, 'evaluate: model', undefined, 'must-be');
  checkCompiled(model, 'evaluate');
  checkLabels(model, y, checkInput(model, x, 'evaluate'), 'evaluate');
  checkScale(model, x, options.scale ?? false, 'evaluate');
  return evaluateChecked(model, x, y, options);
}

/** `evaluate` on arguments already checked (fit's validation data, checked once at fit's door). */
export async function evaluateChecked(
  model: tf.LayersModel,
  x: tf.Tensor | Images,
  y: tf.Tensor,
  options: InferenceOptions = {},
): Promise<Evaluation> {
  const src = sourceOf(x, 'evaluate');
  const batchSize = positiveInteger(options.batchSize ?? 32, 'evaluate: batchSize', 'must-be');
  const n = src.count;
  const classes = model.outputs[0].shape[1];
  const labelsFit = y.shape.length === 2 && y.shape[1] === classes && n > 0;
  const graphResult = labelsFit
    ? withGraph('evaluate', model, src, options, true, (g) => {
        // Keras's (and tfjs's) epoch value: batch means weighted by batch size.
        let loss = 0,
          accuracy = 0;
        for (let start = 0; start < n; start += batchSize) {
          const size = Math.min(batchSize, n - start);
          const r = g.evaluateBatch(src.rows(start, size), labelRows(y, start, size), size);
          loss += r.loss * size;
          accuracy += r.accuracy * size;
        }
        return [loss / n, accuracy / n];
      })
    : null;
  if (!labelsFit && options.engine === 'graph')
    throw new GraphEngineUnsupported(
      `y must be [${n}, ${classes}] one-hot labels, found [${y.shape.join(', ')}]`,
      `evaluate: engine 'graph' cannot run model '${model.name}'`,
    );
  if (graphResult) {
    const result: Evaluation = { loss: NaN };
    model.metricsNames.forEach(
      (name, i) => (result[kerasMetricName(name)] = graphResult[i === 0 ? 0 : 1]),
    );
    return result;
  }
  const xs = x instanceof Images || options.scale ? null : x;
  const scalars: tf.Scalar[] = [];
  try {
    if (xs) {
      const out = model.evaluate(xs, y, { batchSize, verbose: 0 });
      scalars.push(...(Array.isArray(out) ? out : [out]));
    } else {
      // Batches converted (and scaled) one at a time: the same weighted mean as tfjs's loop.
      const sums: number[] = [];
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        const xb = eagerBatch(model, src, start, size, options.scale ?? false);
        const yb = y.slice(start, size);
        try {
          const out = model.evaluate(xb, yb, { batchSize: size, verbose: 0 });
          const parts = Array.isArray(out) ? out : [out];
          const values = await Promise.all(parts.map((s) => s.data()));
          tf.dispose(parts);
          values.forEach((v, i) => (sums[i] = (sums[i] ?? 0) + v[0] * size));
        } finally {
          tf.dispose([xb, yb]);
        }
      }
      const result: Evaluation = { loss: NaN };
      model.metricsNames.forEach((name, i) => (result[kerasMetricName(name)] = sums[i] / n));
      return result;
    }
    const values = await Promise.all(scalars.map((s) => s.data()));
    const result: Evaluation = { loss: NaN };
    model.metricsNames.forEach((name, i) => (result[kerasMetricName(name)] = values[i][0]));
    return result;
  } finally {
    tf.dispose(scalars);
  }
}

/**
 * The model's outputs for x (Keras's `model.predict`), batched: a float32 tensor the caller
 * disposes. x: a tensor, or uint8 Images (with `scale: true` to divide by 255 per batch).
 */
export function predict(
  model: tf.LayersModel,
  x: tf.Tensor | Images,
  options: InferenceOptions = {},
): tf.Tensor {
  inferenceDoor(model, x, options, 'predict');
  const src = sourceOf(x, 'predict');
  const batchSize = positiveInteger(options.batchSize ?? 32, 'predict: batchSize', 'must-be');
  const fromGraph = graphPredict('predict', model, src, options, batchSize);
  if (fromGraph) return fromGraph;
  if (!(x instanceof Images) && !options.scale) return model.predict(x, { batchSize }) as tf.Tensor;
  return eagerPredict(model, src, batchSize, options.scale ?? false);
}

/** predict's and predictClasses' checks at the door: x against the model's input and training range. */
function inferenceDoor(model: tf.LayersModel, x: unknown, options: InferenceOptions, fn: string) {
  layersModel(model, `${fn}: model`, undefined, 'must-be');
  checkInput(model, x, fn);
  checkScale(model, x as tf.Tensor | Images, options.scale ?? false, fn);
}

/**
 * `predict` over rows made on demand (for the library's own figures): one graph session for
 * all of them where the model allows it, else eager batches. `fn` names the caller in errors.
 */
export function predictRows(
  model: tf.LayersModel,
  src: RowSource,
  options: InferenceOptions,
  fn: string,
): tf.Tensor {
  const batchSize = positiveInteger(options.batchSize ?? 32, `${fn}: batchSize`, 'must-be');
  return (
    graphPredict(fn, model, src, options, batchSize) ??
    eagerPredict(model, src, batchSize, options.scale ?? false)
  );
}

function graphPredict(
  fn: string,
  model: tf.LayersModel,
  src: RowSource,
  options: InferenceOptions,
  batchSize: number,
): tf.Tensor | null {
  const n = src.count;
  if (!n) return null;
  return withGraph(fn, model, src, options, false, (g) => {
    const width = g.outputShape.reduce((a, d) => a * d, 1);
    const out = new Float32Array(n * width);
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      out.set(g.predictBatch(src.rows(start, size), size), start * width);
    }
    return tf.tensor(out, [n, ...g.outputShape], 'float32');
  });
}

function eagerPredict(
  model: tf.LayersModel,
  src: RowSource,
  batchSize: number,
  scale: boolean,
): tf.Tensor {
  const parts: tf.Tensor[] = [];
  try {
    for (let start = 0; start < src.count; start += batchSize) {
      const size = Math.min(batchSize, src.count - start);
      const xb = eagerBatch(model, src, start, size, scale);
      parts.push(tf.tidy(() => model.predict(xb) as tf.Tensor));
      xb.dispose();
    }
    return tf.concat(parts);
  } finally {
    tf.dispose(parts);
  }
}

/**
 * The arg-max class of each sample's prediction (Keras's `predict_classes`), batched, as an
 * Int32Array. x: a tensor, or uint8 Images (with `scale: true` to divide by 255 per batch).
 */
export function predictClasses(
  model: tf.LayersModel,
  x: tf.Tensor | Images,
  options: InferenceOptions = {},
): Int32Array {
  inferenceDoor(model, x, options, 'predictClasses');
  const src = sourceOf(x, 'predictClasses');
  const batchSize = positiveInteger(
    options.batchSize ?? 32,
    'predictClasses: batchSize',
    'must-be',
  );
  const n = src.count;
  const classes = new Int32Array(n);
  const done = n
    ? withGraph('predictClasses', model, src, options, false, (g) => {
        for (let start = 0; start < n; start += batchSize) {
          const size = Math.min(batchSize, n - start);
          classes.set(g.classesBatch(src.rows(start, size), size), start);
        }
        return true;
      })
    : null;
  if (done) return classes;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const part = tf.tidy(() => {
      const batch =
        x instanceof Images || options.scale
          ? eagerBatch(model, src, start, size, options.scale ?? false)
          : x.slice(start, size);
      const p = model.predict(batch) as tf.Tensor;
      return p.argMax(-1);
    });
    classes.set(part.dataSync() as Int32Array, start);
    part.dispose();
  }
  return classes;
}
