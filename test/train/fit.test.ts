import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  fit,
  fitDataset,
  evaluate,
  predictClasses,
  Callback,
  ProgressCallback,
} from '../../src/train';
import { epochPermutation } from '../../src/data';
import { mnistSample, tinyCnn } from './fixtures/tiny';
import { ENGINES } from './fixtures/engines';
import { syntheticReference } from '../helpers/reference';
import type { Figure } from '../../src/figure';
import type { LiveOutput } from '../../src/display';

test('fit returns a Keras-like History and learns', async () => {
  const { x, y } = mnistSample(600);
  const model = tinyCnn(3);
  const h = await fit(model, x, y, {
    batchSize: 32,
    epochs: 3,
    verbose: 0,
    validationSplit: 0.2,
    seed: 1,
  });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  assert.equal(h.engine, ENGINES.at(-1), "'auto' picks the graph engine when it is built");
  assert.deepEqual(Object.keys(h.history).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  assert.ok(h.history.loss[2] < h.history.loss[0], `loss fell: ${h.history.loss}`);
  const e = await evaluate(model, x, y, { batchSize: 100 });
  assert.equal(typeof e.loss, 'number');
  assert.ok(e.accuracy! > 0.3, `accuracy ${e.accuracy}`);
  const classes = predictClasses(model, x, { batchSize: 64 });
  assert.equal(classes.length, 600);
  assert.ok(classes.every((c) => c >= 0 && c < 10));
  tf.dispose([x, y]);
});

for (const engine of ENGINES)
  test(`no tensor leaks across fit, evaluate and predictClasses (${engine})`, async () => {
    const { x, y } = mnistSample(100);
    const model = tinyCnn(4);
    await fit(model, x, y, { batchSize: 25, epochs: 1, verbose: 0, engine }); // first run creates optimizer slots
    const before = tf.memory().numTensors;
    await fit(model, x, y, {
      batchSize: 25,
      epochs: 2,
      verbose: 0,
      validationData: [x, y],
      engine,
    });
    await fit(model, x, y, {
      batchSize: 25,
      epochs: 1,
      verbose: 0,
      validationSplit: 0.2,
      shuffle: false,
      engine,
    });
    await evaluate(model, x, y);
    predictClasses(model, x, { batchSize: 30 });
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, y]);
  });

test('the same seed gives the same initial weights; another seed does not', () => {
  const w = (seed: number) =>
    tinyCnn(seed)
      .getWeights()
      .map((t) => Array.from(t.dataSync()));
  assert.deepEqual(w(7), w(7));
  assert.notDeepEqual(w(7)[0], w(8)[0]);
});

test('seeded shuffling: same seed and epoch, same order; epochs differ', () => {
  const a = epochPermutation(1000, 42, 0);
  assert.deepEqual(a, epochPermutation(1000, 42, 0));
  assert.notDeepEqual(a, epochPermutation(1000, 42, 1));
  assert.deepEqual(
    [...a].sort((p, q) => p - q),
    Array.from({ length: 1000 }, (_, i) => i),
  );
});

for (const engine of ENGINES)
  test(`two seeded one-epoch runs: how far apart (${engine})`, async () => {
    const { x, y } = mnistSample(512);
    const run = async () => {
      const m = tinyCnn(11);
      const h = await fit(m, x, y, { batchSize: 32, epochs: 1, verbose: 0, seed: 5, engine });
      assert.equal(h.engine, engine);
      return { loss: h.history.loss[0], w: m.getWeights().map((t) => t.dataSync()) };
    };
    const a = await run();
    const b = await run();
    let maxDiff = 0;
    a.w.forEach((wa, i) =>
      wa.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - b.w[i][j])))),
    );
    console.log(
      `seeded runs (${engine}): |loss diff| = ${Math.abs(a.loss - b.loss)}, max |weight diff| = ${maxDiff}`,
    );
    assert.ok(maxDiff < 1e-4, `max weight difference ${maxDiff}`);
    tf.dispose([x, y]);
  });

test('fitDataset trains on a tf.data.Dataset and on a generator with stepsPerEpoch', async () => {
  const { x, y } = mnistSample(96);
  const model = tinyCnn(2);
  const ds = tf.data
    .zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) })
    .batch(32);
  const h1 = await fitDataset(model, ds as unknown as tf.data.Dataset<tf.TensorContainer>, {
    epochs: 2,
    verbose: 0,
    validationData: [x, y],
  });
  assert.deepEqual(h1.epoch, [0, 1]);
  assert.ok('val_accuracy' in h1.history);
  let made = 0;
  function* endless() {
    for (;;) {
      made++;
      yield { xs: x.slice(0, 16), ys: y.slice(0, 16) };
    }
  }
  const before = tf.memory().numTensors;
  const h2 = await fitDataset(model, endless(), { epochs: 3, stepsPerEpoch: 2, verbose: 0 });
  assert.equal(h2.epoch.length, 3);
  assert.ok(made >= 6 && made <= 7);
  assert.equal(tf.memory().numTensors, before); // batches are disposed
  tf.dispose([x, y]);
});

