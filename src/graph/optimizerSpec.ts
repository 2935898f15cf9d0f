// The graph engine's optimizer spec for a compiled model's tfjs optimizer, so fit() can
// switch engines without the user restating the optimizer. Only optimizers whose formula
// the graph reproduces exactly are accepted. (Matched by class name: tfjs's Optimizer
// overrides instanceof with duck typing, so every optimizer "is" a KerasRMSprop.)
import { tf } from '../backend';
import { KerasAdam } from '../optimizers/kerasAdam';
import { KerasRMSprop } from '../optimizers/kerasRmsprop';
import { GraphEngineUnsupported } from './unsupported';
import { GraphOptimizerSpec } from './updates';

export function optimizerSpecOf(optimizer: tf.Optimizer): GraphOptimizerSpec {
  const name = (optimizer as { getClassName?: () => string })?.getClassName?.() ?? typeof optimizer;
  const o = optimizer as unknown as {
    learningRate: number;
    momentum: number;
    useNesterov: boolean;
    rho: number;
    beta1: number;
    beta2: number;
    epsilon: number;
  };
  switch (name) {
    case KerasRMSprop.className:
      return { kind: 'rmsprop', learningRate: o.learningRate, rho: o.rho, epsilon: o.epsilon };
    case KerasAdam.className:
      return {
        kind: 'adam',
        learningRate: o.learningRate,
        beta1: o.beta1,
        beta2: o.beta2,
        epsilon: o.epsilon,
      };
    case tf.MomentumOptimizer.className:
      return {
        kind: 'sgd',
        learningRate: o.learningRate,
        momentum: o.momentum,
        nesterov: o.useNesterov,
      };
    case tf.SGDOptimizer.className:
      return { kind: 'sgd', learningRate: o.learningRate };
    default:
      throw new GraphEngineUnsupported(
        `optimizer ${name} is not supported (the library's rmsprop(), adam() or sgd())`,
      );
  }
}
