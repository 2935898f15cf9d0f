// graphTrainer: a tf.Sequential's whole training step (forward, loss, gradients, optimizer
// update, accuracy) as ONE TensorFlow graph run by a session, instead of ~230 eager ops.
// The variables live in the session; syncWeightsToModel() copies them back into the tfjs
// model so evaluate/predict/save keep working.
import { tf } from '../backend';
import { Feed, graphAddon, Output, SessionHandle } from './addon';
import type { InputBatch } from './inference';
import { computeDtype, Precision } from './precision';
import { GraphBuilder } from './builder';
import { buildForward, GraphVariable, weightLoader } from './layers';
import { categoricalAccuracy, categoricalCrossentropy } from './loss';
import { GraphEngineUnsupported } from './unsupported';
import { buildUpdates, GraphOptimizerSpec, normaliseSpec, StepFeeds } from './updates';

export interface GraphTrainerOptions {
  optimizer: GraphOptimizerSpec;
  /** Only Keras's categorical cross-entropy (from probabilities) for now. */
  loss?: 'categoricalCrossentropy';
  /** Seed of the graph's dropout masks. */
  seed?: number;
  /** Updates already applied (Adam's step count continues from here); default 0. */
  iterations?: number;
  /**
   * The dtype fed as x (default float32). 'uint8' lets trainRows take pixel bytes (cast in the
   * graph), so the training set can stay uint8 in memory; 'int32' takes int32 tensors.
   */
  inputDtype?: 'float32' | 'uint8' | 'int32';
  /** x is divided by this inside the graph (255: pixels to [0, 1]); default none. */
  inputDivisor?: number;
  /**
   * 'mixed_bfloat16' (Keras's policy name): float32 variables, bf16 layers through casts in the
   * graph, softmax, loss and updates float32; GraphEngineUnsupported on a CPU without bf16.
   * Default float32.
   */
  precision?: Precision;
  /** TensorFlow thread pools; 0 lets TensorFlow choose (one per core). */
  intraOpThreads?: number;
  interOpThreads?: number;
  /** More serialized ConfigProto fields for the session (bench/graph-ab.ts's experiments). */
  sessionConfig?: Uint8Array;
}

export interface StepResult {
  loss: number;
  accuracy: number;
}

/** One optimizer slot's value (RMSprop's velocity, Adam's m or v, the momentum accumulator). */
export interface SlotValue {
  /** tfjs's name for it: `<weight variable name>/<kind>`. */
  name: string;
  shape: number[];
  data: Float32Array;
}

/** The optimizer's state, slots in tfjs's layout: kind-major (all 'm', then all 'v'), weights in model order. */
export interface GraphOptimizerState {
  iterations: number;
  slots: SlotValue[];
}

export interface GraphTrainer {
  /** Updates applied so far (Keras's optimizer.iterations). */
  readonly iterations: number;
  /** One training step on a batch; `learningRate` defaults to the optimizer spec's. */
  trainBatch(x: tf.Tensor, y: tf.Tensor, learningRate?: number): StepResult;
  /**
   * One training step on `rows` samples given as values (row-major): x in the trainer's
   * inputDtype (a Uint8Array for 'uint8'), y one-hot float32.
   */
  trainRows(x: InputBatch, y: Float32Array, rows: number, learningRate?: number): StepResult;
  /** Copies the graph's weights into the tfjs model (before evaluate/predict/save). */
  syncWeightsToModel(): void;
  /** Copies the tfjs model's weights into the graph (after loading or setWeights). */
  syncWeightsFromModel(): void;
  /** The optimizer's iterations and slot values, in tfjs's getWeights() layout. */
  getOptimizerState(): GraphOptimizerState;
  /**
   * Sets the iteration count and the slots (in tfjs's layout, as getOptimizerState gives
   * them); an empty `slots` list zeroes them (a fresh optimizer).
   */
  setOptimizerState(state: { iterations: number; slots: ArrayLike<number>[] }): void;
  /** Closes the session; the trainer cannot be used afterwards. */
  dispose(): void;
}

function typedData(t: tf.Tensor, what: string, dtype: 'float32' | 'int32'): InputBatch {
  if (t.dtype !== dtype)
    throw new Error(`graphTrainer: ${what} must be ${dtype}, found ${t.dtype}`);
  return t.dataSync() as Float32Array | Int32Array;
}

const TYPED = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array } as const;

