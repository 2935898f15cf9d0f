// README's picture strip comes from the committed notebooks' outputs: every picture is
// found there (by the figure call in its cell), docs/img/ holds exactly those bytes, and
// README's strip and runs table are what scripts/readme-tables.mjs generates now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, type ExecutedNotebook } from '../helpers/notebook';

type Pick = { file: string; notebook: string; call: string; band?: boolean };
type Found = { pick: Pick; png: Buffer };
type Pictures = {
  PICKS: Pick[];
  imgDir: string;
  pictures(dir?: string): { found: Found[]; problems: string[] };
  picturesMarkdown(found: Found[]): string;
  findPicture(nb: ExecutedNotebook, pick: Pick): Buffer | Error;
};
type Tables = { section(text: string, name: string): string; runsMarkdown(): string };
const load = async () => ({
  pics: (await import(path.join(root, 'scripts', 'readme-pictures.mjs'))) as Pictures,
  tables: (await import(path.join(root, 'scripts', 'readme-tables.mjs'))) as Tables,
});
const readme = () => fs.readFileSync(path.join(root, 'README.md'), 'utf8');

test('every picture of the strip is found in the committed notebooks, 4 to 6 of them', async () => {
  const { pics } = await load();
  const { found, problems } = pics.pictures();
  assert.deepEqual(problems, []);
  assert.ok(found.length >= 4 && found.length <= 6, `${found.length} pictures`);
});

test('docs/img/ holds the bytes of those outputs, and README shows the generated strip', async () => {
  const { pics, tables } = await load();
  const { found } = pics.pictures();
  for (const { pick, png } of found) {
    const file = path.join(pics.imgDir, pick.file);
    assert.ok(fs.existsSync(file), `${file} missing: run node scripts/readme-tables.mjs`);
    assert.ok(
      fs.readFileSync(file).equals(png),
      `${pick.file} is stale: run node scripts/readme-tables.mjs`,
    );
    assert.ok(
      fs.existsSync(path.join(root, 'notebooks', pick.notebook)),
      `${pick.notebook} exists`,
    );
  }
  assert.equal(tables.section(readme(), 'pictures'), pics.picturesMarkdown(found));
  assert.equal(tables.section(readme(), 'runs'), tables.runsMarkdown());
});

test('the training picture is refused when its chart lost the Keras band', async () => {
  const { pics } = await load();
  const pick = pics.PICKS.find((p) => p.band)!;
  const nb = JSON.parse(
    fs.readFileSync(path.join(root, 'notebooks', pick.notebook), 'utf8'),
  ) as ExecutedNotebook;
  assert.ok(Buffer.isBuffer(pics.findPicture(nb, pick)));
  for (const o of nb.cells.flatMap((c) => c.outputs ?? [])) {
    const spec = o.data?.['application/vnd.plotly.v1+json'] as { data: { name?: string }[] };
    if (spec) spec.data = spec.data.filter((t) => !/^Keras/.test(t.name ?? ''));
  }
  assert.ok(pics.findPicture(nb, pick) instanceof Error);
});
