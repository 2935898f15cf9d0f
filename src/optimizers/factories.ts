// Keras's optimizers with their defaults and the legacy `decay` argument
// (lr_t = lr / (1 + decay * iterations)), which tfjs optimizers lack. The decay is
// applied per batch by fit() through applyLearningRateDecay.
import { tf } from '../backend';
import { KerasAdam } from './kerasAdam';
import { KerasRMSprop } from './kerasRmsprop';
import { numberIn, oneOf, positiveNumber } from '../validate';

export interface DecaySettings {
  /** The base learning rate (Keras's `lr`); schedules change this. */
  learningRate: number;
  /** Keras's legacy time-based decay; 0 keeps the rate constant. */
  decay: number;
}

const settings = new WeakMap<tf.Optimizer, DecaySettings>();

/** Keras's formula: the learning rate used for the update after `iterations` updates. */
export function decayedLearningRate(
  learningRate: number,
  decay: number,
  iterations: number,
): number {
  return learningRate / (1 + decay * iterations);
}

function withDecay<T extends tf.Optimizer>(
  opt: T,
  learningRate: number,
  decay: number,
  fn: string,
): T {
  settings.set(opt, {
    learningRate,
    decay: numberIn(decay, `${fn} decay`, { min: 0 }, 'expected-last'),
  });
  return opt;
}

/**
 * Keras `Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, decay=0)`, with Keras 3's update
 * (bias correction folded into the rate, epsilon unscaled) in 12 eager ops a variable (src/optimizers/kerasAdam.ts).
 */
export function adam(
  o: {
    learningRate?: number;
    beta1?: number;
    beta2?: number;
    epsilon?: number;
    decay?: number;
  } = {},
): tf.Optimizer {
  const lr = positiveNumber(o.learningRate ?? 0.001, 'adam learningRate', 'expected-last');
  return withDecay(
    new KerasAdam(lr, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7),
    lr,
    o.decay ?? 0,
    'adam',
  );
}

/**
 * Keras `RMSprop(lr=0.001, rho=0.9, epsilon=1e-7, decay=0)` (tutorial 001: lr 1e-4, decay 1e-6),
 * with Keras 3's update `v = rho*v + (1-rho)*g^2; w -= lr*g / sqrt(v + epsilon)` in 9 eager ops
 * a variable (src/optimizers/kerasRmsprop.ts; tf.train.rmsprop puts epsilon inside the sqrt and runs 15).
 */
export function rmsprop(
  o: { learningRate?: number; rho?: number; epsilon?: number; decay?: number } = {},
): tf.Optimizer {
  const lr = positiveNumber(o.learningRate ?? 0.001, 'rmsprop learningRate', 'expected-last');
  const rho = numberIn(o.rho ?? 0.9, 'rmsprop rho', { min: 0, below: 1 }, 'expected-last');
  // Keras's decay is the learning-rate decay handled here, not rho.
  return withDecay(
    new KerasRMSprop(
      lr,
      rho,
      numberIn(o.epsilon ?? 1e-7, 'rmsprop epsilon', { min: 0 }, 'expected-last'),
    ),
    lr,
    o.decay ?? 0,
    'rmsprop',
  );
}

/** Keras `SGD(lr=0.01, momentum=0, nesterov=false, decay=0)`. */
export function sgd(
  o: { learningRate?: number; momentum?: number; nesterov?: boolean; decay?: number } = {},
): tf.Optimizer {
  const lr = positiveNumber(o.learningRate ?? 0.01, 'sgd learningRate', 'expected-last');
  const momentum = numberIn(o.momentum ?? 0, 'sgd momentum', { min: 0 }, 'expected-last');
  const opt =
    momentum > 0 || o.nesterov
      ? tf.train.momentum(lr, momentum, o.nesterov ?? false)
      : tf.train.sgd(lr);
  return withDecay(opt, lr, o.decay ?? 0, 'sgd');
}

/** Keras's optimizer strings ('adam', 'rmsprop', 'sgd') with Keras's defaults. */
export function optimizerFromName(name: string): tf.Optimizer {
  const kind = oneOf(
    typeof name === 'string' ? name.toLowerCase() : name,
    'optimizerFromName',
    ['adam', 'rmsprop', 'sgd'] as const,
    'expected-last',
  );
  return kind === 'adam' ? adam() : kind === 'rmsprop' ? rmsprop() : sgd();
}

/** The rate the optimizer applies right now. */
export function currentLearningRate(opt: tf.Optimizer): number {
  return (opt as unknown as { learningRate: number }).learningRate;
}

function setCurrent(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  // SGD and momentum cache -lr as a tensor; the others read the field each step.
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** Decay settings of an optimizer (the base rate and decay; decay 0 for plain tfjs optimizers). */
export function decaySettings(opt: tf.Optimizer): DecaySettings {
  return settings.get(opt) ?? { learningRate: currentLearningRate(opt), decay: 0 };
}

/** Restores decay settings on an optimizer (e.g. one recreated by loading a checkpoint). */
export function setDecaySettings(opt: tf.Optimizer, s: DecaySettings): void {
  const lr = positiveNumber(s.learningRate, 'setDecaySettings learningRate', 'expected-last');
  withDecay(opt, lr, s.decay, 'setDecaySettings');
  applyLearningRateDecay(opt);
}

/** Sets the base learning rate (what a schedule changes); decay then applies on top. */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  settings.set(opt, {
    ...decaySettings(opt),
    learningRate: positiveNumber(lr, 'setLearningRate learningRate', 'expected-last'),
  });
  applyLearningRateDecay(opt);
}

/** Sets the rate for the next update from the base rate, decay and the optimizer's update count. */
export function applyLearningRateDecay(opt: tf.Optimizer): number {
  const s = decaySettings(opt);
  const lr = decayedLearningRate(s.learningRate, s.decay, opt.iterations);
  setCurrent(opt, lr);
  return lr;
}
