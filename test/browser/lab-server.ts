// A throw-away JupyterLab for the browser tests: the project's .venv, 127.0.0.1,
// a random port, a token, and every per-user Jupyter folder (settings,
// workspaces, runtime, data, config) in a temp dir, so the test neither reads
// nor changes the user's own set-up and leaves nothing behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers/notebook';
import { freePort, waitFor } from '../helpers/ports';

export interface LabServer {
  url: string;
  token: string;
  rootDir: string;
  /** The lab page with the token, optionally opened on a file (path relative to rootDir). */
  labUrl(file?: string): string;
  api(p: string, init?: RequestInit): Promise<Response>;
  /** Shuts kernels down, stops the server and removes the temp folders. Safe to call twice. */
  stop(): Promise<void>;
  /** Kernel processes started by this server that are still alive (should be none after stop). */
  leftoverPids(): number[];
  log(): string;
}

// Every cell rendered (no virtual scrolling) so outputs below the fold exist in
// the DOM, no blank space after the last cell, and no news or update prompt
// over the screenshots.
const LAB_SETTINGS: Record<string, Record<string, unknown>> = {
  '@jupyterlab/notebook-extension': {
    'tracker.jupyterlab-settings': { windowingMode: 'none', scrollPastEnd: false },
  },
  '@jupyterlab/apputils-extension': {
    'notification.jupyterlab-settings': { fetchNews: 'false', checkForUpdates: false },
  },
};

export async function startLab(
  rootDir: string,
  env: Record<string, string> = {},
): Promise<LabServer> {
  const jupyter = path.join(root, '.venv', 'bin', 'jupyter');
  if (!fs.existsSync(jupyter))
    throw new Error(`JupyterLab: ${jupyter} expected (run npm run setup), not found`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-browser-lab-'));
  const dirs = {
    JUPYTERLAB_SETTINGS_DIR: path.join(tmp, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: path.join(tmp, 'workspaces'),
    JUPYTER_RUNTIME_DIR: path.join(tmp, 'runtime'),
    JUPYTER_DATA_DIR: path.join(tmp, 'data'),
    JUPYTER_CONFIG_DIR: path.join(tmp, 'config'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  for (const [plugin, files] of Object.entries(LAB_SETTINGS)) {
    const dir = path.join(dirs.JUPYTERLAB_SETTINGS_DIR, plugin);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, value] of Object.entries(files))
      fs.writeFileSync(path.join(dir, file), JSON.stringify(value));
  }

  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const logFile = path.join(tmp, 'lab.log');
  const out = fs.openSync(logFile, 'w');
  const args = [
    'lab',
    '--no-browser',
    '--ServerApp.ip=127.0.0.1',
    `--ServerApp.port=${port}`,
    '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
  const child: ChildProcess = spawn(jupyter, args, {
    cwd: rootDir,
    stdio: ['ignore', out, out],
    detached: true, // its own process group: stop() can signal the server and its helpers together
    env: { ...process.env, ...dirs, JUPYTER_PLATFORM_DIRS: '1', TF_CPP_MIN_LOG_LEVEL: '2', ...env },
  });
  fs.closeSync(out);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const url = `http://127.0.0.1:${port}`;
  const api = (p: string, init: RequestInit = {}) =>
    fetch(url + p, {
      ...init,
      headers: { Authorization: `token ${token}`, ...(init.headers ?? {}) },
    });
  const readLog = () => {
    try {
      return fs.readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const leftoverPids = () => {
    // Kernels run in their own session (jupyter_client), so they are found by
    // their connection file, which lives in this server's private runtime dir.
    const r = spawnSync('pgrep', ['-f', dirs.JUPYTER_RUNTIME_DIR], { encoding: 'utf8' });
    return r.stdout.split('\n').filter(Boolean).map(Number);
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      if (!exited) {
        const kernels = (await (await api('/api/kernels')).json().catch(() => [])) as {
          id: string;
        }[];
        await Promise.all(
          kernels.map((k) =>
            api(`/api/kernels/${k.id}`, { method: 'DELETE' }).catch(() => undefined),
          ),
        );
      }
    } catch {
      /* the server may already be gone */
    }
    if (!exited) signalGroup(child.pid!, 'SIGTERM');
    await waitFor(async () => exited, 10_000, 'JupyterLab to exit').catch(() =>
      signalGroup(child.pid!, 'SIGKILL'),
    );
    for (const pid of leftoverPids()) signalPid(pid, 'SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    await waitFor(
      async () => exited || (await api('/api/status')).ok,
      90_000,
      'JupyterLab to answer',
    );
    if (exited) throw new Error('the server exited');
  } catch (e) {
    const log = readLog();
    await stop();
    throw new Error(
      `JupyterLab did not start on port ${port}: ${(e as Error).message}\n${log.slice(-2000)}`,
    );
  }
  return {
    url,
    token,
    rootDir,
    api,
    stop,
    leftoverPids,
    log: readLog,
    labUrl: (file) =>
      `${url}/lab${file ? '/tree/' + file.split('/').map(encodeURIComponent).join('/') : ''}?token=${token}&reset`,
  };
}

function signalGroup(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(-pid, sig);
  } catch {
    /* already gone */
  }
}
function signalPid(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}
