// The Keras reference runs (notebooks/reference/<case>.<quick|full>.json, made by
// `npm run reference`): what Keras gives, over several seeds, for the training a notebook
// cell does. Plain records read from JSON, so plot/ can draw them and train/ can pass them on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isQuick } from '../config';
import { repoRoot } from './paths';

export type ReferenceMode = 'quick' | 'full';
/** [lowest, highest] over the seeds. */
export type Range = [number, number];
/** The per-epoch values a reference records (Keras's names). */
export const REFERENCE_METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy'] as const;
export type ReferenceMetric = (typeof REFERENCE_METRICS)[number];

/** One epoch of one Keras run. Epochs count on across a case's phases (01: fit, resume, augment). */
export interface ReferenceEpoch {
  epoch: number;
  phase: string;
  seconds: number;
  loss: number;
  accuracy: number;
  val_loss?: number;
  val_accuracy?: number;
}

/** A test-set evaluation after a phase. */
export interface ReferenceEvaluation {
  phase: string;
  afterEpoch: number;
  loss: number;
  accuracy: number;
}

export interface ReferenceRun {
  seed: number;
  seconds: number;
  epochs: ReferenceEpoch[];
  evaluations: ReferenceEvaluation[];
  notes?: string[];
}

/** The band at one epoch: min and max over the seeds that trained it (EarlyStopping can end some sooner). */
export interface ReferenceBandEpoch {
  epoch: number;
  phase: string;
  seeds: number;
  loss: Range;
  accuracy: Range;
  val_loss?: Range;
  val_accuracy?: Range;
  seconds?: Range;
}

export interface ReferenceLayer {
  name: string;
  /** Keras's class name: Conv2D, MaxPooling2D, Dropout, Flatten, Dense, Activation. */
  class: string;
  /** With the batch axis first, as null. */
  outputShape: (number | null)[];
  params: number;
}

/** What the case trains (cases.json with the mode's values picked). */
export interface ReferenceSettings {
  model: string;
  optimizer: { name: string; [setting: string]: unknown };
  data: {
    dataset: 'mnist' | 'cifar10';
    train: number;
    test: number;
    scale: boolean;
    validationFromStart?: number;
  };
  phases: Array<{
    name: string;
    batchSize: number;
    epochs: number;
    validation: 'test' | 'split' | null;
    augmentation?: Record<string, number | boolean>;
    [setting: string]: unknown;
  }>;
  [setting: string]: unknown;
}

/** A reference file as `npm run reference` writes it, plus the path it was read from. */
export interface KerasReference {
  case: string;
  mode: ReferenceMode;
  notebook: string;
  cell: string;
  made: {
    date: string;
    wallSeconds: number;
    cpu: { model: string; cores?: number; avx512_bf16?: boolean };
    versions: Record<string, string>;
    [detail: string]: unknown;
  };
  settings: ReferenceSettings;
  params: number;
  layers: ReferenceLayer[];
  seeds: number[];
  runs: ReferenceRun[];
  band: {
    epochs: ReferenceBandEpoch[];
    evaluations: Array<{
      phase: string;
      afterEpoch: Range;
      loss: Range;
      accuracy: Range;
    }>;
  };
  /** Where it was read from. */
  file: string;
}

/** <repo>/notebooks/reference. */
export const referenceDir: string = path.join(repoRoot, 'notebooks', 'reference');

/** The command that makes a case's reference file. */
export function referenceCommand(caseId: string, mode: ReferenceMode): string {
  return `npm run reference -- ${caseId}${mode === 'full' ? ' --full' : ''}`;
}

/**
 * The Keras reference of one notebook training cell (`caseId` as in
 * notebooks/reference/cases.json, e.g. '05-cifar10-cnn'): its runs over several seeds and the
 * per-epoch band. `mode` defaults to the notebooks' run mode (quick under CNN_QUICK=1).
 */
