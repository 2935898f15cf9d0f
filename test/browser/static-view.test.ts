// The committed notebooks as a static viewer shows them: exported to HTML by nbconvert
// (which does not know Plotly's MIME type) and opened in Chromium with JavaScript off.
// Every chart must be there as its image/png twin, loaded and laid out, and no chart may
// fall back to its "interactive Plotly chart" text line. Each chart is screenshotted to
// build/screenshots/static-NN-k.png. CNN_STATIC_DIR checks another folder of notebooks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, type ExecutedNotebook } from '../helpers/notebook';
import { browserSkipReason } from './chromium';
import { inkOf } from '../helpers/ink';

const PLOTLY = 'application/vnd.plotly.v1+json';
const dir = process.env.CNN_STATIC_DIR ?? path.join(root, 'notebooks');
const htmlDir = path.join(root, 'build', 'static-view');
const shotDir = path.join(root, 'build', 'screenshots');
const files = fs
  .readdirSync(dir)
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();
const skip = browserSkipReason();

type Launched = { context: import('playwright-core').BrowserContext; close(): Promise<void> };
let browser: Launched;

before(async () => {
  if (skip) return;
  fs.rmSync(htmlDir, { recursive: true, force: true });
  const r = spawnSync(
    path.join(root, '.venv', 'bin', 'jupyter'),
    ['nbconvert', '--to', 'html', '--output-dir', htmlDir, ...files.map((f) => path.join(dir, f))],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  fs.mkdirSync(shotDir, { recursive: true });
  const { launchChromium } = await import(path.join(root, 'scripts', 'lib', 'chromium.mjs'));
  browser = await launchChromium({
    javaScriptEnabled: false,
    viewport: { width: 1200, height: 900 },
  });
});
after(() => browser?.close());

for (const file of files)
  test(
    `${file}: exported to HTML and seen with JavaScript off, every chart shows as its picture`,
    { skip: skip ?? false },
    async () => {
      const nb = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ExecutedNotebook;
      const charts = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[PLOTLY]);
      const page = await browser.context.newPage();
      try {
        await page.goto(`file://${path.join(htmlDir, file.replace(/\.ipynb$/, '.html'))}`);
        assert.equal(
          await page.evaluate(() => typeof (window as { require?: unknown }).require),
          'undefined',
          'page scripts ran',
        );
        const text = await page.evaluate(() => document.body.innerText);
        assert.doesNotMatch(text, /interactive Plotly chart>/, 'a chart shown as its text line');
        let firstChart = -1;
        for (const [k, o] of charts.entries()) {
          const png = o.data?.['image/png'];
          assert.equal(typeof png, 'string', `chart ${k}: no image/png twin to show`);
          const src = `data:image/png;base64,${png as string}`;
          const index = await page.evaluate(
            (src) => Array.from(document.images).findIndex((i) => i.src === src),
            src,
          );
          assert.ok(index >= 0, `chart ${k}: its picture is not on the page`);
          if (firstChart < 0) firstChart = index;
          const img = page.locator('img').nth(index);
          await img.scrollIntoViewIfNeeded();
          const loaded = await img.evaluate((i: HTMLImageElement) => ({
            complete: i.complete,
            natural: i.naturalWidth,
            shown: i.getBoundingClientRect().width,
          }));
          assert.ok(loaded.complete && loaded.natural > 0, `chart ${k}: picture did not decode`);
          assert.ok(loaded.shown > 100, `chart ${k}: picture laid out ${loaded.shown} px wide`);
          const shot = await img.screenshot();
          fs.writeFileSync(path.join(shotDir, `static-${file.slice(0, 2)}-${k}.png`), shot);
          assert.ok((await inkOf(shot)).share > 0.02, `chart ${k}: the screenshot is blank`);
        }
        if (charts.length) {
          // One page view around the first chart (the code above it, the picture), for a person to look at.
          const box = await page
            .locator('img')
            .nth(firstChart)
            .evaluate((i) => {
              const r = i.getBoundingClientRect();
              return { y: r.top + window.scrollY, height: r.height };
            });
          await page.screenshot({
            path: path.join(shotDir, `static-${file.slice(0, 2)}-page.png`),
            fullPage: true,
            clip: { x: 0, y: Math.max(0, box.y - 300), width: 1200, height: box.height + 400 },
          });
        }
      } finally {
        await page.close();
      }
    },
  );
