// Keras 3's RMSprop as a tfjs Optimizer, in fewer eager ops than tf.train.rmsprop.
// tfjs's RMSPropOptimizer keeps a momentum slot even at momentum 0, computes the
// mean square twice and uploads five scalars per variable: 15 kernels + 5 uploads
// per variable and step. Keras's update (no momentum, not centered) is
//   velocity = rho * velocity + (1 - rho) * g^2
//   var     -= lr * g / (sqrt(velocity) + epsilon)
// which is 9 kernels here, with the scalars cached as tensors. (TensorFlow's fused
// ApplyRMSProp needs ref/resource variables, which tfjs-node's eager binding lacks.)
import { tf } from '../backend';

interface NamedTensor { name: string; tensor: tf.Tensor }
type VariableGradients = tf.NamedTensorMap | NamedTensor[];
interface Slot { originalName: string; variable: tf.Variable }

export interface KerasRmspropConfig {
  learningRate: number;
  rho: number;
  epsilon: number;
}

export class KerasRMSprop extends tf.Optimizer {
  /** Serialization name (model.save / loadLayersModel restore it). */
  static get className(): string { return 'KerasRMSprop'; }

  /** Read each step, so a schedule or Keras's decay may change it between steps. */
  learningRate: number;
  readonly rho: number;
  readonly epsilon: number;
  private velocities: Slot[] = [];
  private scalars: { rho: tf.Scalar; oneMinusRho: tf.Scalar; epsilon: tf.Scalar } | null = null;
  private lrScalar: { value: number; tensor: tf.Scalar } | null = null;

  constructor(learningRate = 0.001, rho = 0.9, epsilon = 1e-7) {
    super();
    for (const [name, v, ok] of [['learningRate', learningRate, learningRate > 0], ['rho', rho, rho >= 0 && rho < 1], ['epsilon', epsilon, epsilon >= 0]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || !ok) throw new Error(`KerasRMSprop ${name}: ${name === 'rho' ? 'a number in [0, 1)' : name === 'epsilon' ? 'a number >= 0' : 'a positive number'} expected, found ${v}`);
    }
    this.learningRate = learningRate;
    this.rho = rho;
    this.epsilon = epsilon;
  }

  private constants() {
    this.scalars ??= tf.tidy(() => ({ rho: tf.keep(tf.scalar(this.rho)), oneMinusRho: tf.keep(tf.scalar(1 - this.rho)), epsilon: tf.keep(tf.scalar(this.epsilon)) }));
    if (this.lrScalar?.value !== this.learningRate) {
      this.lrScalar?.tensor.dispose();
      this.lrScalar = { value: this.learningRate, tensor: tf.keep(tf.scalar(this.learningRate)) };
    }
    return { ...this.scalars, lr: this.lrScalar.tensor };
  }

  applyGradients(variableGradients: VariableGradients): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((g) => g.name) : Object.keys(variableGradients);
    const c = this.constants();
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      if (!value) throw new Error(`KerasRMSprop: no variable named '${name}' is registered`);
      this.velocities[i] ??= { originalName: `${name}/rms`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const g = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (g == null) return;
      const velocity = this.velocities[i].variable;
      tf.tidy(() => {
        const v = tf.add(tf.mul(c.rho, velocity), tf.mul(c.oneMinusRho, tf.square(g)));
        velocity.assign(v);
        value.assign(tf.sub(value, tf.div(tf.mul(c.lr, g), tf.add(tf.sqrt(v), c.epsilon))));
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.velocities.map((s) => s.variable));
    this.velocities = [];
    if (this.scalars) tf.dispose([this.scalars.rho, this.scalars.oneMinusRho, this.scalars.epsilon]);
    this.lrScalar?.tensor.dispose();
    this.scalars = null;
    this.lrScalar = null;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...this.velocities.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    tf.dispose(this.velocities.map((s) => s.variable));
    this.velocities = rest.map((w) => ({ originalName: w.name, variable: w.tensor.variable(false) }));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
  }

  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const c = config as unknown as KerasRmspropConfig;
    return new (cls as unknown as new (lr: number, rho: number, eps: number) => T)(c.learningRate, c.rho, c.epsilon);
  }
}

tf.serialization.registerClass(KerasRMSprop);
