// Keras 3's RMSprop as a tfjs Optimizer, in fewer eager ops than tf.train.rmsprop.
// tfjs's RMSPropOptimizer keeps a momentum slot even at momentum 0, computes the
// mean square twice and uploads five scalars per variable: 15 kernels + 5 uploads
// per variable and step. Keras's update (no momentum, not centered) is
//   velocity = rho * velocity + (1 - rho) * g^2
//   var     -= lr * g / sqrt(velocity + epsilon)
// (keras/src/optimizers/rmsprop.py in Keras 3; Keras 2 added epsilon after the sqrt.)
// which is 9 kernels here, with the scalars cached as tensors. (TensorFlow's fused
// ApplyRMSProp needs ref/resource variables, which tfjs-node's eager binding lacks.)
import { tf } from '../backend';
import { SlotOptimizer } from './slotOptimizer';
import { numberIn } from '../validate';

export interface KerasRmspropConfig {
  learningRate: number;
  rho: number;
  epsilon: number;
}

export class KerasRMSprop extends SlotOptimizer {
  /** Serialization name (model.save / loadLayersModel restore it). */
  static get className(): string {
    return 'KerasRMSprop';
  }
  protected readonly slotSuffixes = ['rms'] as const;
  readonly rho: number;
  readonly epsilon: number;

  constructor(learningRate = 0.001, rho = 0.9, epsilon = 1e-7) {
    super(learningRate);
    this.rho = numberIn(rho, 'KerasRMSprop rho', { min: 0, below: 1 }, 'expected-last');
    this.epsilon = numberIn(epsilon, 'KerasRMSprop epsilon', { min: 0 }, 'expected-last');
  }

  protected update(value: tf.Tensor, g: tf.Tensor, [velocity]: tf.Variable[], lr: tf.Scalar) {
    const v = tf.add(
      tf.mul(this.scalar('rho', this.rho), velocity),
      tf.mul(this.scalar('1-rho', 1 - this.rho), tf.square(g)),
    );
    return {
      slots: [v],
      value: tf.sub(
        value,
        tf.div(tf.mul(lr, g), tf.sqrt(tf.add(v, this.scalar('epsilon', this.epsilon)))),
      ),
    };
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
  }

  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const c = config as unknown as KerasRmspropConfig;
    return new (cls as unknown as new (lr: number, rho: number, eps: number) => T)(
      c.learningRate,
      c.rho,
      c.epsilon,
    );
  }
}

tf.serialization.registerClass(KerasRMSprop);
