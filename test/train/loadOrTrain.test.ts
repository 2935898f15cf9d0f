import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from '../../src/backend';
import { fit, ModelCheckpoint, loadCheckpointOrTrain } from '../../src/train';
import { mnistSample, tinyCnn } from './fixtures/tiny';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-load-or-train-'));

test('loadCheckpointOrTrain trains when no directory holds a checkpoint, then loads what was saved', async () => {
  const root = tmp();
  const missing = path.join(root, 'not-there');
  const own = path.join(root, 'own');
  const { x, y } = mnistSample(20);
  let trained = 0;
  const train = async () => {
    trained++;
    const model = tinyCnn(1);
    await fit(model, x, y, {
      batchSize: 10,
      epochs: 1,
      verbose: 0,
      callbacks: [new ModelCheckpoint({ filepath: own })],
    });
    return model;
  };
  const first = await loadCheckpointOrTrain([missing, own], train);
  assert.equal(trained, 1);
  assert.equal(first.loadedFrom, null);
  assert.equal(first.epoch, null);

  const second = await loadCheckpointOrTrain([missing, own], train);
  assert.equal(trained, 1, 'the saved checkpoint is used, not trained again');
  assert.equal(second.loadedFrom, own);
  assert.equal(second.epoch, 1);
  const a = first.model.predict(x.slice(0, 3)) as tf.Tensor;
  const b = second.model.predict(x.slice(0, 3)) as tf.Tensor;
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  fs.rmSync(root, { recursive: true, force: true });
});

test('loadCheckpointOrTrain needs at least one directory', async () => {
  await assert.rejects(
    loadCheckpointOrTrain([], async () => tinyCnn(1)),
    /no checkpoint directory/,
  );
});
