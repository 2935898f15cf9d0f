import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from '../../src/backend';
import { fit, fitDataset, loadCheckpoint, ModelCheckpoint } from '../../src/train';
import { adam, rmsprop, sgd } from '../../src/optimizers';
import { GraphEngineUnsupported } from '../../src/graph';
import { mnistSample, tinyCnn } from './fixtures/tiny';
import { noGraphEngine as skip } from '../helpers/graphSkip';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-engine-'));

function maxDiff(a: tf.Tensor[], b: tf.Tensor[]): number {
  let m = 0;
  a.forEach((t, i) => {
    const [p, q] = [t.dataSync(), b[i].dataSync()];
    for (let j = 0; j < p.length; j++) m = Math.max(m, Math.abs(p[j] - q[j]));
  });
  return m;
}

/** The optimizer's slot values (getWeights minus the iteration count). */
async function slotsOf(opt: tf.Optimizer): Promise<tf.Tensor[]> {
  const [iter, ...slots] = await opt.getWeights();
  iter.tensor.dispose();
  return slots.map((s) => s.tensor);
}

const optimizers: [string, () => tf.Optimizer, number][] = [
  ['rmsprop with decay', () => rmsprop({ learningRate: 3e-3, decay: 0.05 }), 1],
  ['adam', () => adam({ learningRate: 3e-3 }), 2],
  ['sgd momentum', () => sgd({ learningRate: 0.05, momentum: 0.9 }), 1],
];

for (const [name, make, slotsPerWeight] of optimizers) {
  test(
    `${name}: graph epoch -> checkpoint -> eager epoch (and eager -> graph) = two eager epochs`,
    { skip },
    async () => {
      const { x, y } = mnistSample(120);
      const opts = { batchSize: 20, verbose: 0 as const, seed: 3 };
      const reference = tinyCnn(4, make());
      const r = await fit(reference, x, y, { ...opts, epochs: 2, engine: 'eager' });
      assert.equal(r.engine, 'eager');
      for (const [first, second] of [
        ['graph', 'eager'],
        ['eager', 'graph'],
      ] as const) {
        const dir = tmp();
        const model = tinyCnn(4, make());
        const h1 = await fit(model, x, y, {
          ...opts,
          epochs: 1,
          engine: first,
          callbacks: [new ModelCheckpoint({ filepath: dir, monitor: 'loss' })],
        });
        assert.equal(h1.engine, first);
        const ck = await loadCheckpoint(dir);
        assert.equal(ck.model.optimizer.iterations, 6, 'iterations in the checkpoint');
        const saved = await slotsOf(ck.model.optimizer);
        assert.equal(saved.length, slotsPerWeight * 4, 'slot variables in the checkpoint');
        const h2 = await fit(ck.model, x, y, { ...opts, epochs: 2, engine: second, resume: ck });
        assert.equal(h2.engine, second);
        assert.equal(ck.model.optimizer.iterations, 12);
        const d = maxDiff(ck.model.getWeights(), reference.getWeights());
        assert.ok(d < 2e-4, `${first} -> ${second}: weights differ from all-eager by ${d}`);
        const ds = maxDiff(await slotsOf(ck.model.optimizer), await slotsOf(reference.optimizer));
        assert.ok(ds < 2e-4, `${first} -> ${second}: optimizer slots differ by ${ds}`);
        h2.history.loss.forEach((l, i) =>
          assert.ok(
            Math.abs(l - r.history.loss[i]) < 1e-4,
            `epoch ${i} loss ${l} vs ${r.history.loss[i]}`,
          ),
        );
        ck.model.optimizer.dispose();
        ck.model.dispose();
        model.optimizer.dispose();
        model.dispose();
      }
      tf.dispose([x, y]);
    },
  );
}

test(
  'a second graph fit continues the moments (no restart), and the weights move as eager',
  { skip },
  async () => {
    const { x, y } = mnistSample(120);
    const opts = { batchSize: 20, verbose: 0 as const, seed: 8 };
    const eager = tinyCnn(2, adam({ learningRate: 3e-3 }));
    await fit(eager, x, y, { ...opts, epochs: 3, engine: 'eager' });
    const graph = tinyCnn(2, adam({ learningRate: 3e-3 }));
    await fit(graph, x, y, { ...opts, epochs: 1, engine: 'graph' });
    assert.equal(graph.optimizer.iterations, 6);
    await fit(graph, x, y, { ...opts, epochs: 3, initialEpoch: 1, engine: 'graph' });
    assert.equal(graph.optimizer.iterations, 18);
    const d = maxDiff(graph.getWeights(), eager.getWeights());
    assert.ok(d < 2e-4, `weights after 1 + 2 graph epochs vs 3 eager epochs: ${d}`);
    tf.dispose([x, y]);
  },
);

