// What a person does in JupyterLab, as Playwright steps: open a notebook, run all,
// watch the outputs while they run, save, reopen. Selectors are JupyterLab 4's.
import type { Page } from 'playwright-core';
import type { LabServer } from './lab-server';

const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

export async function openNotebook(page: Page, lab: LabServer, file: string): Promise<void> {
  await page.goto(lab.labUrl(file));
  await page.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 120_000 });
  // The panel shows "No Kernel" until the session has started its kernel.
  await page.waitForFunction(() => {
    const name = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName') as HTMLElement | null;
    return name !== null && !/No Kernel/.test(name.innerText);
  }, undefined, { timeout: 180_000 });
  await waitForKernelIdle(page, 180_000);
}

export async function kernelStatus(page: Page): Promise<string | null> {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator').first().getAttribute('data-status');
}

export async function waitForKernelIdle(page: Page, timeoutMs: number): Promise<number> {
  const start = Date.now();
  await page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"]', { timeout: timeoutMs });
  return Date.now() - start;
}

export async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).first().click();
}

/** One look at every code cell: its prompt, how many outputs, and the live progress text if any. */
export interface CellSnapshot {
  prompt: string;
  outputs: number;
  /** How many live training outputs the cell holds, and the text of the first. */
  progressCount: number;
  progress: string | null;
}

export function snapshotCells(page: Page): Promise<CellSnapshot[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')].map((cell) => {
      const outputs = [...cell.querySelectorAll('.jp-OutputArea-child')];
      // The library's live training output starts "Epoch k/N" (src/train/progressView.ts).
      const progress = outputs.map((o) => (o as HTMLElement).innerText.trim()).filter((t) => /^Epoch \d+\/\d+/.test(t));
      return {
        prompt: (cell.querySelector('.jp-InputPrompt') as HTMLElement | null)?.innerText.trim() ?? '',
        outputs: outputs.length,
        progressCount: progress.length,
        progress: progress[0] ?? null,
      };
    }));
}

/**
 * Runs every cell and polls the page until the kernel is idle with nothing queued.
 * Returns every snapshot taken, so callers can check how outputs changed over time.
 */
export async function runAllAndWatch(page: Page, timeoutMs: number): Promise<CellSnapshot[][]> {
  await menu(page, 'Edit', 'Clear Outputs of All Cells');
  await menu(page, 'Run', 'Run All Cells');
  const history: CellSnapshot[][] = [];
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    await page.waitForTimeout(300);
    const snap = await snapshotCells(page);
    history.push(snap);
    const busy = snap.some((c) => c.prompt.includes('*')) || (await kernelStatus(page)) !== 'idle';
    quiet = busy ? 0 : quiet + 1;
    if (quiet >= 5) return history;
  }
  throw new Error(`notebook still running after ${timeoutMs} ms`);
}

export async function save(page: Page): Promise<void> {
  await menu(page, 'File', 'Save Notebook');
  await page.waitForFunction(() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-dirty, .lm-TabBar-tab.lm-mod-current.jp-mod-dirty'), undefined, { timeout: 30_000 });
}

export interface FigureCounts {
  images: number;
  imagesLoaded: number;
  plotly: number;
  plotlyDrawn: number;
}

export function figureCounts(page: Page): Promise<FigureCounts> {
  return page.evaluate((mime) => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')!;
    const imgs = [...panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="image/png"] img')] as HTMLImageElement[];
    const charts = [...panel.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${mime}"]`)];
    return {
      images: imgs.length,
      imagesLoaded: imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
      plotly: charts.length,
      plotlyDrawn: charts.filter((c) => c.querySelector('svg.main-svg')).length,
    };
  }, PLOTLY_MIME);
}

/** Waits until every image has loaded and every Plotly chart has drawn its SVG. */
export async function waitForFigures(page: Page, timeoutMs: number): Promise<FigureCounts> {
  const deadline = Date.now() + timeoutMs;
  let counts = await figureCounts(page);
  while (Date.now() < deadline && (counts.imagesLoaded < counts.images || counts.plotlyDrawn < counts.plotly)) {
    await page.waitForTimeout(250);
    counts = await figureCounts(page);
  }
  return counts;
}

/** A screenshot of the whole notebook: the viewport is made as tall as the notebook. */
export async function screenshotNotebook(page: Page, file: string): Promise<void> {
  const height = await page.evaluate(() => {
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer, .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    return nb ? nb.scrollHeight : 1000;
  });
  const viewport = page.viewportSize() ?? { width: 1400, height: 1000 };
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height + 200, 800), 30_000) });
  await page.waitForTimeout(500);
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
}

/** Outputs of the saved notebook, read back through Jupyter's contents API. */
export async function savedOutputs(lab: LabServer, file: string): Promise<{ output_type: string; ename?: string; evalue?: string; name?: string; text?: string }[]> {
  const res = await lab.api(`/api/contents/${encodeURIComponent(file)}?content=1`);
  const model = (await res.json()) as { content: { cells: { outputs?: [] }[] } };
  return model.content.cells.flatMap((c) => c.outputs ?? []);
}
