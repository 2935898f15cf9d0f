// What a failing cell shows, through the real tslab kernel (our patch of its executor,
// patches/): the error's message and the learner's own cell lines, mapped back to the
// TypeScript cell, and nothing else, as Keras filters its traceback; a type error is the
// diagnostic at the cell's line and column alone; disableTracebackFiltering() brings the
// library's and node's frames back. One kernel runs all the cells (jupyter_client).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCells } from '../helpers/kernel';
import { fit } from '../../src/train';
import { mnistCnn } from '../errors/mistakes';
import { tf } from '../../src/backend';

const setup = `import { tf, fit, createCnn, adam, toCategorical } from 'cnn-notebooks';
import { disableTracebackFiltering, enableTracebackFiltering } from 'cnn-notebooks';
const model = createCnn([['c', 4, 3], ['m', 4], ['f'], ['d', 10]], [28, 28, 1], { seed: 1 });
model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const x = tf.zeros([8, 28, 28, 1]);
const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7]);`;

const compileLine = "model.compile({ optimizer: adam(), loss: 'categorical_crossentropy' });";
const fitLine = 'const history = await fit(model, x, labels, { verbose: 0 });';
const cells = [
  setup,
  `// integer labels where the loss wants one-hot ones\n${fitLine}`,
  `function train(y: tf.Tensor) {\n  return fit(model, x, y, { verbose: 0 });\n}`,
  `\n\nawait train(labels);`,
  `const ok = 1;\nconst n: string = 42;`,
  `const hot = toCategorical([0, 10], 10);`,
  `disableTracebackFiltering();\n${fitLine}`,
  `enableTracebackFiltering();\n${fitLine}`,
  compileLine,
];

const MESSAGE =
  "Error: fit: y must be one-hot labels [8, 10] for the loss 'categoricalCrossentropy', found integer labels, a float32 tensor of shape [8]. Fix: y = toCategorical(y, 10)";
const column = (line: string, code: string) => line.indexOf(code) + 1;

test(
  "a failing cell shows the message and the cell's own line, nothing else; the switch brings the frames back",
  { timeout: 5 * 60_000 },
  () => {
    const results = runCells(cells);
    /** A cell's whole output, checked to be stderr text only. */
    const stderr = (i: number) => {
      const { status, outputs } = results[i];
      assert.equal(status, 'error', `cell ${i} should fail`);
      assert.deepEqual(
        outputs.map((o) => `${o.type}:${o.name}`),
        outputs.map(() => 'stream:stderr'),
      );
      return outputs.map((o) => o.text).join('');
    };
    assert.equal(results[0].status, 'ok', JSON.stringify(results[0]));

    // The message, then the one line of the cell that called the library.
    assert.equal(
      stderr(1),
      `${MESSAGE}\n    at line 2, column ${column(fitLine, 'fit(')} of this cell: ${fitLine}\n`,
    );
    // A function of an earlier cell: both cells' lines, the earlier one by its run number.
    assert.equal(
      stderr(3),
      `${MESSAGE}\n` +
        '    at train (line 2, column 10 of cell [3]): return fit(model, x, y, { verbose: 0 });\n' +
        '    at line 3, column 7 of this cell: await train(labels);\n',
    );
    // TypeScript's diagnostic at the cell's own line and column, alone.
    assert.equal(stderr(4), "2:7 - Type 'number' is not assignable to type 'string'.\n");
    // A synchronous error (no await) reads the same way.
    assert.equal(
      stderr(5),
      'Error: toCategorical: labels must be below numClasses 10, found 10\n' +
        '    at line 1, column 13 of this cell: const hot = toCategorical([0, 10], 10);\n',
    );
    // The switch: the library's dist/ frames and node's internals are back, the cell's line mapped.
    const full = stderr(6);
    assert.ok(full.startsWith(`${MESSAGE}\n`), full);
    assert.match(full, /\n {4}at .*dist\/train\/fit\.js:\d+:\d+/);
    assert.match(full, /\n {4}at .*dist\/validate\.js:\d+:\d+/);
    assert.match(full, /\n {4}at line 2, column \d+ of this cell: const history = await fit/);
    assert.ok(full.split('\n').filter((l) => /^\s+at /.test(l)).length >= 4, full);
    // And back off again.
    assert.equal(
      stderr(7),
      `${MESSAGE}\n    at line 2, column ${column(fitLine, 'fit(')} of this cell: ${fitLine}\n`,
    );
    // tf.js's own compile, through the check in front of it: the same two lines.
    assert.equal(
      stderr(8),
      "Error: compile: loss must be a tf.js loss name ('categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError', … 14 in all) or a loss function, found 'categorical_crossentropy'. Fix: 'categoricalCrossentropy' (tf.js spells Keras's names in camelCase)\n" +
        `    at line 1, column ${column(compileLine, 'compile(')} of this cell: ${compileLine}\n`,
    );
  },
);

test('outside a notebook an error keeps its full stack', async () => {
  const model = mnistCnn();
  const error = await fit(model, tf.zeros([2, 28, 28, 1]), tf.tensor1d([1, 2]), {
    verbose: 0,
  }).catch((e: Error) => e);
  assert.ok(error instanceof Error);
  assert.match(error.stack!, /\n {4}at checkLabels \(.*src\/train\/doorChecks\.ts:\d+:\d+\)/);
  assert.match(error.stack!, /\n {4}at .*test\/notebooks\/error-output\.test\.ts:\d+:\d+/);
});
