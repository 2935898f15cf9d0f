import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testScoreVerdict, allowedRange } from '../../src/plot';
import { loadReference, kerasRange } from '../../src/data';

// 05's CIFAR-10 run: Keras's full-mode seeds, 10,000 test images
const ref = loadReference('05-cifar10-cnn', 'full');
const band = kerasRange(ref, { test: 'accuracy' })!;

test('a score above the range but within the margin: the line says so, with the margin', () => {
  const allowed = allowedRange(band, 'accuracy', { images: 10000 });
  const value = (band[1] + allowed[1]) / 2;
  const line = testScoreVerdict(value, ref, { test: 'accuracy', images: 10000 });
  assert.match(line, /\(above\) against Keras's .* ± 0\.\d{4} \(allowed .*Keras seeds\): inside/);
});

test('a score past the margin is outside', () => {
  const allowed = allowedRange(band, 'accuracy', { images: 10000 });
  const line = testScoreVerdict(allowed[0] - 0.001, ref, { test: 'accuracy', images: 10000 });
  assert.match(line, /\(below\).*: outside Keras's range ± margin$/);
});

test('fewer than 3 Keras seeds: both numbers, no verdict', () => {
  const one = { ...ref, seeds: ref.seeds.slice(0, 1) };
  const line = testScoreVerdict(0.5, one, { test: 'accuracy', images: 10000 });
  assert.match(line, /1 Keras seed\); no inside\/outside verdict/);
  assert.doesNotMatch(line, /inside Keras/);
});
