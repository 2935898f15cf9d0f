// The bookkeeping shared by the Keras optimizers in src/optimizers: per-variable slot
// variables (created as zeros on first use, saved and restored in order, as tfjs
// lays optimizer weights out), scalars cached as tensors (so a step uploads
// nothing per variable), and the learning rate read each step (schedules and
// Keras's decay change it between steps).
import { tf } from '../backend';
import { positiveNumber } from '../validate';

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}
type VariableGradients = tf.NamedTensorMap | NamedTensor[];
interface Slot {
  originalName: string;
  variable: tf.Variable;
}

export abstract class SlotOptimizer extends tf.Optimizer {
  learningRate: number;
  /** Slot suffixes, one slot variable per suffix and model variable (e.g. ['rms']). */
  protected abstract readonly slotSuffixes: readonly string[];
  /** Computes the new slot values and the new variable value from the gradient (inside a tidy). */
  protected abstract update(
    value: tf.Tensor,
    gradient: tf.Tensor,
    slots: tf.Variable[],
    lr: tf.Scalar,
  ): { slots: tf.Tensor[]; value: tf.Tensor };
  /** Per-step scalars (e.g. Adam's bias-corrected rate), computed before any variable is updated. */
  protected beginStep(): void {}

  private slots: Slot[][] = [];
  private cached = new Map<string, { value: number; tensor: tf.Scalar }>();

  constructor(learningRate: number) {
    super();
    this.learningRate = positiveNumber(
      learningRate,
      `${this.getClassName()} learningRate`,
      'expected-last',
    );
  }

  /** `value` as a kept scalar tensor, re-created only when the number changes. */
  protected scalar(key: string, value: number): tf.Scalar {
    const c = this.cached.get(key);
    if (c?.value === value) return c.tensor;
    c?.tensor.dispose();
    const tensor = tf.keep(tf.scalar(value));
    this.cached.set(key, { value, tensor });
    return tensor;
  }

  applyGradients(variableGradients: VariableGradients): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((g) => g.name)
      : Object.keys(variableGradients);
    this.beginStep();
    const lr = this.scalar('learningRate', this.learningRate);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      if (!value)
        throw new Error(`${this.getClassName()}: no variable named '${name}' is registered`);
      this.slots[i] ??= this.slotSuffixes.map((s) => ({
        originalName: `${name}/${s}`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      }));
      const g = Array.isArray(variableGradients)
        ? variableGradients[i].tensor
        : variableGradients[name];
      if (g == null) return;
      const slots = this.slots[i].map((s) => s.variable);
      tf.tidy(() => {
        const next = this.update(value, g, slots, lr);
        next.slots.forEach((t, k) => slots[k].assign(t));
        value.assign(next.value);
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.slots.flat().map((s) => s.variable));
    this.slots = [];
    tf.dispose([...this.cached.values()].map((c) => c.tensor));
    this.cached.clear();
  }

  /** [iterations, slot 0 of every variable, slot 1 of every variable, ...] (tfjs's layout). */
  override async getWeights(): Promise<NamedTensor[]> {
    const bySlot = this.slotSuffixes.flatMap((_, k) =>
      this.slots.map((s) => ({ name: s[k].originalName, tensor: s[k].variable })),
    );
    return [await this.saveIterations(), ...bySlot];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const k = this.slotSuffixes.length;
    if (rest.length % k !== 0)
      throw new Error(
        `${this.getClassName()}.setWeights: a multiple of ${k} slot tensors expected, found ${rest.length}`,
      );
    tf.dispose(this.slots.flat().map((s) => s.variable));
    const n = rest.length / k;
    this.slots = Array.from({ length: n }, (_, i) =>
      this.slotSuffixes.map((_, s) => ({
        originalName: rest[s * n + i].name,
        variable: rest[s * n + i].tensor.variable(false),
      })),
    );
  }
}
