import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { compareTrials, Trials, type TrialResult } from '../../src/train';
import { adam } from '../../src/optimizers';
import { mnistSample, tinyCnn } from './fixtures/tiny';
import type { KerasReference, Range } from '../../src/data';

test('Trials runs each trial once per seed, tabulates it and compares with the baseline', async () => {
  const { x, y } = mnistSample(300);
  const trials = new Trials(
    { x, y, xTest: x, yTest: y },
    { epochs: 1, batchSize: 50, seeds: [1, 2], optimizer: () => adam() },
  );
  const built: number[] = [];
  await trials.run('base', (seed) => (built.push(seed), tinyCnn(seed)));
  const base = trials.results[0];
  assert.deepEqual(built, [1, 2]);
  assert.equal(base.accuracies.length, 2);
  assert.equal(base.seconds.length, 2);
  assert.ok(Math.abs(base.meanAccuracy - (base.accuracies[0] + base.accuracies[1]) / 2) < 1e-12);
  await trials.run('two epochs', (seed) => tinyCnn(seed), { epochs: 2 });
  await trials.run('base', (seed) => tinyCnn(seed)); // a rerun replaces its entry
  assert.deepEqual(
    trials.results.map((t) => t.name),
    ['base', 'two epochs'],
  );
  assert.equal(trials.results[1].epochs, 2);
  const rows = trials.table();
  assert.deepEqual(Object.keys(rows[0]), [
    'trial',
    'mean accuracy',
    'seed 1',
    'seed 2',
    'params',
    'seconds per run',
  ]);
  const [vs] = trials.comparedWith();
  assert.equal(vs.name, 'two epochs');
  const [a, b] = [trials.results[0].accuracies, trials.results[1].accuracies];
  const spread = Math.max(Math.max(...a) - Math.min(...a), Math.max(...b) - Math.min(...b));
  assert.equal(vs.beyondOurSpread, Math.abs(vs.difference) > spread);
  assert.equal(vs.real, false, 'no Keras runs given: cannot tell');
  assert.match(vs.line, /^two epochs: accuracy [+-]\d\.\d{4} against the baseline: cannot tell; /);
  tf.dispose([x, y]);
});

/**
 * Keras's test accuracy for four of 04's trials, min–max over 3 seeds each, as committed in
 * notebooks/reference/04-assign-*.full.json at d349549 (2026-11; those files are re-made as the
 * CIFAR-10 test order changes, so the numbers are copied here).
 */
const KERAS_04: Record<string, Range> = {
  baseline: [0.4748, 0.5024],
  kernel5: [0.4324, 0.4438],
  first32: [0.471, 0.519],
  kernel4: [0.447, 0.478],
};

/** A trial as Trials.run records it: our seeds' test accuracies, Keras's range over 3 seeds. */
function trial(name: string, accuracies: number[], keras?: Range): TrialResult {
  return {
    name,
    seeds: accuracies.map((_, i) => i + 1),
    accuracies,
    losses: accuracies.map(() => 0),
    seconds: accuracies.map(() => 1),
    meanAccuracy: accuracies.reduce((s, v) => s + v, 0) / accuracies.length,
    params: 1,
    epochs: 2,
    batchSize: 100,
    keras,
    kerasSeeds: keras && 3,
  };
}

test("a difference is real only beyond our seeds' spread and with Keras's ranges apart (04's trials)", () => {
  // our two seeds per trial as notebook 04 printed them (full mode, 321717d)
  const baseline = trial('baseline', [0.4652, 0.4836], KERAS_04.baseline);
  const trials = new Trials({} as never, {
    epochs: 2,
    batchSize: 100,
    seeds: [1, 2],
    optimizer: () => adam(),
  });
  trials.results.push(
    baseline,
    trial('kernel 5x5', [0.407, 0.419], KERAS_04.kernel5),
    trial('first layer 32 filters', [0.5284, 0.514], KERAS_04.first32),
    trial('kernel 4x4 (even)', [0.4546, 0.4638], KERAS_04.kernel4),
    trial('no Keras', [0.3, 0.31]),
  );
  const [k5, f32, k4, none] = trials.comparedWith();
  // -0.0614, well past our spread (0.0184), and Keras: 0.4324–0.4438 against 0.4748–0.5024
  assert.equal(k5.real, true);
  assert.equal(
    k5.line,
    "kernel 5x5: accuracy -0.0614 against the baseline: a real difference; larger than the spread of our seeds (up to 0.0184), and Keras's ranges do not overlap (0.4324–0.4438 against 0.4748–0.5024)",
  );
  // +0.0468 is past our spread, but Keras's 0.471–0.519 overlaps the baseline's: cannot tell
  assert.equal(f32.beyondOurSpread, true);
  assert.equal(f32.kerasApart, false);
  assert.equal(f32.real, false);
  assert.match(
    f32.line,
    /: cannot tell; larger than .*, but Keras's ranges overlap \(0\.4710–0\.5190 against/,
  );
  // -0.0152 is within our spread (every seed below every baseline seed is not enough)
  assert.equal(k4.beyondOurSpread, false);
  assert.equal(k4.real, false);
  assert.match(
    k4.line,
    /: cannot tell; not larger than the spread of our seeds \(up to 0\.0184\), and Keras's ranges overlap/,
  );
  // far apart here, but no Keras runs to confirm it
  assert.equal(none.beyondOurSpread, true);
  assert.equal(none.real, false);
  assert.match(
    none.line,
    /cannot tell; .* but Keras's runs of both trials .* are not both at hand$/,
  );
  assert.throws(() => trials.comparedWith('nope'), /no trial named/);
});

