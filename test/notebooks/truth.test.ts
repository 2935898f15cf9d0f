// Every sentence true of the output beside it, as far as a machine can tell (issue 20 item 1):
// seed counts, inside/outside verdicts, durations, "the long cell", class confusions, tables
// shown twice, one measurement in two results rows, trial differences called real. Reads the
// committed notebooks; the checks themselves are in truth.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from '../helpers/notebook';
import { contradictions, readNotebook, type Notebook } from './truth';

const notebooks = fs
  .readdirSync(path.join(root, 'notebooks'))
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();

test('the five notebooks are all checked', () => {
  assert.equal(notebooks.length, 5, notebooks.join(', '));
});

for (const file of notebooks)
  test(`${file}: no sentence contradicts the outputs beside it`, () => {
    const found = contradictions(readNotebook(root, path.join(root, 'notebooks', file)));
    assert.deepEqual(found, [], `\n${found.join('\n')}`);
  });

/** A notebook from (markdown, outputs) pairs, each output list one code cell's text outputs. */
function notebook(cells: [string, string[]][]): Notebook {
  return {
    name: '99-made-up.ipynb',
    cells: cells.flatMap(([md, outputs], k) => [
      { index: 2 * k, kind: 'markdown' as const, source: md, outputs: [] },
      { index: 2 * k + 1, kind: 'code' as const, source: '', outputs, seconds: 10 + k },
    ]),
    referenceSeeds: () => 3,
    results: [],
  };
}

test('prose that makes no claim about the run passes, whatever the outputs say', () => {
  const nb = notebook([
    [
      'Train the network; the cell prints how long it took and a verdict against Keras with its margin.',
      [
        'Keras reference: the same training in Keras 3.15.1 on TensorFlow 2.21.0, 3 seed(s) (notebooks/reference/x.full.json).',
        "Inside Keras's range ± margin at every epoch (3 Keras seeds); nearest an edge: epoch 1, loss 0.5",
        '76 s per epoch on 50000 images',
      ],
    ],
    [
      'The grid shows 32 test pictures; the counts below it say which classes were confused.',
      ['among the 32 shown: 14 mistakes; most frequent pairs: cat / dog 3'],
    ],
    [
      // asks the count instead of stating it (01's Keras paragraph)
      'The line printed under each training cell says how many Keras seeds it compares with.',
      ["No inside/outside verdict: Keras's reference has 1 seed, and a verdict needs at least 3."],
    ],
    [
      'A difference is called real only when Keras agrees.',
      ['kernel 5x5: accuracy -0.0614, cannot tell'],
    ],
  ]);
  assert.deepEqual(contradictions(nb), []);
});

test('each kind of claim is caught when the outputs contradict it', () => {
  const nb = notebook([
    ['This is one of the two long cells.', ['done']], // 10 s, the two cells after it 11 and 12 s
    [
      'The Keras runs repeat this cell with several seeds. The training cell says whether this run stayed inside it. An epoch takes minutes.',
      [
        "Keras's run (1 Keras seed) at epoch 2: no inside/outside verdict",
        "Inside Keras's range at every epoch (3 seeds)",
        '76 s per epoch',
      ],
    ],
    ['The red titles mix up cats and dogs.', ['a grid']],
  ]);
  const found = contradictions(nb).join('\n');
  for (const what of [
    /says "The Keras runs repeat .*print 1 seed/,
    /promises an inside\/outside verdict/,
    /prints a verdict without its margin/,
    /An epoch takes minutes.*print 76 s/,
    /one of the two long cells.*ran as long or longer/,
    /names cat\/dog as a confusion/,
  ])
    assert.match(found, what);
});
