// Live training progress: in a notebook one output area redrawn in place (throttled),
// in a terminal a cli-progress bar plus Keras's one line per epoch.
import type { SingleBar } from 'cli-progress';
import { inNotebook, liveOutput, LiveOutput } from '../display';
import { Callback } from './callback';
import { Logs } from './history';
import { logsText, progressFigure, ProgressState } from '../plot/progressView';
import { parityVerdict } from '../plot/parity';
import type { KerasReference } from '../data/reference';

export class ProgressCallback extends Callback {
  private live: LiveOutput | null = null;
  private bar: SingleBar | null = null;
  private epochStart = 0;
  private lastDraw = 0;
  private seen = 0;
  private step = 0;
  private epoch = 0;
  private running: Logs = {};
  /** Display updates sent (for tests and the overhead measurement). */
  draws = 0;

  constructor(
    private readonly options: {
      intervalMs?: number;
      notebook?: boolean;
      /** Keras's runs of the same training: a band behind the curves and a verdict. */
      reference?: KerasReference;
    } = {},
  ) {
    super();
  }

  private get notebook(): boolean {
    return this.options.notebook ?? inNotebook();
  }

  override onTrainBegin(): void {
    if (this.notebook) this.live = liveOutput();
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.epochStart = Date.now();
    this.seen = 0;
    this.step = 0;
    this.running = {};
    if (!this.notebook && this.params.verbose === 1 && process.stderr.isTTY) {
      // Loaded when a bar is drawn, not on import (start-up, issue #13).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { SingleBar } = require('cli-progress') as typeof import('cli-progress');
      this.bar = new SingleBar({
        format: `Epoch ${epoch + 1}/${this.params.epochs} [{bar}] {value}/{total} | ETA {eta_formatted} | {rate} samples/s | {logs}`,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      });
      this.bar.start(this.params.steps ?? 0, 0, { rate: '0', logs: '' });
    }
    this.draw(true);
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    this.step = batch + 1;
    this.seen += logs.size ?? 0;
    const { size: _size, batch: _b, ...metrics } = logs;
    this.running = metrics;
    this.bar?.update(this.step, {
      rate: Math.round(this.rate()).toString(),
      logs: logsText(metrics),
    });
    this.draw(false);
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.running = logs;
    this.bar?.stop();
    this.bar = null;
    if (!this.notebook && this.params.verbose > 0) {
      const secs = (Date.now() - this.epochStart) / 1000;
      console.log(
        `Epoch ${epoch + 1}/${this.params.epochs} - ${this.step}/${this.params.steps ?? this.step} - ${secs.toFixed(0)}s - ${logsText(logs)}`,
      );
    }
    this.draw(true);
  }

  override onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
    const h = this.history;
    const status = h.interrupted ? 'interrupted' : this.model.stopTraining ? 'stopped' : 'done';
    if (!this.notebook && h.interrupted)
      console.log(
        `Training interrupted during epoch ${this.epoch + 1}; completed epochs are kept.`,
      );
    if (!this.notebook && this.options.reference && this.params.verbose > 0 && h.epoch.length)
      console.log(parityVerdict(h, this.options.reference));
    this.draw(true, status);
  }

  private rate(): number {
    const secs = (Date.now() - this.epochStart) / 1000;
    return secs > 0 ? this.seen / secs : 0;
  }

  private draw(force: boolean, status: ProgressState['status'] = 'training'): void {
    if (!this.live) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < (this.options.intervalMs ?? 350)) return;
    this.lastDraw = now;
    const steps = this.params.steps;
    const perStep = this.step ? (now - this.epochStart) / 1000 / this.step : undefined;
    this.live.update(
      progressFigure({
        epoch: this.epoch + 1,
        epochs: this.params.epochs,
        step: this.step,
        steps,
        etaSeconds: steps && perStep !== undefined ? (steps - this.step) * perStep : undefined,
        samplesPerSecond: this.rate(),
        logs: this.running,
        history: this.history,
        status,
        engine: (this.history as { engine?: string }).engine,
        reference: this.options.reference,
      }),
    );
    this.draws += 1;
  }
}
