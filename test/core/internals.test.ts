// The private tfjs/tslab internals of src/internals.ts, checked against the installed
// versions: an upgrade that removes or reshapes one fails here, by name. (tslab's writer is
// a function only inside a running kernel cell: test/foundation/notebook-smoke.test.ts
// checks it there.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  checkExecuteSingleOutput,
  checkInboundNodes,
  checkNativeBinding,
  checkOptimizerIterations,
  checkTslabDisplayWriter,
  inboundLayers,
  internalsReport,
  nativeBackend,
  tslabDisplayWriter,
  writeOptimizerIterations,
} from '../../src/internals';

test('every internal the library relies on is there and shaped as expected', () => {
  const before = tf.memory().numTensors;
  const report = internalsReport();
  assert.equal(tf.memory().numTensors, before, 'the checks leak no tensors');
  assert.deepEqual(
    report.map((r) => r.name),
    [
      'tslab lastWriteDisplayData',
      'tfjs-node binding',
      'tfjs executeSingleOutput',
      'tfjs Optimizer.iterations_',
      'tfjs Layer.inboundNodes',
    ],
  );
  for (const r of report) {
    assert.ok(r.ok, `${r.name}: ${r.detail}`);
    assert.match(r.detail, /^[^\n]+$/, `${r.name}: one line`);
    assert.match(r.usedBy, /^src\//, `${r.name}: says which file uses it`);
  }
});

test('each check on its own (outside a kernel, tslab exports its writer as null)', () => {
  assert.match(checkTslabDisplayWriter().detail, /null outside a running kernel cell/);
  assert.equal(tslabDisplayWriter(), null);
  for (const check of [
    checkNativeBinding,
    checkExecuteSingleOutput,
    checkOptimizerIterations,
    checkInboundNodes,
  ]) {
    const r = check();
    assert.ok(r.ok, `${r.name}: ${r.detail}`);
  }
});

test('the accessors', () => {
  const native = nativeBackend(tf.backend());
  assert.ok(native, "tf.backend() is tfjs-node's");
  assert.match(native.binding.TF_Version, /^\d+\.\d+/);
  assert.equal(nativeBackend({ binding: {} }), null, 'no executeSingleOutput: not native');
  assert.equal(nativeBackend(null), null);

  const optimizer = tf.train.sgd(0.1);
  writeOptimizerIterations(optimizer, 12);
  assert.equal(optimizer.iterations, 12);
  optimizer.dispose();

  const dense = tf.layers.dense({ units: 2, inputShape: [3] });
  const softmax = tf.layers.softmax();
  const model = tf.sequential({ layers: [dense, softmax] });
  assert.deepEqual(inboundLayers(softmax), [[dense]]);
  assert.throws(
    () => inboundLayers({ name: 'fake' } as unknown as tf.layers.Layer),
    /tfjs internals changed: layer fake has no inboundNodes\[\]\.inboundLayers/,
  );
  model.dispose();
});
