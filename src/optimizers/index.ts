// Everything in src/optimizers/: Keras's optimizers with Keras's formulas (tests import
// this; the public API is src/index.ts).
export {
  adam,
  rmsprop,
  sgd,
  optimizerFromName,
  decayedLearningRate,
  currentLearningRate,
  setLearningRate,
  decaySettings,
  setDecaySettings,
} from './factories';
export type { DecaySettings } from './factories';
export { KerasRMSprop } from './kerasRmsprop';
export { KerasAdam } from './kerasAdam';
