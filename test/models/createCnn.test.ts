import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCnn, LayerCode } from '../../src/models';

test('createCnn builds same-padded relu convs and a softmax head', () => {
  const m = createCnn([['c', 8, 3], ['m', 2], ['f'], ['d', 16], ['d', 10]], [28, 28, 1]);
  assert.deepEqual(m.outputs[0].shape, [null, 10]);
  assert.deepEqual(m.layers[0].outputShape, [null, 28, 28, 8]);
  const cfg = (i: number) => m.layers[i].getConfig() as { activation?: string };
  assert.equal(cfg(0).activation, 'relu');
  assert.equal(cfg(3).activation, 'relu');
  assert.equal(cfg(4).activation, 'softmax');
  assert.equal(m.countParams(), (9 + 1) * 8 + (14 * 14 * 8 + 1) * 16 + (16 + 1) * 10);
});

test("createCnn accepts the tutorial's ('f', None) form", () => {
  assert.equal(
    createCnn(
      [
        ['f', null],
        ['d', 10],
      ],
      [4, 4],
    ).countParams(),
    (16 + 1) * 10,
  );
});

test('createCnn names the entry for an unknown code', () => {
  const bad = [
    ['c', 8, 3],
    ['x', 2],
  ] as unknown as LayerCode[];
  assert.throws(() => createCnn(bad, [8, 8, 1]), /entry 1 \["x",2\]: unknown layer code "x"/);
});

test('createCnn names the entry for a missing argument', () => {
  const bad = [['c', 8]] as unknown as LayerCode[];
  assert.throws(() => createCnn(bad, [8, 8, 1]), /entry 0 \["c",8\]: missing kernel size/);
  assert.throws(
    () => createCnn([['d', 0]], [4]),
    /entry 0 \["d",0\]: unit count must be a positive integer, found 0/,
  );
});

test('createCnn rejects pooling below 1x1', () => {
  assert.throws(
    () =>
      createCnn(
        [
          ['m', 2],
          ['m', 2],
          ['m', 2],
        ],
        [4, 4, 1],
      ),
    /layer 2 \(maxPooling2d\).*2x2 on a 1x1 input leaves 0x0.*config entry 2: \["m",2\]/,
  );
});

test('createCnn rejects a kernel bigger than its input', () => {
  assert.throws(
    () => createCnn([['c', 4, 7]], [5, 5, 1]),
    /kernel 7x7 is bigger than its 5x5 input.*config entry 0/,
  );
});

test('createCnn rejects dense on an image without flatten, and bad input shapes', () => {
  assert.throws(
    () => createCnn([['d', 10]], [4, 4, 1]),
    /dense needs a flat input.*config entry 0/,
  );
  assert.throws(() => createCnn([['f']], [0, 4]), /inputShape must be positive integers/);
});
