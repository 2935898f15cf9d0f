// Keras's model.fit and fit_generator: a training loop of our own around trainOnBatch,
// so that shuffling is seeded, the learning-rate decay is applied per batch, progress is
// ours (tfjs always runs with verbose 0) and an interrupt stops training within a batch.
// The steps themselves run on the engine chosen in ./engine ('auto': one TensorFlow graph
// per step when the model allows it, else tfjs's trainOnBatch).
import { tf } from '../backend';
import { ensureFastKernels } from '../kernels';
import { inNotebook } from '../display';
import { Callback, ResumeInfo, TrainingContext, TrainingParams } from './callback';
import { TrainingState } from './checkpoint';
import { evaluateChecked } from './evaluate';
import {
  checkCompiled,
  checkInput,
  checkLabels,
  checkResume,
  checkScale,
  noteTraining,
} from './doorChecks';
import { kerasMetricName, Logs } from './history';
import { watchInterrupts } from './interrupt';
import { batchRows, ByteBatch, EngineChoice, FitHistory, StepInput, stepRunner } from './engine';
import { Images } from '../data/images';
import { ProgressCallback } from './progress';
import { epochPermutation } from '../data/random';
import { describe, fail, integerIn, layersModel, numberIn, positiveInteger } from '../validate';
import type { KerasReference } from '../data/reference';
import type { Precision } from '../graph';

interface CommonOptions {
  epochs?: number;
  /** 0 silent, 1 progress bar / live output, 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** (x, y) to evaluate after each epoch; x may be uint8 Images (scaled as fit's `scale` says). */
  validationData?: [tf.Tensor | Images, tf.Tensor];
  validationBatchSize?: number;
  callbacks?: Callback[];
  /** Epoch to start at (0-based), to continue an earlier run. */
  initialEpoch?: number;
  /** Continue from a loaded checkpoint: sets initialEpoch, extends its history, restores best-so-far values. */
  resume?: TrainingState;
  /**
   * What runs the training steps (see src/train/engine.ts). 'graph': the whole step as one
   * TensorFlow graph (about half the CPU of eager; Sequential models of Conv2D, MaxPooling2D,
   * Flatten, Dense, Dropout and Activation layers, loss categoricalCrossentropy, metric
   * accuracy, the library's rmsprop/adam/sgd); throws saying why when it cannot.
   * 'eager': tfjs's trainOnBatch. 'auto' (default): graph when supported, else eager;
   * `history.engine` says which ran. Both give the same numbers within float rounding,
   * except that dropout masks come from different random streams. In graph mode,
   * batch-level callbacks see the model's weights as of the last epoch end.
   */
  engine?: EngineChoice;
  /**
   * Keras's mixed-precision policy name. 'mixed_bfloat16': the layers compute in bfloat16,
   * the variables, softmax, loss and updates stay float32 (on the graph engine, where the CPU
   * has bf16 instructions: avx512_bf16 or amx_bf16). Elsewhere fit prints one line and trains
   * in float32; `history.precision` says what ran. Default 'float32'.
   */
  precision?: Precision;
  /**
   * The Keras reference runs of the same training (`loadReference(caseId)`): the live progress
   * view draws their band behind the curves and says whether the run stays inside it.
   */
  reference?: KerasReference;
}

export interface FitOptions extends CommonOptions {
  batchSize?: number;
  /** Fraction of (x, y) held out for validation: the last samples, before shuffling, as Keras does. */
  validationSplit?: number;
  shuffle?: boolean;
  /** Seed for the per-epoch shuffle (same seed, same batch order). */
  seed?: number;
  /**
   * Divide x (and validationData's x) by 255, one batch at a time, as `toTensor({ scale: true })`
   * does; with the graph engine the division is a graph op. Default false. With uint8 Images
   * as x the training set stays bytes in memory (CIFAR-10: 150 MB instead of 600 MB float32).
   */
  scale?: boolean;
}

export interface FitDatasetOptions extends CommonOptions {
  /** Batches per epoch; needed for an endless source such as an augmenting generator. */
  stepsPerEpoch?: number;
}

type Batch = { xs: tf.Tensor; ys: tf.Tensor } | [tf.Tensor, tf.Tensor];
/** Batches: a tf.data.Dataset (e.g. ImageDataGenerator.flow), or any (async) iterable of {xs, ys} / [x, y]. */
export type BatchSource =
  tf.data.Dataset<tf.TensorContainer> | Iterable<Batch> | AsyncIterable<Batch>;

