// The compile check knows exactly tf.js's names: every name it accepts compiles in tf.js,
// and every name it refuses, tf.js refuses too (so it never blocks a call tf.js would run).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { checkCompileArgs } from '../../src/train';
import { NAMES, tfjsCompile as original } from '../../src/train/compileCheck';

const model = () => tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
// tf.js's own compile on a fresh model, the check bypassed.
const tfjsCompile = (args: tf.ModelCompileArgs) => () => {
  const m = model();
  m.build();
  original.call((m as unknown as { model: tf.LayersModel }).model, args);
};
const argsFor = (kind: keyof typeof NAMES, name: string): tf.ModelCompileArgs => ({
  optimizer: kind === 'optimizer' ? name : 'sgd',
  loss: kind === 'loss' ? name : 'meanSquaredError',
  ...(kind === 'metric' ? { metrics: [name] } : {}),
});

for (const kind of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
  test(`every ${kind} name the check accepts compiles in tf.js`, () => {
    for (const name of NAMES[kind]) {
      assert.doesNotThrow(() => checkCompileArgs(argsFor(kind, name)), name);
      assert.doesNotThrow(tfjsCompile(argsFor(kind, name)), name);
    }
  });
}

test("names the check refuses are refused by tf.js too (Keras's snake_case, typos)", () => {
  const refused: [keyof typeof NAMES, string][] = [
    ['loss', 'categorical_crossentropy'],
    ['loss', 'mse'],
    ['metric', 'sparse_categorical_accuracy'],
    ['metric', 'sparseCategoricalAccuracy'],
    ['metric', 'acuracy'],
    ['optimizer', 'adamm'],
    ['optimizer', 'rmsProp'],
  ];
  for (const [kind, name] of refused) {
    assert.throws(() => checkCompileArgs(argsFor(kind, name)), new RegExp(`found '${name}'`));
    assert.throws(tfjsCompile(argsFor(kind, name)), /Unknown/i, `${kind} ${name}`);
  }
});

test('model.compile runs the check first, for Sequential and functional models', () => {
  const bad = { optimizer: 'sgd', loss: 'categorical_crossentropy' };
  assert.throws(() => model().compile(bad), /^Error: compile: loss must be/);
  const input = tf.input({ shape: [4] });
  const functional = tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor,
  });
  assert.throws(() => functional.compile(bad), /Fix: 'categoricalCrossentropy'/);
  assert.doesNotThrow(() =>
    model().compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }),
  );
});
