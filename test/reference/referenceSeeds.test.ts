// The reference script keeps the seeds a case's file already holds and runs only the rest.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
// @ts-expect-error: a plain .mjs script module, without type declarations
import { planSeeds, sameSetup, seedList } from '../../scripts/lib/reference-seeds.mjs';

const file = (seeds: number[], params = 1000) => ({
  settings: { batchSize: 32, epochs: 2 },
  params,
  made: { versions: { keras: '3.15.1', tensorflow: '2.21.0' } },
  runs: seeds.map((seed) => ({ seed, epochs: [{ epoch: 1, loss: seed }] })),
});

test('a 1-seed file asked for 3 seeds keeps seed 1 and runs 2 and 3', () => {
  const earlier = file([1]);
  const { kept, todo } = planSeeds(earlier, seedList(3));
  assert.deepEqual(
    kept.map((r: { seed: number }) => r.seed),
    [1],
  );
  assert.equal(kept[0], earlier.runs[0]); // the earlier run itself, not re-made
  assert.deepEqual(todo, [2, 3]);
});

test('no earlier file: every seed runs; a file holding them all: none does', () => {
  assert.deepEqual(planSeeds(null, seedList(3)).todo, [1, 2, 3]);
  assert.deepEqual(planSeeds(file([1, 2, 3, 4, 5]), seedList(3)).todo, []);
  assert.equal(planSeeds(file([1, 2, 3, 4, 5]), seedList(3)).kept.length, 3);
});

test('a stopped run that left seeds 1 and 3 runs only seed 2', () => {
  assert.deepEqual(planSeeds(file([1, 3]), seedList(3)).todo, [2]);
});

test('runs may share a band only when settings, parameters and versions all match', () => {
  assert.equal(sameSetup(file([1]), file([2])), true);
  assert.equal(sameSetup(file([1]), file([2], 1001)), false);
  const newerKeras = {
    ...file([2]),
    made: { versions: { keras: '3.16.0', tensorflow: '2.21.0' } },
  };
  assert.equal(sameSetup(file([1]), newerKeras), false);
  const otherBatch = { ...file([2]), settings: { batchSize: 64, epochs: 2 } };
  assert.equal(sameSetup(file([1]), otherBatch), false);
});
