// fit(..., { precision: 'mixed_bfloat16' }) (issue #13): bf16 layers on the graph engine where
// the CPU has bf16 instructions; elsewhere, or on the eager engine, one printed line and float32.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { fit } from '../../src/train';
import { stepRunner } from '../../src/train/engine';
import { Precision } from '../../src/graph';
import { rmsprop } from '../../src/optimizers';
import { mnistSample, tinyCnn } from './fixtures/tiny';
import { noGraphEngine as noGraph, noBf16 } from '../helpers/graphSkip';

const train = async (precision: Precision, engine: 'graph' | 'eager' = 'graph') => {
  const { x, y } = mnistSample(256);
  const model = tinyCnn(3, rmsprop({ learningRate: 3e-3 }));
  const opts = { epochs: 2, batchSize: 32, seed: 5, verbose: 0 as const, engine, precision };
  const h = await fit(model, x, y, opts);
  model.optimizer.dispose();
  model.dispose();
  tf.dispose([x, y]);
  return h;
};

test(
  'mixed_bfloat16 trains in bf16 on the graph engine, close to float32',
  { skip: noBf16 },
  async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const f32 = await train('float32');
    const mixed = await train('mixed_bfloat16');
    assert.equal(warn.mock.callCount(), 0, 'nothing printed');
    assert.equal(f32.precision, 'float32');
    assert.equal(mixed.precision, 'mixed_bfloat16');
    assert.equal(mixed.precisionNote, undefined);
    assert.equal(mixed.engine, 'graph');
    const [a, b] = [f32.history.loss, mixed.history.loss];
    t.diagnostic(`epoch losses float32 ${a.join(', ')}; mixed_bfloat16 ${b.join(', ')}`);
    a.forEach((l, i) => {
      assert.ok(Number.isFinite(b[i]), `mixed loss ${b[i]}`);
      assert.ok(Math.abs(l - b[i]) < 0.05 * l, `epoch ${i}: float32 ${l} vs mixed ${b[i]}`);
    });
    assert.notEqual(a[0], b[0], 'bf16 rounding changes the loss: the bf16 graph ran');
    assert.ok(b[1] < b[0], 'mixed_bfloat16 learns');
  },
);

test(
  'mixed_bfloat16 on the eager engine: one printed line, float32',
  { skip: noGraph },
  async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const h = await train('mixed_bfloat16', 'eager');
    assert.equal(h.engine, 'eager');
    assert.equal(h.precision, 'float32');
    assert.equal(warn.mock.callCount(), 1);
    const line = String(warn.mock.calls[0].arguments[0]);
    assert.match(line, /^fit: precision 'mixed_bfloat16' runs on the graph engine only/);
    assert.match(line, /training in float32$/);
    assert.ok(!line.includes('\n'), 'one line');
  },
);

test('mixed_bfloat16 without bf16 instructions: float32, saying why; bad names refused', async () => {
  const model = tinyCnn(1);
  const input = { bytes: false, scale: false, precision: 'mixed_bfloat16' as const };
  const r = await stepRunner(model, 'auto', 1, { ...input, cpuHasBf16: false });
  assert.equal(r.precision, 'float32');
  assert.match(
    r.precisionNote ?? '',
    /^precision 'mixed_bfloat16' needs a CPU with bf16 instructions \(avx512_bf16 or amx_bf16\); this one has neither: training in float32$/,
  );
  await r.runner.close();
  const { x, y } = mnistSample(8);
  await assert.rejects(
    fit(model, x, y, { verbose: 0, precision: 'float16' as Precision }),
    /fit: precision must be 'float32' or 'mixed_bfloat16', found 'float16'/,
  );
  tf.dispose([x, y]);
  model.optimizer.dispose();
  model.dispose();
});