test('fitDataset with stepsPerEpoch = one pass restarts a finite source every epoch', async () => {
  // As ImageDataGenerator.flow with stepsPerEpoch = ceil(N / batch): each epoch uses the
  // source up exactly, and the next epoch must start it over, not stop with 0 batches.
  const { x, y } = mnistSample(64);
  const model = tinyCnn(3);
  const ds = tf.data
    .zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) })
    .batch(32);
  const h = await fitDataset(model, ds as unknown as tf.data.Dataset<tf.TensorContainer>, {
    epochs: 3,
    stepsPerEpoch: 2,
    verbose: 0,
  });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  const empty = await fitDataset(model, [] as { xs: tf.Tensor; ys: tf.Tensor }[], {
    epochs: 2,
    stepsPerEpoch: 2,
    verbose: 0,
  });
  assert.deepEqual(empty.epoch, [], 'an empty source trains no epoch (and does not loop)');
  tf.dispose([x, y]);
});

for (const engine of ENGINES)
  test(`SIGINT stops training within a batch and marks the history (${engine})`, async () => {
    const { x, y } = mnistSample(320);
    for (const send of ['emit', 'kill'] as const) {
      let batches = 0;
      class SendInterrupt extends Callback {
        // 'kill' is a real signal, handled only when the event loop gets a turn.
        override onBatchEnd(): void {
          if (++batches === 3)
            void (send === 'emit' ? process.emit('SIGINT') : process.kill(process.pid, 'SIGINT'));
        }
      }
      const model = tinyCnn(1);
      const w0 = model.getWeights()[0].dataSync().slice();
      const h = await fit(model, x, y, {
        batchSize: 10,
        epochs: 5,
        verbose: 0,
        engine,
        callbacks: [new SendInterrupt()],
      });
      assert.equal(h.interrupted, true, send);
      // The steps of the interrupted epoch are kept, in the graph engine too.
      assert.equal(model.optimizer.iterations, batches);
      assert.notDeepEqual(model.getWeights()[0].dataSync(), w0);
      assert.ok(batches === 3 || (send === 'kill' && batches === 4), `${send}: ${batches} batches`);
      assert.deepEqual(h.epoch, []); // the interrupted epoch is not recorded
      assert.equal(process.listenerCount('SIGINT'), 0);
    }
    tf.dispose([x, y]);
  });

test('progress (notebook mode) uses one live output, throttled, and costs little', async () => {
  const { x, y } = mnistSample(1200);
  const time = async (callbacks: Callback[]) => {
    const m = tinyCnn(1);
    const t0 = performance.now();
    await fit(m, x, y, { batchSize: 20, epochs: 2, verbose: 0, seed: 1, callbacks });
    return performance.now() - t0;
  };
  await time([]); // warm-up
  const plain = await time([]);
  const p = new ProgressCallback({ notebook: true });
  const withProgress = await time([p]);
  console.log(
    `fit 2 epochs x 60 batches: ${plain.toFixed(0)} ms plain, ${withProgress.toFixed(0)} ms with progress (${p.draws} redraws)`,
  );
  assert.ok(p.draws < 60 && p.draws >= 4, `draws ${p.draws}`);
  tf.dispose([x, y]);
});

/** A one-epoch, 3-seed reference whose band holds any loss in [0, 10] and any accuracy. */
const wideReference = () =>
  syntheticReference([{ epoch: 1, phase: 'fit', seeds: 3, loss: [0, 10], accuracy: [0, 1] }]);

test('fit({ reference }): the progress output draws the Keras band and prints the verdict', async () => {
  const { x, y } = mnistSample(100);
  // in a terminal: the verdict after the epoch lines
  const printed: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void printed.push(a.join(' '));
  try {
    await fit(tinyCnn(2), x, y, { batchSize: 25, verbose: 2, seed: 1, reference: wideReference() });
  } finally {
    console.log = log;
  }
  assert.match(
    printed.at(-1)!,
    /^Inside Keras's range ± margin at every epoch \(3 Keras seeds\); /,
  );
  // in a notebook: every redraw is the progress figure with the band behind the curves
  const figures: Figure[] = [];
  class Captured extends ProgressCallback {
    override onTrainBegin(): void {
      (this as unknown as { live: LiveOutput }).live = { update: (f) => void figures.push(f) };
    }
  }
  const p = new Captured({ notebook: true, reference: wideReference() });
  await fit(tinyCnn(2), x, y, { batchSize: 25, verbose: 0, seed: 1, callbacks: [p] });
  const last = figures.at(-1)!;
  assert.equal(last.kind, 'html');
  if (last.kind === 'html') {
    assert.match(last.html, /<img alt="loss"[^>]*src="data:image\/svg\+xml;base64,/);
    assert.ok(!/<svg|<script/i.test(last.html));
    const svg = Buffer.from(/base64,([^"]+)"/.exec(last.html)![1], 'base64').toString();
    assert.match(svg, /<polygon class="keras-band"/);
    assert.match(last.text, /Inside Keras's range ± margin at every epoch \(3 Keras seeds\); /);
  }
  tf.dispose([x, y]);
});
