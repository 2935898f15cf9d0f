// What the notebook runner does after each notebook, in order, one at a time: its
// Plotly charts get image/png twins (in the executed copy, and in the notebook itself
// when --inplace saved it), and its run time and kernel peak memory are recorded in
// results/runs/NN-name.json. One browser serves every chart of the run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './util.mjs';
import { hasCharts, twinFile } from './notebook-twins.mjs';
import { openRenderer } from './plotly-twins.mjs';
import { CHROMIUM } from './chromium.mjs';

let renderer = null;
let chain = Promise.resolve();
let failed = false;
let savedTutorial = false; // README is rebuilt only when a notebook of notebooks/ was saved

/** Queues the work for one notebook the runner reported; `run` = {seconds, peakRssMB}. */
export function afterNotebook(file, passed, run, { out, inplace, quick }) {
  const name = path.basename(file);
  chain = chain
    .then(async () => {
      const record = {
        notebook: name,
        mode: quick || /^(1|true|yes)$/i.test(process.env.CNN_QUICK ?? '') ? 'quick' : 'full',
        passed,
        seconds: run.seconds,
        peakRssMB: run.peakRssMB,
        date: new Date().toISOString(),
      };
      const saved = inplace && passed;
      writeRecord(path.join(out, 'results', 'runs'), record);
      if (saved && path.dirname(file) === path.join(root, 'notebooks')) savedTutorial = true;
      if (saved) writeRecord(path.join(path.dirname(file), 'results', 'runs'), record);
      const copies = [path.join(out, name), ...(saved ? [file] : [])].filter(
        (f) => fs.existsSync(f) && hasCharts(f),
      );
      let twins = null;
      if (copies.length && !fs.existsSync(CHROMIUM)) {
        // Not an error: the notebook is fine; only static viewers miss the pictures.
        console.log(
          `  ${name}: charts saved without image/png twins: no Chromium at ${CHROMIUM} (set CNN_CHROMIUM)`,
        );
        copies.length = 0;
      }
      for (const f of copies) {
        renderer ??= await openRenderer();
        twins = await twinFile(f, renderer.render);
      }
      const drawn = twins
        ? `, ${twins.added} chart twin(s) (+${(twins.bytes / 1024).toFixed(1)} KB)`
        : '';
      console.log(`  ${name}: kernel peak memory ${run.peakRssMB ?? '?'} MB${drawn}`);
    })
    .catch((e) => {
      failed = true;
      console.error(
        `  ${name}: ${e.message} (the notebook is saved without its chart twins: node scripts/add-twins.mjs adds them)`,
      );
    });
  return chain;
}

/** Waits for the queued work, closes the browser; after --inplace saved a tutorial, rebuilds README's sections. False if any step failed. */
export async function finishRun(done, { inplace }) {
  await Promise.all(done);
  await renderer?.close();
  if (inplace && savedTutorial) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'readme-tables.mjs')], {
      stdio: 'inherit',
    });
    if (r.status !== 0) failed = true;
  }
  return !failed;
}

function writeRecord(folder, record) {
  fs.mkdirSync(folder, { recursive: true });
  const target = path.join(folder, record.notebook.replace(/\.ipynb$/, '.json'));
  fs.writeFileSync(`${target}.partial`, JSON.stringify(record, null, 2) + '\n');
  fs.renameSync(`${target}.partial`, target);
}
