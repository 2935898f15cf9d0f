#!/usr/bin/env node
// npm run notebooks [-- --quick] [--inplace] [files…]
// Executes notebooks headlessly through the real tslab kernel (nbclient), writing
// executed copies and HTML exports into build/notebooks/. Exit code 1 if any cell errors.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { root, venvBin } from './lib/util.mjs';
import { KERNEL_NAME } from './lib/kernel.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    inplace: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(root, 'build', 'notebooks') },
    'cell-timeout': { type: 'string', default: '-1' },
  },
});

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
const r = spawnSync(
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
process.exit(r.status ?? 1);
