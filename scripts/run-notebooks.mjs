#!/usr/bin/env node
// npm run notebooks [-- --quick] [--inplace] [files…]
// Executes notebooks headlessly through the real tslab kernel (nbclient), writing
// executed copies, HTML exports and each notebook's results rows (results/NN-name.json)
// into build/notebooks/. Exit code 1 if any cell errors. After each notebook: its Plotly
// charts get static image/png twins (scripts/lib/notebook-twins.mjs) and its run time and
// the kernel's peak memory go to results/runs/NN-name.json; after an --inplace run,
// README's generated sections are rebuilt (scripts/readme-tables.mjs).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, venvBin } from './lib/util.mjs';
import { KERNEL_NAME } from './lib/kernel.mjs';
import { parseCommandLine } from './lib/args.mjs';
import { notebookFiles } from './lib/notebook-files.mjs';
import { afterNotebook, finishRun } from './lib/after-notebook.mjs';
import { watchPeakMemory } from './lib/peak-memory.mjs';

const usage = `
usage: npm run notebooks -- [--quick] [--inplace] [--out DIR] [--cell-timeout S] [notebook.ipynb …]
Executes notebooks (default: every notebooks/NN-*.ipynb) through the tslab kernel.
  --quick            small data and 1 epoch (sets CNN_QUICK=1)
  --inplace          also write each notebook that ran without error over its source,
                     its results rows to notebooks/results/NN-name.json and its run time
                     and peak memory to notebooks/results/runs/NN-name.json, then
                     regenerate README's tables and picture strip
  --out DIR          executed copies, HTML exports and results/ (default build/notebooks)
  --cell-timeout S   seconds a cell may take; -1 for no limit (default)
Ctrl-C (or SIGTERM, SIGHUP) stops the whole run and shuts its kernel down; the notebook
at work is left as it was.
`;
const { values, positionals } = parseCommandLine(usage, {
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    inplace: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(root, 'build', 'notebooks') },
    'cell-timeout': { type: 'string', default: '-1' },
  },
});

if (!/^-?\d+$/.test(values['cell-timeout'])) {
  console.error(
    `run-notebooks.mjs: --cell-timeout takes whole seconds, found '${values['cell-timeout']}'`,
  );
  process.exit(2);
}

const files = notebookFiles(positionals, 'run-notebooks.mjs');

console.log(
  `running ${files.length} notebook(s) through the ${KERNEL_NAME} kernel${values.quick ? ' in quick mode (CNN_QUICK=1)' : ''}…`,
);
const env = { ...process.env, ...(values.quick ? { CNN_QUICK: '1' } : {}) };
const child = spawn(
  venvBin('python'),
  [
    path.join(root, 'scripts', 'run_notebooks.py'),
    '--out',
    values.out,
    '--kernel',
    KERNEL_NAME,
    '--plotly-js',
    path.join(root, 'node_modules', 'plotly.js-dist', 'plotly.js'),
    '--cell-timeout',
    values['cell-timeout'],
    ...(values.inplace ? ['--inplace'] : []),
    ...files,
  ],
  { stdio: ['inherit', 'pipe', 'inherit'], env },
);
// The runner prints one line per notebook once its kernel is shut down: that line ends
// the notebook's memory window, and its twins and run record are added then.
const memory = watchPeakMemory(child.pid);
const done = [];
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk).split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const m = /^(PASS|FAIL) (\S+\.ipynb) {2}([\d.]+) s/.exec(line);
    if (!m) continue;
    const file = files.find((f) => path.basename(f) === m[2]);
    const run = { seconds: Number(m[3]), peakRssMB: memory.take() };
    done.push(afterNotebook(file, m[1] === 'PASS', run, values));
  }
});
// A stop meant for this runner reaches the Python one too, which shuts its kernel down
// (the kernel runs in a session of its own: nothing else would stop it).
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    if (child.exitCode === null) child.kill(sig);
  });
child.on('close', async (code, signal) => {
  memory.stop();
  const status = code ?? (signal ? 130 : 1);
  if (status === 130) process.exit(status); // stopped: no more work
  process.exit((await finishRun(done, values)) ? status : 1);
});