interface Plan {
  steps?: number;
  samples?: number;
  batchSize?: number;
  validation?: [tf.Tensor | Images, tf.Tensor];
  validationBatchSize: number;
  /** Seeds the graph engine's dropout masks. */
  seed: number;
  /** x's batches: bytes or tensors, divided by 255 or not (validation x too). */
  input: StepInput;
  epochBatches(epoch: number): AsyncGenerator<[tf.Tensor | ByteBatch, tf.Tensor]>;
}

/**
 * Keras's `model.fit(x, y, ...)` on in-memory data. Returns the History. x: a tensor, or the
 * uint8 Images a loader returns (with `scale: true` to divide by 255 per batch), so the
 * training set need not be held as float32.
 */
export async function fit(
  model: tf.LayersModel,
  x: tf.Tensor | Images,
  y: tf.Tensor,
  options: FitOptions = {},
): Promise<FitHistory> {
  // At the door: the data against the model, before any engine runs (./doorChecks).
  layersModel(model, 'fit', undefined, 'must-be');
  checkCompiled(model, 'fit');
  const n = checkInput(model, x, 'fit');
  checkLabels(model, y, n, 'fit');
  const scale = options.scale ?? false;
  if (typeof scale !== 'boolean') fail('fit: scale', 'true or false', describe(scale), 'must-be');
  checkResume(model, options.resume, 'fit');
  noteTraining(model, x, scale, 'fit');
  checkValidationData(model, options.validationData, scale, 'fit');
  const bytes = x instanceof Images;
  const batchSize = positiveInteger(options.batchSize ?? 32, 'fit: batchSize', 'must-be');
  const split = numberIn(
    options.validationSplit ?? 0,
    'fit: validationSplit',
    { min: 0, below: 1 },
    'must-be',
  );
  if (split > 0 && options.validationData)
    throw new Error('fit: give validationData or validationSplit, not both');
  const nTrain = split > 0 ? Math.floor(n * (1 - split)) : n;
  if (nTrain < 1)
    throw new Error(`fit: no training samples left after validationSplit ${split} of ${n}`);
  const owned: tf.Tensor[] = [];
  let xt = x,
    yt = y,
    validation = options.validationData;
  if (split > 0) {
    // Images' slices are views (nothing to dispose); a tensor's are copies.
    const [xTrain, xVal] =
      x instanceof Images
        ? [x.slice(0, nTrain), x.slice(nTrain)]
        : [x.slice(0, nTrain), x.slice(nTrain)];
    [xt, yt] = [xTrain, y.slice(0, nTrain)];
    validation = [xVal, y.slice(nTrain)];
    owned.push(yt, validation[1]);
    if (xTrain instanceof tf.Tensor && xVal instanceof tf.Tensor) owned.push(xTrain, xVal);
  }
  /** Rows of x in `rows` order (a tensor gathered, or bytes copied). */
  const rowsOf = (rows: Int32Array | null, start: number, size: number) => {
    if (xt instanceof Images)
      return {
        bytes: rows ? xt.gather(rows).data : xt.slice(start, start + size).data,
        rows: size,
      };
    const xs = xt;
    return rows ? tf.tidy(() => tf.gather(xs, tf.tensor1d(rows, 'int32'))) : xs.slice(start, size);
  };
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const shuffle = options.shuffle ?? true;
  const plan: Plan = {
    steps: Math.ceil(nTrain / batchSize),
    samples: nTrain,
    batchSize,
    validation,
    seed,
    validationBatchSize: options.validationBatchSize ?? batchSize,
    input: { bytes, scale },
    async *epochBatches(epoch) {
      const order = shuffle ? epochPermutation(nTrain, seed, epoch) : null;
      for (let start = 0; start < nTrain; start += batchSize) {
        const size = Math.min(batchSize, nTrain - start);
        const rows = order && order.subarray(start, start + size);
        const yb = rows
          ? tf.tidy(() => tf.gather(yt, tf.tensor1d(rows, 'int32')))
          : yt.slice(start, size);
        yield [rowsOf(rows, start, size), yb];
      }
    },
  };
  try {
    return await train(model, plan, options);
  } finally {
    tf.dispose(owned);
  }
}

