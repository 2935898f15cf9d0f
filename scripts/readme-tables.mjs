#!/usr/bin/env node
// Regenerates the generated sections of README.md:
//  - results: every "tutorial reported / this notebook measured" table of the
//    committed notebooks, from notebooks/results/NN-*.json (written by
//    `npm run notebooks -- --inplace` from the tables' JSON outputs);
//  - performance: bench/results/*.json written by `npm run bench -- --json`;
//  - runs: each notebook's run time and kernel peak memory (notebooks/results/runs/,
//    written by the runner) beside Keras's peak from notebooks/reference/;
//  - pictures: the strip near the top, from the notebooks' outputs (readme-pictures.mjs).
// `--check` exits 1 when README.md is out of date instead of writing it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './lib/util.mjs';
import { parseCommandLine } from './lib/args.mjs';
import { imgDir, pictures, picturesMarkdown, writePictures } from './readme-pictures.mjs';

const readmePath = path.join(root, 'README.md');

/** The rows of every notebooks/results/*.json, notebook by notebook, table by table. */
export function resultsRows(dir = path.join(root, 'notebooks', 'results')) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const { notebook, mode, tables } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      return tables.flatMap((t) => t.rows.map((r) => ({ notebook, mode, ...r })));
    });
}

/** Text for a Markdown table cell: a '|' in it would start a new column. */
function cell(s) {
  return s.replace(/\|/g, '\\|');
}

export function resultsMarkdown(dir) {
  const rows = resultsRows(dir);
  if (!rows.length)
    return '_No executed notebook with a results table yet: run `npm run notebooks -- --inplace`._';
  const notebooks = new Set(rows.map((r) => r.notebook));
  const quick = [...new Set(rows.filter((r) => r.mode === 'quick').map((r) => r.notebook))];
  const which = quick.length === notebooks.size ? 'All the notebooks' : quick.join(', ');
  const banner = quick.length
    ? [
        `**Interim:** ${which} currently carry the outputs of a quick-mode run (small ` +
          "subsets, 1 epoch), so these rows are not measured at the tutorials' settings; " +
          'the next full-mode run of every notebook replaces them.',
        '',
      ]
    : [];
  return [
    ...banner,
    '| notebook | result | tutorial reported | measured here | Keras here | notes |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| [${r.notebook}](notebooks/${r.notebook}) | ${cell(r.quantity)} | ${cell(r.reported)} | **${cell(r.measured)}** | ${cell(r.keras ?? '—')} | ${cell(r.note)} |`,
    ),
  ].join('\n');
}

/**
 * Each notebook's last recorded run (notebooks/results/runs/NN-name.json: seconds,
 * kernel peak RSS, mode) beside the largest peak of Keras's reference runs for the
 * same notebook and mode (reference files whose runs carry peakRssMB; older ones do not).
 */
export function runsMarkdown(
  runsDir = path.join(root, 'notebooks', 'results', 'runs'),
  referenceDir = path.join(root, 'notebooks', 'reference'),
  notebooks = [...new Set(resultsRows().map((r) => r.notebook))],
) {
  const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
  const references = fs.existsSync(referenceDir)
    ? fs
        .readdirSync(referenceDir)
        .filter((f) => /^\d.*\.json$/.test(f))
        .map((f) => readJson(path.join(referenceDir, f)))
    : [];
  const minutes = (s) => (s >= 90 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);
  const mb = (n) => `${n.toLocaleString('en-US')} MB`;
  const rows = notebooks.map((notebook) => {
    const file = path.join(runsDir, notebook.replace(/\.ipynb$/, '.json'));
    const run = fs.existsSync(file) ? readJson(file) : null;
    const mode = run?.mode ?? 'full';
    const cells = references.filter(
      (r) => `${r.notebook}.ipynb` === notebook && (r.mode ?? 'full') === mode,
    );
    const measured = cells
      .map((r) => ({ r, peak: Math.max(0, ...r.runs.map((x) => x.peakRssMB ?? 0)) }))
      .filter((x) => x.peak > 0)
      .sort((a, b) => b.peak - a.peak);
    const keras = measured.length
      ? `${mb(measured[0].peak)} (${measured[0].r.case}; ${measured.length} of ${cells.length} cells measured)`
      : '—';
    return (
      `| [${notebook}](notebooks/${notebook}) | ${run ? mode : '—'} | ${run ? minutes(run.seconds) : '—'} | ` +
      `${run?.peakRssMB ? `**${mb(run.peakRssMB)}**` : '—'} | ${keras} |`
    );
  });
  return [
    '| notebook | mode | run time | kernel peak memory | Keras peak, largest cell |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

// The newest measurement of each case (by the date the bench wrote into each
// file); older files stay in bench/results/ as history.
export function performanceMarkdown(dir = path.join(root, 'bench', 'results')) {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const newest = new Map();
  for (const f of files) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const date = r.meta?.date ?? '';
    for (const c of r.cases ?? []) {
      const seen = newest.get(c.name);
      if (!seen || date > seen.date)
        newest.set(c.name, { ...c, file: f, date, machine: r.machine, limit: r.limit });
    }
  }
  const rows = [...newest.values()];
  if (!rows.length) return '_No benchmark results yet: run `npm run bench -- --json`._';
  const fmt = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : '—');
  return [
    ...measuredOn(rows),
    '',
    '| case | tfjs best / median / worst s | Keras best / median / worst s | ratio tfjs/Keras on medians | on bests | CPU ratio tfjs/Keras | tfjs peak RSS MB | Keras peak RSS MB | tfjs test acc | Keras test acc | source |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${times(r.tfjs, fmt)} | ${times(r.keras, fmt)} | **${fmt(r.ratio, 2)}** | **${fmt(r.bestRatio, 2)}** | ${fmt(r.cpuRatio, 2)} | ${fmt(r.tfjs?.peakRssMb, 0)} | ${fmt(r.keras?.peakRssMb, 0)} | ${fmt(r.tfjs?.testAccuracy, 4)} | ${fmt(r.keras?.testAccuracy, 4)} | ${source(r)} |`,
    ),
    ...enginesMarkdown(rows, fmt),
  ].join('\n');
}

