import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMeasured, resultsTable } from '../../src/plot/resultsTable';

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
