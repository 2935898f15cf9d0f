// Parity with Keras: each quick-mode case of notebooks/reference (cases.json + <case>.quick.json)
// trained again here, in TypeScript, with the library (runCase.ts: the same model builder, data
// subset, scaling, optimizer, batch size, epochs, validation data, augmentation and phases, all
// read from cases.json), and every epoch's loss, accuracy, val_loss and val_accuracy must fall
// inside Keras's band over its seeds, widened by PARITY_MARGIN (src/plot/parity.ts).
//
// CI runs a representative subset (PARITY_SUBSET); the other cases are listed as skipped.
// PARITY_CASES=all (or a comma-separated list of cases) runs others. PARITY_DEPARTURE=
// dropout:<rate> | unscaled | lr:<factor> changes one thing in every run, to watch the test
// fail on a real departure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadReference, referenceDir, type KerasReference } from '../../src/data/reference';
import { parityCheck, type ParityResult } from '../../src/plot/parity';
import { byMode, cases, cifarDir, parseDeparture, runCase, type CaseRun } from './runCase';

/**
 * One case for each way a run can go differently, cheapest first: MNIST and RMSprop
 * (05-mnist-cnn); createCnn and SGD (04-mnist-cnn); CIFAR-10 with a split-off validation set,
 * dropout and RMSprop (05-cifar10-cnn); and 01-basic-model, three epochs in three phases on one
 * model (Adam; a resumed run; fitDataset over ImageDataGenerator.flow with EarlyStopping). Left
 * to PARITY_CASES=all: 03 (01's first phase again), 02 (augmentation and RMSprop with decay on
 * the 1.25M-parameter model) and 04's cases on the 8.6M-parameter model, which would about
 * double the time (measured: 205 s against 116 s beside a busy machine; the subset used 34 s of
 * CPU). Per-epoch logs only: test scores after a best-val_loss checkpoint are not compared.
 */
const PARITY_SUBSET = ['05-mnist-cnn', '04-mnist-cnn', '05-cifar10-cnn', '01-basic-model'];

/**
 * Differences of the library from Keras 3 that the parity test finds, with their cause. A case
 * listed here still runs and prints its verdict, as a TODO: it does not fail the suite.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // (empty) RMSprop was here until the library took Keras 3's √(v + ε) denominator: with
  // Keras 2's √v + ε, 05-mnist-cnn quick reached accuracy 0.607–0.647 over 5 seeds against
  // Keras 3's 0.579–0.601 and seed 1 left the band.
};

const requested = process.env.PARITY_CASES;
const chosen = (id: string) =>
  requested === 'all' ||
  (requested ? requested.split(',').includes(id) : PARITY_SUBSET.includes(id));
const departure = parseDeparture(process.env.PARITY_DEPARTURE);
const departing = Object.keys(departure).length > 0;

const haveQuick = (id: string) => fs.existsSync(`${referenceDir}/${id}.quick.json`);
const quickCases = fs
  .readdirSync(referenceDir)
  .filter((f) => f.endsWith('.quick.json'))
  .map((f) => f.replace(/\.quick\.json$/, ''))
  .sort();

/** Why case `id` cannot run here, or false. */
function cannotRun(id: string): string | false {
  const c = cases.cases[id];
  if (!c) return `no case ${id} in cases.json`;
  if (!haveQuick(id)) return `notebooks/reference/${id}.quick.json not made yet`;
  const made = loadReference(id, 'quick').settings;
  const now = byMode(c, 'quick');
  if (['model', 'optimizer', 'data', 'phases'].some((k) => !isDeepStrictEqual(made[k], now[k])))
    return `notebooks/reference/${id}.quick.json was made with other settings than cases.json's (npm run reference -- ${id})`;
  if (c.data.dataset === 'cifar10' && !cifarDir())
    return 'CIFAR-10 files absent: set CIFAR10_DIR to a cifar-10-batches-bin folder';
  return false;
}

function report(id: string, run: CaseRun, result: ParityResult): string {
  const got = Object.entries(run.history)
    .map(([k, v]) => `${k} ${v.map((x) => x.toFixed(4)).join(' ')}`)
    .join(', ');
  return `${id}: ${run.seconds.toFixed(1)} s; ${got}; ${result.line}`;
}

function assertInside(id: string, result: ParityResult): void {
  assert.ok(result.comparisons.length > 0, `${id}: nothing compared (${result.line})`);
  assert.deepEqual(result.unmatched, [], `${id}: epochs without a band: ${result.line}`);
  const f = (v: number) => v.toFixed(4);
  assert.ok(
    result.inside,
    `${id}: ${result.line}\n` +
      result.departures
        .map(
          (d) =>
            `  epoch ${d.epoch} ${d.metric} ${f(d.value)}: Keras ${f(d.band[0])}–${f(d.band[1])}, allowed ${f(d.allowed[0])}–${f(d.allowed[1])}`,
        )
        .join('\n'),
  );
}

for (const id of quickCases) {
  const optimizerName: string | undefined = cases.cases[id]?.optimizer?.name;
  const known = optimizerName && !departing ? KNOWN_DIFFERENCES[optimizerName] : undefined;
  const skip =
    cannotRun(id) ||
    (!chosen(id) && `not in the CI subset (PARITY_CASES=all or PARITY_CASES=${id} runs it)`);
  test(
    `parity with Keras: ${id} (quick) stays inside the Keras band`,
    { skip, todo: known && `known difference: ${known}` },
    async () => {
      const reference: KerasReference = loadReference(id, 'quick');
      const run = await runCase(id, { departure });
      const result = parityCheck(run, reference);
      console.log(report(id, run, result));
      assertInside(id, result);
    },
  );
}

test(
  'parity with Keras: a real departure leaves the band (04-mnist-cnn, learning rate × 10)',
  { skip: departing ? 'PARITY_DEPARTURE set' : cannotRun('04-mnist-cnn') },
  async () => {
    const run = await runCase('04-mnist-cnn', { departure: { learningRateFactor: 10 } });
    const result = parityCheck(run, loadReference('04-mnist-cnn', 'quick'));
    console.log(report('04-mnist-cnn (learning rate x 10)', run, result));
    assert.equal(result.inside, false, `the margin let a 10x learning rate pass: ${result.line}`);
    assert.match(result.line, /^Left Keras's range at epoch 1: /);
  },
);
