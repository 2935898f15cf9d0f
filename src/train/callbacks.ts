// Keras's EarlyStopping, LearningRateScheduler and CSVLogger.
import * as fs from 'fs';
import * as path from 'path';
import { tf } from '../backend';
import { Callback, resolveMode } from './callback';
import { Logs, monitorValue } from './history';
import { currentLearningRate, decaySettings, setLearningRate } from '../optimizers/factories';
import { describe, fail, integerIn, positiveNumber } from '../validate';

export interface EarlyStoppingOptions {
  monitor?: string;
  /** Smallest change that counts as an improvement. */
  minDelta?: number;
  /** Epochs without improvement before stopping. */
  patience?: number;
  mode?: 'auto' | 'min' | 'max';
  /** Put back the weights of the best epoch when stopping (or at the end). */
  restoreBestWeights?: boolean;
  verbose?: 0 | 1;
}

/** Keras's EarlyStopping: stop when the monitored value stops improving. */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly restoreBestWeights: boolean;
  private readonly mode: 'min' | 'max';
  private readonly verbose: 0 | 1;
  best = NaN;
  bestEpoch = -1;
  wait = 0;
  /** Zero-based epoch at which training was stopped, or -1. */
  stoppedEpoch = -1;
  private bestWeights: tf.Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = integerIn(
      options.patience ?? 0,
      'EarlyStopping: patience',
      { min: 0 },
      'must-be',
    );
    this.mode = resolveMode(this.monitor, options.mode ?? 'auto');
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.verbose = options.verbose ?? 0;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = -1;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = -1;
    this.dropBestWeights();
  }

  private improved(current: number): boolean {
    return this.mode === 'min'
      ? current < this.best - this.minDelta
      : current > this.best + this.minDelta;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const current = monitorValue(logs, this.monitor);
    if (current === undefined)
      throw new Error(
        `EarlyStopping: monitor '${this.monitor}' not in the epoch logs (${Object.keys(logs).join(', ')})`,
      );
    this.wait += 1;
    if (this.improved(current)) {
      this.best = current;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) {
        this.dropBestWeights();
        this.bestWeights = this.model.getWeights().map((w) => w.clone());
      }
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch >= 0 && this.verbose)
      console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights && this.bestEpoch >= 0) {
      if (this.verbose)
        console.log(
          `Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`,
        );
      this.model.setWeights(this.bestWeights);
    }
    this.dropBestWeights();
  }

  private dropBestWeights(): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = null;
  }
}

/** Keras's LearningRateScheduler: `schedule(epoch, lr)` gives each epoch's base learning rate. */
export class LearningRateScheduler extends Callback {
  constructor(
    private readonly schedule: (epoch: number, lr: number) => number,
    private readonly verbose: 0 | 1 = 0,
  ) {
    super();
    if (typeof schedule !== 'function')
      fail(
        'LearningRateScheduler: schedule',
        'a function (epoch, lr) => lr',
        describe(schedule),
        'must-be',
      );
  }

  override onEpochBegin(epoch: number): void {
    const opt = this.model.optimizer;
    if (!opt)
      throw new Error('LearningRateScheduler: the model has no optimizer (compile it first)');
    const lr = positiveNumber(
      this.schedule(epoch, decaySettings(opt).learningRate),
      `LearningRateScheduler: the value of schedule(${epoch})`,
      'must-be',
    );
    setLearningRate(opt, lr);
    if (this.verbose)
      console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    if (this.model.optimizer) logs.lr = currentLearningRate(this.model.optimizer);
  }
}

/** Keras's CSVLogger: one line per epoch (epoch, then the logs' keys sorted), header first. */
export class CSVLogger extends Callback {
  private keys: string[] | null = null;

  constructor(
    readonly filename: string,
    private readonly options: { append?: boolean; separator?: string } = {},
  ) {
    super();
    if (typeof filename !== 'string' || !filename)
      fail('CSVLogger: filename', 'a file name', describe(filename), 'must-be');
  }

  override onTrainBegin(): void {
    fs.mkdirSync(path.dirname(path.resolve(this.filename)), { recursive: true });
    const appending =
      this.options.append && fs.existsSync(this.filename) && fs.statSync(this.filename).size > 0;
    if (appending) {
      const header = fs.readFileSync(this.filename, 'utf8').split('\n')[0];
      this.keys = header.split(this.options.separator ?? ',').slice(1);
    } else {
      fs.writeFileSync(this.filename, '');
      this.keys = null;
    }
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const sep = this.options.separator ?? ',';
    if (!this.keys) {
      this.keys = Object.keys(logs).sort();
      fs.appendFileSync(this.filename, ['epoch', ...this.keys].join(sep) + '\n');
    }
    fs.appendFileSync(
      this.filename,
      [epoch, ...this.keys.map((k) => logs[k] ?? '')].join(sep) + '\n',
    );
  }
}
