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
    /\| mnist \| lib-bf16 \| mixed_bfloat16 \| 5\.0 \| \*\*0\.50\*\* \| — \| 1\.00 \| \*\*0\.20\*\* \|/,
  );
  assert.match(md, /\| mnist \| keras \| float32 \| 10\.0 \| reference \|/);
  assert.match(md, /\| mnist \| torch \| float32 \| 20\.0 \| \*\*2\.00\*\* \|/);
  assert.match(md, /Peak: 2 CPUs x 2000 MHz x 64\./);
});
