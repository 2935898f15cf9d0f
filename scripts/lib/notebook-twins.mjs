// Adds an image/png twin beside every Plotly output of a saved notebook, as text:
// the file nbformat wrote (indent 1, sorted keys) gains one `"image/png": "…"` line per
// chart and nothing else changes (re-serialising would reformat numbers and strings).
import * as fs from 'node:fs';
import { PLOTLY_MIME, openRenderer } from './plotly-twins.mjs';

const OPEN = /^( *)"application\/vnd\.plotly\.v1\+json": \{$/;
const KEY = /^ *"([^"]+)":/;

/** The Plotly specs of a notebook (parsed JSON), in document order. */
export function plotlySpecs(nb) {
  return nb.cells.flatMap((c) =>
    (c.outputs ?? []).map((o) => o.data?.[PLOTLY_MIME]).filter((s) => s !== undefined),
  );
}

/**
 * The notebook text with a twin for each Plotly output; `render(spec)` gives PNG bytes.
 * Outputs that already have an image/png keep it unless `force`.
 */
export async function withTwins(text, render, { force = false } = {}) {
  const specs = plotlySpecs(JSON.parse(text));
  const lines = text.split('\n');
  const out = [];
  let n = 0;
  let added = 0;
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const open = OPEN.exec(lines[i]);
    if (!open) continue;
    const indent = open[1];
    // The spec's closing brace is the next line at the key's own indent (JSON
    // strings hold no raw newline, so no line inside the spec can look like it).
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith(`${indent}}`)) out.push(lines[j++]);
    if (j === lines.length) throw new Error(`unclosed Plotly output at line ${i + 1}`);
    const spec = specs[n++];
    const next = KEY.exec(lines[j + 1] ?? '')?.[1];
    const hasTwin = next === 'image/png';
    if (next !== undefined && next < 'image/png')
      throw new Error(`key "${next}" after a Plotly output: the twin would break the sorted order`);
    if (hasTwin && !force) {
      i = j - 1;
      continue;
    }
    const png = await render(spec);
    const twin = `${indent}"image/png": "${png.toString('base64')}"`;
    if (hasTwin) {
      out.push(lines[j]);
      const last = !lines[j + 1].endsWith(',');
      out.push(twin + (last ? '' : ','));
      i = j + 1;
    } else if (lines[j].endsWith(',')) {
      out.push(lines[j], `${twin},`);
      i = j;
    } else {
      out.push(`${lines[j]},`, twin);
      i = j;
    }
    added++;
  }
  if (n !== specs.length)
    throw new Error(`found ${n} of the notebook's ${specs.length} Plotly outputs in its text`);
  const result = out.join('\n');
  const bytes = Buffer.byteLength(result) - Buffer.byteLength(text);
  return { text: result, charts: specs.length, added, bytes };
}

/** Adds the twins to one notebook file in place (atomically); {charts, added, bytes}. */
export async function twinFile(file, render, { force = false } = {}) {
  const r = await withTwins(fs.readFileSync(file, 'utf8'), render, { force });
  if (r.added) {
    fs.writeFileSync(`${file}.partial`, r.text);
    fs.renameSync(`${file}.partial`, file); // never a half-written notebook
  }
  return { charts: r.charts, added: r.added, bytes: r.bytes };
}

/** Whether a notebook file has any Plotly output (no browser needed otherwise). */
export const hasCharts = (file) =>
  plotlySpecs(JSON.parse(fs.readFileSync(file, 'utf8'))).length > 0;

/**
 * Adds the twins to notebook files in place, with one browser for all of them.
 * `log(line)` hears one line per file. Returns [{file, charts, added, bytes}].
 */
export async function addTwinsToFiles(files, { force = false, log = () => {} } = {}) {
  const report = [];
  let renderer = null;
  try {
    for (const file of files) {
      if (!hasCharts(file)) {
        report.push({ file, charts: 0, added: 0, bytes: 0 });
        continue;
      }
      renderer ??= await openRenderer();
      const r = await twinFile(file, renderer.render, { force });
      log(`twins: ${file}: ${r.added} of ${r.charts} chart(s) drawn, +${r.bytes} bytes`);
      report.push({ file, ...r });
    }
  } finally {
    await renderer?.close();
  }
  return report;
}
