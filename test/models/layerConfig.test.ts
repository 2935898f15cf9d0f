import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withKernelSize, withFirstFilters, createCnn, describeModel } from '../../src/models';
import type { LayerCode } from '../../src/models';

const config: LayerCode[] = [['c', 8, 3], ['c', 16, 3], ['m', 2], ['f'], ['d', 10]];

test('withKernelSize changes every convolution and nothing else', () => {
  assert.deepEqual(withKernelSize(config, 5), [
    ['c', 8, 5],
    ['c', 16, 5],
    ['m', 2],
    ['f'],
    ['d', 10],
  ]);
  assert.deepEqual(config[0], ['c', 8, 3], 'the input configuration is left alone');
  const rows = describeModel(createCnn(withKernelSize(config, 5), [12, 12, 3])).rows;
  assert.equal(rows[0].params, 5 * 5 * 3 * 8 + 8);
});

test('withFirstFilters changes the first convolution only', () => {
  assert.deepEqual(withFirstFilters(config, 32), [
    ['c', 32, 3],
    ['c', 16, 3],
    ['m', 2],
    ['f'],
    ['d', 10],
  ]);
  assert.throws(() => withFirstFilters([['f'], ['d', 10]], 4), /no convolution/);
});
