import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fit, Callback, LearningRateScheduler, Logs } from '../../src/train';
import { adam, rmsprop, sgd, decayedLearningRate, currentLearningRate } from '../../src/optimizers';
import { mnistSample, tinyCnn } from '../train/fixtures/tiny';
import { ENGINES } from '../train/fixtures/engines';
import { tf } from '../../src/backend';

test("decayedLearningRate follows Keras's lr / (1 + decay * iterations)", () => {
  // tutorial 001: RMSprop(lr=1e-4, decay=1e-6); after one epoch of 50,000/32 = 1,563 updates
  assert.equal(decayedLearningRate(1e-4, 1e-6, 0), 1e-4);
  assert.ok(Math.abs(decayedLearningRate(1e-4, 1e-6, 1563) - 1e-4 / 1.001563) < 1e-15);
  assert.equal(decayedLearningRate(0.1, 0.5, 2), 0.05);
  assert.equal(decayedLearningRate(0.01, 0, 1e6), 0.01);
});

test('Keras defaults and argument checks', () => {
  assert.equal(currentLearningRate(adam()), 0.001);
  assert.equal(currentLearningRate(rmsprop()), 0.001);
  assert.equal(currentLearningRate(sgd()), 0.01);
  assert.throws(
    () => adam({ learningRate: -1 }),
    /adam learningRate: a positive number expected, found -1/,
  );
  assert.throws(() => rmsprop({ decay: -1 }), /decay: a number >= 0 expected, found -1/);
});

class RecordRates extends Callback {
  rates: number[] = [];
  override onBatchEnd(): void {
    this.rates.push(currentLearningRate(this.model.optimizer));
  }
}

for (const engine of ENGINES)
  for (const [name, make] of [
    ['rmsprop', () => rmsprop({ learningRate: 0.01, decay: 0.5 })],
    ['sgd', () => sgd({ learningRate: 0.1, decay: 0.5 })],
    ['adam', () => adam({ decay: 0.5 })],
  ] as const) {
    test(`${name}: decay is applied per batch during fit (${engine})`, async () => {
      const { x, y } = mnistSample(40);
      const opt = make();
      const base = currentLearningRate(opt);
      const rec = new RecordRates();
      await fit(tinyCnn(1, opt), x, y, {
        batchSize: 10,
        epochs: 2,
        verbose: 0,
        engine,
        callbacks: [rec],
      });
      assert.equal(rec.rates.length, 8);
      rec.rates.forEach((r, i) =>
        assert.ok(Math.abs(r - decayedLearningRate(base, 0.5, i)) < 1e-12, `batch ${i}: ${r}`),
      );
      assert.equal(opt.iterations, 8);
      tf.dispose([x, y]);
    });
  }

test('LearningRateScheduler sets the base rate each epoch, decay applies on top', async () => {
  const { x, y } = mnistSample(20);
  const rec = new RecordRates();
  const lrLogs: number[] = [];
  class Grab extends Callback {
    override onEpochEnd(_e: number, logs: Logs) {
      lrLogs.push(logs.lr);
    }
  }
  const sched = new LearningRateScheduler((epoch) => 0.01 / (epoch + 1));
  await fit(tinyCnn(1, sgd({ decay: 1 })), x, y, {
    batchSize: 10,
    epochs: 2,
    verbose: 0,
    callbacks: [sched, rec, new Grab()],
  });
  const expected = [0.01 / 1, 0.01 / 2, 0.005 / 3, 0.005 / 4];
  rec.rates.forEach((r, i) =>
    assert.ok(Math.abs(r - expected[i]) < 1e-12, `batch ${i}: ${r} vs ${expected[i]}`),
  );
  assert.ok(Math.abs(lrLogs[1] - 0.005 / 4) < 1e-12);
  tf.dispose([x, y]);
});
