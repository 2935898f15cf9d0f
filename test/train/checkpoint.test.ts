import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { tf } from '../../src/backend';
import {
  fit,
  EarlyStopping,
  ModelCheckpoint,
  loadCheckpoint,
  CSVLogger,
  Callback,
} from '../../src/train';
import { rmsprop, decaySettings, currentLearningRate } from '../../src/optimizers';
import {
  saveModel,
  loadModel,
  saveArchitecture,
  loadArchitecture,
  saveWeights,
  loadWeights,
} from '../../src/models';
import { resolveSavedDir } from '../../src/atomic';
import { mnistSample, tinyCnn } from './fixtures/tiny';
import { ENGINES } from './fixtures/engines';
import { ScriptedMetric } from './fixtures/scripted';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-train-'));
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

test('EarlyStopping stops after `patience` epochs without improvement and restores the best weights', async () => {
  const { x, y } = mnistSample(40);
  const model = tinyCnn(1);
  const snapshots: number[][][] = [];
  class Snap extends Callback {
    override onEpochEnd() {
      snapshots.push(weightsOf(this.model));
    }
  }
  const es = new EarlyStopping({
    monitor: 'score',
    patience: 2,
    minDelta: 0.01,
    restoreBestWeights: true,
  });
  // score: best at epoch 1; epoch 2 improves by less than minDelta; epoch 3 worse -> stop at 3
  const h = await fit(model, x, y, {
    batchSize: 20,
    epochs: 10,
    verbose: 0,
    callbacks: [new ScriptedMetric('score', [1, 0.5, 0.495, 0.7, 0.1]), new Snap(), es],
  });
  assert.deepEqual(h.epoch, [0, 1, 2, 3]);
  assert.equal(es.stoppedEpoch, 3);
  assert.equal(es.bestEpoch, 1);
  assert.deepEqual(weightsOf(model), snapshots[1]);
  tf.dispose([x, y]);
});

test('ModelCheckpoint saveBestOnly saves only on improvement; the best loads back', async () => {
  const dir = tmp();
  const { x, y } = mnistSample(40);
  const model = tinyCnn(1);
  const snapshots: number[][][] = [];
  class Snap extends Callback {
    override onEpochEnd() {
      snapshots.push(weightsOf(this.model));
    }
  }
  const ck = new ModelCheckpoint({
    filepath: path.join(dir, 'best'),
    monitor: 'score',
    saveBestOnly: true,
  });
  await fit(model, x, y, {
    batchSize: 20,
    epochs: 4,
    verbose: 0,
    callbacks: [
      new ScriptedMetric(
        'score',
        [3, 1, 2, 0.5].map((v) => v),
      ),
      new Snap(),
      ck,
    ],
  });
  assert.deepEqual(
    ck.saved.map((s) => s.epoch),
    [1, 2, 4],
  );
  const best = await loadCheckpoint(path.join(dir, 'best'));
  assert.equal(best.epoch, 4);
  assert.equal(best.best, 0.5);
  assert.deepEqual(weightsOf(best.model), snapshots[3]);
  // mode max on the same script: epochs 1 and 3 improve
  const ck2 = new ModelCheckpoint({
    filepath: path.join(dir, 'e{epoch:02d}'),
    monitor: 'score',
    mode: 'max',
    saveBestOnly: true,
  });
  await fit(tinyCnn(1), x, y, {
    batchSize: 20,
    epochs: 4,
    verbose: 0,
    callbacks: [new ScriptedMetric('score', [1, 0, 2, 0]), ck2],
  });
  assert.deepEqual(
    ck2.saved.map((s) => path.basename(s.path)),
    ['e01', 'e03'],
  );
  tf.dispose([x, y]);
});

