import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMeasured, resultsTable } from '../../src/plot/resultsTable';
import { RESULTS_MIME } from '../../src/figure';
import { toMimeBundle } from '../../src/display';

test('results table shows reported beside measured and carries them as data attributes', () => {
  const fig = resultsTable('004', [
    {
      quantity: 'MNIST test accuracy',
      reported: '99.20%',
      measured: 0.99213,
      format: 'percent',
      note: '10 epochs',
    },
    { quantity: 'parameters', reported: '220,234', measured: 220234, format: 'int' },
  ]);
  assert.equal(fig.kind, 'html');
  if (fig.kind !== 'html') return;
  assert.match(fig.html, /data-source="004"/);
  assert.match(fig.html, /data-reported="99\.20%" data-measured="99\.21%"/);
  assert.match(fig.html, /data-measured="220,234"/);
  assert.match(fig.text, /MNIST test accuracy: tutorial 99\.20%, measured 99\.21% \(10 epochs\)/);
});

test('results table rejects empty tables and non-finite numbers', () => {
  assert.throws(() => resultsTable('x', []), /at least one row/);
  assert.throws(
    () => formatMeasured({ quantity: 'loss', reported: '1', measured: NaN }),
    /measured NaN, expected a finite number/,
  );
});

test('quantities are HTML-escaped', () => {
  const fig = resultsTable('<b>', [{ quantity: 'a<b', reported: '"1"', measured: 'x&y' }]);
  assert.ok(fig.kind === 'html' && !fig.html.includes('a<b') && fig.html.includes('a&#60;b'));
});

test('results table carries its rows as JSON beside the HTML, which stays as it was', () => {
  const fig = resultsTable('004 <MLP>', [
    { quantity: 'test accuracy', reported: '99.20%', measured: 0.99213, format: 'percent' },
    { quantity: 'a|b', reported: '—', measured: 'x&y', note: 'n' },
  ]);
  assert.ok(fig.kind === 'html');
  // The exact HTML of the committed notebooks' tables (README's table once came from it).
  assert.equal(
    fig.html,
    '<table class="cnn-results" data-source="004 &#60;MLP&#62;"><thead><tr><th style="text-align:left">result</th><th>tutorial reported</th><th>this notebook measured</th><th style="text-align:left">notes</th></tr></thead><tbody>' +
      '<tr data-quantity="test accuracy" data-reported="99.20%" data-measured="99.21%" data-note=""><td style="text-align:left">test accuracy</td><td>99.20%</td><td><b>99.21%</b></td><td style="text-align:left"></td></tr>' +
      '<tr data-quantity="a|b" data-reported="—" data-measured="x&#38;y" data-note="n"><td style="text-align:left">a|b</td><td>—</td><td><b>x&#38;y</b></td><td style="text-align:left">n</td></tr>' +
      '</tbody></table>',
  );
  const rows = [
    { quantity: 'test accuracy', reported: '99.20%', measured: '99.21%', note: '' },
    { quantity: 'a|b', reported: '—', measured: 'x&y', note: 'n' },
  ];
  assert.deepEqual(toMimeBundle(fig), {
    'text/html': fig.html,
    'text/plain': fig.text,
    [RESULTS_MIME]: { source: '004 <MLP>', rows },
  });
});

test('a "Keras here" column appears when a row has a keras value, formatted like measured', () => {
  const fig = resultsTable('05', [
    {
      quantity: 'test accuracy',
      reported: '99.20%',
      measured: 0.9901,
      keras: [0.9896, 0.9908],
      format: 'percent',
    },
    { quantity: 'one seed', reported: '—', measured: 0.5, keras: [0.6528, 0.6528] },
    { quantity: 'no reference yet', reported: '—', measured: 0.5, keras: undefined },
    { quantity: 'shape', reported: '(1, 2)', measured: '(1, 2)' },
  ]);
  assert.ok(fig.kind === 'html');
  if (fig.kind !== 'html') return;
  assert.match(fig.html, /<th[^>]*>Keras here<\/th>/);
  assert.match(fig.html, /<b>99\.01%<\/b><\/td><td>98\.96%–99\.08%<\/td>/);
  assert.match(fig.html, /<td>0\.6528<\/td>/);
  assert.match(fig.html, /<b>\(1, 2\)<\/b><\/td><td>—<\/td>/, 'missing values show as —');
  assert.match(fig.text, /measured 99\.01%, Keras 98\.96%–99\.08%/);
  const rows = (fig.data![RESULTS_MIME] as { rows: { keras?: string }[] }).rows;
  assert.deepEqual(
    rows.map((r) => r.keras),
    ['98.96%–99.08%', '0.6528', '—', '—'],
  );
  const plain = resultsTable('x', [{ quantity: 'q', reported: '1', measured: 1 }]);
  assert.ok(plain.kind === 'html' && !plain.html.includes('Keras here'), 'no column without keras');
  assert.throws(
    () => resultsTable('x', [{ quantity: 'q', reported: '1', measured: 1, keras: [NaN, 1] }]),
    /keras NaN, expected a finite number/,
  );
});
