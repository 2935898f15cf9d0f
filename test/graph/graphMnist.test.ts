import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { Images, loadMnist, scalePixels, take, toCategorical } from '../../src/data';
import { mnistCnn } from '../../src/models';
import { graphEpoch, graphTrainer, optimizerSpecOf } from '../../src/graph';
import { rmsprop } from '../../src/optimizers';
import { noGraphEngine as skip } from '../helpers/graphSkip';

function tensors(images: Images, labels: Uint8Array): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => [
    scalePixels(images).reshape([images.count, 28, 28, 1]),
    toCategorical(labels, 10),
  ]);
}

test(
  "004's MNIST CNN on real MNIST: graph step = eager step, then 30 graph steps learn",
  { skip },
  async () => {
    const d = loadMnist();
    const train = take(d.xTrain, d.yTrain, 1920);
    const held = take(d.xTest, d.yTest, 1000);
    const [x, y] = tensors(train.x, train.y);
    const [xt, yt] = tensors(held.x, held.y);
    const eager = mnistCnn({ seed: 3 });
    const model = mnistCnn({ seed: 3 });
    const optimizer = rmsprop();
    eager.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    model.compile({ optimizer: rmsprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    // One step on the same first batch: same loss and weights as the library's eager path.
    const [xb, yb] = [x.slice(0, 64), y.slice(0, 64)];
    const [eLoss] = (await eager.trainOnBatch(xb, yb)) as number[];
    const n0 = tf.memory().numTensors; // after the eager optimizer made its slots
    const trainer = graphTrainer(model, { optimizer: optimizerSpecOf(optimizer) });
    try {
      const g = trainer.trainBatch(xb, yb);
      assert.ok(
        Math.abs(eLoss - g.loss) < 1e-4,
        `first step loss: eager ${eLoss}, graph ${g.loss}`,
      );
      trainer.syncWeightsToModel();
      model.getWeights().forEach((w, i) => {
        const d = tf.tidy(() => tf.max(tf.abs(tf.sub(w, eager.getWeights()[i]))).dataSync()[0]);
        assert.ok(d < 1e-4, `${model.weights[i].name} after one step: max difference ${d}`);
      });

      // 30 more steps: the loss falls and the synced tfjs model predicts held-out digits.
      const before = model.evaluate(xt, yt) as tf.Scalar[];
      const [lossBefore] = before.map((s) => s.dataSync()[0]);
      const r = graphEpoch(trainer, x, y, { batchSize: 64, seed: 1 });
      assert.equal(r.steps, 30);
      trainer.syncWeightsToModel();
      const after = model.evaluate(xt, yt) as tf.Scalar[];
      const [lossAfter, accAfter] = after.map((s) => s.dataSync()[0]);
      tf.dispose([...before, ...after]);
      assert.ok(
        lossAfter < lossBefore * 0.6,
        `held-out loss did not fall: ${lossBefore} -> ${lossAfter}`,
      );
      assert.ok(accAfter > 0.6, `held-out accuracy after 31 steps: ${accAfter}`);
      assert.ok(r.loss < 1.5 && r.accuracy > 0.5, `epoch logs: ${JSON.stringify(r)}`);
    } finally {
      trainer.dispose();
    }
    assert.equal(tf.memory().numTensors, n0, 'tensors leaked by the graph engine');
    tf.dispose([x, y, xt, yt, xb, yb]);
    eager.dispose();
    model.dispose();
  },
);