/** Builds the training graph of `model` (Conv2D, MaxPooling2D, Flatten, Dense, Dropout, Activation). */
export function graphTrainer(model: tf.Sequential, options: GraphTrainerOptions): GraphTrainer {
  if (!options || typeof options !== 'object')
    throw new Error('graphTrainer: options { optimizer: { kind, learningRate, ... } } expected');
  const spec = normaliseSpec(options.optimizer);
  const loss = options.loss ?? 'categoricalCrossentropy';
  if (loss !== 'categoricalCrossentropy')
    throw new GraphEngineUnsupported(
      `loss must be 'categoricalCrossentropy', found '${loss}'`,
      'graphTrainer',
    );
  const checkIterations = (n: number, fn: string) => {
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${fn}: iterations must be an integer >= 0, found ${n}`);
    return n;
  };
  let iterations = checkIterations(options.iterations ?? 0, 'graphTrainer');
  const addon = graphAddon();
  const b = new GraphBuilder(addon);

  const inputDtype = options.inputDtype ?? 'float32';
  const compute = computeDtype(options.precision ?? 'float32');
  const forward = buildForward(b, model, options.seed ?? 1337, {
    inputDtype,
    inputDivisor: options.inputDivisor,
    compute,
  });
  const outputShape = model.outputs[0].shape;
  if (outputShape.length !== 2 || outputShape[1] == null)
    throw new GraphEngineUnsupported(
      `a [batch, classes] output expected, found [${outputShape.join(', ')}]`,
      'graphTrainer',
    );
  const classes = outputShape[1];
  const y = b.placeholder('y', [-1, classes]);
  const lossOut = categoricalCrossentropy(b, y, forward.output);
  const accuracyOut = categoricalAccuracy(b, y, forward.output);
  const trainable = forward.variables.filter((v) => v.trainable);
  if (trainable.length === 0)
    throw new GraphEngineUnsupported(
      `model '${model.name}' has no trainable weights`,
      'graphTrainer',
    );
  const grads = addon.addGradients(
    b.graph,
    [lossOut],
    trainable.map((v) => v.read),
  );
  const gradientsDone = b.group('gradients_done', [...new Set(grads.map((g) => g[0]))]);
  const updates = buildUpdates(b, spec, trainable, grads, gradientsDone);
  const trainOp = b.group('train', updates.ops);

  // Initialisation: one placeholder + assign per variable (weights from the model, slots zero).
  const weights = weightLoader(b, forward.variables);
  // tfjs's layout: every weight's first slot kind, then every weight's second (Adam's m, then v).
  const kinds = [...new Set(updates.slots.map((s) => s.kind))];
  const slots = kinds.flatMap((k) => updates.slots.filter((s) => s.kind === k));
  const slotInits = slots.map((s) => ({
    s,
    value: b.placeholder(`${s.handle[0]}/init_value`, s.shape),
  }));
  const slotsInit = b.group(
    'init_slots',
    slotInits.map(({ s, value }) => b.assign(s.handle, value)),
  );

  let session: SessionHandle | null = addon.newSession(
    b.graph,
    options.intraOpThreads ?? 0,
    options.interOpThreads ?? 0,
    options.sessionConfig,
  );
  const open = (): SessionHandle => {
    if (!session) throw new Error('graphTrainer: the trainer was disposed');
    return session;
  };
  const feedOf = (out: Output, value: Float32Array, shape: number[]): Feed => [
    out,
    'float32',
    shape,
    value,
  ];
  const syncWeightsFromModel = () => {
    addon.run(open(), weights.feeds(), [], [weights.target]);
  };
  const size = (shape: number[]) => shape.reduce((a, d) => a * d, 1);
  const setOptimizerState = (state: { iterations: number; slots: ArrayLike<number>[] }) => {
    const fn = 'graphTrainer.setOptimizerState';
    const n = checkIterations(state?.iterations, fn);
    const given = state.slots ?? [];
    if (given.length !== 0 && given.length !== slots.length)
      throw new GraphEngineUnsupported(
        `${slots.length} slot arrays expected (${spec.kind}), found ${given.length}`,
        fn,
      );
    const feeds = slotInits.map(({ s, value }, i) => {
      const data = given.length ? Float32Array.from(given[i]) : new Float32Array(size(s.shape));
      if (data.length !== size(s.shape))
        throw new GraphEngineUnsupported(
          `slot ${s.name} must hold ${size(s.shape)} values ([${s.shape.join(', ')}]), found ${data.length}`,
          fn,
        );
      return feedOf(value, data, s.shape);
    });
    if (feeds.length) addon.run(open(), feeds, [], [slotsInit]);
    iterations = n;
  };
  syncWeightsFromModel();
  if (updates.initScratch.length) addon.run(open(), [], [], updates.initScratch);
  setOptimizerState({ iterations, slots: [] });

  const scalarFeeds = (feeds: StepFeeds, lr: number): Feed[] => {
    const out: Feed[] = [feedOf(feeds.learningRate, new Float32Array([lr]), [])];
    if (spec.kind === 'adam' && feeds.beta1Power && feeds.beta2Power) {
      const t = iterations + 1;
      out.push(
        feedOf(feeds.beta1Power, new Float32Array([spec.beta1 ** t]), []),
        feedOf(feeds.beta2Power, new Float32Array([spec.beta2 ** t]), []),
      );
    }
    return out;
  };
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const rowSize = inputShape.reduce((a, d) => a * d, 1);
  const checkRate = (fn: string, learningRate: number) => {
    if (!(typeof learningRate === 'number' && learningRate > 0 && Number.isFinite(learningRate)))
      throw new Error(
        `graphTrainer.${fn}: learningRate must be a positive number, found ${learningRate}`,
      );
  };
  const trainRows = (
    x: InputBatch,
    yb: Float32Array,
    rows: number,
    learningRate = spec.learningRate,
  ): StepResult => {
    if (!(x instanceof TYPED[inputDtype]) || x.length !== rows * rowSize)
      throw new Error(
        `graphTrainer.trainRows: x must be a ${TYPED[inputDtype].name} of ${rows} x [${inputShape.join(', ')}] values`,
      );
    if (!(yb instanceof Float32Array) || yb.length !== rows * classes)
      throw new Error(
        `graphTrainer.trainRows: y must be a Float32Array of ${rows} x ${classes} values`,
      );
    checkRate('trainRows', learningRate);
    const feeds: Feed[] = [
      [forward.x, inputDtype, [rows, ...inputShape], x] as Feed,
      feedOf(y, yb, [rows, classes]),
      ...scalarFeeds(updates.feeds, learningRate),
    ];
    const [l, a] = addon.run(open(), feeds, [lossOut, accuracyOut], [trainOp]);
    iterations += 1;
    return { loss: l.data[0], accuracy: a.data[0] };
  };

  return {
    get iterations() {
      return iterations;
    },
    trainBatch(x, yb, learningRate = spec.learningRate) {
      if (!(x instanceof tf.Tensor) || !(yb instanceof tf.Tensor))
        throw new Error('graphTrainer.trainBatch: x and y must be tf.Tensors');
      if (
        x.shape.length !== inputShape.length + 1 ||
        x.shape.slice(1).some((d, i) => d !== inputShape[i])
      ) {
        throw new Error(
          `graphTrainer.trainBatch: x must be [batch, ${inputShape.join(', ')}], found [${x.shape.join(', ')}]`,
        );
      }
      if (yb.shape.length !== 2 || yb.shape[1] !== classes || yb.shape[0] !== x.shape[0]) {
        throw new Error(
          `graphTrainer.trainBatch: y must be [${x.shape[0]}, ${classes}], found [${yb.shape.join(', ')}]`,
        );
      }
      checkRate('trainBatch', learningRate);
      if (inputDtype === 'uint8')
        throw new Error('graphTrainer.trainBatch: a uint8 trainer takes bytes through trainRows');
      const xs = typedData(x, 'x', inputDtype);
      return trainRows(xs, typedData(yb, 'y', 'float32') as Float32Array, x.shape[0], learningRate);
    },
    trainRows,
    syncWeightsToModel() {
      const values = addon.run(
        open(),
        [],
        forward.variables.map((v: GraphVariable) => v.read),
        [],
      );
      forward.variables.forEach((v, i) => {
        const t = tf.tensor(values[i].data, values[i].shape, 'float32');
        v.weight.write(t);
        t.dispose();
      });
    },
    syncWeightsFromModel,
    getOptimizerState() {
      const values = slots.length
        ? addon.run(
            open(),
            [],
            slots.map((s) => s.read),
            [],
          )
        : [];
      return {
        iterations,
        slots: slots.map((s, i) => ({
          name: s.name,
          shape: [...s.shape],
          data: values[i].data as Float32Array,
        })),
      };
    },
    setOptimizerState,
    dispose() {
      if (session) addon.closeSession(session);
      session = null;
    },
  };
}
