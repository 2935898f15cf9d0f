// README's results table comes from JSON, not from HTML: each results table shows
// its rows as RESULTS_MIME beside the HTML, the notebook runner saves them to
// results/<notebook>.json (notebooks/results/ with --inplace), and
// scripts/readme-tables.mjs reads only those files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExecutedNotebook, root, runPercentNotebook } from '../helpers/notebook';
import { resultsTable } from '../../src/plot/resultsTable';
import { RESULTS_MIME } from '../../src/figure';

interface ResultsFile {
  notebook: string;
  mode?: string;
  tables: {
    source: string;
    rows: { quantity: string; reported: string; measured: string; note: string }[];
  }[];
}
type ReadmeTables = {
  resultsRows(dir?: string): { notebook: string; quantity: string }[];
  resultsMarkdown(dir?: string): string;
  section(text: string, name: string): string;
};
const readmeTables = () =>
  import(path.join(root, 'scripts', 'readme-tables.mjs')) as Promise<ReadmeTables>;
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsFile;
const htmlOf = (o: { data?: Record<string, unknown> }) =>
  [(o.data?.['text/html'] as string | string[] | undefined) ?? ''].flat().join('');

const source = `
// %%
import { resultsTable, show } from 'cnn-notebooks';
show(resultsTable('first tutorial', [
  { quantity: 'test accuracy', reported: '99.20%', measured: 0.99213, format: 'percent', note: '10 epochs' },
  { quantity: 'parameters | total', reported: '220,234', measured: 220234, format: 'int' },
]));

// %%
console.log('between the tables');
show(resultsTable('second <tutorial>', [{ quantity: 'loss', reported: '—', measured: 14.50634 }]));
`;

test(
  'the runner writes results/<notebook>.json from the tables a real kernel showed',
  { timeout: 10 * 60_000 },
  async () => {
    const { status, stdout, notebook } = await runPercentNotebook(source, 'results-json');
    assert.equal(status, 0, stdout);
    const file = path.join(root, 'build', 'test', 'out', 'results', 'results-json.json');
    const expected: ResultsFile = {
      notebook: 'results-json.ipynb',
      // the run mode travels with the rows (README marks quick-mode numbers as interim)
      mode: /^(1|true|yes)$/i.test(process.env.CNN_QUICK ?? '') ? 'quick' : 'full',
      tables: [
        {
          source: 'first tutorial',
          rows: [
            {
              quantity: 'test accuracy',
              reported: '99.20%',
              measured: '99.21%',
              note: '10 epochs',
            },
            { quantity: 'parameters | total', reported: '220,234', measured: '220,234', note: '' },
          ],
        },
        {
          source: 'second <tutorial>',
          rows: [{ quantity: 'loss', reported: '—', measured: '14.5063', note: '' }],
        },
      ],
    };
    assert.deepEqual(readJson(file), expected);
    // The JSON travelled in the same output as the HTML table, which JupyterLab shows.
    const bundles = notebook.cells
      .flatMap((c) => c.outputs ?? [])
      .filter((o) => o.data && RESULTS_MIME in o.data);
    assert.equal(bundles.length, 2);
    assert.ok(bundles.every((o) => htmlOf(o).startsWith('<table class="cnn-results"')));
    // And readme-tables renders it (the | escaped for Markdown).
    const { resultsMarkdown } = await readmeTables();
    assert.deepEqual(resultsMarkdown(path.dirname(file)).split('\n').slice(2), [
      // no row had a Keras value: the "Keras here" column shows —
      '| [results-json.ipynb](notebooks/results-json.ipynb) | test accuracy | 99.20% | **99.21%** | — | 10 epochs |',
      '| [results-json.ipynb](notebooks/results-json.ipynb) | parameters \\| total | 220,234 | **220,234** | — |  |',
      '| [results-json.ipynb](notebooks/results-json.ipynb) | loss | — | **14.5063** | — |  |',
    ]);
  },
);

const dir = path.join(root, 'notebooks');
const notebooks = fs
  .readdirSync(dir)
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();

for (const file of notebooks) {
  test(`${file}: notebooks/results/ holds the results tables its outputs show`, () => {
    const json = path.join(dir, 'results', file.replace(/\.ipynb$/, '.json'));
    assert.ok(fs.existsSync(json), `${json} missing: run npm run notebooks -- --inplace ${file}`);
    const results = readJson(json);
    assert.equal(results.notebook, file);
    const nb = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ExecutedNotebook;
    const shown = nb.cells
      .flatMap((c) => c.outputs ?? [])
      .filter((o) => htmlOf(o).includes('class="cnn-results"'));
    // Each table drawn again from the JSON is, byte for byte, the HTML the notebook shows.
    assert.deepEqual(
      shown.map(htmlOf),
      results.tables.map((t) => {
        const fig = resultsTable(t.source, t.rows);
        return fig.kind === 'html' ? fig.html : '';
      }),
    );
    // Outputs from runs since the JSON MIME type carry the same rows.
    for (const [i, o] of shown.entries())
      if (o.data && RESULTS_MIME in o.data)
        assert.deepEqual(o.data[RESULTS_MIME], results.tables[i]);
  });
}

test("readme-tables reproduces README's results table from notebooks/results/*.json", async () => {
  const { resultsMarkdown, resultsRows, section } = await readmeTables();
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.equal(resultsMarkdown(), section(readme, 'results'));
  assert.deepEqual(
    [...new Set(resultsRows().map((r) => r.notebook))],
    notebooks,
    'a row from every notebook',
  );
});
