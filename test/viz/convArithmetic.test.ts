import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  convolve2d,
  maxPool2d,
  pad2d,
  outputSize,
  CONV_EXAMPLES as E,
  convolutionFigure,
  maxPoolFigure,
} from '../../src/viz';
import { assertPng } from '../plot/png';

test("004's 5x5 input and 3x3 kernel give 12 12 17 / 10 17 19 / 9 6 14", () => {
  assert.deepEqual(convolve2d(E.input, E.kernel), [
    [12, 12, 17],
    [10, 17, 19],
    [9, 6, 14],
  ]);
});

test('the binary image with the X kernel gives 4 3 4 / 2 4 3 / 2 3 4', () => {
  assert.deepEqual(convolve2d(E.binaryInput, E.binaryKernel), [
    [4, 3, 4],
    [2, 4, 3],
    [2, 3, 4],
  ]);
});

test('zero padding 1 keeps 5x5 -> 5x5; corners see the zeros', () => {
  const out = convolve2d(E.paddingInput, E.kernel, { padding: 1 });
  assert.equal(out.length, 5);
  assert.equal(out[0].length, 5);
  // Top-left window: [[0,0,0],[0,2,0],[0,1,0]] . kernel = 2*2 + 1*1.
  assert.equal(out[0][0], 5);
  assert.deepEqual(convolve2d(E.paddingInput, E.kernel, { padding: 'same' }), out);
  assert.deepEqual(pad2d([[7]], 1), [
    [0, 0, 0],
    [0, 7, 0],
    [0, 0, 0],
  ]);
  assert.equal(outputSize(5, 3, 1, 1), 5);
});

test('stride 2 keeps every other window: 12 17 / 9 14', () => {
  assert.deepEqual(convolve2d(E.input, E.kernel, { stride: 2 }), [
    [12, 17],
    [9, 14],
  ]);
  assert.equal(outputSize(5, 3, 2, 0), 2);
});

test("cs231n's max pooling: [[1,1],[5,6]] -> 6, [[3,2],[1,2]] -> 3", () => {
  assert.deepEqual(maxPool2d(E.poolInput), [
    [6, 8],
    [3, 4],
  ]);
  assert.deepEqual(maxPool2d(E.poolInput, { poolSize: 2, stride: 1 }), [
    [6, 7, 8],
    [6, 7, 8],
    [3, 3, 4],
  ]);
});

test('bad inputs are named', () => {
  assert.throws(
    () => convolve2d([[1, 2], [3]], E.kernel),
    /convolve2d input: every row must have 2 values, row 1 has 1/,
  );
  assert.throws(
    () => convolve2d(E.input, E.kernel, { stride: 0 }),
    /stride: expected a positive integer, found 0/,
  );
  assert.throws(
    () => convolve2d([[1]], E.kernel),
    /kernel 3x3 is larger than the padded input 1x1/,
  );
  assert.throws(() => maxPool2d([[1, NaN]]), /non-finite/);
});

test('convolution and pooling figures are PNGs', () => {
  assertPng(convolutionFigure(E.input, E.kernel, { at: [1, 2] }));
  assertPng(convolutionFigure(E.paddingInput, E.kernel, { padding: 1 }));
  assertPng(convolutionFigure(E.input, E.kernel, { stride: 2, at: [1, 1] }));
  assertPng(maxPoolFigure(E.poolInput));
  assert.throws(
    () => convolutionFigure(E.input, E.kernel, { at: [3, 0] }),
    /inside 3x3, found \[3, 0\]/,
  );
});