test(
  "'graph' says why it cannot train a model; 'auto' then runs eager and records why",
  { skip },
  async () => {
    const { x, y } = mnistSample(20);
    const compiled = (layers: tf.layers.Layer[], c: Partial<tf.ModelCompileArgs> = {}) => {
      const m = tf.sequential({ layers });
      m.compile({
        optimizer: rmsprop(),
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
        ...c,
      });
      return m;
    };
    const flat = () => [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ];
    const cases: [string, () => tf.LayersModel, RegExp][] = [
      [
        'an unsupported layer',
        () =>
          compiled([
            tf.layers.flatten({ inputShape: [28, 28, 1] }),
            tf.layers.batchNormalization({ name: 'bn' }),
            tf.layers.dense({ units: 10, activation: 'softmax' }),
          ]),
        /layer 'bn' \(BatchNormalization\)/,
      ],
      [
        'another loss',
        () => compiled(flat(), { loss: 'meanSquaredError' }),
        /loss 'categoricalCrossentropy'.*found "meanSquaredError"/,
      ],
      [
        'another metric',
        () => compiled(flat(), { metrics: ['accuracy', 'mse'] }),
        /metric 'accuracy'.*found \[acc, mse\]/,
      ],
      [
        'a tfjs optimizer',
        () => compiled(flat(), { optimizer: tf.train.adam(1e-3) }),
        /optimizer Adam is not supported/,
      ],
      [
        'a functional model',
        () => {
          const input = tf.input({ shape: [28, 28, 1] });
          const m = tf.model({
            inputs: input,
            outputs: tf.layers
              .dense({ units: 10, activation: 'softmax' })
              .apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor,
          });
          m.compile({
            optimizer: rmsprop(),
            loss: 'categoricalCrossentropy',
            metrics: ['accuracy'],
          });
          return m;
        },
        /only tf.Sequential models/,
      ],
    ];
    for (const [what, make, reason] of cases) {
      await assert.rejects(
        fit(make(), x, y, { verbose: 0, engine: 'graph' }),
        (e: Error) =>
          /^fit: engine 'graph' cannot train model '\w+': /.test(e.message) &&
          reason.test(e.message),
        what,
      );
      const h = await fit(make(), x, y, { verbose: 0 });
      assert.equal(h.engine, 'eager', what);
      assert.match(h.engineNote ?? '', reason, what);
    }
    await assert.rejects(
      fit(tinyCnn(1), x, y, { verbose: 0, engine: 'fast' as 'auto' }),
      /engine must be 'auto', 'eager' or 'graph', found 'fast'/,
    );
    tf.dispose([x, y]);
  },
);

test(
  "'auto' falls back to eager on GraphEngineUnsupported only: any other error propagates",
  { skip },
  async () => {
    const { x, y } = mnistSample(20);
    // The graph runner reads the optimizer's state while it sets up; make that read fail.
    const failingWith = (error: Error) => {
      const model = tinyCnn(1);
      model.optimizer.getWeights = async () => {
        throw error;
      };
      return model;
    };
    for (const engine of ['auto', 'graph'] as const) {
      await assert.rejects(
        fit(failingWith(new Error('optimizer state unreadable')), x, y, { verbose: 0, engine }),
        (e: Error) =>
          !(e instanceof GraphEngineUnsupported) && e.message === 'optimizer state unreadable',
        `engine '${engine}': an ordinary error is not taken for "cannot train"`,
      );
    }
    const unsupported = new GraphEngineUnsupported('this optimizer state does not fit');
    const h = await fit(failingWith(unsupported), x, y, { verbose: 0 });
    assert.equal(h.engine, 'eager');
    assert.equal(h.engineNote, 'this optimizer state does not fit');
    await assert.rejects(
      fit(failingWith(unsupported), x, y, { verbose: 0, engine: 'graph' }),
      (e: Error) =>
        e instanceof GraphEngineUnsupported &&
        e.reason === 'this optimizer state does not fit' &&
        /^fit: engine 'graph' cannot train model '\w+': this optimizer/.test(e.message),
    );
    tf.dispose([x, y]);
  },
);

test(
  'fitDataset runs on the graph engine too, int32 batches included, without leaks',
  { skip },
  async () => {
    const { x, y } = mnistSample(64);
    const model = tinyCnn(5);
    await fitDataset(model, [{ xs: x.slice(0, 8), ys: y.slice(0, 8) }], {
      verbose: 0,
      engine: 'eager',
    }); // makes the optimizer's slots
    const before = tf.memory().numTensors;
    const batches = {
      *[Symbol.iterator]() {
        for (const s of [0, 32])
          yield { xs: x.slice(s, 32), ys: tf.tidy(() => y.slice(s, 32).toInt()) };
      },
    };
    const h = await fitDataset(model, batches, {
      epochs: 2,
      verbose: 0,
      engine: 'graph',
      validationData: [x, y],
    });
    assert.equal(h.engine, 'graph');
    assert.deepEqual(h.epoch, [0, 1]);
    assert.ok(h.history.val_accuracy.length === 2);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, y]);
  },
);