/**
 * Keras's `fit_generator` / tfjs's `fitDataset`: trains on batches from a tf.data.Dataset
 * (such as ImageDataGenerator.flow) or any iterable of {xs, ys}. Each batch's tensors are
 * disposed after use. Without stepsPerEpoch an epoch is one pass over the source; with it,
 * an epoch is that many batches, continuing the same iterator across epochs.
 */
export async function fitDataset(
  model: tf.LayersModel,
  source: BatchSource,
  options: FitDatasetOptions = {},
): Promise<FitHistory> {
  layersModel(model, 'fitDataset', undefined, 'must-be');
  checkCompiled(model, 'fitDataset');
  checkResume(model, options.resume, 'fitDataset');
  checkValidationData(model, options.validationData, false, 'fitDataset');
  const steps =
    options.stepsPerEpoch === undefined
      ? undefined
      : positiveInteger(options.stepsPerEpoch, 'fitDataset: stepsPerEpoch', 'must-be');
  const open = async (): Promise<AsyncIterator<unknown> | Iterator<unknown>> => {
    if (source instanceof tf.data.Dataset)
      return (await source.iterator()) as unknown as AsyncIterator<unknown>;
    const s = source as Partial<AsyncIterable<Batch> & Iterable<Batch>>;
    const asyncIt = s[Symbol.asyncIterator];
    if (typeof asyncIt === 'function') return asyncIt.call(s);
    const syncIt = s[Symbol.iterator];
    if (typeof syncIt === 'function') return syncIt.call(s);
    return fail(
      'fitDataset: source',
      'a tf.data.Dataset or an iterable of {xs, ys} batches',
      describe(source),
      'must-be',
    );
  };
  let it: AsyncIterator<unknown> | Iterator<unknown> | null = null;
  const plan: Plan = {
    steps,
    validation: options.validationData,
    validationBatchSize: options.validationBatchSize ?? 32,
    seed: Math.floor(Math.random() * 2 ** 30),
    input: { bytes: false, scale: false },
    async *epochBatches() {
      if (!it || steps === undefined) it = await open();
      for (let step = 0; steps === undefined || step < steps; step++) {
        let r = await it.next();
        // A finite source restarts, also when the last epoch used it up exactly;
        // a source that is empty from the start ends the epoch.
        if (r.done && steps !== undefined) {
          it = await open();
          r = await it.next();
        }
        if (r.done) {
          it = null;
          return;
        }
        yield checkedBatch(model, asPair(r.value));
      }
    },
  };
  return train(model, plan, options);
}

function asPair(b: unknown): [tf.Tensor, tf.Tensor] {
  if (Array.isArray(b) && b[0] instanceof tf.Tensor && b[1] instanceof tf.Tensor)
    return [b[0], b[1]];
  const o = b as { xs?: unknown; ys?: unknown };
  if (o && o.xs instanceof tf.Tensor && o.ys instanceof tf.Tensor) return [o.xs, o.ys];
  return fail('fitDataset: each batch', '{xs, ys} or [x, y] tensors', describe(b), 'must-be');
}

/** A batch checked against the model, as fit's x and y are (shapes only, no pass over the values). */
function checkedBatch(
  model: tf.LayersModel,
  [xs, ys]: [tf.Tensor, tf.Tensor],
): [tf.Tensor, tf.Tensor] {
  const n = checkInput(model, xs, 'fitDataset', "each batch's xs", 'xs');
  checkLabels(model, ys, n, 'fitDataset', "each batch's ys", 'ys');
  return [xs, ys];
}

/** fit's validationData: [x, y] that fit the model, scaled as the training data. */
function checkValidationData(
  model: tf.LayersModel,
  data: CommonOptions['validationData'],
  scale: boolean,
  fn: string,
) {
  if (data === undefined) return;
  if (!Array.isArray(data) || data.length !== 2)
    fail(`${fn}: validationData`, '[x, y]', describe(data), 'must-be');
  const n = checkInput(model, data[0], fn, 'validationData x');
  checkLabels(model, data[1], n, fn, 'validationData y');
  checkScale(model, data[0], scale, fn, 'validationData x');
}

