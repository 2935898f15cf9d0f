// Keras 3's Adam as a tfjs Optimizer: 12 eager kernels a variable, scalars cached.
//   m += (g - m) * (1 - beta1);  v += (g^2 - v) * (1 - beta2)
//   var -= m * alpha / (sqrt(v) + epsilon),  alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
// (tf.train.adam bias-corrects m and v separately, i.e. epsilon is not scaled as in Keras.)
import { tf } from '../backend';
import { SlotOptimizer } from './slotOptimizer';
import { numberIn } from '../validate';

export interface KerasAdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class KerasAdam extends SlotOptimizer {
  /** Serialization name (model.save / loadLayersModel restore it). */
  static get className(): string {
    return 'KerasAdam';
  }
  protected readonly slotSuffixes = ['m', 'v'] as const;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private alpha: tf.Scalar | null = null;

  constructor(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7) {
    super(learningRate);
    const unit = { min: 0, below: 1 };
    this.beta1 = numberIn(beta1, 'KerasAdam beta1', unit, 'expected-last');
    this.beta2 = numberIn(beta2, 'KerasAdam beta2', unit, 'expected-last');
    this.epsilon = numberIn(epsilon, 'KerasAdam epsilon', { min: 0 }, 'expected-last');
  }

  protected override beginStep(): void {
    const t = this.iterations + 1;
    this.alpha = this.scalar(
      'alpha',
      (this.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t),
    );
  }

  protected update(value: tf.Tensor, g: tf.Tensor, [m, v]: tf.Variable[]) {
    const m1 = tf.add(m, tf.mul(tf.sub(g, m), this.scalar('1-beta1', 1 - this.beta1)));
    const v1 = tf.add(v, tf.mul(tf.sub(tf.square(g), v), this.scalar('1-beta2', 1 - this.beta2)));
    const step = tf.div(
      tf.mul(m1, this.alpha as tf.Scalar),
      tf.add(tf.sqrt(v1), this.scalar('epsilon', this.epsilon)),
    );
    return { slots: [m1, v1], value: tf.sub(value, step) };
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }

  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const c = config as unknown as KerasAdamConfig;
    return new (cls as unknown as new (lr: number, b1: number, b2: number, eps: number) => T)(
      c.learningRate,
      c.beta1,
      c.beta2,
      c.epsilon,
    );
  }
}

tf.serialization.registerClass(KerasAdam);
