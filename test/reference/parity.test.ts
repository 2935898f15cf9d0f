// Parity with Keras: each quick-mode case of notebooks/reference (cases.json + <case>.quick.json)
// trained again here, in TypeScript, with the library (runCase.ts: the same model builder, data
// subset, scaling, optimizer, batch size, epochs, validation data, augmentation and phases, all
// read from cases.json), and every epoch's loss, accuracy, val_loss and val_accuracy must fall
// inside Keras's band over its seeds, widened by PARITY_MARGIN (src/plot/parity.ts).
//
// CI runs a representative subset (PARITY_SUBSET); the other cases are listed as skipped.
// PARITY_CASES=all (or a comma-separated list of cases) runs others. PARITY_DEPARTURE=
// dropout:<rate> | unscaled | lr:<factor> | rho:<rho> | eps-outside | glorot-normal changes one
// thing in every run (runCase.ts), to watch the test fail on a real departure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadReference, referenceDir, type KerasReference } from '../../src/data/reference';
import { parityCheck, type ParityResult } from '../../src/plot/parity';
import { byMode, cases, cifarDir, parseDeparture, runCase, type CaseRun } from './runCase';
import { compareMeans } from './meanCheck';

/**
 * A case made for CI, in no notebook (cases.json `ciOnly`): 05's MNIST CNN and RMSprop on
 * 12,000 images for one epoch (about 5 s here; validation accuracy ~0.95), with 10 Keras seeds.
 * The other cases sit near chance after their quick epoch (01: loss 2.30) or spread widely (05's
 * MNIST: validation accuracy 0.60–0.76); this one has learnt, so a run that learns a little
 * faster or slower shows. Besides the band, the mean of three runs of ours is held to Keras's
 * mean (MEAN_SEEDS, MEAN_Z).
 */
const CI_CASE = 'ci-mnist-cnn-12k';
const MEAN_SEEDS = [1, 2, 3];
/** |mean of ours − mean of Keras's| in standard errors; above this the engines differ (t with 9 degrees of freedom: 1 in 300 a value by chance). */
const MEAN_Z = 4;

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
const PARITY_SUBSET = ['05-mnist-cnn', '04-mnist-cnn', '05-cifar10-cnn', '01-basic-model', CI_CASE];

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

/** Runs by case and seed, so the band test and the mean test share seed 1's run. */
const done = new Map<string, Promise<CaseRun>>();
const runOnce = (id: string, seed = 1) => {
  const key = `${id}:${seed}`;
  if (!done.has(key)) done.set(key, runCase(id, { departure, seed }));
  return done.get(key)!;
};

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
      const run = await runOnce(id);
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
    assert.match(result.line, /^Left Keras's range ± margin at epoch 1 \(5 Keras seeds\): /);
  },
);

test(
  `parity with Keras: ${CI_CASE}, the mean of ${MEAN_SEEDS.length} runs within ${MEAN_Z} standard errors of Keras's mean`,
  { skip: cannotRun(CI_CASE) || (!chosen(CI_CASE) && 'not chosen (PARITY_CASES)') },
  async () => {
    const reference = loadReference(CI_CASE, 'quick');
    const runs: CaseRun[] = [];
    for (const seed of MEAN_SEEDS) runs.push(await runOnce(CI_CASE, seed));
    const means = compareMeans(runs, reference);
    const f = (v: number) => v.toFixed(4);
    const lines = means.map(
      (m) =>
        `  epoch ${m.epoch} ${m.metric}: ours ${f(m.ours)}, Keras ${f(m.keras)} (${reference.seeds.length} seeds), z ${m.z.toFixed(1)}`,
    );
    console.log(`${CI_CASE}, mean of seeds ${MEAN_SEEDS.join(', ')}:\n${lines.join('\n')}`);
    assert.equal(means.length, 4, 'loss, accuracy, val_loss and val_accuracy at epoch 1');
    const off = means.filter((m) => Math.abs(m.z) > MEAN_Z);
    assert.deepEqual(
      off.map((m) => m.metric),
      [],
      `the mean of our runs is off Keras's:\n${lines.join('\n')}`,
    );
  },
);
