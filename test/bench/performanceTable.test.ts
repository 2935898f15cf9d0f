// scripts/readme-tables.mjs's performance table: bench results written before the limit and the
// lib-bf16 / keras-bf16 / torch engines still render; newer ones add a row per engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type ReadmeTables = { performanceMarkdown(dir?: string): string };
const load = () =>
  import(
    path.resolve(__dirname, '..', '..', 'scripts', 'readme-tables.mjs')
  ) as Promise<ReadmeTables>;
const side = (engine: string, median: number) => ({ engine, median, testAccuracy: 0.98 });

function resultsDir(files: Record<string, object>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
  for (const [name, body] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), JSON.stringify(body));
  return dir;
}

test('an old result file renders the lib/Keras table only', async () => {
  const { performanceMarkdown } = await load();
  const dir = resultsDir({
    'old.json': {
      machine: 'old machine',
      meta: { date: '2026-01-01' },
      cases: [{ name: 'mnist', ratio: 0.9, tfjs: side('lib', 9), keras: side('keras', 10) }],
    },
  });
  const md = performanceMarkdown(dir);
  assert.match(md, /\| mnist \| 9\.0 \| 10\.0 \| \*\*0\.90\*\* \|/);
  assert.doesNotMatch(md, /Every engine/);
});

test('a new result file adds every engine, its ratio to Keras fp32 and its share of the peak', async () => {
  const { performanceMarkdown } = await load();
  const engines = [
    {
      ...side('lib-bf16', 5),
      precision: 'mixed_bfloat16',
      ratio: 0.5,
      limitSeconds: 1,
      ofPeak: 0.2,
    },
    { ...side('keras', 10), precision: 'float32', limitSeconds: 2, ofPeak: 0.2 },
    { ...side('torch', 20), precision: 'float32', ratio: 2, limitSeconds: 2, ofPeak: 0.1 },
  ];
  const dir = resultsDir({
    'new.json': {
      machine: 'new machine',
      meta: { date: '2026-02-01' },
      limit: { peak: { how: '2 CPUs x 2000 MHz x 64' } },
      cases: [{ name: 'mnist', ratio: 0.5, tfjs: engines[0], keras: engines[1], engines }],
    },
  });
  const md = performanceMarkdown(dir);
  assert.match(
    md,
    /\| mnist \| lib-bf16 \| mixed_bfloat16 \| 5\.0 \| \*\*0\.50\*\* \| — \| — \| 1\.00 \| \*\*0\.20\*\* \|/,
  );
  assert.match(md, /\| mnist \| keras \| float32 \| 10\.0 \| reference \|/);
  assert.match(md, /\| mnist \| torch \| float32 \| 20\.0 \| \*\*2\.00\*\* \|/);
  assert.match(md, /Peak: 2 CPUs x 2000 MHz x 64\./);
});

test('a result file since issue 23 shows best / median / worst, the ratio on bests and the spread', async () => {
  const { performanceMarkdown } = await load();
  const spreadOf = { best: 8, worst: 12, runs: 5, spread: 'one cluster (worst 50% above best)' };
  const lib = { ...side('lib', 9), ...spreadOf, precision: 'float32', ratio: 0.5, bestRatio: 0.8 };
  const keras = { ...side('keras', 18), best: 10, worst: 22, runs: 5, precision: 'float32' };
  const engines = [
    { ...lib, limitSeconds: 4, ofPeak: 4 / 9, bestOfPeak: 0.5 },
    { ...keras, spread: 'bimodal: 10.0-11.0 s (2) | 18.0-22.0 s (3), gap 7.0 s' },
  ];
  const dir = resultsDir({
    'r3.json': {
      machine: 'machine',
      meta: { date: '2026-12-06' },
      limit: { peak: { how: 'measured in this run: float32 190 GFLOP/s' } },
      cases: [{ name: 'mnist', ratio: 0.5, bestRatio: 0.8, tfjs: lib, keras, engines }],
    },
  });
  const md = performanceMarkdown(dir);
  assert.match(
    md,
    /\| mnist \| 8\.0 \/ \*\*9\.0\*\* \/ 12\.0 \| 10\.0 \/ \*\*18\.0\*\* \/ 22\.0 \| \*\*0\.50\*\* \| \*\*0\.80\*\* \|/,
  );
  assert.match(
    md,
    /\| mnist \| lib \| float32 \| 8\.0 \/ \*\*9\.0\*\* \/ 12\.0 \| \*\*0\.50\*\* \| 0\.80 \| — \| 4\.00 \| \*\*0\.44\*\* \/ 0\.50 \| one cluster/,
  );
  assert.match(
    md,
    /\| keras \| float32 \| .* \| bimodal: 10\.0-11\.0 s \(2\) \\\| 18\.0-22\.0 s \(3\)/,
  );
  // Every row has its header's columns: a '|' inside a cell is escaped.
  for (const table of md.split('\n\n').filter((b) => b.startsWith('| case')))
    for (const row of table.split('\n'))
      assert.equal(row.split(/(?<!\\)\|/).length, table.split('\n')[0].split('|').length, row);
  assert.match(md, /Ceiling: measured in this run: float32 190 GFLOP\/s\./);
});