/** Lets pending signals (a kernel interrupt) be handled: the steps themselves never yield to the event loop. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function train(
  model: tf.LayersModel,
  plan: Plan,
  options: CommonOptions,
): Promise<FitHistory> {
  ensureFastKernels(); // the library's faster gradient kernels, installed when training first starts
  const resume = options.resume;
  const epochs = positiveInteger(options.epochs ?? 1, 'fit: epochs', 'must-be');
  const initialEpoch = integerIn(
    options.initialEpoch ?? resume?.epoch ?? 0,
    'fit: initialEpoch',
    { min: 0 },
    'must-be',
  );
  const verbose = options.verbose ?? 1;
  const notebook = inNotebook();
  const history = new FitHistory(resume?.history);
  const params: TrainingParams = {
    epochs,
    initialEpoch,
    steps: plan.steps,
    samples: plan.samples,
    batchSize: plan.batchSize,
    doValidation: !!plan.validation,
    verbose,
  };
  const resumeInfo: ResumeInfo | undefined = resume
    ? { monitor: resume.monitor, best: resume.best }
    : undefined;
  const callbacks = [...(options.callbacks ?? [])];
  if (verbose > 0) callbacks.push(new ProgressCallback({ notebook, reference: options.reference }));
  const context: TrainingContext = { model, params, history, resume: resumeInfo };
  for (const c of callbacks) {
    if (!(c instanceof Callback))
      fail('fit: callbacks', 'instances of a Callback subclass', describe(c), 'must-be');
    c.context = context;
  }
  const each = async (f: (c: Callback) => void | Promise<void>) => {
    for (const c of callbacks) await f(c);
  };
  const names = model.metricsNames.map(kerasMetricName);
  // A continued run (initialEpoch > 0) gets other dropout masks than the run it continues.
  const { runner, note, precision, precisionNote } = await stepRunner(
    model,
    options.engine ?? 'auto',
    (plan.seed + Math.imul(initialEpoch, 0x9e3779b1)) >>> 2,
    { ...plan.input, precision: options.precision },
  );
  history.engine = runner.engine;
  history.engineNote = note;
  history.precision = precision;
  history.precisionNote = precisionNote;
  if (precisionNote) console.warn(`fit: ${precisionNote}`);

  model.stopTraining = false;
  const unwatch = watchInterrupts(() => {
    history.interrupted = true;
    model.stopTraining = true;
  }, notebook);
  try {
    await each((c) => c.onTrainBegin({}));
    await runner.syncFromModel(); // in case a callback set weights
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      await each((c) => c.onEpochBegin(epoch, {}));
      const sums = new Array<number>(names.length).fill(0);
      let seen = 0,
        step = 0,
        complete = true;
      for await (const [xb, yb] of plan.epochBatches(epoch)) {
        const size = batchRows(xb);
        await each((c) => c.onBatchBegin(step, { batch: step, size }));
        let values: number[];
        try {
          values = await runner.step(xb, yb);
        } finally {
          tf.dispose(xb instanceof tf.Tensor ? [xb, yb] : [yb]);
        }
        values.forEach((v, i) => (sums[i] += v * size));
        seen += size;
        const running: Logs = { batch: step, size };
        names.forEach((nm, i) => (running[nm] = sums[i] / seen));
        await each((c) => c.onBatchEnd(step, running));
        step += 1;
        await yieldToEventLoop(); // a few microseconds; lets a real SIGINT in before the check below
        if (history.interrupted) {
          complete = false;
          break;
        }
      }
      if (!complete || seen === 0) break; // an interrupted epoch is not recorded or checkpointed
      await runner.syncToModel();
      const logs: Logs = {};
      names.forEach((nm, i) => (logs[nm] = sums[i] / seen));
      if (plan.validation) {
        const v = await evaluateChecked(model, plan.validation[0], plan.validation[1], {
          batchSize: plan.validationBatchSize,
          scale: plan.input.scale,
        });
        for (const [k, val] of Object.entries(v)) if (val !== undefined) logs[`val_${k}`] = val;
      }
      history.record(epoch, logs);
      await each((c) => c.onEpochEnd(epoch, logs));
      await runner.syncFromModel();
    }
    await runner.syncToModel(); // the steps of an interrupted epoch stay, as in eager mode
    await each((c) => c.onTrainEnd({}));
  } finally {
    unwatch();
    await runner.close();
  }
  return history;
}
