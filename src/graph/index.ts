// Optional graph-mode training engine: one TensorFlow graph per training step through
// native/graph (see bench/README.md for why eager mode costs ~2x Keras's CPU).
export { isGraphEngineAvailable, graphEngineStatus } from './addon';
export { graphTrainer } from './trainer';
export { graphInference, inferenceProblem } from './inference';
export { computeDtype, cpuBf16Flags } from './precision';
export type { Precision } from './precision';
export type { GraphInference, GraphInferenceOptions, InputBatch } from './inference';
export { GraphEngineUnsupported } from './unsupported';
export type {
  GraphTrainer,
  GraphTrainerOptions,
  GraphOptimizerState,
  SlotValue,
  StepResult,
} from './trainer';
export type { GraphOptimizerSpec } from './updates';
export { optimizerSpecOf } from './optimizerSpec';
export {
  readTfjsOptimizerState,
  writeTfjsOptimizerState,
  setOptimizerIterations,
} from './tfjsOptimizerState';
export { graphEpoch } from './epoch';
export type { GraphEpochOptions } from './epoch';
