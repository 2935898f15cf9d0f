// Checks at the door of fit, fitDataset, evaluate, predict and predictClasses: the data
// against the model before any engine runs. A mistake then reads the same on the graph and
// the eager engine, and its message names the argument, what the model expects, what was
// found and the fix, instead of a shape error from deep inside an engine.
import * as fs from 'fs';
import * as path from 'path';
import { tf } from '../backend';
import { resolveSavedDir } from '../atomic';
import { Images } from '../data/images';
import { describe, fail, shapeText, warning } from '../validate';

type Shape = readonly (number | null)[];

/** The model's input shape per sample: [28, 28, 1]. */
export const inputShape = (model: tf.LayersModel): Shape => model.inputs[0].shape.slice(1);

const fits = (shape: Shape, want: Shape) =>
  shape.length === want.length && shape.every((d, i) => want[i] === null || d === want[i]);
const size = (shape: Shape) => shape.reduce<number>((a, d) => a * (d ?? NaN), 1);

/** The reshape that turns `shape` into samples of `want`, when the values are all there. */
export function reshapeFix(shape: Shape, want: Shape, arg: string): string | undefined {
  if (want.some((d) => d === null)) return undefined;
  const target = `[-1, ${want.join(', ')}]`;
  if (fits(shape, want)) return `${arg} is one sample without its batch axis: ${arg}.expandDims(0)`;
  if (want[want.length - 1] === 1 && fits(shape.slice(1), want.slice(0, -1)))
    return `add the channel axis, ${arg}.reshape(${target}) (or ${arg}.expandDims(-1))`;
  if (size(shape.slice(1)) === size(want)) return `${arg}.reshape(${target})`;
  return undefined;
}

/**
 * Checks x (a tensor or uint8 Images) against the model's input; returns its number of samples.
 * `arg` names x in the message ("each batch's xs"), `code` in the fix ("xs").
 */
export function checkInput(
  model: tf.LayersModel,
  x: unknown,
  fn: string,
  arg = 'x',
  code = arg,
): number {
  const want = inputShape(model);
  const what = `${fn}: ${arg}`;
  const expected = `${shapeText([null, ...want])} (the model's input)`;
  if (x instanceof Images) {
    if (x.imageSize !== size(want))
      fail(
        what,
        expected,
        `uint8 Images of ${x.height}x${x.width}x${x.channels} images`,
        'must-be',
      );
    return x.count;
  }
  if (!(x instanceof tf.Tensor))
    fail(what, `a tf.Tensor ${shapeText([null, ...want])}`, describe(x), 'must-be');
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    fail(
      what,
      `a float32 tensor ${shapeText([null, ...want])}`,
      describe(x),
      'must-be',
      `${code}.toFloat()`,
    );
  if (!fits(x.shape.slice(1), want))
    fail(what, expected, describe(x), 'must-be', reshapeFix(x.shape, want, code));
  return x.shape[0];
}

/** The loss the model was compiled with, when it is one by name. */
function lossName(model: tf.LayersModel): string | undefined {
  const loss = (model as unknown as { loss?: unknown }).loss;
  const one = Array.isArray(loss) && loss.length === 1 ? loss[0] : loss;
  return typeof one === 'string' ? one : undefined;
}

/** Checks y against the model's output and loss: `n` samples, one-hot or integer labels as the loss needs. */
export function checkLabels(
  model: tf.LayersModel,
  y: unknown,
  n: number,
  fn: string,
  arg = 'y',
  code = arg,
) {
  const out = model.outputs[0].shape.slice(1);
  const classes = out[out.length - 1];
  const loss = lossName(model);
  const forLoss = loss ? ` for the loss '${loss}'` : '';
  const categorical = loss === 'categoricalCrossentropy' && out.length === 1;
  const sparse = loss === 'sparseCategoricalCrossentropy';
  const what = `${fn}: ${arg}`;
  const expected = categorical
    ? `one-hot labels [${n}, ${classes}]${forLoss}`
    : sparse
      ? `integer class labels [${n}] or [${n}, 1]${forLoss}`
      : `${shapeText([n, ...out])} (the model's output)`;
  const oneHotFix = `${code} = toCategorical(${code}, ${classes})`;
  if (!(y instanceof tf.Tensor)) {
    const labels = ArrayBuffer.isView(y) || Array.isArray(y);
    const fix = !labels ? undefined : categorical ? oneHotFix : `${code} = tf.tensor1d(${code})`;
    fail(what, `${expected}, as a tf.Tensor`, describe(y), 'must-be', fix);
  }
  if (y.shape[0] !== n)
    fail(what, `one label per sample of x (${n})`, `${y.shape[0]} (${describe(y)})`, 'must-be');
  const sample = y.shape.slice(1);
  const integers = sample.length === 0 || (sample.length === 1 && sample[0] === 1);
  if (categorical && integers && classes !== 1)
    fail(what, expected, `integer labels, ${describe(y)}`, 'must-be', oneHotFix);
  if (categorical && !fits(sample, out))
    fail(
      what,
      expected,
      describe(y),
      'must-be',
      `make them with toCategorical(labels, ${classes})`,
    );
  if (sparse && !integers)
    fail(
      what,
      expected,
      describe(y),
      'must-be',
      `compile with loss 'categoricalCrossentropy' for one-hot labels, or use ${code}.argMax(-1)`,
    );
  // One output unit takes labels [n] as well as [n, 1] (binary cross-entropy's 0/1 labels).
  const single = out.length === 1 && out[0] === 1 && sample.length === 0;
  if (!categorical && !sparse && !single && !fits(sample, out))
    fail(what, expected, describe(y), 'must-be');
}

