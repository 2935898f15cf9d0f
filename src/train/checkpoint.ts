// Checkpoints that training can resume from: weights + optimizer state (tfjs layout)
// plus training-state.json (epochs done, history, decay settings, best monitored value),
// all swapped in atomically and flushed to disk. A failed save says what failed and
// that the previous checkpoint is intact.
import * as fs from 'fs';
import * as path from 'path';
import { tf } from '../backend';
import { resolveSavedDir, saveFailure, writeDirAtomic } from '../atomic';
import { Callback, resolveMode } from './callback';
import { History, HistoryJSON, Logs, monitorValue } from './history';
import { decaySettings, DecaySettings, setDecaySettings } from '../optimizers/factories';
import { describe, fail } from '../validate';
import { checkCheckpointDir } from './doorChecks';

const STATE_FILE = 'training-state.json';

export interface TrainingState {
  /** Epochs completed: pass as fit's initialEpoch to continue. */
  epoch: number;
  history: HistoryJSON;
  optimizer?: DecaySettings & { className: string; iterations: number };
  monitor?: string;
  best?: number;
  savedAt: string;
}

/** A loaded checkpoint: the model (compiled, optimizer state restored) and where training stood. */
export interface Checkpoint extends TrainingState {
  model: tf.LayersModel;
}

/**
 * Saves model, optimizer state and training state to `dir`, atomically. On failure (a full
 * disk…) the error names `dir`, the epoch and the cause; the previous checkpoint stays loadable.
 */
export async function saveCheckpoint(
  model: tf.LayersModel,
  dir: string,
  state: Omit<TrainingState, 'savedAt' | 'optimizer'>,
): Promise<void> {
  try {
    await writeCheckpoint(model, dir, state);
  } catch (e) {
    throw checkpointFailure('saveCheckpoint', dir, state.epoch, e);
  }
}

async function writeCheckpoint(
  model: tf.LayersModel,
  dir: string,
  state: Omit<TrainingState, 'savedAt' | 'optimizer'>,
): Promise<void> {
  const opt = model.optimizer;
  const full: TrainingState = {
    ...state,
    optimizer: opt
      ? { className: opt.getClassName(), iterations: opt.iterations, ...decaySettings(opt) }
      : undefined,
    savedAt: new Date().toISOString(),
  };
  await writeDirAtomic(dir, async (tmp) => {
    await model.save(`file://${tmp}`, { includeOptimizer: opt != null });
    fs.writeFileSync(path.join(tmp, STATE_FILE), JSON.stringify(full));
  });
}

// "<fn>: could not save epoch 3 to <dir> (ENOSPC: …); the previous checkpoint there is
// intact (epoch 2)." — plus, when that was elsewhere, where the last checkpoint went.
function checkpointFailure(
  fn: string,
  dir: string,
  epoch: number,
  cause: unknown,
  last?: { epoch: number; path: string },
): Error {
  const e = saveFailure(`${fn}: could not save epoch ${epoch} to ${dir}`, dir, cause, {
    noun: 'checkpoint',
    describe: (found) => {
      const held = epochIn(found);
      return held === undefined ? undefined : `epoch ${held}`;
    },
  });
  if (!last || path.resolve(last.path) === path.resolve(dir)) return e;
  return new Error(
    `${e.message} The last checkpoint saved, epoch ${last.epoch} at ${last.path}, is intact.`,
    { cause },
  );
}

// The epoch a saved checkpoint holds, if its state file says.
function epochIn(found: string): number | undefined {
  try {
    const { epoch } = JSON.parse(fs.readFileSync(path.join(found, STATE_FILE), 'utf8')) as {
      epoch?: unknown;
    };
    return typeof epoch === 'number' ? epoch : undefined;
  } catch {
    return undefined;
  }
}

/** Loads a checkpoint written by saveCheckpoint / ModelCheckpoint (the last complete one, even after a crash mid-save). */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  checkCheckpointDir(dir); // the door: a missing folder, or a plain saved model, named as such
  const found = resolveSavedDir(dir);
  const stateFile = path.join(found, STATE_FILE);
  if (!fs.existsSync(stateFile))
    throw new Error(
      `loadCheckpoint: ${stateFile} not found (use loadModel for a plain saved model)`,
    );
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as TrainingState;
  const model = await tf.loadLayersModel(`file://${path.join(found, 'model.json')}`);
  if (model.optimizer && state.optimizer) setDecaySettings(model.optimizer, state.optimizer);
  return { ...state, model };
}

export interface ModelCheckpointOptions {
  /** Directory to save to; `{epoch}` (or `{epoch:02d}`) is replaced by the 1-based epoch number. */
  filepath: string;
  monitor?: string;
  mode?: 'auto' | 'min' | 'max';
  /** Only save when the monitored value improves (tutorial 004); otherwise save every epoch (tutorial 000). */
  saveBestOnly?: boolean;
  /** Print a line per epoch saying what happened, as Keras's verbose=1. */
  verbose?: 0 | 1;
}

/** Keras's ModelCheckpoint, saving resumable checkpoints (see loadCheckpoint). */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly verbose: 0 | 1;
  private readonly mode: 'min' | 'max';
  best: number;
  /** Where each save went (1-based epoch -> path), for the curious. */
  readonly saved: { epoch: number; path: string }[] = [];

  constructor(options: ModelCheckpointOptions) {
    super();
    if (!options || typeof options.filepath !== 'string' || !options.filepath)
      fail('ModelCheckpoint: filepath', 'a directory path', describe(options?.filepath), 'must-be');
    this.filepath = options.filepath;
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = resolveMode(this.monitor, options.mode ?? 'auto');
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.verbose = options.verbose ?? 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  override onTrainBegin(): void {
    const r = this.context.resume;
    if (r?.monitor === this.monitor && typeof r.best === 'number') this.best = r.best;
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const target = this.filepath.replace(/\{epoch(?::0?(\d+)d)?\}/g, (_m, w?: string) =>
      String(epoch + 1).padStart(Number(w ?? 0), '0'),
    );
    const current = monitorValue(logs, this.monitor);
    const label = `Epoch ${String(epoch + 1).padStart(5, '0')}`;
    if (this.saveBestOnly) {
      if (current === undefined)
        throw new Error(
          `ModelCheckpoint: monitor '${this.monitor}' not in the epoch logs (${Object.keys(logs).join(', ')})`,
        );
      const improved = this.mode === 'min' ? current < this.best : current > this.best;
      if (!improved) {
        if (this.verbose)
          console.log(`${label}: ${this.monitor} did not improve from ${this.best.toFixed(5)}`);
        return;
      }
      if (this.verbose)
        console.log(
          `${label}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${target}`,
        );
      this.best = current;
    } else {
      if (
        current !== undefined &&
        (this.mode === 'min' ? current < this.best : current > this.best)
      )
        this.best = current;
      if (this.verbose) console.log(`${label}: saving model to ${target}`);
    }
    try {
      await writeCheckpoint(this.model, target, {
        epoch: epoch + 1,
        history: this.history.toJSON(),
        monitor: this.monitor,
        best: this.best,
      });
    } catch (e) {
      throw checkpointFailure('ModelCheckpoint', target, epoch + 1, e, this.saved.at(-1));
    }
    this.saved.push({ epoch: epoch + 1, path: target });
  }
}

/** A History continuing a checkpoint's. */
export function historyOf(state: Pick<TrainingState, 'history'>): History {
  return new History(state.history);
}
