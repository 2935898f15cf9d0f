// Reading the Keras references (loadReference) and checking a model against the one Keras
// built (checkShapes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kerasRange, loadReference, readReference, referenceDir } from '../../src/data/reference';
import { buildSequential, checkShapes, cifar10SmallCnn, createCnn } from '../../src/models';

const have = (file: string) => fs.existsSync(path.join(referenceDir, file));

test('loadReference: a missing reference names the file and the command that makes it', () => {
  assert.throws(
    () => loadReference('no-such-case', 'quick'),
    /^Error: loadReference: no Keras reference notebooks\/reference\/no-such-case\.quick\.json \(no such case; cases: 01-basic-model, .*\); make it with `npm run reference -- no-such-case`$/,
  );
  assert.throws(
    () => loadReference('03-basic-model', 'full'), // skipFull in cases.json: never made
    /no Keras reference notebooks\/reference\/03-basic-model\.full\.json; make it with `npm run reference -- 03-basic-model --full`$/,
  );
  assert.throws(() => loadReference('../etc/passwd'), /a case name like '05-cifar10-cnn'/);
  assert.throws(() => loadReference('05-cifar10-cnn', 'slow' as 'quick'), /mode 'quick' or 'full'/);
});

test('loadReference: the mode follows CNN_QUICK by default', () => {
  const saved = process.env.CNN_QUICK;
  try {
    process.env.CNN_QUICK = '1';
    assert.throws(() => loadReference('no-such-case'), /no-such-case\.quick\.json/);
    delete process.env.CNN_QUICK;
    assert.throws(() => loadReference('no-such-case'), /no-such-case\.full\.json/);
  } finally {
    if (saved === undefined) delete process.env.CNN_QUICK;
    else process.env.CNN_QUICK = saved;
  }
});

test('readReference: refuses a file that is not a reference, naming what is missing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ref-'));
  try {
    const file = path.join(dir, 'x.quick.json');
    fs.writeFileSync(file, JSON.stringify({ case: 'x', mode: 'quick', runs: [], seeds: [1] }));
    assert.throws(
      () => readReference(file),
      /x\.quick\.json is not a Keras reference file \(no layers or params\)/,
    );
    fs.writeFileSync(file, '{');
    assert.throws(() => readReference(file), /x\.quick\.json: .*JSON/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const file of fs.readdirSync(referenceDir).filter((f) => /\.(quick|full)\.json$/.test(f)))
  test(`loadReference reads ${file}: band, layers, seeds`, () => {
    const [id, mode] = file.replace(/\.json$/, '').split(/\.(?=quick$|full$)/) as [
      string,
      'quick' | 'full',
    ];
    const ref = loadReference(id, mode);
    assert.equal(ref.case, id);
    assert.equal(ref.file, path.join(referenceDir, file));
    assert.ok(ref.band.epochs.length >= 1 && ref.seeds.length >= 1 && ref.layers.length > 0);
  });

test(
  'checkShapes: the library model matches Keras; a changed layer is named',
  { skip: have('05-cifar10-cnn.quick.json') ? false : '05-cifar10-cnn.quick.json not made yet' },
  () => {
    const ref = loadReference('05-cifar10-cnn', 'quick');
    const same = cifar10SmallCnn();
    assert.equal(checkShapes(same, ref), 'Same layers, shapes and 541,094 parameters as Keras');
    // a typo: a 5x5 kernel in the first layer, no padding
    const conv = (filters: number, kernelSize: number, padding: 'same' | 'valid') =>
      ({ type: 'conv2d', filters, kernelSize, padding, activation: 'relu' }) as const;
    const pool = { type: 'maxPooling2d', poolSize: 2 } as const;
    const other = buildSequential(
      [
        conv(16, 5, 'valid'),
        pool,
        conv(32, 3, 'same'),
        pool,
        conv(64, 3, 'same'),
        pool,
        { type: 'dropout', rate: 0.3 },
        { type: 'flatten' },
        { type: 'dense', units: 500, activation: 'relu' },
        { type: 'dropout', rate: 0.4 },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
      [32, 32, 3],
    );
    const line = checkShapes(other, ref);
    assert.match(
      line,
      /^Not Keras's model: [\d,]+ parameters, Keras 541,094; layer 1 conv2d\w* \(Conv2D\) gives \(28, 28, 16\), Keras \(32, 32, 16\); \d+ more differences?$/,
    );
    const fewer = createCnn([['c', 16, 3], ['m', 2], ['f'], ['d', 10]], [32, 32, 3]);
    assert.match(checkShapes(fewer, ref), /4 layers, Keras 11/);
    [same, other, fewer].forEach((m) => m.dispose());
  },
);

test('kerasRange: a test score after the last phase or a named one, an epoch metric, or undefined', () => {
  const ref = loadReference('01-basic-model', 'quick');
  const evals = ref.band.evaluations;
  assert.deepEqual(kerasRange(ref, { test: 'accuracy' }), evals[evals.length - 1].accuracy);
  assert.deepEqual(kerasRange(ref, { test: 'loss', phase: 'fit' }), evals[0].loss);
  assert.deepEqual(
    kerasRange(ref, { metric: 'val_accuracy', epoch: 1 }),
    ref.band.epochs[0].val_accuracy,
  );
  assert.equal(kerasRange(undefined, { test: 'accuracy' }), undefined);
  assert.throws(
    () => kerasRange(ref, { test: 'accuracy', phase: 'nope' }),
    /no test evaluation after phase nope/,
  );
  assert.throws(() => kerasRange(ref, { metric: 'loss', epoch: 99 }), /no loss at epoch 99/);
});
