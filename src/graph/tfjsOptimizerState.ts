// Hands the optimizer state (iterations, slot variables) between a graph trainer and the
// model's tfjs optimizer, so a checkpoint saved after graph training holds the real
// moments, a resumed or second fit() continues them, and eager and graph steps can
// alternate. The layout is tfjs's getWeights(): [iterations, kind-major slots], matched
// by position (as tfjs itself restores optimizer weights).
import { tf } from '../backend';
import { writeOptimizerIterations } from '../internals';
import { GraphOptimizerState } from './trainer';

interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** The optimizer's slots as getWeights() gives them (live variables), iterations dropped. */
async function slotTensors(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  const [iterations, ...slots] = (await optimizer.getWeights()) as NamedTensor[];
  iterations?.tensor.dispose(); // saveIterations() makes a fresh scalar
  return slots;
}

/**
 * Sets tfjs's update count (a protected field, see internals.ts). Adam's bias correction
 * and Keras's decay read it, so the graph engine advances it with every step.
 */
export function setOptimizerIterations(optimizer: tf.Optimizer, iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new Error(`setOptimizerIterations: an integer >= 0 expected, found ${iterations}`);
  writeOptimizerIterations(optimizer, iterations);
}

/** The tfjs optimizer's iterations and slot values (no slots before its first update). */
export async function readTfjsOptimizerState(
  optimizer: tf.Optimizer,
): Promise<{ iterations: number; slots: Float32Array[] }> {
  const slots = await slotTensors(optimizer);
  return {
    iterations: optimizer.iterations,
    slots: slots.map((s) => s.tensor.dataSync() as Float32Array),
  };
}

/** Writes a graph trainer's optimizer state into the tfjs optimizer (creating its slots if it has none yet). */
export async function writeTfjsOptimizerState(
  optimizer: tf.Optimizer,
  state: GraphOptimizerState,
): Promise<void> {
  const current = await slotTensors(optimizer);
  if (current.length === 0 && state.slots.length > 0) {
    // A fresh optimizer: setWeights makes the slot variables (sharing the new tensors' data).
    const fresh = state.slots.map((s) => ({
      name: s.name,
      tensor: tf.tensor(s.data, s.shape, 'float32'),
    }));
    const iterations = { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') };
    try {
      await optimizer.setWeights([iterations, ...fresh]);
    } finally {
      tf.dispose([iterations.tensor, ...fresh.map((f) => f.tensor)]);
    }
  } else {
    if (current.length !== state.slots.length) {
      throw new Error(
        `${optimizer.getClassName()}: ${current.length} slot variables, but the graph engine has ${state.slots.length} (was the optimizer used by another model?)`,
      );
    }
    tf.tidy(() =>
      current.forEach((c, i) => {
        const s = state.slots[i];
        if (c.tensor.shape.join() !== s.shape.join())
          throw new Error(
            `${optimizer.getClassName()}: slot ${c.name} has shape [${c.tensor.shape.join(', ')}], the graph engine's ${s.name} [${s.shape.join(', ')}]`,
          );
        (c.tensor as tf.Variable).assign(tf.tensor(s.data, s.shape, 'float32'));
      }),
    );
  }
  setOptimizerIterations(optimizer, state.iterations);
}
