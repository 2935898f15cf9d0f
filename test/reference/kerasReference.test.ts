import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kerasReference } from '../../src/data/kerasReference';
import { referenceDir } from '../../src/data/reference';

function captured(f: () => unknown): { value: unknown; lines: string[] } {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    return { value: f(), lines };
  } finally {
    console.log = log;
  }
}

const quickFiles = fs.readdirSync(referenceDir).filter((f) => f.endsWith('.quick.json'));

test(
  'kerasReference loads a made reference and says what it is',
  { skip: quickFiles.length === 0 && 'no quick reference files' },
  () => {
    const caseId = quickFiles[0].replace(/\.quick\.json$/, '');
    const { value, lines } = captured(() => kerasReference(caseId, 'quick'));
    assert.equal((value as { case: string }).case, caseId);
    assert.match(
      lines.join('\n'),
      /^Keras reference: the same training in Keras \S+ on TensorFlow \S+, \d+ seed\(s\)/,
    );
  },
);

test('kerasReference returns undefined with one line on how to make a missing reference', () => {
  const cases = Object.keys(
    JSON.parse(fs.readFileSync(path.join(referenceDir, 'cases.json'), 'utf8')).cases,
  );
  const missing = cases.find((c) => !fs.existsSync(path.join(referenceDir, `${c}.full.json`)));
  if (!missing) return; // every case has its full reference: nothing missing to show
  const { value, lines } = captured(() => kerasReference(missing, 'full'));
  assert.equal(value, undefined);
  assert.deepEqual(lines, [
    `No Keras reference for this training (full mode) yet: \`npm run reference -- ${missing} --full\` makes it. The training runs without the band.`,
  ]);
});

test('kerasReference refuses a case that does not exist', () => {
  assert.throws(
    () => kerasReference('05-mnist-typo', 'quick'),
    /kerasReference: caseId.*one of .*05-mnist-cnn.*found "05-mnist-typo"/,
  );
});
