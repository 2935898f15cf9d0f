// bench/.venv: Keras 3 on tensorflow-cpu 2.21.0, the pinned stack that both
// `npm run bench` (bench/run.mjs) and `npm run reference` (scripts/reference.mjs)
// train with. Created on first use through pip's configured index. PyTorch is added
// (ensureTorch) only when the bench's torch engine asks for it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, root } from './util.mjs';
import { PIP_FAST_FAIL } from './venv.mjs';

export const TF_VERSION = '2.21.0';
export const kerasVenv = path.join(root, 'bench', '.venv');
export const kerasPython = path.join(kerasVenv, 'bin', 'python');

/** True when bench/.venv imports keras and tensorflow at the pinned version (and the `extras` modules). */
export function kerasVenvReady(extras = []) {
  const imports = ['tensorflow as t', 'keras', ...extras].join(', ');
  return (
    fs.existsSync(kerasPython) &&
    spawnSync(kerasPython, ['-c', `import ${imports}; assert t.__version__ == '${TF_VERSION}'`], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    }).status === 0
  );
}

/**
 * Makes bench/.venv if it is missing or stale; `who` prefixes the messages, `extras` are
 * further pip packages (importable under the same name) that caller needs. Returns the python path.
 */
export function ensureKerasVenv(who = 'bench', extras = []) {
  if (kerasVenvReady(extras)) return kerasPython;
  console.log(
    `${who}: installing keras + tensorflow-cpu==${TF_VERSION}${extras.map((e) => ` + ${e}`).join('')} into bench/.venv (pip's configured index)…`,
  );
  if (!fs.existsSync(kerasPython))
    spawnSync('python3', ['-m', 'venv', kerasVenv], { stdio: 'inherit' });
  const r = pipInstall([`tensorflow-cpu==${TF_VERSION}`, 'keras', ...extras], 'inherit');
  if (r.status !== 0)
    throw new Error(
      `${who}: pip could not install keras/tensorflow-cpu==${TF_VERSION}${extras.map((e) => `/${e}`).join('')} into bench/.venv (exit ${r.status})`,
    );
  return kerasPython;
}

/** pip install `packages` into bench/.venv (the cached wheels too, if any); spawnSync's result. */
function pipInstall(packages, stdio) {
  const wheels = path.join(cacheDir, 'wheels');
  return spawnSync(
    kerasPython,
    [
      '-m',
      'pip',
      'install',
      '--progress-bar',
      'off',
      ...(fs.existsSync(wheels) ? ['--find-links', wheels] : []),
      ...packages,
    ],
    { stdio, encoding: 'utf8', env: { ...process.env, ...PIP_FAST_FAIL } },
  );
}

/**
 * PyTorch (the CPU wheel) in bench/.venv beside Keras's stack, for the bench's `torch` engine
 * only: a step of its own, never run by set-up or the tests. Returns null when torch imports,
 * else why it could not be installed, in one line.
 */
export function ensureTorch(who = 'bench') {
  ensureKerasVenv(who);
  const ready = () => spawnSync(kerasPython, ['-c', 'import torch']).status === 0;
  if (ready()) return null;
  console.log(`${who}: installing torch (CPU) into bench/.venv (pip's configured index)…`);
  const r = pipInstall(['torch'], 'pipe');
  if (r.status === 0 && ready()) return null;
  const lines = `${r.stderr ?? ''}`.trim().split('\n');
  const why = lines.find((l) => l.startsWith('ERROR:')) ?? lines.pop();
  return `pip could not install torch into bench/.venv (exit ${r.status}${why ? `: ${why}` : ''})`;
}