/** Checks that the model is compiled (fit: an optimizer; evaluate: a loss). */
export function checkCompiled(model: tf.LayersModel, fn: 'fit' | 'fitDataset' | 'evaluate') {
  const training = fn !== 'evaluate';
  const loss = (model as unknown as { loss?: unknown }).loss;
  if (training ? model.optimizer : model.optimizer || loss) return;
  fail(
    `${fn}: model`,
    training ? 'compiled before training' : 'compiled (evaluate needs its loss)',
    'a model that is not compiled',
    'must-be',
    "model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] })",
  );
}

// ─── scale: what values the model was trained on ───────────────────────────────────────────

/** The largest input value each model was trained on (by this process's fit). */
const trainedMax = new WeakMap<tf.LayersModel, number>();

/** The largest value x holds after fit's `scale` (uint8 Images are taken as 0–255). */
function largest(x: tf.Tensor | Images, scale: boolean): number {
  const max = x instanceof Images ? 255 : tf.tidy(() => x.max().dataSync()[0]);
  return scale ? max / 255 : max;
}

/** Remembers the range fit trains `model` on; warns when scale: true divides scaled pixels again. */
export function noteTraining(
  model: tf.LayersModel,
  x: tf.Tensor | Images,
  scale: boolean,
  fn: string,
) {
  const max = largest(x, scale);
  if (scale && x instanceof tf.Tensor && max > 0 && max <= 1.5 / 255)
    console.warn(
      warning(
        `${fn}: x`,
        'pixels 0–255 when scale: true divides them by 255',
        `values up to ${round(max * 255)}: scaled already`,
        'drop scale: true',
      ),
    );
  trainedMax.set(model, Math.max(trainedMax.get(model) ?? -Infinity, max));
}

const round = (v: number) => Number(v.toPrecision(3));

/** True when this process trained `model` on values in [0, 1]. */
export const trainedOnUnitRange = (model: tf.LayersModel) =>
  (trainedMax.get(model) ?? Infinity) <= 1.5;

/** Warns when x holds values up to 255 and the model was trained on [0, 1]. */
export function checkScale(
  model: tf.LayersModel,
  x: tf.Tensor | Images,
  scale: boolean,
  fn: string,
  arg = 'x',
  fix = `pass { scale: true }, or divide by 255 (scalePixels(${arg}))`,
) {
  if (!trainedOnUnitRange(model)) return;
  const max = largest(x, scale);
  if (max > 1.5)
    console.warn(
      warning(
        `${fn}: ${arg}`,
        "scaled as the model's training data, values in [0, 1]",
        `values up to ${round(max)}`,
        fix,
      ),
    );
}

// ─── checkpoints ───────────────────────────────────────────────────────────────────────────

/** Checks that fit's `resume` continues the model it saved, not another one. */
export function checkResume(model: tf.LayersModel, resume: unknown, fn: string) {
  const saved = (resume as { model?: unknown } | undefined)?.model;
  if (!(saved instanceof tf.LayersModel) || saved === model) return;
  const a = model.getWeights(),
    b = saved.getWeights();
  const same =
    a.length === b.length &&
    a.every((w, i) => w.shape.join() === b[i].shape.join() && w.equal(b[i]).all().dataSync()[0]);
  if (same) return;
  fail(
    `${fn}: resume`,
    "continued on the model the checkpoint saved (the checkpoint's model)",
    `another model (${model.countParams()} parameters, the checkpoint's has ${saved.countParams()})`,
    'must-be',
    'fit(checkpoint.model, x, y, { resume: checkpoint }), with checkpoint = await loadCheckpoint(dir)',
  );
}

/** Checks that `dir` is a checkpoint folder (training-state.json), naming a plain saved model as such. */
export function checkCheckpointDir(dir: unknown, fn = 'loadCheckpoint') {
  const expected = 'a checkpoint folder (written by ModelCheckpoint or saveCheckpoint)';
  if (typeof dir !== 'string' || dir === '') fail(`${fn}: dir`, expected, describe(dir), 'must-be');
  let found: string;
  try {
    found = resolveSavedDir(dir);
  } catch {
    return fail(`${fn}: dir`, expected, `'${dir}', which does not exist`, 'must-be');
  }
  if (fs.existsSync(path.join(found, 'training-state.json'))) return;
  const model = fs.existsSync(path.join(found, 'model.json'));
  fail(
    `${fn}: dir`,
    `${expected}, holding training-state.json`,
    model
      ? `a saved model in '${dir}' (model.json, no training-state.json)`
      : `'${dir}' without it`,
    'must-be',
    model ? `loadModel('${dir}') loads a saved model` : undefined,
  );
}
