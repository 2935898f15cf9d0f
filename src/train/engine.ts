// Which engine runs fit()'s training steps, behind one small interface:
//  - 'eager': tfjs-layers' trainOnBatch (~230 eager TensorFlow ops a step);
//  - 'graph': src/graph, the whole step (forward, loss, gradients, optimizer update,
//    accuracy) as ONE TensorFlow graph run: about half the CPU per epoch, same numbers
//    within 1e-4 (float reassociation), but its own dropout random stream;
//  - 'auto': graph when the model, loss, metrics and optimizer are all supported, else eager.
// In graph mode the weights and optimizer state live in the graph's session during an
// epoch; they are handed to the tfjs model and optimizer before validation and the
// epoch-end callbacks (so evaluate, checkpoints and EarlyStopping see them) and taken
// back afterwards (so a callback's setWeights counts). Batch-level callbacks see the
// weights as of the last epoch end.
import { tf } from '../backend';
import {
  cpuBf16Flags,
  GraphEngineUnsupported,
  graphEngineStatus,
  graphTrainer,
  isGraphEngineAvailable,
  optimizerSpecOf,
  Precision,
  readTfjsOptimizerState,
  setOptimizerIterations,
  writeTfjsOptimizerState,
} from '../graph';
import { History } from './history';
import { applyLearningRateDecay } from '../optimizers/factories';
import { oneOf } from '../validate';

export type EngineChoice = 'auto' | 'eager' | 'graph';

/** A batch of uint8 pixels: `rows` samples of the model's input size, row-major. */
export interface ByteBatch {
  bytes: Uint8Array;
  rows: number;
}

/**
 * What x's batches are (uint8 bytes from Images, or tensors) and whether to divide them by
 * 255; the precision asked for (Keras's policy names; default float32).
 */
export interface StepInput {
  bytes: boolean;
  scale: boolean;
  precision?: Precision;
  /** Whether the CPU has bf16 instructions (for tests; default: /proc/cpuinfo says). */
  cpuHasBf16?: boolean;
}

/** Rows in a batch of x. */
export function batchRows(x: tf.Tensor | ByteBatch): number {
  return x instanceof tf.Tensor ? x.shape[0] : x.rows;
}
export type EngineName = 'eager' | 'graph';

/** fit()'s History, plus which engine trained (and why 'auto' did not pick the graph engine). */
export class FitHistory extends History {
  engine: EngineName = 'eager';
  /** Why the graph engine was not used, when 'auto' fell back to eager. */
  engineNote?: string;
  /** The precision that trained ('float32' also when 'mixed_bfloat16' was asked and could not run). */
  precision: Precision = 'float32';
  /** Why 'mixed_bfloat16' fell back to float32 (also printed, one line). */
  precisionNote?: string;
}

export interface StepRunner {
  readonly engine: EngineName;
  /** One training step: the values of model.metricsNames (loss first). */
  step(x: tf.Tensor | ByteBatch, y: tf.Tensor): Promise<number[]>;
  /** Makes the tfjs model and optimizer current (before validation, epoch-end callbacks, the end). */
  syncToModel(): Promise<void>;
  /** Takes up what callbacks changed in the tfjs model or optimizer. */
  syncFromModel(): Promise<void>;
  /** Syncs what is pending to the model and frees the engine. */
  close(): Promise<void>;
}

const GRAPH_METRICS = new Set(['acc', 'accuracy']);

/** Why the graph engine cannot train `model` as compiled, or null (layers are checked when the graph is built). */
export function graphEngineProblem(model: tf.LayersModel): string | null {
  if (!isGraphEngineAvailable()) return `the graph engine is unavailable: ${graphEngineStatus()}`;
  if (!(model instanceof tf.Sequential))
    return `only tf.Sequential models are supported, found ${model.getClassName()}`;
  const loss = (model as unknown as { loss?: unknown }).loss;
  const losses = Array.isArray(loss) ? loss : [loss];
  if (losses.length !== 1 || losses[0] !== 'categoricalCrossentropy') {
    return `only the loss 'categoricalCrossentropy' is supported, found ${typeof loss === 'function' ? 'a function' : JSON.stringify(loss)}`;
  }
  const metrics = model.metricsNames.slice(1);
  if (metrics.length > 1 || metrics.some((m) => !GRAPH_METRICS.has(m)))
    return `only the metric 'accuracy' is supported, found [${metrics.join(', ')}]`;
  try {
    optimizerSpecOf(model.optimizer);
  } catch (e) {
    if (e instanceof GraphEngineUnsupported) return e.reason;
    throw e;
  }
  return null;
}

/** x as the float32 tensor the eager step takes (bytes converted, scaled if asked). */
function eagerBatch(model: tf.LayersModel, x: tf.Tensor | ByteBatch, scale: boolean): tf.Tensor {
  return tf.tidy(() => {
    const t =
      x instanceof tf.Tensor
        ? x
        : tf.tensor(
            Float32Array.from(x.bytes),
            [x.rows, ...(model.inputs[0].shape.slice(1) as number[])],
            'float32',
          );
    return scale ? tf.div(t, 255) : t;
  });
}

