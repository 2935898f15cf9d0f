// A save that fails on a full disk, for real: a tiny tmpfs is mounted, the first save
// fits, the disk is then filled, and the second save must fail saying which checkpoint,
// which epoch, why, and that the previous one is intact, which must still load.
// Needs root (mount); skipped with the reason otherwise.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from '../../src/backend';
import { fit, Callback, ModelCheckpoint, loadCheckpoint } from '../../src/train';
import { saveModel, loadModel, saveWeights, loadWeights } from '../../src/models';
import { mnistSample, tinyCnn } from './fixtures/tiny';

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ENOSPC = 'ENOSPC: no space left on device[^)]*';

/** `promise` fails with exactly `message` (a pattern), caused by a real ENOSPC. */
async function failsWith(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (e: Error) => {
    assert.match(e.message, message);
    assert.equal((e.cause as NodeJS.ErrnoException).code, 'ENOSPC');
    return true;
  });
}

/** Runs `body` on a fresh 1 MiB tmpfs, unmounted afterwards whatever happens. */
async function onTinyDisk(t: TestContext, body: (disk: string) => Promise<void>): Promise<void> {
  if (process.getuid?.() !== 0) {
    t.skip('needs root to mount a small tmpfs and fill it (a real full disk); not root here');
    return;
  }
  const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-full-disk-'));
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk], {
    encoding: 'utf8',
  });
  if (mount.status !== 0) {
    fs.rmdirSync(disk);
    t.skip(
      `cannot mount a small tmpfs to fill (mount said: ${(mount.stderr || String(mount.error)).trim()})`,
    );
    return;
  }
  try {
    await body(disk);
  } finally {
    const umount = spawnSync('umount', [disk], { encoding: 'utf8' });
    if (umount.status !== 0) spawnSync('umount', ['-l', disk]);
    fs.rmdirSync(disk);
    assert.equal(umount.status, 0, `umount ${disk}: ${umount.stderr}`);
  }
}

/** Fills `disk` up, leaving `spare` bytes: a model.json fits, the weights do not. */
function fill(disk: string, spare = 8192): void {
  const fd = fs.openSync(path.join(disk, 'filler'), 'w');
  try {
    const chunk = Buffer.alloc(4096, 1);
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.ftruncateSync(fd, Math.max(0, fs.fstatSync(fd).size - spare));
    fs.closeSync(fd);
  }
}

class FillDiskAt extends Callback {
  readonly weights: number[][][] = [];
  constructor(
    private readonly disk: string,
    private readonly epoch: number,
  ) {
    super();
  }
  override onEpochEnd(epoch: number): void {
    this.weights.push(weightsOf(this.model));
    if (epoch === this.epoch) fill(this.disk);
  }
}

test('ModelCheckpoint on a full disk: the error names the checkpoint, the epoch, ENOSPC and the intact previous epoch', async (t) => {
  await onTinyDisk(t, async (disk) => {
    const ckpt = path.join(disk, 'ckpt');
    const { x, y } = mnistSample(40);
    const filler = new FillDiskAt(disk, 1); // after epoch 1 is saved, before epoch 2 is
    await failsWith(
      fit(tinyCnn(1), x, y, {
        batchSize: 20,
        epochs: 3,
        verbose: 0,
        callbacks: [filler, new ModelCheckpoint({ filepath: ckpt, monitor: 'loss' })],
      }),
      new RegExp(
        `^ModelCheckpoint: could not save epoch 2 to ${escape(ckpt)} \\(${ENOSPC}\\); ` +
          `the previous checkpoint there is intact \\(epoch 1\\)\\.$`,
      ),
    );
    assert.deepEqual(fs.readdirSync(disk).sort(), ['ckpt', 'filler']); // no temporaries left
    const ck = await loadCheckpoint(ckpt);
    assert.equal(ck.epoch, 1);
    assert.deepEqual(ck.history.epoch, [0]);
    assert.deepEqual(weightsOf(ck.model), filler.weights[0]);
    tf.dispose([x, y]);
  });
});

test('ModelCheckpoint per epoch ({epoch}) on a full disk: nothing written at the new path, the last checkpoint named', async (t) => {
  await onTinyDisk(t, async (disk) => {
    const { x, y } = mnistSample(40);
    await failsWith(
      fit(tinyCnn(1), x, y, {
        batchSize: 20,
        epochs: 3,
        verbose: 0,
        callbacks: [
          new FillDiskAt(disk, 1),
          new ModelCheckpoint({ filepath: path.join(disk, 'e{epoch}'), monitor: 'loss' }),
        ],
      }),
      new RegExp(
        `^ModelCheckpoint: could not save epoch 2 to ${escape(path.join(disk, 'e2'))} ` +
          `\\(${ENOSPC}\\); nothing was written there\\. The last checkpoint saved, epoch 1 at ` +
          `${escape(path.join(disk, 'e1'))}, is intact\\.$`,
      ),
    );
    assert.deepEqual(fs.readdirSync(disk).sort(), ['e1', 'filler']);
    assert.equal((await loadCheckpoint(path.join(disk, 'e1'))).epoch, 1);
    tf.dispose([x, y]);
  });
});

test('saveModel and saveWeights on a full disk say so and leave the previous save loadable', async (t) => {
  await onTinyDisk(t, async (disk) => {
    const first = tinyCnn(5);
    const second = tinyCnn(6);
    const dir = path.join(disk, 'm');
    const file = path.join(disk, 'w.bin');
    await saveModel(first, dir);
    await saveWeights(first, file);
    fill(disk);
    await failsWith(
      saveModel(second, dir),
      new RegExp(
        `^saveModel: could not save to ${escape(dir)} \\(${ENOSPC}\\); the previous save there is intact\\.$`,
      ),
    );
    fill(disk, 0); // the weights file alone is smaller than 8 KiB
    await failsWith(
      saveWeights(second, file),
      new RegExp(
        `^saveWeights: could not save to ${escape(file)} \\(${ENOSPC}\\); the previous file there is intact\\.$`,
      ),
    );
    assert.deepEqual(fs.readdirSync(disk).sort(), ['filler', 'm', 'w.bin']);
    assert.deepEqual(weightsOf(await loadModel(dir)), weightsOf(first));
    await loadWeights(second, file);
    assert.deepEqual(weightsOf(second), weightsOf(first));
  });
});
