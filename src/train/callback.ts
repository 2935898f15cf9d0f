// The callback protocol fit() drives (Keras's keras.callbacks.Callback).
import { tf } from '../backend';
import { History, Logs } from './history';
import { oneOf } from '../validate';

export interface TrainingParams {
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch, when known. */
  steps?: number;
  /** Training samples per epoch, when known. */
  samples?: number;
  batchSize?: number;
  doValidation: boolean;
  verbose: 0 | 1 | 2;
}

/** State of a checkpoint fit() resumed from, for callbacks that keep a "best so far". */
export interface ResumeInfo {
  monitor?: string;
  best?: number;
}

export interface TrainingContext {
  model: tf.LayersModel;
  params: TrainingParams;
  history: History;
  resume?: ResumeInfo;
}

/** Override any of the hooks; `this.model`, `this.params` and `this.history` are set before onTrainBegin. */
export abstract class Callback {
  context!: TrainingContext;
  get model(): tf.LayersModel {
    return this.context.model;
  }
  get params(): TrainingParams {
    return this.context.params;
  }
  get history(): History {
    return this.context.history;
  }
  onTrainBegin(_logs: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs: Logs): void | Promise<void> {}
  onTrainEnd(_logs: Logs): void | Promise<void> {}
}

/** Keras's mode 'auto': accuracy-like monitors are maximized, everything else minimized. */
export function resolveMode(monitor: string, mode: 'auto' | 'min' | 'max'): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  oneOf(mode, 'mode', ['auto', 'min', 'max'], 'expected-last');
  return /acc|auc|precision|recall/.test(monitor) ? 'max' : 'min';
}
