// In a notebook, a fit shows ONE output that is updated in place: epoch, bar,
// metrics and curves — not one output per batch or per epoch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outputsOf, runPercentNotebook, textOf } from '../helpers/notebook';

const source = `
// %%
import { loadMnist, mnistCnn, fit, toCategorical, rmsprop, tf } from 'cnn-notebooks';
const { xTrain, yTrain } = loadMnist();
const n = 2048;
const x = xTrain.slice(0, n).toTensor({ scale: true });
const y = toCategorical(yTrain.slice(0, n), 10);
const model = mnistCnn({ seed: 1 });
model.compile({ optimizer: rmsprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

// %%
const history = await fit(model, x, y, { batchSize: 64, epochs: 3, validationSplit: 0.2, seed: 1 });
console.log('epochs', history.epoch.length, 'val_accuracy', history.history.val_accuracy.at(-1).toFixed(3));
`;

test(
  'a 3-epoch fit in a notebook leaves one progress output with curves',
  { timeout: 10 * 60_000 },
  async () => {
    const { status, stdout, notebook } = await runPercentNotebook(source, 'progress');
    assert.equal(status, 0, stdout);
    const fitCell = notebook.cells[1];
    const displays = (fitCell.outputs ?? []).filter((o) => o.output_type === 'display_data');
    assert.equal(displays.length, 1, `one display output, found ${displays.length}`);
    const html = [String(displays[0].data?.['text/html'] ?? '')].join('');
    assert.match(html, /Epoch 3\/3/);
    // Curves as SVG images, not inline <svg> (which JupyterLab strips from untrusted outputs).
    assert.equal(
      (
        html.match(
          /<img alt="(loss|accuracy)" width="\d+" height="\d+" src="data:image\/svg\+xml;base64,/g,
        ) ?? []
      ).length,
      2,
      'loss and accuracy curves',
    );
    assert.ok(!/<svg/.test(html), 'no inline <svg>');
    const svgs = [...html.matchAll(/base64,([A-Za-z0-9+/=]+)/g)].map((m) =>
      Buffer.from(m[1], 'base64').toString('utf8'),
    );
    assert.ok(
      svgs.every((svg) => svg.startsWith('<svg') && /validation/.test(svg)),
      'each curve image is an SVG with training and validation lines',
    );
    const printed = (fitCell.outputs ?? [])
      .filter((o) => o.name === 'stdout')
      .map(textOf)
      .join('');
    assert.match(printed, /epochs 3 val_accuracy 0\.\d{3}/);
    assert.deepEqual(
      outputsOf(notebook).filter((o) => o.output_type === 'error'),
      [],
    );
    assert.equal(
      outputsOf(notebook).filter((o) => o.name === 'stderr').length,
      0,
      'no stderr (tfjs progress bar) in the notebook',
    );
  },
);
