// JupyterLab in a real browser (Debian's Chromium through playwright-core):
// every notebook runs in quick mode with no error, its images load, its Plotly
// charts draw, each fit shows one progress output that changes in place; saved
// figures render again after a reload; the stop button interrupts a long fit.
// Screenshots go to build/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { root } from '../helpers/notebook';
import { browserSkipReason, launchChromium, type Browser } from './chromium';
import { startLab, type LabServer } from './lab-server';
import {
  CellSnapshot, menu, openNotebook, runAllAndWatch, save, savedOutputs,
  screenshotNotebook, snapshotCells, waitForFigures, waitForKernelIdle,
} from './notebook-page';

const workDir = path.join(root, 'build', 'browser');
const shotDir = path.join(root, 'build', 'screenshots');
const skip = browserSkipReason();

/** Copies of the tutorial notebooks and the fixtures, inside the repo so `cnn-notebooks` resolves. */
async function prepareNotebooks(): Promise<string[]> {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const { percentToNotebook } = await import(path.join(root, 'scripts', 'lib', 'percent-notebook.mjs'));
  const fixtures = path.join(__dirname, 'fixtures');
  for (const f of fs.readdirSync(fixtures).filter((f) => f.endsWith('.ts'))) {
    const nb = percentToNotebook(fs.readFileSync(path.join(fixtures, f), 'utf8'));
    fs.writeFileSync(path.join(workDir, `fixture-${f.replace(/\.ts$/, '.ipynb')}`), JSON.stringify(nb));
  }
  const tutorials = fs.readdirSync(path.join(root, 'notebooks')).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
  for (const f of tutorials) fs.copyFileSync(path.join(root, 'notebooks', f), path.join(workDir, f));
  // CNN_BROWSER_ONLY=<regex> narrows the run while working on one notebook.
  const only = process.env.CNN_BROWSER_ONLY ? new RegExp(process.env.CNN_BROWSER_ONLY) : null;
  return ['fixture-outputs.ipynb', ...tutorials].filter((f) => !only || only.test(f));
}

/**
 * Live training outputs, from the snapshots taken while the notebook ran: a cell
 * never holds more of them than it ends with (no pile-up of per-batch outputs),
 * ends with at most a few (one per fit), and returns how many distinct states the
 * busiest one showed (an output replaced in place shows several).
 */
function checkProgress(history: CellSnapshot[][]): { cells: number; maxStates: number } {
  const final = history[history.length - 1];
  const states = new Map<number, Set<string>>();
  history.forEach((snap) => snap.forEach((cell, i) => {
    if (cell.progress === null) return;
    assert.ok(cell.progressCount <= Math.max(1, final[i].progressCount), `cell ${i}: ${cell.progressCount} progress outputs at once, ${final[i].progressCount} at the end`);
    if (!states.has(i)) states.set(i, new Set());
    states.get(i)!.add(cell.progress);
  }));
  for (const [i] of states) assert.ok(final[i].progressCount <= 3, `cell ${i} ends with ${final[i].progressCount} progress outputs`);
  return { cells: states.size, maxStates: Math.max(0, ...[...states.values()].map((s) => s.size)) };
}

