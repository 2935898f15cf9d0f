// A learner's failing cell in JupyterLab (real browser, real kernel): its output is the
// library's message and the cell's own line, nothing else; after disableTracebackFiltering()
// the next failing cell shows the library's and node's frames too. Screenshot:
// build/screenshots/error-cell.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { root } from '../helpers/notebook';
import { browserSkipReason, launchChromium, type Browser } from './chromium';
import { startLab, type LabServer } from './lab-server';
import { menu, openNotebook, screenshotNotebook, waitForKernelIdle } from './notebook-page';

const workDir = path.join(root, 'build', 'browser-errors');
const shot = path.join(root, 'build', 'screenshots', 'error-cell.png');
const skip = browserSkipReason();

const source = `// %%
import { tf, fit, createCnn, adam, disableTracebackFiltering } from 'cnn-notebooks';
const model = createCnn([['c', 4, 3], ['m', 4], ['f'], ['d', 10]], [28, 28, 1], { seed: 1 });
model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const x = tf.zeros([8, 28, 28, 1]);
const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7]);

// %%
// labels are class numbers; the loss wants one-hot rows
const history = await fit(model, x, labels, { epochs: 1 });

// %%
disableTracebackFiltering(); // the whole trace, for those debugging the library
await fit(model, x, labels, { epochs: 1 });
`;

/** The text of each code cell's outputs. */
const outputTexts = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')].map(
      (cell) => (cell.querySelector('.jp-OutputArea') as HTMLElement | null)?.innerText ?? '',
    ),
  );

let lab: LabServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  const { percentToNotebook } = await import(
    path.join(root, 'scripts', 'lib', 'percent-notebook.mjs')
  );
  fs.writeFileSync(path.join(workDir, 'mistake.ipynb'), JSON.stringify(percentToNotebook(source)));
  lab = await startLab(workDir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await lab?.stop();
  if (lab) assert.deepEqual(lab.leftoverPids(), [], 'no kernel left running');
});

test(
  "a failing cell shows one message and the cell's own line; the switch brings the frames back",
  { skip: skip ?? false, timeout: 8 * 60_000 },
  async () => {
    const page = await browser.context.newPage();
    await openNotebook(page, lab, 'mistake.ipynb');
    await menu(page, 'Run', 'Run All Cells'); // stops at the failing cell
    await page.waitForFunction(
      () => document.querySelectorAll('.jp-OutputArea-output[data-mime-type]').length > 0,
      undefined,
      { timeout: 180_000 },
    );
    await waitForKernelIdle(page, 180_000);
    await page.waitForTimeout(500); // tslab drops what arrives within 200 ms of a failure
    // Run the last cell by itself, as a learner would after reading the message.
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell').nth(2).click();
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction(
      () => {
        const cells = document.querySelectorAll(
          '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell',
        );
        return (cells[2]?.querySelector('.jp-OutputArea') as HTMLElement)?.innerText.length > 0;
      },
      undefined,
      { timeout: 120_000 },
    );
    await waitForKernelIdle(page, 120_000);
    const texts = await outputTexts(page);
    await screenshotNotebook(page, shot);

    const fitLine = 'const history = await fit(model, x, labels, { epochs: 1 });';
    assert.equal(
      texts[1].trim(),
      "Error: fit: y must be one-hot labels [8, 10] for the loss 'categoricalCrossentropy', found integer labels, a float32 tensor of shape [8]. Fix: y = toCategorical(y, 10)\n" +
        `    at line 2, column ${fitLine.indexOf('fit(') + 1} of this cell: ${fitLine}`,
    );
    assert.match(texts[2], /^Error: fit: y must be one-hot labels/);
    assert.match(texts[2], /at .*dist\/train\/fit\.js:\d+:\d+/);
    assert.match(texts[2], /at line 2, column 7 of this cell: await fit\(model, x, labels/);
    await page.close();
  },
);
