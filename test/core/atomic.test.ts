// Durable atomic saves (src/atomic.ts): the order of the calls that reach the disk.
// A power cut keeps only what was fsynced, so every written byte must be fsynced before
// the rename that publishes it, and the folder holding the new name after it. The fs
// calls are recorded as they happen (test/helpers/fsEvents.ts).
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDirAtomic, writeFileAtomic, writeFileAtomicWith } from '../../src/atomic';
import { assertPublishedDurably, fsynced, fsyncedAfter, record } from '../helpers/fsEvents';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-atomic-'));
}

test('writeDirAtomic fsyncs every file and folder it wrote before the rename, the parent after it', async () => {
  const parent = tmp();
  const target = path.join(parent, 'ckpt');
  for (const round of ['first save', 'replacing a save']) {
    const events = await record(() =>
      writeDirAtomic(target, async (dir) => {
        fs.mkdirSync(path.join(dir, 'sub'));
        fs.writeFileSync(path.join(dir, 'model.json'), '{}');
        await fs.promises.writeFile(path.join(dir, 'sub', 'weights.bin'), Buffer.alloc(1000, 7));
      }),
    );
    const publish = assertPublishedDurably(events, target);
    if (round === 'replacing a save') {
      const aside = events.findIndex((e) => e.op === 'rename' && e.from === target);
      assert.ok(aside >= 0 && aside < publish, 'the previous version is moved aside first');
      const i = fsyncedAfter(events, parent, aside);
      assert.ok(i > aside && i < publish, `${parent} not fsynced after moving the old one aside`);
    }
    assert.deepEqual(fs.readdirSync(parent), ['ckpt']);
    assert.deepEqual(fs.readdirSync(target).sort(), ['model.json', 'sub']);
  }
});

test('writeFileAtomic and writeFileAtomicWith fsync the file before the rename, the folder after', async () => {
  const parent = tmp();
  const cases: [string, (file: string) => Promise<void> | void][] = [
    ['writeFileAtomic', (file) => writeFileAtomic(file, 'data')],
    [
      'writeFileAtomicWith',
      (file) => writeFileAtomicWith(file, (t) => fs.promises.writeFile(t, 'data')),
    ],
  ];
  for (const [name, save] of cases) {
    // A new folder too: it must itself be made durable in its parent.
    const file = path.join(parent, name, 'out.txt');
    const events = await record(() => save(file));
    assertPublishedDurably(events, file);
    assert.ok(fsynced(events, parent) >= 0, `${name}: the new folder's parent not fsynced`);
    assert.equal(fs.readFileSync(file, 'utf8'), 'data');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['out.txt']);
  }
});

test('a failed write leaves the previous version and no temporary behind', async () => {
  const parent = tmp();
  const file = path.join(parent, 'a.txt');
  writeFileAtomic(file, 'old');
  await assert.rejects(
    writeFileAtomicWith(file, async (t) => {
      fs.writeFileSync(t, 'half');
      throw new Error('cut');
    }),
    /^Error: cut$/,
  );
  assert.deepEqual(fs.readdirSync(parent), ['a.txt']);
  assert.equal(fs.readFileSync(file, 'utf8'), 'old');
});

test('writeDirAtomic: a rename that fails after the old version was moved aside puts it back', async () => {
  const parent = tmp();
  const target = path.join(parent, 'm');
  await writeDirAtomic(target, async (d) => fs.writeFileSync(path.join(d, 'v'), '1'));
  const { renameSync } = fs;
  const spy = mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
    if (String(from).includes('.tmp-')) throw new Error('EIO: simulated, rename');
    renameSync(from, to);
  });
  try {
    await assert.rejects(
      writeDirAtomic(target, async (d) => fs.writeFileSync(path.join(d, 'v'), '2')),
      /EIO: simulated/,
    );
  } finally {
    spy.mock.restore();
  }
  assert.deepEqual(fs.readdirSync(parent), ['m']);
  assert.equal(fs.readFileSync(path.join(target, 'v'), 'utf8'), '1');
});