describe('JupyterLab in Chromium', { skip: skip ?? false, timeout: 40 * 60_000 }, () => {
  let lab: LabServer;
  let browser: Browser;
  let page: Page;
  let notebooks: string[] = [];
  const figures = new Map<string, { images: number; plotly: number }>();

  before(async () => {
    notebooks = await prepareNotebooks();
    fs.mkdirSync(shotDir, { recursive: true });
    lab = await startLab(workDir, { CNN_QUICK: '1' });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await lab?.stop();
    if (lab) assert.deepEqual(lab.leftoverPids(), [], 'no kernel left running');
  });

  test('every notebook runs in quick mode with live progress, loaded images and drawn charts', async (t) => {
    for (const file of notebooks) {
      await t.test(file, async () => {
        await openNotebook(page, lab, file);
        const kernel = await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName').first().innerText();
        assert.match(kernel, /TypeScript \(tslab\)/, 'the notebook opens on the TypeScript kernel');

        const history = await runAllAndWatch(page, 20 * 60_000);
        const final = history[history.length - 1];
        const unrun = final.map((c, i) => [i, c.prompt] as const).filter(([, p]) => !/^\[\d+\]:$/.test(p));
        assert.deepEqual(unrun, [], 'every code cell ran');

        await save(page);
        const outputs = await savedOutputs(lab, file);
        assert.deepEqual(outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`), [], 'no error output');

        const counts = await waitForFigures(page, 60_000);
        assert.equal(counts.imagesLoaded, counts.images, `every image loaded (${counts.imagesLoaded}/${counts.images})`);
        assert.equal(counts.plotlyDrawn, counts.plotly, `every Plotly chart drew its SVG (${counts.plotlyDrawn}/${counts.plotly})`);
        figures.set(file, { images: counts.images, plotly: counts.plotly });

        const progress = checkProgress(history);
        // Every tutorial trains at least once; its live output must have been seen changing.
        if (/^\d\d-/.test(file)) {
          assert.ok(progress.cells > 0, 'a live training output appeared');
          assert.ok(progress.maxStates >= 2, `a live training output changed in place (${progress.maxStates} states seen)`);
        }

        await screenshotNotebook(page, path.join(shotDir, file.replace(/\.ipynb$/, '.png')));
      });
    }
  });

  test('the fixture live output is replaced in place, not appended', async () => {
    // fixture-outputs.ipynb ran above; its last cell updated one display 8 times.
    await openNotebook(page, lab, 'fixture-outputs.ipynb');
    const cells = await snapshotCells(page);
    assert.equal(cells[cells.length - 1].outputs, 1, 'one output in the live-output cell');
    const text = await page.locator('.fixture-progress').first().innerText();
    assert.match(text, /step 8\/8/);
  });

  test('after saving, closing and reloading, the saved figures render without running anything', async (t) => {
    for (const file of notebooks) {
      const expected = figures.get(file);
      if (!expected) continue;
      await t.test(file, async () => {
        await menu(page, 'File', 'Close and Shut Down Notebook').catch(() => undefined);
        await page.reload();
        await page.goto(lab.labUrl(file));
        await page.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 120_000 });
        const counts = await waitForFigures(page, 60_000);
        assert.equal(counts.images, expected.images, 'same number of images as when run');
        assert.equal(counts.imagesLoaded, counts.images, 'every saved image loads');
        assert.equal(counts.plotly, expected.plotly, 'same number of Plotly charts as when run');
        assert.equal(counts.plotlyDrawn, counts.plotly, 'every saved Plotly chart draws (untrusted after reload)');
        const cells = await snapshotCells(page);
        assert.ok(cells.every((c) => !c.prompt.includes('*')), 'nothing was run');
      });
    }
  });

  test('the stop button interrupts a long fit and the notebook carries on', async () => {
    const file = 'fixture-interrupt.ipynb';
    await openNotebook(page, lab, file);
    await menu(page, 'Run', 'Run All Cells');
    // Wait until training is visibly under way.
    await page.waitForFunction(() => [...document.querySelectorAll('.jp-OutputArea-child')].some((o) => /^Epoch \d+\/200/.test((o as HTMLElement).innerText.trim()) && /[1-9]\d*\/\d+ batches/.test((o as HTMLElement).innerText)), undefined, { timeout: 180_000 });
    const pressed = Date.now();
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) [data-command="notebook:interrupt-kernel"]').first().click();
    await waitForKernelIdle(page, 30_000);
    const seconds = (Date.now() - pressed) / 1000;
    assert.ok(seconds < 10, `kernel idle ${seconds.toFixed(1)} s after pressing stop`);
    // tslab gives the cell up at once; training notices the same signal and stops
    // after the batch it is on, then redraws its output as interrupted.
    await page.waitForFunction(() => [...document.querySelectorAll('.jp-OutputArea-child')].some((o) => /^Epoch \d+\/200 — interrupted/.test((o as HTMLElement).innerText.trim())), undefined, { timeout: 15_000 });

    // The notebook carries on: run the last cell by hand.
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-editor').last().click();
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction(() => document.body.innerText.includes('the kernel still answers: 42'), undefined, { timeout: 60_000 });
    await screenshotNotebook(page, path.join(shotDir, 'interrupt.png'));
    console.log(`interrupt: kernel idle ${seconds.toFixed(1)} s after the stop button`);
  });
});
