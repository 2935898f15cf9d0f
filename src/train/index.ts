// Everything in src/train/ (tests import this; the public API is src/index.ts).
import { installCompileCheck } from './compileCheck';

// Every model's compile checks its names first (see compileCheck.ts).
installCompileCheck();

export { fit, fitDataset } from './fit';
export type { FitOptions, FitDatasetOptions, BatchSource } from './fit';
export { evaluate, predict, predictClasses } from './evaluate';
export type { Evaluation, InferenceOptions } from './evaluate';
export { History } from './history';
export type { Logs, HistoryJSON } from './history';
export { Callback } from './callback';
export type { TrainingParams, TrainingContext } from './callback';
export { EarlyStopping, LearningRateScheduler, CSVLogger } from './callbacks';
export type { EarlyStoppingOptions } from './callbacks';
export { ModelCheckpoint, saveCheckpoint, loadCheckpoint } from './checkpoint';
export type { ModelCheckpointOptions, Checkpoint, TrainingState } from './checkpoint';
export { loadCheckpointOrTrain } from './loadOrTrain';
export type { LoadedOrTrained } from './loadOrTrain';
export { ProgressCallback } from './progress';
export { FitHistory } from './engine';
export { Trials, compareTrials } from './trials';
export type { TrialData, TrialSettings, TrialResult, TrialComparison } from './trials';
export type { EngineChoice, EngineName } from './engine';
export { checkCompileArgs } from './compileCheck';
