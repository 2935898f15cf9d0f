// Runs cells through the real tslab kernel (kernel_driver.py, jupyter_client in the
// project's .venv) and returns what they showed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { root } from './notebook';

export interface Output {
  type: string;
  name?: string;
  text?: string;
  ename?: string;
}
export interface CellResult {
  status: string;
  outputs: Output[];
}

function drive(args: string[], timeoutMs: number): unknown {
  const r = spawnSync(
    path.join(root, '.venv', 'bin', 'python'),
    [path.join(__dirname, 'kernel_driver.py'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: timeoutMs,
      env: {
        ...process.env,
        TF_CPP_MIN_LOG_LEVEL: '2',
        JUPYTER_PLATFORM_DIRS: '1',
        JUPYTER_PATH: path.join(root, '.venv', 'share', 'jupyter'),
      },
    },
  );
  assert.equal(r.status, 0, `kernel driver failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Each cell run in turn in one kernel: its reply status and outputs. */
export const runCells = (cells: string[], timeoutMs = 4 * 60_000) =>
  drive(['cells', JSON.stringify(cells)], timeoutMs) as CellResult[];

/** `code` interrupted after `seconds`; then `console.log(6 * 7)`'s output, typed 'next'. */
export const runInterrupted = (code: string, seconds: number, timeoutMs = 150_000) =>
  drive(['interrupt', code, String(seconds)], timeoutMs) as CellResult;
