import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { Trials } from '../../src/train';
import { adam } from '../../src/optimizers';
import { mnistSample, tinyCnn } from './fixtures/tiny';
import type { KerasReference } from '../../src/data';

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
  assert.equal(vs.clear, Math.min(...b) > Math.max(...a) || Math.max(...b) < Math.min(...a));
  tf.dispose([x, y]);
});

test('Trials compares exactly: seeds that overlap are not a clear difference', () => {
  const trials = new Trials({} as never, {
    epochs: 1,
    batchSize: 1,
    seeds: [1, 2],
    optimizer: () => adam(),
  });
  const result = (name: string, accuracies: number[]) => ({
    name,
    seeds: [1, 2],
    accuracies,
    losses: [0, 0],
    seconds: [1, 1],
    meanAccuracy: (accuracies[0] + accuracies[1]) / 2,
    params: 1,
    epochs: 1,
    batchSize: 1,
  });
  trials.results.push(
    result('base', [0.4, 0.5]),
    result('up', [0.55, 0.6]),
    result('mixed', [0.45, 0.7]),
  );
  assert.deepEqual(
    trials.comparedWith().map((c) => c.clear),
    [true, false],
  );
  assert.throws(() => trials.comparedWith('nope'), /no trial named/);
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
    /Keras, the same trial: 0\.0000 \(1 seed\); too few Keras seeds .* no verdict$/,
  );
  assert.equal(trials.table()[0].Keras, '0.0000–1.0000');
  assert.equal(
    trials.table()[1].Keras,
    '0.0000',
    'seeds that agree show one number, as the printed line',
  );
  tf.dispose([x, y]);
});
