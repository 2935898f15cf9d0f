// fit() on uint8 Images with { scale: true } (issue #13): the training set stays bytes and
// each batch is divided by 255 (in the graph, or as an eager op), giving the float32 path's
// numbers; bad input is one clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { Images, loadMnist, toCategorical } from '../../src/data';
import { Callback, fit } from '../../src/train';
import type { Logs } from '../../src/train';
import { rmsprop } from '../../src/optimizers';
import { tinyCnn } from './fixtures/tiny';
import { noGraphEngine as noGraph } from '../helpers/graphSkip';

/** Each batch's running loss and accuracy. */
class BatchLog extends Callback {
  readonly values: number[] = [];
  override onBatchEnd(_batch: number, logs: Logs): void {
    this.values.push(logs.loss as number, logs.accuracy);
  }
}

function closeTo(a: number[], b: number[], tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: ${a.length} values vs ${b.length}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `${what}[${i}]: ${v} vs ${b[i]}`));
}

for (const engine of ['graph', 'eager'] as const) {
  test(
    `fit on uint8 Images with scale: true = fit on the float32 tensor (${engine})`,
    { skip: engine === 'graph' && noGraph },
    async () => {
      const { xTrain, yTrain } = loadMnist();
      const images = xTrain.slice(0, 150); // a view: [150, 28, 28] bytes
      const y = toCategorical(yTrain.subarray(0, 150), 10);
      const x = tf.tidy(() => images.toTensor({ scale: true }));
      const run = async (input: tf.Tensor | Images, scale: boolean) => {
        const before = tf.memory().numTensors;
        const model = tinyCnn(5, rmsprop({ learningRate: 3e-3 }));
        const log = new BatchLog();
        const h = await fit(model, input, y, {
          epochs: 2,
          batchSize: 32,
          seed: 7,
          verbose: 0,
          engine,
          scale,
          validationSplit: 0.2,
          callbacks: [log],
        });
        assert.equal(h.engine, engine);
        const weights = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
        model.optimizer.dispose();
        model.dispose();
        assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
        return { h, log: log.values, weights };
      };
      const f32 = await run(x, false);
      const bytes = await run(images, true);
      assert.equal(bytes.log.length, 2 * 2 * 4, '4 steps an epoch, 2 epochs');
      closeTo(bytes.log, f32.log, 1e-5, 'batch loss/accuracy');
      for (const k of ['loss', 'val_loss', 'val_accuracy'])
        closeTo(bytes.h.history[k], f32.h.history[k], 1e-5, k);
      closeTo(bytes.weights, f32.weights, 1e-5, 'weights');
      tf.dispose([x, y]);
    },
  );
}

test('fit on Images: wrong image size, bad scale, mismatched y are one clear error', async () => {
  const model = tinyCnn(1);
  const y = toCategorical(new Uint8Array(4), 10);
  const small = new Images(new Uint8Array(4 * 10 * 10), [4, 10, 10]);
  await assert.rejects(
    fit(model, small, y, { verbose: 0, scale: true }),
    /fit: x must be \[batch, 28, 28, 1\] \(the model's input\), found uint8 Images of 10x10x1 images/,
  );
  const ok = new Images(new Uint8Array(4 * 784), [4, 28, 28]);
  await assert.rejects(
    fit(model, ok, y, { verbose: 0, validationData: [small, y] }),
    /fit: validationData x must be \[batch, 28, 28, 1\] \(the model's input\), found uint8 Images of 10x10x1 images/,
  );
  await assert.rejects(
    fit(model, ok, y, { verbose: 0, scale: 'yes' as unknown as boolean }),
    /fit: scale must be true or false/,
  );
  const y3 = toCategorical(new Uint8Array(3), 10);
  await assert.rejects(
    fit(model, ok, y3, { verbose: 0 }),
    /fit: y must be one label per sample of x \(4\), found 3/,
  );
  await assert.rejects(
    fit(model, ok.data as unknown as tf.Tensor, y, { verbose: 0 }),
    /fit: x must be a tf.Tensor \[batch, 28, 28, 1\], found a Uint8Array/,
  );
  tf.dispose([y, y3]);
  model.optimizer.dispose();
  model.dispose();
});
