// Optimizer updates as graph ops, with the same formulas as the eager path:
//  - rmsprop: Keras 3 (src/optimizers/kerasRmsprop.ts): v = rho*v + (1-rho)*g^2; w -= lr*g / sqrt(v + eps),
//    as TF's fused ResourceApplyRMSProp at momentum 0 (one kernel a variable instead of nine
//    element-wise passes; its momentum accumulator is scratch, overwritten every step).
//  - adam: Keras 3 = TF's ResourceApplyAdam (alpha = lr*sqrt(1-b2^t)/(1-b1^t), eps unscaled).
//  - sgd: ResourceApplyGradientDescent; with momentum ResourceApplyMomentum (tfjs's
//    tf.train.momentum formula: a = m*a + g; w -= lr*a, nesterov: w -= lr*(g + m*a)).
// The learning rate (and Adam's beta powers) are fed per step, so decay and schedules work.
import { Attr, Output } from './addon';
import { GraphBuilder } from './builder';
import { GraphVariable } from './layers';
import { GraphEngineUnsupported } from './unsupported';

export type GraphOptimizerSpec =
  | { kind: 'rmsprop'; learningRate: number; rho?: number; epsilon?: number }
  | { kind: 'adam'; learningRate: number; beta1?: number; beta2?: number; epsilon?: number }
  | { kind: 'sgd'; learningRate: number; momentum?: number; nesterov?: boolean };

/** Scalars fed each step. */
export interface StepFeeds {
  learningRate: Output;
  beta1Power?: Output;
  beta2Power?: Output;
}

export interface Updates {
  feeds: StepFeeds;
  /** Slot variables (zero-initialised) in creation order (variable by variable), with their
   *  shapes, their kind ('rms', 'm', 'v', 'momentum') and tfjs's name for them. */
  slots: Slot[];
  /** Ops to run as targets for one update. */
  ops: string[];
  /** Zeroes the optimizer's scratch variables (not part of its state); run once at start. */
  initScratch: string[];
}

export interface Slot {
  handle: Output;
  read: Output;
  shape: number[];
  kind: string;
  /** tfjs's slot name: `<weight variable name>/<kind>`. */
  name: string;
}

const F32: Attr = ['T', 'type', 'float32'];
const NO_LOCK: Attr = ['use_locking', 'bool', false];

function check(what: string, v: number, ok: boolean, expected: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok)
    throw new GraphEngineUnsupported(`optimizer ${what}: ${expected} expected, found ${v}`);
  return v;
}

/** Validates a spec and fills Keras's defaults. */
export function normaliseSpec(spec: GraphOptimizerSpec): Required<GraphOptimizerSpec> {
  const lr = (v: number) => check('learningRate', v, v > 0, 'a positive number');
  const unit = (n: string, v: number) => check(n, v, v >= 0 && v < 1, 'a number in [0, 1)');
  const eps = (v: number) => check('epsilon', v, v >= 0, 'a number >= 0');
  switch (spec?.kind) {
    case 'rmsprop':
      return {
        kind: 'rmsprop',
        learningRate: lr(spec.learningRate),
        rho: unit('rho', spec.rho ?? 0.9),
        epsilon: eps(spec.epsilon ?? 1e-7),
      };
    case 'adam':
      return {
        kind: 'adam',
        learningRate: lr(spec.learningRate),
        beta1: unit('beta1', spec.beta1 ?? 0.9),
        beta2: unit('beta2', spec.beta2 ?? 0.999),
        epsilon: eps(spec.epsilon ?? 1e-7),
      };
    case 'sgd':
      return {
        kind: 'sgd',
        learningRate: lr(spec.learningRate),
        momentum: check('momentum', spec.momentum ?? 0, (spec.momentum ?? 0) >= 0, 'a number >= 0'),
        nesterov: spec.nesterov ?? false,
      };
    default:
      throw new GraphEngineUnsupported(
        `optimizer kind must be 'rmsprop', 'adam' or 'sgd', found ${JSON.stringify((spec as { kind?: unknown })?.kind)}`,
      );
  }
}

/** Adds the update of every trainable variable; each runs after all gradients exist. */
export function buildUpdates(
  b: GraphBuilder,
  spec: GraphOptimizerSpec,
  vars: GraphVariable[],
  grads: Output[],
  after: string,
): Updates {
  const s = normaliseSpec(spec);
  const lr = b.placeholder('learning_rate', []);
  const feeds: StepFeeds = { learningRate: lr };
  const slots: Updates['slots'] = [];
  const slot = (v: GraphVariable, suffix: string) => {
    const shape = v.weight.shape as number[];
    const { handle, read } = b.variable(`${v.handle[0]}/${suffix}`, shape);
    slots.push({ handle, read, shape, kind: suffix, name: `${v.weight.name}/${suffix}` });
    return { handle, read };
  };
  const initScratch: string[] = [];
  const ops = vars.map((v, i) => {
    const g = grads[i];
    const name = v.handle[0];
    if (s.kind === 'rmsprop') {
      const ms = slot(v, 'rms');
      // TF's formula: ms += (g^2 - ms)(1 - rho); mom = momentum*mom + lr*g/sqrt(ms + eps);
      // w -= mom. At momentum 0 that is Keras's update, and mom never carries over.
      const shape = v.weight.shape as number[];
      const mom = b.variable(`${name}/rmsprop_scratch`, shape);
      initScratch.push(b.assign(mom.handle, b.zeros(`${name}/rmsprop_scratch/zeros`, shape)));
      return b.op(
        'ResourceApplyRMSProp',
        `${name}/rmsprop`,
        [v.handle, ms.handle, mom.handle, lr, b.scalar(s.rho), b.scalar(0), b.scalar(s.epsilon), g],
        [F32, NO_LOCK],
        [after],
      )[0];
    }
    if (s.kind === 'adam') {
      feeds.beta1Power ??= b.placeholder('beta1_power', []);
      feeds.beta2Power ??= b.placeholder('beta2_power', []);
      const m = slot(v, 'm'),
        vv = slot(v, 'v');
      const inputs = [
        v.handle,
        m.handle,
        vv.handle,
        feeds.beta1Power,
        feeds.beta2Power as Output,
        lr,
        b.scalar(s.beta1),
        b.scalar(s.beta2),
        b.scalar(s.epsilon),
        g,
      ];
      return b.op(
        'ResourceApplyAdam',
        `${name}/adam`,
        inputs,
        [F32, NO_LOCK, ['use_nesterov', 'bool', false]],
        [after],
      )[0];
    }
    if (s.momentum > 0 || s.nesterov) {
      const accum = slot(v, 'momentum');
      return b.op(
        'ResourceApplyMomentum',
        `${name}/momentum`,
        [v.handle, accum.handle, lr, g, b.scalar(s.momentum)],
        [F32, NO_LOCK, ['use_nesterov', 'bool', s.nesterov]],
        [after],
      )[0];
    }
    return b.op(
      'ResourceApplyGradientDescent',
      `${name}/sgd`,
      [v.handle, lr, g],
      [F32, NO_LOCK],
      [after],
    )[0];
  });
  return { feeds, slots, ops, initScratch };
}
