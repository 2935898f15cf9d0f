// Training from uint8 pixels (issue #13 item 3): a trainer built with inputDtype 'uint8' and
// inputDivisor 255 takes each batch's bytes and scales them inside the graph; an epoch over
// Images must train exactly as one over the float32 copy toTensor({ scale: true }) makes (SGD:
// RMSprop's step amplifies float noise up to lr/eps, see graphTrainer.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { graphEpoch, graphTrainer, optimizerSpecOf } from '../../src/graph';
import { graphAddon } from '../../src/graph/addon';
import { loadMnist, toCategorical } from '../../src/data';
import { mnistCnn } from '../../src/models';
import { sgd } from '../../src/optimizers';
import { noGraphEngine as skip } from '../helpers/graphSkip';

test(
  'a graph epoch over uint8 Images (scaled in the graph) = one over the float32 tensor',
  { skip },
  () => {
    const { xTrain, yTrain } = loadMnist();
    const images = xTrain.slice(0, 640);
    const y = toCategorical(yTrain.subarray(0, 640), 10);
    const x = images.toTensor({ scale: true });
    const run = (bytes: boolean) => {
      const model = mnistCnn({ seed: 9 });
      model.compile({
        optimizer: sgd({ learningRate: 0.1 }),
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
      });
      const trainer = graphTrainer(model, {
        optimizer: optimizerSpecOf(model.optimizer),
        seed: 5,
        ...(bytes ? { inputDtype: 'uint8' as const, inputDivisor: 255 } : {}),
      });
      try {
        const r = graphEpoch(trainer, bytes ? images : x, y, { batchSize: 64, seed: 2 });
        trainer.syncWeightsToModel();
        const weights = model.getWeights().map((w) => w.dataSync().slice());
        return { r, weights, model };
      } finally {
        trainer.dispose();
      }
    };
    const tensors = tf.memory().numTensors;
    const sessions = graphAddon().openSessions();
    const a = run(false);
    const b = run(true);
    assert.equal(a.r.steps, 10);
    assert.ok(Math.abs(a.r.loss - b.r.loss) <= 1e-5, `loss ${a.r.loss} vs ${b.r.loss}`);
    assert.ok(Math.abs(a.r.accuracy - b.r.accuracy) <= 1e-5);
    let d = 0;
    a.weights.forEach((w, i) =>
      w.forEach((v, j) => (d = Math.max(d, Math.abs(v - b.weights[i][j])))),
    );
    assert.ok(d <= 1e-5, `weights differ by ${d}`);
    for (const m of [a.model, b.model]) (m.optimizer.dispose(), m.dispose());
    assert.equal(tf.memory().numTensors, tensors, 'tensors leaked');
    assert.equal(graphAddon().openSessions(), sessions, 'sessions left open');
    tf.dispose([x, y]);
  },
);
