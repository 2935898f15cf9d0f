// Each Keras reference file records which pictures its run saw (settings.dataFingerprint, written
// by scripts/reference/keras_reference.py): per subset, the SHA-256 of the sorted SHA-1s of its
// records (label byte + image bytes, channels last). Here the same subsets are cut from the files
// the notebooks read now, and must give the same prints: a reference made on another copy or
// another order of the data (CIFAR-10's test batch was reordered on 2026-12-06) is caught
// instead of being drawn as if it were the same cell. The whole test set keeps its print under a
// reorder (an evaluation over all of it does not depend on the order); its first 1,000 do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMnist, readCifar10, take, trainValidationSplit } from '../../src/data';
import type { Images } from '../../src/data/images';
import { referenceDir } from '../../src/data/reference';
import { cifarDir } from './runCase';

interface Subset {
  x: Images;
  y: Uint8Array;
}

/** The fingerprint keras_reference.py computes for a subset, whatever its order. */
export function fingerprint({ x, y }: Subset): string {
  const records: Buffer[] = [];
  for (let i = 0; i < x.count; i++) {
    records.push(createHash('sha1').update(Uint8Array.of(y[i])).update(x.image(i)).digest());
  }
  records.sort(Buffer.compare);
  return createHash('sha256').update(Buffer.concat(records)).digest('hex').slice(0, 16);
}

interface DataSettings {
  dataset: 'mnist' | 'cifar10';
  train: number;
  test: number;
  validationFromStart?: number;
}

/** The subsets a case trains, validates and tests on, cut as the notebooks and the reference cut them. */
function subsets(data: DataSettings, sets: Record<string, Subset>): Record<string, Subset> {
  let train = sets.train;
  const out: Record<string, Subset> = {};
  if (data.validationFromStart) {
    const s = trainValidationSplit(train.x, train.y, { validationSize: data.validationFromStart });
    out.valid = { x: s.xValid, y: s.yValid };
    train = { x: s.xTrain, y: s.yTrain };
  }
  out.train = take(train.x, train.y, data.train);
  out.test = take(sets.test.x, sets.test.y, data.test);
  return out;
}

const loaded = new Map<string, Record<string, Subset>>();
function dataset(name: 'mnist' | 'cifar10', dir?: string): Record<string, Subset> {
  const key = `${name}:${dir ?? ''}`;
  if (!loaded.has(key)) {
    const d = name === 'mnist' ? loadMnist() : readCifar10(dir!);
    loaded.set(key, { train: { x: d.xTrain, y: d.yTrain }, test: { x: d.xTest, y: d.yTest } });
  }
  return loaded.get(key)!;
}

const files = fs
  .readdirSync(referenceDir)
  .filter((f) => /\.(quick|full)\.json$/.test(f))
  .sort();
const cifar = cifarDir();

for (const file of files) {
  const ref = JSON.parse(fs.readFileSync(path.join(referenceDir, file), 'utf8'));
  const data: DataSettings = ref.settings.data;
  const skip = data.dataset === 'cifar10' && !cifar ? 'CIFAR-10 files absent' : false;
  test(
    `notebooks/reference/${file} was made on the pictures the notebooks read now`,
    { skip },
    () => {
      const redo = `npm run reference -- ${ref.case}${ref.mode === 'full' ? ' --full' : ''} --fresh`;
      const made = ref.settings.dataFingerprint;
      assert.ok(made, `${file}: made before runs recorded their data; re-make it (${redo})`);
      const now = subsets(data, dataset(data.dataset, cifar ?? undefined));
      for (const [part, subset] of Object.entries(now)) {
        assert.equal(
          made[part],
          fingerprint(subset),
          `${file}: its ${part} pictures differ from the ${subset.x.count} the notebooks use now ` +
            `(another copy or order of ${data.dataset}); re-make it (${redo})`,
        );
      }
    },
  );
}

test(
  'fingerprint: the same pictures in another order keep their print; another subset does not',
  {
    skip: cifar ? false : 'CIFAR-10 files absent',
  },
  () => {
    const { test: t } = dataset('cifar10', cifar!);
    const order = Array.from({ length: t.x.count }, (_, i) => t.x.count - 1 - i);
    const reversed = { x: t.x.gather(order), y: Uint8Array.from(order, (i) => t.y[i]) };
    assert.equal(fingerprint(reversed), fingerprint(t));
    assert.notEqual(
      fingerprint(take(reversed.x, reversed.y, 1000)),
      fingerprint(take(t.x, t.y, 1000)),
    );
  },
);
