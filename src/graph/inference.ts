// graphInference: a tf.Sequential's forward pass in inference mode (dropout off) as ONE
// TensorFlow graph run per batch, for evaluate, predict and predictClasses. The same layer
// translation as training (layers.ts); the weights are copied from the tfjs model into the
// session's variables once, when it is built (or by syncWeightsFromModel).
// Inputs can be float32, or uint8/int32 pixels cast (and divided by 255) inside the graph.
import { tf } from '../backend';
import { Feed, graphAddon, Output, SessionHandle } from './addon';
import { GraphBuilder } from './builder';
import { buildForward, ForwardOptions, weightLoader } from './layers';
import { categoricalAccuracy, categoricalCrossentropy } from './loss';
import { GraphEngineUnsupported } from './unsupported';

export interface GraphInferenceOptions {
  /** Also build Keras's categorical cross-entropy and accuracy (evaluate); default false. */
  withLoss?: boolean;
  /** The dtype fed as x (default float32); uint8/int32 are cast to float32 in the graph. */
  inputDtype?: ForwardOptions['inputDtype'];
  /** x is divided by this inside the graph (255 for pixels); default none. */
  inputDivisor?: number;
  /** TensorFlow thread pools; 0 lets TensorFlow choose (one per core). */
  intraOpThreads?: number;
  interOpThreads?: number;
}

/** A batch of x as fed: its values (row-major) and row count. */
export type InputBatch = Float32Array | Int32Array | Uint8Array;

export interface GraphInference {
  /** The model's input shape without the batch dimension. */
  readonly inputShape: number[];
  /** The model's output shape without the batch dimension. */
  readonly outputShape: number[];
  /** The model's outputs for `rows` samples, row-major. */
  predictBatch(x: InputBatch, rows: number): Float32Array;
  /** The arg-max class of each of `rows` samples (computed in the graph). */
  classesBatch(x: InputBatch, rows: number): Int32Array;
  /** The batch's mean loss and accuracy against one-hot `y` (needs `withLoss`). */
  evaluateBatch(x: InputBatch, y: Float32Array, rows: number): { loss: number; accuracy: number };
  /** Copies the tfjs model's current weights into the graph again. */
  syncWeightsFromModel(): void;
  /** Closes the session; it cannot be used afterwards. */
  dispose(): void;
}

const INFERENCE_METRICS = new Set(['acc', 'accuracy']);

/**
 * Why the graph engine cannot run `model` for inference (with its loss and metrics when
 * `withLoss`), or null. Layers are checked when the graph is built (GraphEngineUnsupported).
 */
export function inferenceProblem(model: tf.LayersModel, withLoss: boolean): string | null {
  if (!(model instanceof tf.Sequential))
    return `only tf.Sequential models are supported, found ${model.getClassName()}`;
  if (!withLoss) return null;
  const loss = (model as unknown as { loss?: unknown }).loss;
  const losses = Array.isArray(loss) ? loss : [loss];
  if (losses.length !== 1 || losses[0] !== 'categoricalCrossentropy')
    return `only the loss 'categoricalCrossentropy' is supported, found ${typeof loss === 'function' ? 'a function' : JSON.stringify(loss)}`;
  const metrics = model.metricsNames.slice(1);
  if (metrics.length > 1 || metrics.some((m) => !INFERENCE_METRICS.has(m)))
    return `only the metric 'accuracy' is supported, found [${metrics.join(', ')}]`;
  return null;
}

const TYPED: Record<string, new (n: number) => InputBatch> = {
  float32: Float32Array,
  int32: Int32Array,
  uint8: Uint8Array,
};

