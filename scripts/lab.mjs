#!/usr/bin/env node
// npm run lab: JupyterLab from .venv on 127.0.0.1 (token auth on), opened on
// notebooks/, while `tsc --watch` keeps the library the notebooks import current.
// Extra arguments go to JupyterLab (e.g. `npm run lab -- --port 9999 --no-browser`).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KERNEL_NAME } from './lib/kernel.mjs';
import { isRoot, root, venvBin } from './lib/util.mjs';

const logDir = path.join(root, 'build');
fs.mkdirSync(logDir, { recursive: true });
const tscLog = fs.openSync(path.join(logDir, 'tsc-watch.log'), 'w');
const tsc = spawn(
  process.execPath,
  [
    path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.json',
    '--watch',
    '--preserveWatchOutput',
  ],
  {
    cwd: root,
    stdio: ['ignore', tscLog, tscLog],
  },
);

const args = [
  'lab',
  '--ServerApp.ip=127.0.0.1',
  `--ServerApp.root_dir=${path.join(root, 'notebooks')}`,
  // "New notebook" starts on the project's TypeScript kernel rather than Python 3.
  `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
  // Jupyter refuses to run as root without this; many containers run as root.
  ...(isRoot() ? ['--allow-root'] : []),
  ...process.argv.slice(2),
];
console.log('Starting JupyterLab: open the address with ?token= that it prints below.');
console.log(`(library rebuilds on change: build/tsc-watch.log)`);
const lab = spawn(venvBin('jupyter'), args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, JUPYTER_PLATFORM_DIRS: '1' },
});

const stop = () => {
  tsc.kill();
  lab.kill('SIGINT');
};
process.on('SIGINT', () => {}); // Jupyter handles Ctrl-C itself (it asks to confirm)
process.on('SIGTERM', stop);
lab.on('exit', (code) => {
  tsc.kill();
  process.exit(code ?? 0);
});
