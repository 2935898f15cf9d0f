// What a static viewer (GitHub, nbviewer, an editor, a PDF export) shows of the committed
// notebooks' charts: every Plotly output carries an image/png twin in the same bundle
// (scripts/add-twins.mjs, or the runner after each notebook) that decodes, has the
// chart's size and is not blank. CNN_TWINS_DIR checks another folder of notebooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCanvas } from 'canvas';
import { inkOf } from '../helpers/ink';
import { root, type ExecutedNotebook } from '../helpers/notebook';

const PLOTLY = 'application/vnd.plotly.v1+json';
type Spec = { layout?: { width?: number; height?: number } };
type Twins = { twinSize(spec: Spec): { width: number; height: number } };
const twins = () => import(path.join(root, 'scripts', 'lib', 'plotly-twins.mjs')) as Promise<Twins>;

/** Everything wrong with a notebook's chart twins (empty when every chart has a good one). */
async function twinProblems(nb: ExecutedNotebook): Promise<string[]> {
  const { twinSize } = await twins();
  const problems: string[] = [];
  const bundles = nb.cells.flatMap((c, i) =>
    (c.outputs ?? []).filter((o) => o.data && PLOTLY in o.data).map((o) => ({ i, data: o.data! })),
  );
  for (const { i, data } of bundles) {
    const png = data['image/png'];
    if (typeof png !== 'string') {
      problems.push(`cell ${i}: a Plotly chart without an image/png twin`);
      continue;
    }
    let ink;
    try {
      ink = await inkOf(Buffer.from(png, 'base64'));
    } catch (e) {
      problems.push(`cell ${i}: the twin does not decode (${(e as Error).message})`);
      continue;
    }
    const want = twinSize(data[PLOTLY] as Spec);
    if (ink.width !== want.width || ink.height !== want.height)
      problems.push(
        `cell ${i}: twin ${ink.width}×${ink.height}, chart ${want.width}×${want.height}`,
      );
    // Not blank: a chart's ink (axes, text, traces) covers a few percent of its pixels.
    if (ink.share < 0.02)
      problems.push(
        `cell ${i}: twin nearly blank (${(ink.share * 100).toFixed(2)}% not background)`,
      );
  }
  return problems;
}

const dir = process.env.CNN_TWINS_DIR ?? path.join(root, 'notebooks');
const files = fs
  .readdirSync(dir)
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();
const read = (f: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ExecutedNotebook;

test('there are committed notebooks with charts to check', () => {
  assert.ok(files.length > 0, `no NN-*.ipynb in ${dir}`);
});

for (const file of files)
  test(`${file}: every Plotly chart has an image/png twin that decodes, has its size and is not blank`, async () => {
    assert.deepEqual(await twinProblems(read(file)), []);
  });

test('the check fails on a notebook with one twin removed, and on a blank twin', async () => {
  const file = files.find((f) => JSON.stringify(read(f)).includes(PLOTLY));
  assert.ok(file, 'a notebook with a chart');
  const removed = read(file);
  const bundle = removed.cells.flatMap((c) => c.outputs ?? []).find((o) => o.data?.[PLOTLY])!;
  delete bundle.data!['image/png'];
  assert.match((await twinProblems(removed)).join('\n'), /without an image\/png twin/);

  const blank = read(file);
  const b = blank.cells.flatMap((c) => c.outputs ?? []).find((o) => o.data?.[PLOTLY])!;
  const { twinSize } = await twins();
  const { width, height } = twinSize(b.data![PLOTLY] as Spec);
  const white = createCanvas(width, height);
  const ctx = white.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  b.data!['image/png'] = white.toBuffer('image/png').toString('base64');
  assert.match((await twinProblems(blank)).join('\n'), /nearly blank/);
});
