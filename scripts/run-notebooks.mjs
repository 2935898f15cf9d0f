#!/usr/bin/env node
// npm run notebooks [-- --quick] [--inplace] [files…]
// Executes notebooks headlessly through the real tslab kernel (nbclient), writing
// executed copies, HTML exports and each notebook's results rows (results/NN-name.json)
// into build/notebooks/. Exit code 1 if any cell errors.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, venvBin } from './lib/util.mjs';
import { KERNEL_NAME } from './lib/kernel.mjs';
import { parseCommandLine } from './lib/args.mjs';

const usage = `
usage: npm run notebooks -- [--quick] [--inplace] [--out DIR] [--cell-timeout S] [notebook.ipynb …]
Executes notebooks (default: every notebooks/NN-*.ipynb) through the tslab kernel.
  --quick            small data and 1 epoch (sets CNN_QUICK=1)
  --inplace          also write each notebook that ran without error over its source,
                     and its results rows to notebooks/results/NN-name.json (README's table)
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

const notebooksDir = path.join(root, 'notebooks');
const files = positionals.length
  ? positionals.map((f) => path.resolve(f))
  : fs
      .readdirSync(notebooksDir)
      .filter((f) => /^\d.*\.ipynb$/.test(f))
      .sort()
      .map((f) => path.join(notebooksDir, f));
for (const f of files)
  if (!fs.existsSync(f)) {
    console.error(`notebooks: ${f} not found`);
    process.exit(2);
  }

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
  { stdio: 'inherit', env },
);
// A stop meant for this runner reaches the Python one too, which shuts its kernel down
// (the kernel runs in a session of its own: nothing else would stop it).
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    if (child.exitCode === null) child.kill(sig);
  });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
