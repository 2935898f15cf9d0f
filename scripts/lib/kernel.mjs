// Registers the tslab kernel inside .venv (not in the user's home) so Jupyter
// from .venv finds it, and it runs the project's own tslab from node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, venvDir } from './util.mjs';

/** A name of our own, so a global `tslab` kernelspec in ~/.local cannot shadow it. */
export const KERNEL_NAME = 'tslab-cnn';
export const kernelDir = path.join(venvDir, 'share', 'jupyter', 'kernels', KERNEL_NAME);

export function kernelSpec() {
  return {
    argv: [
      process.execPath,
      path.join(root, 'node_modules', 'tslab', 'bin', 'tslab'),
      'kernel',
      '--config-path',
      '{connection_file}',
    ],
    display_name: 'TypeScript (tslab)',
    language: 'typescript',
    // TensorFlow's C++ info lines would otherwise land in the first cell's output.
    env: { TF_CPP_MIN_LOG_LEVEL: '2' },
  };
}

export function ensureKernel() {
  fs.mkdirSync(kernelDir, { recursive: true });
  const file = path.join(kernelDir, 'kernel.json');
  const json = JSON.stringify(kernelSpec(), null, 2) + '\n';
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== json) fs.writeFileSync(file, json);
  // JupyterLab's first-run "news" prompt covers part of the page; switch it off
  // for this environment (settings overrides live beside the installed lab).
  const overrides = path.join(venvDir, 'share', 'jupyter', 'lab', 'settings', 'overrides.json');
  const settings =
    JSON.stringify(
      {
        '@jupyterlab/apputils-extension:notification': {
          fetchNews: 'false',
          checkForUpdates: false,
        },
      },
      null,
      2,
    ) + '\n';
  fs.mkdirSync(path.dirname(overrides), { recursive: true });
  if (!fs.existsSync(overrides) || fs.readFileSync(overrides, 'utf8') !== settings)
    fs.writeFileSync(overrides, settings);
}
