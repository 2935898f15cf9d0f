// bench/spread.mjs: best / median / worst of an engine's runs and the two-cluster split the
// README's performance prose reports (issue 23).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

type Spread = {
  best: number;
  median: number;
  worst: number;
  clusters: { from: number; to: number; runs: number }[] | null;
  gap?: number;
};
type SpreadModule = {
  spread(xs: number[]): Spread;
  describeSpread(s: Spread): string;
};
const load = () =>
  import(path.resolve(__dirname, '..', '..', 'bench', 'spread.mjs')) as Promise<SpreadModule>;

test('best, median and worst of unsorted runs', async () => {
  const { spread } = await load();
  const s = spread([14, 12, 13, 12.5, 13.5]);
  assert.deepEqual([s.best, s.median, s.worst], [12, 13, 14]);
  assert.equal(s.clusters, null);
});

test("Keras's two modes split at the widest gap", async () => {
  const { spread, describeSpread } = await load();
  const s = spread([21.2, 12.4, 21.9, 13.1, 12.8]);
  assert.deepEqual(s.clusters, [
    { from: 12.4, to: 13.1, runs: 3 },
    { from: 21.2, to: 21.9, runs: 2 },
  ]);
  assert.equal(describeSpread(s), 'bimodal: 12.4-13.1 s (3) | 21.2-21.9 s (2), gap 8.1 s');
});

test('an even spread is one cluster, however wide', async () => {
  const { spread, describeSpread } = await load();
  const s = spread([10, 11, 12, 13, 14]);
  assert.equal(s.clusters, null);
  assert.equal(describeSpread(s), 'one cluster (worst 40% above best)');
});