function eagerRunner(model: tf.LayersModel, input: StepInput): StepRunner {
  return {
    engine: 'eager',
    async step(x, y) {
      applyLearningRateDecay(model.optimizer);
      const xf = eagerBatch(model, x, input.scale);
      try {
        const out = await model.trainOnBatch(xf, y);
        return Array.isArray(out) ? out : [out];
      } finally {
        if (xf !== x) xf.dispose();
      }
    },
    async syncToModel() {},
    async syncFromModel() {},
    async close() {},
  };
}

async function graphRunner(
  model: tf.Sequential,
  seed: number,
  input: StepInput,
): Promise<StepRunner> {
  const optimizer = model.optimizer;
  // Bytes are fed as uint8 and cast in the graph; the division by 255 is a graph op too.
  const trainer = graphTrainer(model, {
    optimizer: optimizerSpecOf(optimizer),
    iterations: optimizer.iterations,
    seed,
    inputDtype: input.bytes ? 'uint8' : 'float32',
    inputDivisor: input.scale ? 255 : undefined,
    precision: input.precision,
  });
  try {
    trainer.setOptimizerState(await readTfjsOptimizerState(optimizer));
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  const withAccuracy = model.metricsNames.length > 1;
  let pending = false; // steps not yet handed to the tfjs model
  const syncToModel = async () => {
    if (!pending) return;
    trainer.syncWeightsToModel();
    await writeTfjsOptimizerState(optimizer, trainer.getOptimizerState());
    pending = false;
  };
  return {
    engine: 'graph',
    async step(x, y) {
      // The tfjs optimizer's iteration count follows the graph's, so Keras's decay (and
      // whatever reads the optimizer's current rate) behaves as in eager mode.
      const lr = applyLearningRateDecay(optimizer);
      const xf = x instanceof tf.Tensor && x.dtype !== 'float32' ? x.toFloat() : x;
      const yf = y.dtype === 'float32' ? y : y.toFloat();
      try {
        const r =
          xf instanceof tf.Tensor
            ? trainer.trainBatch(xf, yf, lr)
            : trainer.trainRows(xf.bytes, yf.dataSync() as Float32Array, xf.rows, lr);
        pending = true;
        setOptimizerIterations(optimizer, trainer.iterations);
        return withAccuracy ? [r.loss, r.accuracy] : [r.loss];
      } finally {
        if (xf !== x) (xf as tf.Tensor).dispose();
        if (yf !== y) yf.dispose();
      }
    },
    syncToModel,
    async syncFromModel() {
      trainer.syncWeightsFromModel();
      trainer.setOptimizerState(await readTfjsOptimizerState(optimizer));
    },
    async close() {
      try {
        await syncToModel();
      } finally {
        trainer.dispose();
      }
    },
  };
}

/**
 * The step runner for `choice`. 'graph' throws GraphEngineUnsupported, saying why, when the
 * graph engine cannot train the model; 'auto' then uses eager and returns the reason as
 * `note`. Any other error while setting up the graph propagates. `seed` seeds the graph's
 * dropout masks; `input` says whether x comes as bytes and is divided by 255 (default: float
 * tensors, as they are) and which precision to train in. 'mixed_bfloat16' runs on the graph
 * engine where the CPU has bf16 instructions; elsewhere the steps are float32 and
 * `precisionNote` says why.
 */
export async function stepRunner(
  model: tf.LayersModel,
  choice: EngineChoice,
  seed: number,
  input: StepInput = { bytes: false, scale: false },
): Promise<{ runner: StepRunner; note?: string; precision: Precision; precisionNote?: string }> {
  const asked = oneOf(
    input.precision ?? 'float32',
    'fit: precision',
    ['float32', 'mixed_bfloat16'] as const,
    'must-be',
  );
  let precisionNote: string | undefined;
  if (asked === 'mixed_bfloat16' && !(input.cpuHasBf16 ?? cpuBf16Flags().length > 0))
    precisionNote =
      "precision 'mixed_bfloat16' needs a CPU with bf16 instructions (avx512_bf16 or amx_bf16); this one has neither: training in float32";
  const precision = precisionNote ? 'float32' : asked;
  const chosen = await chooseRunner(model, choice, seed, { ...input, precision });
  if (precision === 'mixed_bfloat16' && chosen.runner.engine === 'eager')
    return {
      ...chosen,
      precision: 'float32',
      precisionNote: `precision 'mixed_bfloat16' runs on the graph engine only (${chosen.note ?? "engine 'eager' was asked for"}): training in float32`,
    };
  return { ...chosen, precision, precisionNote };
}

async function chooseRunner(
  model: tf.LayersModel,
  choice: EngineChoice,
  seed: number,
  input: StepInput,
): Promise<{ runner: StepRunner; note?: string }> {
  oneOf(choice, 'fit: engine', ['auto', 'eager', 'graph'] as const, 'must-be');
  if (choice === 'eager') return { runner: eagerRunner(model, input) };
  const fail = (why: string) => {
    if (choice === 'graph')
      throw new GraphEngineUnsupported(
        why,
        `fit: engine 'graph' cannot train model '${model.name}'`,
      );
    return { runner: eagerRunner(model, input), note: why };
  };
  const problem = graphEngineProblem(model);
  if (problem) return fail(problem);
  try {
    return { runner: await graphRunner(model as tf.Sequential, seed, input) };
  } catch (e) {
    // Unsupported layers or settings (named by the graph builder), or an optimizer state
    // that does not fit the model; anything else is a real failure.
    if (e instanceof GraphEngineUnsupported) return fail(e.reason);
    throw e;
  }
}
