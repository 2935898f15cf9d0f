// The validation module: each check passes what it should and returns it, and each
// failure names the argument, what was expected and what was found, in the word order asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  describe as describeValue,
  fail,
  integerIn,
  layersModel,
  numberIn,
  numberMatrix,
  oneOf,
  positiveInteger,
  positiveNumber,
  sameLength,
  tensor,
  type Wording,
} from '../../src/validate';

/** The exact message `f` throws. */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected a throw');
}

test('every failure says what was checked, what was expected and what was found', () => {
  const cases: [() => unknown, string][] = [
    [
      () => positiveInteger(0, 'fit batchSize'),
      'fit batchSize: expected a positive integer, found 0',
    ],
    [() => positiveInteger(1.5, 'f n'), 'f n: expected a positive integer, found 1.5'],
    [() => positiveInteger('3', 'f n'), "f n: expected a positive integer, found '3'"],
    [
      () => positiveNumber(-1, 'adam learningRate'),
      'adam learningRate: expected a positive number, found -1',
    ],
    [() => positiveNumber(NaN, 'f x'), 'f x: expected a positive number, found NaN'],
    [
      () => numberIn(1, 'rmsprop rho', { min: 0, below: 1 }),
      'rmsprop rho: expected a number in [0, 1), found 1',
    ],
    [
      () => numberIn(2, 'f alpha', { min: 0, max: 1 }),
      'f alpha: expected a number in [0, 1], found 2',
    ],
    [() => numberIn(-1, 'f decay', { min: 0 }), 'f decay: expected a number >= 0, found -1'],
    [() => numberIn(Infinity, 'f fill'), 'f fill: expected a finite number, found Infinity'],
    [() => numberIn(undefined, 'f v', { below: 3 }), 'f v: expected a number < 3, found undefined'],
    [
      () => integerIn(2, 'f classIndex', { min: 0, max: 1 }),
      'f classIndex: expected an integer 0..1, found 2',
    ],
    [() => integerIn(-1, 'f epoch', { min: 0 }), 'f epoch: expected an integer >= 0, found -1'],
    [() => integerIn(0.5, 'f i'), 'f i: expected an integer, found 0.5'],
    [
      () => oneOf('sepia', 'f mode', ['gray', 'tinted', 'viridis']),
      "f mode: expected 'gray', 'tinted' or 'viridis', found 'sepia'",
    ],
    [() => oneOf(3, 'f one', [1]), 'f one: expected 1, found 3'],
    [
      () => sameLength(1, 'f titles', 2, 'one per image'),
      'f titles: expected one per image (2), found 1',
    ],
    [() => sameLength(1, 'f scores', 2), 'f scores: expected 2 values, found 1'],
    [
      () => layersModel(null, 'f'),
      'f: expected a tf.LayersModel (Sequential or functional), found null',
    ],
    [() => tensor([1, 2], 'f x'), 'f x: expected a tf.Tensor, found [1, 2]'],
    [() => numberMatrix([], 'f m'), 'f m: expected a non-empty number[][], found []'],
    [
      () => fail('f at', 'a position inside 3x3', '[3, 0]'),
      'f at: expected a position inside 3x3, found [3, 0]',
    ],
  ];
  for (const [f, expected] of cases) assert.equal(messageOf(f), expected);
});

test('the word orders other layers keep read the same parts', () => {
  const orders: [Wording, string][] = [
    ['expected-first', 'g n: expected a positive integer, found 0'],
    ['expected-last', 'g n: a positive integer expected, found 0'],
    ['must-be', 'g n must be a positive integer, found 0'],
  ];
  for (const [wording, expected] of orders) {
    assert.equal(
      messageOf(() => positiveInteger(0, 'g n', wording)),
      expected,
    );
    assert.equal(
      messageOf(() => fail('g n', 'a positive integer', '0', wording)),
      expected,
    );
  }
  assert.equal(
    messageOf(() => sameLength(9, 'split', 10, 'as many labels as images', 'expected-last')),
    'split: as many labels as images expected (10), found 9',
  );
  assert.equal(
    messageOf(() => numberIn(1, 'KerasAdam beta1', { min: 0, below: 1 }, 'expected-last')),
    'KerasAdam beta1: a number in [0, 1) expected, found 1',
  );
});

test('checks return what they accept, unchanged', () => {
  assert.equal(positiveInteger(3, 'n'), 3);
  assert.equal(positiveNumber(1e-7, 'x'), 1e-7);
  assert.equal(numberIn(0, 'x', { min: 0, below: 1 }), 0);
  assert.equal(numberIn(-5, 'x'), -5);
  assert.equal(integerIn(1, 'i', { min: 0, max: 1 }), 1);
  assert.equal(oneOf('tinted', 'mode', ['gray', 'tinted']), 'tinted');
  assert.equal(sameLength(2, 'titles', 2, 'one per image'), 2);
  assert.deepEqual(
    numberMatrix(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      'm',
    ),
    [3, 2],
  );
  const t = tf.zeros([2]);
  tensor(t, 'x');
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  layersModel(model, 'm', { inputs: 1, outputs: 1 });
  t.dispose();
});

test('a model with the wrong number of inputs or outputs is named by its counts', () => {
  const a = tf.input({ shape: [2] });
  const b = tf.input({ shape: [2] });
  const two = tf.model({
    inputs: [a, b],
    outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor,
  });
  assert.equal(
    messageOf(() => layersModel(two, 'occlusion', { inputs: 1, outputs: 1 })),
    'occlusion: expected a model with one input and one output, found 2 inputs and one output',
  );
});

test('matrix rows are checked for length and finite values', () => {
  assert.equal(
    messageOf(() => numberMatrix([[1, 2], [3]], 'convolve2d input')),
    'convolve2d input: every row must have 2 values, row 1 has 1',
  );
  assert.equal(
    messageOf(() => numberMatrix([[1, 2], 5], 'k')),
    'k: every row must have 2 values, row 1 is 5',
  );
  assert.equal(
    messageOf(() => numberMatrix([[1, NaN]], 'k')),
    'k: row 0 has a non-finite value: [1, NaN]',
  );
});

test('found values read plainly', () => {
  const t = tf.zeros([2, 3], 'int32');
  assert.equal(describeValue(t), 'an int32 tensor of shape [2, 3]');
  t.dispose();
  assert.equal(describeValue(undefined), 'undefined');
  assert.equal(describeValue('x'), "'x'");
  assert.equal(
    describeValue(() => 1),
    'a function',
  );
  assert.equal(describeValue([[1, 2], [3]]), '[[1, 2], [3]]');
  assert.equal(describeValue(new Array(40).fill(1)), 'an array of length 40');
  assert.equal(describeValue(new Uint8Array(3)), 'a Uint8Array');
  assert.equal(describeValue(new Map()), 'a Map');
  assert.equal(describeValue({ data: [], shape: [2, 2] }), 'data of shape [2, 2]');
  assert.equal(describeValue({ loss: [1] }), 'an object with keys loss');
  assert.equal(describeValue({}), 'an empty object');
});
