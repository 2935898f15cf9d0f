// The committed notebooks are what users open first: they must carry the
// project's kernel, no error outputs, and at least the figures their tutorial shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExecutedNotebook, root } from '../helpers/notebook';

const PLOTLY = 'application/vnd.plotly.v1+json';

/** Minimum figure outputs (PNG images + Plotly charts) per notebook: the tutorial's figures. */
const MIN_FIGURES: Record<string, number> = {
  '01': 4, // an image, training curves, predictions, confusion matrix
  '02': 3, // augmented samples, training curves, predictions
  '03': 8, // accuracy/predictions, wrong ones, breakdown, occlusion, activation maximisation, feature maps, Grad-CAM
  '04': 4, // conv/pool figures, training curves, assignments comparison
  '05': 12, // photo, channels x2, gray, sobel, conv arithmetic, padding/stride/pool, six digits, pixel values, curves, 36 images, 4x8 predictions
};

const htmlOf = (o: { data?: Record<string, unknown> }) =>
  [(o.data?.['text/html'] as string | string[] | undefined) ?? ''].flat().join('');

const dir = path.join(root, 'notebooks');
const notebooks = fs
  .readdirSync(dir)
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();

test('there are five tutorial notebooks', () => {
  assert.deepEqual(
    notebooks.map((f) => f.slice(0, 2)),
    ['01', '02', '03', '04', '05'],
  );
});

for (const file of notebooks) {
  const nb = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ExecutedNotebook;
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);

  test(`${file}: uses the project's tslab kernel`, () => {
    assert.equal(nb.metadata.kernelspec?.name, 'tslab-cnn');
  });

  test(`${file}: was executed and has no error output`, () => {
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    assert.ok(code.length > 0);
    assert.ok(outputs.length > 0, 'committed with outputs');
    assert.deepEqual(
      outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`),
      [],
    );
  });

  test(`${file}: shows each model summary once and no stack trace`, () => {
    const text = (o: { text?: string | string[] }) => [o.text ?? ''].flat().join('');
    for (const [i, cell] of nb.cells.entries()) {
      const outs = cell.outputs ?? [];
      const table = outs.some((o) => /Model: (&quot;|&#34;|")/.test(htmlOf(o)));
      const printed = outs.some((o) => o.output_type === 'stream' && /^\s*Model: "/.test(text(o)));
      assert.ok(!(table && printed), `cell ${i} shows a model summary twice (table and text)`);
      for (const o of outs.filter((x) => x.output_type === 'stream')) {
        assert.doesNotMatch(
          text(o),
          /Interrupted asynchronously|\n\s+at .+:\d+:\d+\)/,
          `cell ${i}: a stack trace`,
        );
      }
    }
  });

  test(`${file}: shows at least the tutorial's figures`, () => {
    const figures = outputs.filter(
      (o) => o.data && ('image/png' in o.data || PLOTLY in o.data),
    ).length;
    const min = MIN_FIGURES[file.slice(0, 2)];
    assert.ok(min !== undefined, `no figure count kept for ${file}`);
    assert.ok(figures >= min, `${figures} figures, expected at least ${min}`);
  });

  test(`${file}: HTML outputs have no inline <svg> (JupyterLab strips it from untrusted notebooks)`, () => {
    const html = outputs
      .map((o) => [o.data?.['text/html'] ?? ''].flat().join(''))
      .filter((h) => /<svg/.test(h));
    assert.equal(html.length, 0, 'charts in HTML outputs must be <img> data URIs');
  });

  test(`${file}: matches its source in notebooks/src/`, () => {
    const src = path.join(dir, 'src', file.replace(/\.ipynb$/, '.ts'));
    assert.ok(fs.existsSync(src), `${src} exists`);
    const join = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
    const text = fs.readFileSync(src, 'utf8');
    for (const cell of nb.cells.filter((c) => c.cell_type === 'code')) {
      const first = join(cell.source)
        .split('\n')
        .find((l) => l.trim());
      if (first)
        assert.ok(
          text.includes(first),
          `code cell starting "${first}" is not in ${path.basename(src)}: rebuild with scripts/build-notebooks.mjs`,
        );
    }
  });

  test(`${file}: every training cell found its Keras reference`, () => {
    // The committed outputs are full-mode runs, and every full-mode training cell has a
    // committed reference; a cell saying it has none was run where the references were missing.
    const missing = nb.cells.flatMap((cell, i) =>
      (cell.outputs ?? [])
        .map((o) => [[o.text ?? ''].flat().join(''), htmlOf(o)].join('\n'))
        .filter((t) => /No Keras reference/.test(t))
        .map((t) => `cell ${i}: ${/No Keras reference[^\n<]*/.exec(t)?.[0].slice(0, 120)}`),
    );
    assert.deepEqual(missing, []);
  });

  test(`${file}: stays a sensible size`, () => {
    const mb = fs.statSync(path.join(dir, file)).size / 1e6;
    assert.ok(mb < 5, `${mb.toFixed(1)} MB`);
  });
}