for (const engine of ENGINES)
  test(`resuming continues the epoch count, the history, the optimizer and its decay (${engine})`, async () => {
    const dir = tmp();
    const { x, y } = mnistSample(60);
    const ckptDir = path.join(dir, 'ckpt');
    const log = path.join(dir, 'log.csv');
    const model = tinyCnn(1, rmsprop({ learningRate: 1e-3, decay: 0.1 }));
    await fit(model, x, y, {
      batchSize: 20,
      epochs: 2,
      verbose: 0,
      validationData: [x, y],
      engine,
      callbacks: [new ModelCheckpoint({ filepath: ckptDir }), new CSVLogger(log)],
    });
    const ck = await loadCheckpoint(ckptDir);
    assert.equal(ck.epoch, 2);
    assert.deepEqual(ck.history.epoch, [0, 1]);
    assert.equal(ck.model.optimizer.iterations, 6);
    assert.deepEqual(decaySettings(ck.model.optimizer), { learningRate: 1e-3, decay: 0.1 });
    assert.ok(Math.abs(currentLearningRate(ck.model.optimizer) - 1e-3 / (1 + 0.1 * 6)) < 1e-12);
    const h = await fit(ck.model, x, y, {
      batchSize: 20,
      epochs: 4,
      verbose: 0,
      validationData: [x, y],
      resume: ck,
      engine,
      callbacks: [new ModelCheckpoint({ filepath: ckptDir }), new CSVLogger(log, { append: true })],
    });
    assert.deepEqual(h.epoch, [0, 1, 2, 3]);
    assert.equal(h.history.loss.length, 4);
    assert.equal(ck.model.optimizer.iterations, 12);
    assert.equal((await loadCheckpoint(ckptDir)).epoch, 4);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'epoch,accuracy,loss,val_accuracy,val_loss');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      ['0', '1', '2', '3'],
    );
    tf.dispose([x, y]);
  });

test('saveModel/loadModel, architecture JSON and weights files round-trip', async () => {
  const dir = tmp();
  const model = tinyCnn(5);
  await saveModel(model, path.join(dir, 'm'));
  await saveModel(model, path.join(dir, 'm')); // overwrite goes through the atomic swap
  assert.deepEqual(weightsOf(await loadModel(path.join(dir, 'm'))), weightsOf(model));
  saveArchitecture(model, path.join(dir, 'arch.json'));
  await saveWeights(model, path.join(dir, 'w.bin'));
  const fresh = await loadArchitecture(path.join(dir, 'arch.json'));
  assert.equal(fresh.countParams(), model.countParams());
  assert.deepEqual(
    fresh.layers.map((l) => l.name),
    model.layers.map((l) => l.name),
  );
  const other = tinyCnn(6); // same architecture, other weights
  assert.notDeepEqual(weightsOf(other)[0], weightsOf(model)[0]);
  await loadWeights(other, path.join(dir, 'w.bin'));
  assert.deepEqual(weightsOf(other), weightsOf(model));
  await assert.rejects(loadWeights(other, path.join(dir, 'nope.bin')), /nope.bin not found/);
  const mlp = (await import('../../src/models')).mnistMlp();
  await assert.rejects(
    loadWeights(mlp, path.join(dir, 'w.bin')),
    /holds 4 weight arrays, the model has 6/,
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), ['arch.json', 'm', 'w.bin']); // no temporaries left
});

test('a save killed between moving the old version aside and renaming the new one in still loads', async () => {
  const dir = tmp();
  const model = tinyCnn(5);
  await saveModel(model, path.join(dir, 'm'));
  fs.renameSync(path.join(dir, 'm'), path.join(dir, 'm.old-999999-abcd')); // the crash window, simulated
  fs.mkdirSync(path.join(dir, 'm.tmp-999999-abcd'));
  assert.equal(resolveSavedDir(path.join(dir, 'm')), path.join(dir, 'm.old-999999-abcd'));
  assert.deepEqual(weightsOf(await loadModel(path.join(dir, 'm'))), weightsOf(model));
});

test('SIGKILL during checkpoint saves leaves the last good checkpoint loadable', async (t) => {
  const dir = tmp();
  const ckpt = path.join(dir, 'ckpt');
  for (let round = 0; round < 4; round++) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'fixtures', 'crashChild.ts'), ckpt],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const killAfter = 2 + round; // let a few saves complete, then kill mid-save at a random point
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (new RegExp(`saving ${killAfter}\\n`).test(out) && !child.killed)
          setTimeout(() => child.kill('SIGKILL'), Math.random() * 8);
      });
      child.on('close', () => resolve());
    });
    // On a loaded machine the child may finish this save and start the next one before the
    // kill lands, so the kill's epoch is read from what the child announced, not assumed.
    const announced = (word: string) =>
      Math.max(0, ...[...out.matchAll(new RegExp(`${word} (\\d+)`, 'g'))].map((m) => Number(m[1])));
    const saved = announced('saved');
    const saving = announced('saving');
    const ck = await loadCheckpoint(ckpt);
    t.diagnostic(
      `round ${round}: killed while saving epoch ${saving} (last finished ${saved}); checkpoint epoch ${ck.epoch}`,
    );
    assert.ok(
      saving >= killAfter && saving - saved <= 1,
      `announced saving ${saving}, saved ${saved}`,
    );
    assert.ok(
      ck.epoch === saved || ck.epoch === saving,
      `checkpoint epoch ${ck.epoch}: the last finished save (${saved}) or the one killed (${saving})`,
    );
    assert.equal(ck.history.epoch.length, ck.epoch);
  }
});
