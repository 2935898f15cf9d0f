// The project-local Python environment: JupyterLab, nbclient/nbconvert and
// plotly's JupyterLab renderer, pinned in scripts/requirements-jupyter.txt.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, log, root, sha256, venvBin, venvDir } from './util.mjs';

const requirements = path.join(root, 'scripts', 'requirements-jupyter.txt');

// pip retries an unreachable index for minutes per package. With no retries,
// a dead default index costs one fast failure and pip moves on to the index
// it is configured with (`pip config list`); a dead network fails at once.
export const PIP_FAST_FAIL = {
  PIP_RETRIES: '0',
  PIP_TIMEOUT: '20',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
};

export function ensureVenv() {
  const stampFile = path.join(venvDir, '.cnn-setup.stamp');
  const pyVersion = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const stamp = sha256(fs.readFileSync(requirements) + pyVersion);
  if (
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp &&
    fs.existsSync(venvBin('jupyter'))
  )
    return;
  if (!fs.existsSync(venvBin('python'))) {
    log('creating the Python environment .venv…');
    const r = spawnSync('python3', ['-m', 'venv', venvDir], { encoding: 'utf8' });
    if (r.status !== 0)
      fail(
        `python3 -m venv failed: ${(r.stderr || '').trim().split('\n').pop()} (Debian: apt-get install python3-venv).`,
      );
  }
  log('installing JupyterLab and the notebook runner into .venv (pip)…');
  const logFile = path.join(venvDir, 'pip-install.log');
  const r = spawnSync(
    venvBin('python'),
    ['-m', 'pip', 'install', '--progress-bar', 'off', '-r', requirements],
    {
      encoding: 'utf8',
      env: { ...process.env, ...PIP_FAST_FAIL },
      maxBuffer: 64 << 20,
    },
  );
  fs.writeFileSync(logFile, (r.stdout || '') + (r.stderr || ''));
  if (r.status !== 0) {
    const why =
      (r.stderr || '').split('\n').filter((l) => /ERROR/.test(l))[0] ?? `exit ${r.status}`;
    fail(
      `pip could not install the Jupyter packages (no network or package index?): ${why.trim()} — full log: ${logFile}`,
    );
  }
  fs.writeFileSync(stampFile, stamp);
}
