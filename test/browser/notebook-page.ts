// What a person does in JupyterLab, as Playwright steps: open a notebook, run all,
// watch the outputs while they run, save, reopen. Selectors are JupyterLab 4's.
import type { Page } from 'playwright-core';
import type { LabServer } from './lab-server';

const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

export async function openNotebook(page: Page, lab: LabServer, file: string): Promise<void> {
  await page.goto(lab.labUrl(file));
  await page.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 120_000 });
  // The panel shows "No Kernel" until the session has started its kernel.
  await page.waitForFunction(
    () => {
      const name = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName',
      ) as HTMLElement | null;
      return name !== null && !/No Kernel/.test(name.innerText);
    },
    undefined,
    { timeout: 180_000 },
  );
  await waitForKernelIdle(page, 180_000);
}

export async function kernelStatus(page: Page): Promise<string | null> {
  return page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')
    .first()
    .getAttribute('data-status');
}

export async function waitForKernelIdle(page: Page, timeoutMs: number): Promise<number> {
  const start = Date.now();
  await page.waitForSelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"]',
    { timeout: timeoutMs },
  );
  return Date.now() - start;
}

/** Clicks a menu-bar item (labels may end in "…"); accepts the confirmation dialog it may open. */
export async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${top}$`) }).click();
  await page
    .locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}…?$`) })
    .first()
    .click({ timeout: 10_000 });
  if (item.endsWith('…') || /Shut Down/.test(item)) {
    const accept = page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept');
    if (
      await accept
        .first()
        .isVisible({ timeout: 3_000 })
        .catch(() => false)
    )
      await accept.first().click();
  }
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
    [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')].map(
      (cell) => {
        const outputs = [...cell.querySelectorAll('.jp-OutputArea-child')];
        // The library's live training output starts "Epoch k/N" (src/plot/progressView.ts).
        const progress = outputs
          .map((o) => (o as HTMLElement).innerText.trim())
          .filter((t) => /^Epoch \d+\/\d+/.test(t));
        return {
          prompt:
            (cell.querySelector('.jp-InputPrompt') as HTMLElement | null)?.innerText.trim() ?? '',
          outputs: outputs.length,
          progressCount: progress.length,
          progress: progress[0] ?? null,
        };
      },
    ),
  );
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
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-dirty, .lm-TabBar-tab.lm-mod-current.jp-mod-dirty',
      ),
    undefined,
    { timeout: 30_000 },
  );
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
    const imgs = [
      ...panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="image/png"] img'),
    ] as HTMLImageElement[];
    const charts = [...panel.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${mime}"]`)];
    return {
      images: imgs.length,
      imagesLoaded: imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
      plotly: charts.length,
      plotlyDrawn: charts.filter((c) => c.querySelector('svg.main-svg')).length,
    };
  }, PLOTLY_MIME);
}

/**
 * Waits until every image has loaded and every Plotly chart has drawn its SVG,
 * and, when told how many to expect (a saved notebook still rendering), until
 * that many are there.
 */
export async function waitForFigures(
  page: Page,
  timeoutMs: number,
  expected = { images: 0, plotly: 0 },
): Promise<FigureCounts> {
  const deadline = Date.now() + timeoutMs;
  const done = (c: FigureCounts) =>
    c.imagesLoaded === c.images &&
    c.plotlyDrawn === c.plotly &&
    c.images >= expected.images &&
    c.plotly >= expected.plotly;
  let counts = await figureCounts(page);
  while (Date.now() < deadline && !done(counts)) {
    await page.waitForTimeout(250);
    counts = await figureCounts(page);
  }
  return counts;
}

/** A screenshot of the whole notebook, from the top: the viewport is made tall enough for every cell. */
export async function screenshotNotebook(page: Page, file: string): Promise<void> {
  // JupyterLab 4 scrolls the notebook inside .jp-WindowedPanel-outer, not the page;
  // the bottom of the last cell (scrolled to the top) is the height needed.
  const scrollTop = () =>
    page.evaluate(() => {
      const scroller = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer',
      );
      if (scroller) scroller.scrollTop = 0;
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');
      return cells.length ? Math.ceil(cells[cells.length - 1].getBoundingClientRect().bottom) : 0;
    });
  const bottom = await scrollTop();
  const viewport = page.viewportSize() ?? { width: 1400, height: 1000 };
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(viewport.height, bottom + 80), 30_000),
  });
  await scrollTop();
  await page.waitForTimeout(800);
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
}

type SavedOutput = {
  output_type: string;
  ename?: string;
  evalue?: string;
  name?: string;
  text?: string | string[];
};

/**
 * Error outputs of the saved notebook (read back through Jupyter's contents API),
 * and stderr outputs, one line each with the code-cell index.
 */
export async function savedErrors(lab: LabServer, file: string): Promise<string[]> {
  const res = await lab.api(`/api/contents/${encodeURIComponent(file)}?content=1`);
  const model = (await res.json()) as {
    content: { cells: { cell_type: string; outputs?: SavedOutput[] }[] };
  };
  const code = model.content.cells.filter((c) => c.cell_type === 'code');
  return code.flatMap((cell, i) => {
    const outs = cell.outputs ?? [];
    const stderr = outs
      .filter((o) => o.name === 'stderr')
      .map((o) => [o.text ?? ''].flat().join(''))
      .join('')
      .trim();
    // tslab reports a failing cell on stderr (with an error reply), often with no error output.
    const errors = outs
      .filter((o) => o.output_type === 'error')
      .map((o) => `${o.ename || 'error'}: ${(o.evalue ?? '').slice(0, 300)}`);
    if (stderr) errors.push(`stderr: ${stderr.slice(0, 600)}`);
    return errors.map((e) => `code cell ${i}: ${e}`);
  });
}

/** Rendered heights of the HTML outputs (live progress, tables), in page order. */
export function htmlOutputHeights(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="text/html"]',
      ),
    ].map((o) => Math.round(o.getBoundingClientRect().height)),
  );
}

/** Is the open notebook trusted? (JupyterLab's status-bar shield names the state.) */
export function isTrusted(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const cells = [
      ...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell'),
    ];
    // Untrusted outputs carry no jp-mod-trusted class on their rendered output.
    return cells.some((c) => c.querySelector('.jp-OutputArea-output.jp-mod-trusted'));
  });
}
