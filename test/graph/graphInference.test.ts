// Inference on the graph engine (issue #13 item 1): evaluate, predict and predictClasses run
// one TensorFlow graph per batch and must give what tfjs's eager model.predict /
// model.evaluate give, on the tutorials' models and real data, leaking nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { tf } from '../../src/backend';
import { GraphEngineUnsupported } from '../../src/graph';
import { graphAddon } from '../../src/graph/addon';
import { evaluate, predict, predictClasses } from '../../src/train/evaluate';
import { cifar10SmallCnn, mnistCnn } from '../../src/models';
import { Images, loadMnist, toCategorical } from '../../src/data';
import { cifar10SearchDirs, hasCifar10Files, CIFAR10_TEST_FILE } from '../../src/data/cifar10';
import { decodeCifarRecords, readCifarFile } from '../../src/data/cifar';
import { rmsprop } from '../../src/optimizers';
import { occlusion } from '../../src/viz';
import { noGraphEngine as skip } from '../helpers/graphSkip';

const N = 1000;

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * Fresh initial weights make every bias zero, so a forgotten bias add would pass: give every
 * weight seeded random values instead (kernels 1.5x their Glorot draw, for confident outputs; biases ~N(0, 0.1)).
 */
function randomiseWeights(model: tf.LayersModel, seed: number): void {
  const values = model
    .getWeights()
    .map((w, i) =>
      tf.tidy(() =>
        w.rank === 1
          ? tf.randomNormal(w.shape, 0, 0.1, 'float32', seed + i)
          : tf.add(tf.mul(w, 1.5), tf.randomNormal(w.shape, 0, 0.02, 'float32', seed + i)),
      ),
    );
  model.setWeights(values);
  tf.dispose(values);
}

