// dataTable: records shown as an HTML table (console.table's text wraps in a notebook).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataTable } from '../../src/plot';

const rows = [
  { trial: 'baseline', 'mean accuracy': '0.4744', params: 1250858 },
  { trial: 'kernel <5x5>', 'mean accuracy': '0.4131', params: 1290026, Keras: '0.41–0.43' },
];

test('every row and column is a cell, in first-seen column order, numbers right-aligned', () => {
  const fig = dataTable(rows, { title: 'Trials' });
  assert.ok(fig.kind === 'html');
  const heads = [...fig.html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
  assert.deepEqual(heads, ['trial', 'mean accuracy', 'params', 'Keras']);
  const cells = [...fig.html.matchAll(/<td style="text-align:(\w+)">([^<]*)<\/td>/g)];
  assert.equal(cells.length, 8);
  assert.deepEqual(
    cells.slice(0, 4).map((m) => [m[1], m[2]]),
    [
      ['left', 'baseline'],
      ['right', '0.4744'],
      ['right', '1,250,858'],
      ['left', ''], // a column a row lacks is an empty cell
    ],
  );
  assert.match(fig.html, /kernel &#60;5x5&#62;/, 'text is escaped');
  assert.match(fig.html, /<caption[^>]*>Trials<\/caption>/);
  assert.equal(fig.text.split('\n').length, 3, 'a plain-text fallback: header and two rows');
});

test('a clear error for what is not a list of records', () => {
  assert.throws(() => dataTable([]), /non-empty array of row objects/);
  assert.throws(
    () => dataTable([{ a: 1 }, [1, 2] as never]),
    /dataTable rows\[1\]: expected an object of column → value, found \[1, 2\]/,
  );
});