/**
 * One "Measured on" line per machine. The bench writes the machine's load at the end of
 * its run into the description, so rows from two runs on one machine differ only there:
 * the load is given per result file instead of repeating the line.
 */
function measuredOn(rows) {
  const LOAD = / \(load ([\d.]+) at the end\)$/;
  const machines = new Map();
  for (const r of rows.filter((r) => r.machine)) {
    const text = typeof r.machine === 'string' ? r.machine : JSON.stringify(r.machine);
    const load = LOAD.exec(text)?.[1];
    const key = text.replace(LOAD, '');
    if (!machines.has(key)) machines.set(key, new Map());
    if (load) machines.get(key).set(r.file, load);
  }
  return [...machines].map(([machine, loads]) => {
    const each = [...loads].map(([file, load]) => (loads.size > 1 ? `${load} in ${file}` : load));
    return `Measured on: ${machine}${each.length ? ` (load ${each.join(', ')} at the end)` : ''}`;
  });
}

/** "best / median / worst" (bench results since issue 23), or the median alone (older ones). */
const times = (side, fmt) =>
  side?.best === undefined
    ? fmt(side?.median)
    : `${fmt(side.best)} / **${fmt(side.median)}** / ${fmt(side.worst)}`;

const source = (r) => `[${r.file}](bench/results/${r.file}) (${r.date.slice(0, 10)})`;

// Every engine of the cases whose newest file lists them (bench results written since the
// limit and the lib-bf16 / keras-bf16 / torch engines; older files have only the table above).
function enginesMarkdown(rows, fmt) {
  const withEngines = rows.filter((r) => Array.isArray(r.engines));
  if (!withEngines.length) return [];
  const hows = [...new Set(withEngines.map((r) => r.limit?.peak?.how).filter(Boolean))];
  return [
    '',
    "Every engine against Keras fp32, and as a share of the limit (the epoch's FLOPs over the " +
      "matmul ceiling measured in the same run, or in older files the CPU flags' peak; `of " +
      'ceiling` = limit s / median s, and / best s; see bench/README.md):',
    '',
    '| case | engine | precision | best / median / worst s | ratio to Keras fp32 on medians | on bests | CPU ratio to Keras fp32 | limit s | of ceiling (median / best) | spread of the runs | peak RSS MB | test acc | source |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...withEngines.flatMap((r) =>
      r.engines.map(
        (e) =>
          `| ${r.name} | ${e.engine} | ${e.precision ?? '—'} | ${times(e, fmt)} | ${e.engine === 'keras' ? 'reference' : `**${fmt(e.ratio, 2)}**`} | ${e.engine === 'keras' ? '' : fmt(e.bestRatio, 2)} | ${fmt(e.cpuRatio, 2)} | ${fmt(e.limitSeconds, 2)} | **${fmt(e.ofPeak, 2)}**${e.bestOfPeak === undefined ? '' : ` / ${fmt(e.bestOfPeak, 2)}`} | ${e.spread ? cell(e.spread) : '—'} | ${fmt(e.peakRssMb, 0)} | ${fmt(e.testAccuracy, 4)} | ${source(r)} |`,
      ),
    ),
    ...hows.map((h) => `\n${/^measured/.test(h) ? 'Ceiling' : 'Peak'}: ${h}.`),
  ];
}

/** The generated text between a section's markers. */
export function section(text, name) {
  const [i, j] = markers(text, name);
  return text.slice(i, j).replace(/^\n|\n$/g, '');
}

function markers(text, name) {
  const start = `<!-- ${name}:start (generated by scripts/readme-tables.mjs) -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md has no ${name} section markers`);
  return [i + start.length, j];
}

function replaceSection(text, name, body) {
  const [i, j] = markers(text, name);
  return text.slice(0, i) + '\n' + body + '\n' + text.slice(j);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const usage = `
usage: node scripts/readme-tables.mjs [--check]
Regenerates README.md's results, run and performance tables from notebooks/results/,
notebooks/reference/ and bench/results/, and its picture strip (docs/img/) from the
committed notebooks' outputs.
  --check   change nothing; exit 1 if README.md is out of date
`;
  const { values } = parseCommandLine(usage, {
    options: { check: { type: 'boolean', default: false } },
  });
  const before = fs.readFileSync(readmePath, 'utf8');
  const { found, problems } = pictures();
  for (const p of problems) console.error(`readme-tables: picture strip: ${p}`);
  const sections = {
    pictures: picturesMarkdown(found),
    results: resultsMarkdown(),
    runs: runsMarkdown(),
    performance: performanceMarkdown(),
  };
  const after = Object.entries(sections).reduce(
    (t, [name, body]) => replaceSection(t, name, body),
    before,
  );
  const stale = found.filter(
    ({ pick, png }) =>
      !fs.existsSync(path.join(imgDir, pick.file)) ||
      !fs.readFileSync(path.join(imgDir, pick.file)).equals(png),
  );
  if (values.check) {
    if (after !== before || stale.length) {
      console.error(
        'README.md tables or pictures are out of date: run `node scripts/readme-tables.mjs`',
      );
      process.exit(1);
    }
  } else {
    fs.writeFileSync(readmePath, after);
    const changed = writePictures(found);
    console.log(
      `README.md tables updated${changed.length ? `; docs/img/: ${changed.join(', ')}` : ''}`,
    );
  }
}