test("Keras's ranges apart the other way from ours: not real; fewer than 3 Keras seeds: cannot tell", () => {
  const base = trial('base', [0.4, 0.41], [0.5, 0.52]);
  const up = trial('up', [0.5, 0.51], [0.4, 0.42]);
  const c = compareTrials(up, base);
  assert.equal(c.beyondOurSpread, true);
  assert.equal(c.kerasApart, false);
  assert.match(c.line, /Keras's ranges lie apart the other way/);
  up.keras = [0.6, 0.62];
  assert.equal(compareTrials(up, base).real, true);
  up.kerasSeeds = 1;
  assert.equal(compareTrials(up, base).real, false, 'one Keras seed shows no spread');
  assert.equal(compareTrials(trial('one seed', [0.9]), base).real, false);
  assert.match(
    compareTrials(trial('one seed', [0.9]), base).line,
    /one seed of ours shows no spread/,
  );
});

test('Trials prints Keras beside a trial given its reference, and says whether every seed is inside', async () => {
  const { x, y } = mnistSample(200);
  const trials = new Trials(
    { x, y, xTest: x, yTest: y },
    { epochs: 1, batchSize: 50, seeds: [1, 2], optimizer: () => adam() },
  );
  // a reference as `npm run reference` writes one, reduced to what Trials reads
  const reference = (accuracy: [number, number], seeds = 3) =>
    ({
      seeds: Array.from({ length: seeds }, (_, i) => i + 1),
      band: { evaluations: [{ phase: 'fit', afterEpoch: [1, 1], loss: [1, 2], accuracy }] },
    }) as unknown as KerasReference;
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    await trials.run('anything', (seed) => tinyCnn(seed), { reference: reference([0, 1]) });
    await trials.run('never', (seed) => tinyCnn(seed), { reference: reference([0, 0]) });
    await trials.run('one seed', (seed) => tinyCnn(seed), { reference: reference([0, 0], 1) });
  } finally {
    console.log = log;
  }
  const [wide, none] = trials.results;
  assert.deepEqual(wide.keras, [0, 1]);
  assert.equal(wide.insideKeras, true);
  assert.match(
    lines[0],
    /Keras, the same trial: 0\.0000–1\.0000 \(3 seeds\); every seed here is inside/,
  );
  assert.ok(
    none.accuracies.every((a) => a > 0.05),
    'a trained model beats an accuracy of 0',
  );
  assert.equal(none.insideKeras, false);
  assert.match(lines[1], /Keras, the same trial: 0\.0000 \(3 seeds\); a seed here is outside/);
  assert.equal(trials.results[2].insideKeras, undefined, 'one Keras seed: not judged');
  assert.match(
    lines[2],
    /Keras, the same trial: 0\.0000 \(1 seed\); no inside\/outside verdict: that needs at least 3 Keras seeds to show how much runs differ$/,
  );
  assert.equal(trials.table()[0].Keras, '0.0000–1.0000');
  assert.equal(
    trials.table()[1].Keras,
    '0.0000',
    'seeds that agree show one number, as the printed line',
  );
  tf.dispose([x, y]);
});

test('a trial run leaves no tensor behind: model, optimizer slots and scores are freed', async () => {
  const { x, y } = mnistSample(200);
  const trials = new Trials(
    { x, y, xTest: x, yTest: y },
    { epochs: 1, batchSize: 50, seeds: [1, 2], optimizer: () => adam() },
  );
  await trials.run('warm-up', (seed) => tinyCnn(seed)); // first use may cache kernels
  const before = tf.memory().numTensors;
  await trials.run('base', (seed) => tinyCnn(seed));
  // 04's eight trials ran 16 of these on an 8.6M-parameter model: Adam's moments, left behind,
  // were ~90 MB a run (its kernel peaked at 3.5 GB)
  assert.equal(tf.memory().numTensors, before);
});
