// The one place that knows about tslab. Figures are plain data (see Figure);
// this adapter shows them in a notebook or, anywhere else, writes them to files.
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { escapeHtml, PLOTLY_MIME, type Figure } from './figure';
import { tslabDisplayWriter } from './internals';

/** A Jupyter MIME bundle: MIME type -> content. */
export type MimeBundle = Record<string, unknown>;

export function toMimeBundle(fig: Figure): MimeBundle {
  switch (fig.kind) {
    case 'png':
      return {
        'image/png': fig.png.toString('base64'),
        'text/plain': `<${fig.title}: ${fig.width}x${fig.height} image>`,
      };
    case 'plotly':
      // JupyterLab's Plotly renderer (from the Python plotly package) draws this
      // MIME type even in untrusted notebooks; text/plain is for plain viewers.
      return { [PLOTLY_MIME]: fig.spec, 'text/plain': `<${fig.title}: interactive Plotly chart>` };
    case 'html':
      return { 'text/html': fig.html, 'text/plain': fig.text, ...fig.data };
  }
}

// tslab's public `display.raw` sends one MIME type per output. A bundle with a
// fallback needs the kernel's own writer, which tslab keeps on its jupyter
// module while a cell runs (see internals.ts). Resolved at each call: a plain
// `node` process has no tslab.
const kernelWriter = tslabDisplayWriter;

/** True inside a running tslab kernel cell. */
export function inNotebook(): boolean {
  return kernelWriter() !== null;
}

/** A single output area that can be replaced in place (progress, live charts). */
export interface LiveOutput {
  update(fig: Figure): void;
}

/** Shows a figure: inline in a notebook, else as a file (path printed). Returns the file path, if any. */
export function show(fig: Figure): string | undefined {
  const write = kernelWriter();
  if (write) {
    write({ data: toMimeBundle(fig), metadata: {}, transient: {} }, false);
    return undefined;
  }
  const file = saveFigure(fig, nextFigurePath(fig));
  console.log(`${fig.title}: ${file}`);
  return file;
}

/** A display that later calls replace, instead of adding outputs below it. */
export function liveOutput(): LiveOutput {
  const id = randomBytes(8).toString('hex');
  let shown = false;
  return {
    update(fig: Figure) {
      const write = kernelWriter();
      if (!write) return; // terminals get their own progress bar (see train/progress)
      write({ data: toMimeBundle(fig), metadata: {}, transient: { display_id: id } }, shown);
      shown = true;
    },
  };
}

/** Writes a figure to `file` (extension chosen by kind if `file` has none). */
export function saveFigure(fig: Figure, file: string): string {
  const ext = fig.kind === 'png' ? '.png' : '.html';
  const target = path.extname(file) ? file : file + ext;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fig.kind === 'png') fs.writeFileSync(target, fig.png);
  else if (fig.kind === 'html') fs.writeFileSync(target, fig.html);
  else fs.writeFileSync(target, plotlyPage(fig));
  return target;
}

// A standalone page for a chart saved outside a notebook. The bundle is read
// from the installed plotly.js-dist and inlined, so the file works offline.
function plotlyPage(fig: Extract<Figure, { kind: 'plotly' }>): string {
  const bundle = fs.readFileSync(require.resolve('plotly.js-dist/plotly.js'), 'utf8');
  const spec = JSON.stringify(fig.spec).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(fig.title)}</title>
<script>${bundle}</script></head><body><div id="chart"></div>
<script>const s=${spec};Plotly.newPlot('chart',s.data,s.layout||{},s.config||{});</script></body></html>`;
}

let figureCount = 0;
function nextFigurePath(fig: Figure): string {
  const dir = process.env.CNN_FIGURE_DIR ?? path.join(process.cwd(), 'build', 'figures');
  const slug =
    fig.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'figure';
  figureCount += 1;
  return path.join(dir, `${String(figureCount).padStart(3, '0')}-${slug}`);
}