export function loadReference(caseId: string, mode?: ReferenceMode): KerasReference {
  if (typeof caseId !== 'string' || !/^[\w.-]+$/.test(caseId))
    throw new Error(
      `loadReference: a case name like '05-cifar10-cnn' expected, found ${JSON.stringify(caseId)}`,
    );
  const m: ReferenceMode = mode ?? (isQuick() ? 'quick' : 'full');
  if (m !== 'quick' && m !== 'full')
    throw new Error(`loadReference: mode 'quick' or 'full' expected, found ${JSON.stringify(m)}`);
  const file = path.join(referenceDir, `${caseId}.${m}.json`);
  if (!fs.existsSync(file)) {
    const known = referenceCases();
    const hint =
      known.length && !known.includes(caseId) ? ` (no such case; cases: ${known.join(', ')})` : '';
    throw new Error(
      `loadReference: no Keras reference ${path.relative(repoRoot, file)}${hint}; make it with \`${referenceCommand(caseId, m)}\``,
    );
  }
  const ref = readReference(file);
  if (ref.case !== caseId || ref.mode !== m)
    throw new Error(
      `loadReference: ${path.relative(repoRoot, file)} holds case ${ref.case} (${ref.mode}), not ${caseId} (${m})`,
    );
  return ref;
}

/** The case names of notebooks/reference/cases.json (none when the file is missing). */
export function referenceCases(): string[] {
  const file = path.join(referenceDir, 'cases.json');
  if (!fs.existsSync(file)) return [];
  return Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: object }).cases);
}

/**
 * Keras's min–max over its seeds for one results-table row: a test-set score (`test`: after the
 * last phase, or after `phase`), or one epoch's metric (`metric` at `epoch`, counting from 1).
 * `undefined` when there is no reference, so a row can pass `kerasRange(ref, …)` either way.
 */
export function kerasRange(
  ref: KerasReference | undefined,
  what: { test: 'loss' | 'accuracy'; phase?: string } | { metric: ReferenceMetric; epoch: number },
): Range | undefined {
  if (!ref) return undefined;
  if ('test' in what) {
    const evals = ref.band.evaluations.filter((e) => !what.phase || e.phase === what.phase);
    const last = evals[evals.length - 1];
    if (!last)
      throw new Error(
        `kerasRange: ${ref.case} has no test evaluation${what.phase ? ` after phase ${what.phase}` : ''}`,
      );
    return last[what.test];
  }
  const epoch = ref.band.epochs.find((e) => e.epoch === what.epoch);
  const range = epoch?.[what.metric];
  if (!range)
    throw new Error(`kerasRange: ${ref.case} has no ${what.metric} at epoch ${what.epoch}`);
  return range;
}

/** Reads and checks one reference file (any path). */
export function readReference(file: string): KerasReference {
  const where = path.relative(repoRoot, file).startsWith('..')
    ? file
    : path.relative(repoRoot, file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`readReference: ${where}: ${(e as Error).message}`);
  }
  const bad = (what: string) =>
    new Error(`readReference: ${where} is not a Keras reference file (${what})`);
  const r = raw as Partial<KerasReference>;
  if (!r || typeof r !== 'object') throw bad('not a JSON object');
  if (typeof r.case !== 'string' || (r.mode !== 'quick' && r.mode !== 'full'))
    throw bad('no case or mode');
  if (!Array.isArray(r.runs) || !Array.isArray(r.seeds) || r.seeds.length === 0)
    throw bad('no runs');
  if (!Array.isArray(r.layers) || typeof r.params !== 'number') throw bad('no layers or params');
  if (!r.band || !Array.isArray(r.band.epochs) || r.band.epochs.length === 0)
    throw bad('no band.epochs');
  r.band.epochs.forEach((b, i) => {
    if (!Number.isInteger(b.epoch) || b.epoch < 1) throw bad(`band.epochs[${i}].epoch`);
    for (const k of REFERENCE_METRICS) {
      const v = b[k];
      if (v === undefined && k.startsWith('val_')) continue;
      if (!Array.isArray(v) || v.length !== 2 || !v.every(Number.isFinite) || v[0] > v[1])
        throw bad(`band.epochs[${i}].${k} is not a [min, max] pair`);
    }
  });
  return { ...(r as KerasReference), file };
}
