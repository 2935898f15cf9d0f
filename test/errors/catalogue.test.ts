// The catalogue of learner mistakes (issue 22): each one, made with small real tensors and
// models, must end in a message that names the argument, what the model or function
// expected, what it found and, where there is one, the fix; and no message may name a
// function the learner never called (the graph engine's, the viz helpers').
// CATALOGUE_OUT=<file> writes every message to a JSON file (for the catalogue's notes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mistakes, type Mistake } from './mistakes';

/** Names inside the library a learner never calls. */
const INTERNAL =
  /graphTrainer|trainBatch|trainRows|graphInference|predictBatch|evaluateBatch|classesBatch|modelInputBatch|imageValues|batchImages|sourceOf|withGraph|readIdxFile|resolveSavedDir|predictRows/;

/** The error message `m` ends in, or the warning it prints when it `warns`. */
async function messageOf(m: Mistake): Promise<string> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    await m.run();
  } catch (e) {
    if (m.warns) throw e;
    return (e as Error).message;
  } finally {
    console.warn = warn;
  }
  if (m.warns && warnings.length) return warnings.join('\n');
  return assert.fail(m.warns ? 'no warning printed' : 'no error thrown');
}

const found: Record<string, string> = {};

test('the catalogue covers at least 25 mistakes across every area', () => {
  assert.ok(mistakes.length >= 25, `${mistakes.length} mistakes`);
  assert.equal(new Set(mistakes.map((m) => m.mistake)).size, mistakes.length);
  for (const area of ['data', 'models', 'training', 'figures', 'checkpoints'])
    assert.ok(
      mistakes.some((m) => m.area === area),
      area,
    );
});

for (const m of mistakes) {
  test(`${m.area}: ${m.mistake}`, async () => {
    const message = await messageOf(m);
    found[m.mistake] = message;
    for (const [part, pattern] of Object.entries(m.says))
      assert.match(message, pattern, `the message should name ${part}: ${message}`);
    assert.doesNotMatch(message, INTERNAL, `the message names an internal function: ${message}`);
  });
}

test('the same mistake reads the same on the graph and the eager engine', () => {
  const on = (engine: string) =>
    found[`fit with integer labels and categorical cross-entropy (${engine} engine)`];
  assert.ok(on('graph'));
  assert.equal(on('graph'), on('eager'));
});

test('write the messages', { skip: !process.env.CATALOGUE_OUT }, () => {
  fs.writeFileSync(process.env.CATALOGUE_OUT!, JSON.stringify(found, null, 2) + '\n');
});