function compiled(model: tf.LayersModel): tf.LayersModel {
  model.compile({ optimizer: rmsprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function mnistBatch(): { images: Images; labels: Uint8Array } {
  const { xTest, yTest } = loadMnist();
  return { images: xTest.slice(0, N), labels: yTest.subarray(0, N) };
}

function cifarBatch(): { images: Images; labels: Uint8Array } | null {
  const dir = cifar10SearchDirs()
    .concat(['/work/shared/data/cifar-10-batches-bin'])
    .find((d) => hasCifar10Files(d));
  if (!dir) return null;
  const bytes = readCifarFile(path.join(dir, CIFAR10_TEST_FILE));
  const images = new Uint8Array(N * 32 * 32 * 3);
  const labels = new Uint8Array(N);
  decodeCifarRecords(bytes.subarray(0, N * 3073), CIFAR10_TEST_FILE, images, labels);
  return { images: new Images(images, [N, 32, 32, 3]), labels };
}

const cases: [string, () => tf.Sequential, () => { images: Images; labels: Uint8Array } | null][] =
  [
    ['mnistCnn', () => mnistCnn({ seed: 3 }), mnistBatch],
    ['cifar10SmallCnn', () => cifar10SmallCnn({ seed: 3 }), cifarBatch],
  ];

for (const [name, build, data] of cases) {
  test(
    `graph inference = eager on ${name}, real images (predict, predictClasses, evaluate)`,
    { skip },
    async (t) => {
      const batch = data();
      if (!batch) return t.skip('CIFAR-10 files absent (set CIFAR10_DIR)');
      const model = compiled(build());
      randomiseWeights(model, 11);
      const x = batch.images.toTensor({ scale: true });
      const y = toCategorical(batch.labels, 10);
      const tensorsBefore = tf.memory().numTensors;
      const sessionsBefore = graphAddon().openSessions();

      const eager = model.predict(x, { batchSize: 32 }) as tf.Tensor;
      const graph = predict(model, x, { engine: 'graph' });
      assert.deepEqual(graph.shape, eager.shape);
      const [pe, pg] = [eager.dataSync(), graph.dataSync()];
      const d = maxDiff(pe, pg);
      t.diagnostic(`max |graph - eager| of ${pe.length} probabilities: ${d.toExponential(2)}`);
      assert.ok(d <= 1e-5, `predict differs by ${d}`);
      // The probabilities are not all alike (the comparison means something).
      const spread = Math.max(...pe) - Math.min(...pe);
      t.diagnostic(
        `probabilities from ${Math.min(...pe).toFixed(3)} to ${Math.max(...pe).toFixed(3)}`,
      );
      assert.ok(spread > 0.05, `probabilities spread only ${spread}`);
      tf.dispose([eager, graph]);

      const eagerClasses = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1).dataSync());
      const graphClasses = predictClasses(model, x, { engine: 'graph' });
      assert.deepEqual(Array.from(graphClasses), Array.from(eagerClasses));
      assert.ok(new Set(graphClasses).size > 1, 'more than one class predicted');

      const e = await evaluate(model, x, y, { engine: 'eager' });
      const g = await evaluate(model, x, y, { engine: 'graph' });
      t.diagnostic(`eager ${JSON.stringify(e)} graph ${JSON.stringify(g)}`);
      assert.deepEqual(Object.keys(g), Object.keys(e));
      assert.ok(Math.abs(g.loss - e.loss) <= 1e-5, `loss ${g.loss} vs ${e.loss}`);
      assert.ok(
        Math.abs(g.accuracy! - e.accuracy!) <= 1e-5,
        `accuracy ${g.accuracy} vs ${e.accuracy}`,
      );

      // uint8 Images scaled inside the graph: the same numbers without a float32 copy of the set.
      const fromBytes = await evaluate(model, batch.images, y, { engine: 'graph', scale: true });
      assert.ok(
        Math.abs(fromBytes.loss - e.loss) <= 1e-5,
        `uint8 loss ${fromBytes.loss} vs ${e.loss}`,
      );
      assert.ok(Math.abs(fromBytes.accuracy! - e.accuracy!) <= 1e-5);
      const classesFromBytes = predictClasses(model, batch.images, {
        engine: 'graph',
        scale: true,
      });
      assert.deepEqual(Array.from(classesFromBytes), Array.from(eagerClasses));
      // ... and through the eager path too (the fallback a graph-less install takes).
      const eagerBytes = await evaluate(model, batch.images, y, { engine: 'eager', scale: true });
      assert.ok(Math.abs(eagerBytes.loss - e.loss) <= 1e-5);

      assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors leaked');
      assert.equal(graphAddon().openSessions(), sessionsBefore, 'graph sessions left open');
      tf.dispose([x, y]);
      model.dispose();
    },
  );
}

test(
  'evaluate batches of any size agree; the last partial batch is weighted by its size',
  { skip },
  async () => {
    const model = compiled(mnistCnn({ seed: 5 }));
    randomiseWeights(model, 7);
    const { images, labels } = mnistBatch();
    const x = images.slice(0, 100).toTensor({ scale: true });
    const y = toCategorical(labels.subarray(0, 100), 10);
    const e = await evaluate(model, x, y, { engine: 'eager', batchSize: 32 });
    for (const batchSize of [1, 33, 100, 512]) {
      const g = await evaluate(model, x, y, { engine: 'graph', batchSize });
      assert.ok(Math.abs(g.loss - e.loss) <= 1e-5, `batch ${batchSize}: ${g.loss} vs ${e.loss}`);
      assert.ok(Math.abs(g.accuracy! - e.accuracy!) <= 1e-5);
    }
    tf.dispose([x, y]);
    model.dispose();
  },
);

test(
  'a model the graph cannot run falls back to eager; engine graph says why',
  { skip },
  async () => {
    const model = compiled(
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 2, kernelSize: 3 }),
          tf.layers.batchNormalization(),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    );
    const { images, labels } = mnistBatch();
    const x = images.slice(0, 64).toTensor({ scale: true });
    const y = toCategorical(labels.subarray(0, 64), 10);
    const mse = mnistCnn({ seed: 1 });
    mse.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const sessionsBefore = graphAddon().openSessions();
    const tensorsBefore = tf.memory().numTensors;
    const auto = await evaluate(model, x, y);
    const eager = await evaluate(model, x, y, { engine: 'eager' });
    assert.deepEqual(auto, eager);
    const classes = predictClasses(model, x);
    const p = predict(model, x);
    assert.deepEqual(Array.from(classes), Array.from(tf.tidy(() => p.argMax(-1).dataSync())));
    p.dispose();
    await assert.rejects(
      () => evaluate(model, x, y, { engine: 'graph' }),
      (e: unknown) => e instanceof GraphEngineUnsupported && /BatchNormalization/.test(e.message),
    );
    assert.throws(
      () => predictClasses(model, x, { engine: 'graph' }),
      (e: unknown) => e instanceof GraphEngineUnsupported,
    );
    // A loss the graph does not compute: evaluate falls back, predict still runs in the graph.
    const viaAuto = await evaluate(mse, x, y);
    const viaEager = await evaluate(mse, x, y, { engine: 'eager' });
    assert.ok(Math.abs(viaAuto.loss - viaEager.loss) < 1e-7);
    await assert.rejects(
      () => evaluate(mse, x, y, { engine: 'graph' }),
      (e: unknown) => e instanceof GraphEngineUnsupported && /loss/.test(e.message),
    );
    predictClasses(mse, x, { engine: 'graph' });
    assert.equal(graphAddon().openSessions(), sessionsBefore, 'graph sessions left open');
    assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors leaked');
    tf.dispose([x, y]);
    model.dispose();
    mse.dispose();
  },
);

test(
  'occlusion runs its batches on the graph engine: the same drops as eager to 1e-5, nothing leaked',
  { skip },
  () => {
    const model = mnistCnn();
    randomiseWeights(model, 31);
    const { xTest } = loadMnist();
    const image = {
      data: Float32Array.from(xTest.data.subarray(0, 784), (v) => v / 255),
      shape: [28, 28, 1],
    };
    let eagerCalls = 0;
    const eagerPredict = model.predict.bind(model);
    model.predict = (x, args) => ((eagerCalls += 1), eagerPredict(x, args));
    const sessionsBefore = graphAddon().openSessions();
    const tensorsBefore = tf.memory().numTensors;
    // The untouched image and 13x13 patched copies, 170 rows in batches of 64: three batches.
    const options = { patchSize: 4, stride: 2, batchSize: 64 };
    const graph = occlusion(model, image, options);
    assert.equal(eagerCalls, 0, 'the graph engine ran every batch');
    const eager = occlusion(model, image, { ...options, engine: 'eager' });
    assert.equal(eagerCalls, 3, 'eager: three batches');
    assert.equal(graph.classIndex, eager.classIndex);
    assert.ok(Math.abs(graph.baseProbability - eager.baseProbability) < 1e-5);
    assert.ok(maxDiff(graph.drop.flat(), eager.drop.flat()) < 1e-5);
    assert.ok(
      graph.drop.flat().some((d) => Math.abs(d) > 1e-3),
      'some patch changes the output',
    );
    assert.equal(graphAddon().openSessions(), sessionsBefore, 'graph sessions left open');
    assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors leaked');
    model.dispose();
  },
);
