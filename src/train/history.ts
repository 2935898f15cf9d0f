// Keras's History: per-epoch logs, keyed like Keras 2.3+ ('loss', 'accuracy', 'val_loss', 'val_accuracy').
export type Logs = Record<string, number>;

export interface HistoryJSON {
  epoch: number[];
  history: Record<string, number[]>;
}

export class History {
  /** Zero-based epoch numbers, as Keras's `history.epoch`. */
  epoch: number[] = [];
  /** Metric name -> one value per epoch, as Keras's `history.history`. */
  history: Record<string, number[]> = {};
  /** True when training stopped on an interrupt (Ctrl-C / kernel interrupt). */
  interrupted = false;

  constructor(from?: HistoryJSON) {
    if (from) {
      this.epoch = [...from.epoch];
      this.history = Object.fromEntries(Object.entries(from.history).map(([k, v]) => [k, [...v]]));
    }
  }

  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }

  toJSON(): HistoryJSON {
    return { epoch: this.epoch, history: this.history };
  }
}

/** tfjs names the accuracy metric 'acc'; Keras 2.3+ and this library say 'accuracy'. */
export function kerasMetricName(name: string): string {
  return name === 'acc' ? 'accuracy' : name;
}

/** Reads `monitor` from logs, accepting the older 'acc'/'val_acc' spellings. */
export function monitorValue(logs: Logs, monitor: string): number | undefined {
  return logs[monitor] ?? logs[monitor.replace(/(^|_)acc$/, '$1accuracy')];
}
