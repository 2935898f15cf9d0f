// Loading must not hold more than about twice a dataset's raw size: measured in
// a fresh process (test/data/measure.ts) so other tests' memory does not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { realCifarDir } from './fixtures';

function measure(dataset: string): { loadMs: number; rawMB: number; peakGrowthMB: number } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'measure.ts'), dataset],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: process.env,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

test('loading MNIST stays under twice its raw size', () => {
  const m = measure('mnist');
  assert.ok(
    m.peakGrowthMB < 2 * m.rawMB,
    `peak grew ${m.peakGrowthMB} MB for ${m.rawMB} MB of data`,
  );
});

test('loading CIFAR-10 stays under twice its raw size', { skip: realCifarDir().skip }, () => {
  const m = measure('cifar10');
  assert.ok(m.rawMB > 170, `raw ${m.rawMB} MB`);
  assert.ok(
    m.peakGrowthMB < 2 * m.rawMB,
    `peak grew ${m.peakGrowthMB} MB for ${m.rawMB} MB of data`,
  );
});