/** Builds the inference graph of `model`; throws GraphEngineUnsupported when it cannot. */
export function graphInference(
  model: tf.LayersModel,
  options: GraphInferenceOptions = {},
): GraphInference {
  const withLoss = options.withLoss ?? false;
  const problem = inferenceProblem(model, withLoss);
  if (problem) throw new GraphEngineUnsupported(problem, 'graphInference');
  const inputDtype = options.inputDtype ?? 'float32';
  const addon = graphAddon();
  const b = new GraphBuilder(addon);
  const forward = buildForward(b, model as tf.Sequential, 0, {
    training: false,
    inputDtype,
    inputDivisor: options.inputDivisor,
  });
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const outputShape = model.outputs[0].shape.slice(1);
  if (outputShape.some((d) => d == null))
    throw new GraphEngineUnsupported(
      `the output shape must be fully known, found [${outputShape.join(', ')}]`,
      'graphInference',
    );
  const classesOut = b.op(
    'ArgMax',
    'classes',
    [forward.output, b.intScalar(-1, 'classes/axis')],
    [
      ['T', 'type', 'float32'],
      ['Tidx', 'type', 'int32'],
      ['output_type', 'type', 'int32'],
    ],
  );
  let y: Output | null = null;
  let lossOut: Output | null = null;
  let accuracyOut: Output | null = null;
  if (withLoss) {
    if (outputShape.length !== 1)
      throw new GraphEngineUnsupported(
        `a [batch, classes] output expected, found [batch, ${outputShape.join(', ')}]`,
        'graphInference',
      );
    y = b.placeholder('y', [-1, outputShape[0] as number]);
    lossOut = categoricalCrossentropy(b, y, forward.output);
    accuracyOut = categoricalAccuracy(b, y, forward.output);
  }
  const weights = weightLoader(b, forward.variables);

  let session: SessionHandle | null = addon.newSession(
    b.graph,
    options.intraOpThreads ?? 0,
    options.interOpThreads ?? 0,
  );
  const open = (): SessionHandle => {
    if (!session) throw new Error('graphInference: the session was disposed');
    return session;
  };
  const syncWeightsFromModel = () => {
    addon.run(open(), weights.feeds(), [], [weights.target]);
  };
  try {
    syncWeightsFromModel();
  } catch (e) {
    addon.closeSession(session);
    session = null;
    throw e;
  }

  const rowSize = inputShape.reduce((a, d) => a * d, 1);
  const xFeed = (x: InputBatch, rows: number, fn: string): Feed => {
    if (!(x instanceof TYPED[inputDtype]))
      throw new Error(
        `graphInference.${fn}: x must be a ${TYPED[inputDtype].name} (inputDtype ${inputDtype}), found ${x?.constructor?.name}`,
      );
    if (!Number.isInteger(rows) || rows < 1 || x.length !== rows * rowSize)
      throw new Error(
        `graphInference.${fn}: x must hold ${rows} x [${inputShape.join(', ')}] values, found ${x.length}`,
      );
    return [forward.x, inputDtype, [rows, ...inputShape], x] as Feed;
  };

  return {
    inputShape,
    outputShape: outputShape as number[],
    predictBatch(x, rows) {
      return addon.run(open(), [xFeed(x, rows, 'predictBatch')], [forward.output], [])[0]
        .data as Float32Array;
    },
    classesBatch(x, rows) {
      return addon.run(open(), [xFeed(x, rows, 'classesBatch')], [classesOut], [])[0]
        .data as Int32Array;
    },
    evaluateBatch(x, yb, rows) {
      if (!y || !lossOut || !accuracyOut)
        throw new Error('graphInference.evaluateBatch: built without { withLoss: true }');
      const classes = outputShape[0] as number;
      if (!(yb instanceof Float32Array) || yb.length !== rows * classes)
        throw new Error(
          `graphInference.evaluateBatch: y must be a Float32Array of ${rows} x ${classes} values`,
        );
      const [l, a] = addon.run(
        open(),
        [xFeed(x, rows, 'evaluateBatch'), [y, 'float32', [rows, classes], yb]],
        [lossOut, accuracyOut],
        [],
      );
      return { loss: l.data[0], accuracy: a.data[0] };
    },
    syncWeightsFromModel,
    dispose() {
      if (session) addon.closeSession(session);
      session = null;
    },
  };
}
