// Public API of src/train/ (re-exported by src/index.ts).
export { fit, fitDataset } from './fit';
export type { FitOptions, FitDatasetOptions, BatchSource } from './fit';
export { evaluate, predictClasses } from './evaluate';
export type { Evaluation } from './evaluate';
export { History } from './history';
export type { Logs, HistoryJSON } from './history';
export { Callback } from './callback';
export type { TrainingParams, TrainingContext } from './callback';
export { EarlyStopping, LearningRateScheduler, CSVLogger } from './callbacks';
export type { EarlyStoppingOptions } from './callbacks';
export { ModelCheckpoint, saveCheckpoint, loadCheckpoint } from './checkpoint';
export type { ModelCheckpointOptions, Checkpoint, TrainingState } from './checkpoint';
export { adam, rmsprop, sgd, optimizerFromName, decayedLearningRate, currentLearningRate, setLearningRate, decaySettings, setDecaySettings } from './optimizers';
export type { DecaySettings } from './optimizers';
export { ProgressCallback } from './progress';
export { progressFigure, lineChartSvg } from './progressView';
export type { ProgressState } from './progressView';
export { epochPermutation } from './shuffle';
