// Stopping `npm run notebooks` (SIGTERM, or Ctrl-C) shuts its kernel down: the kernel runs
// in a session of its own, so a runner that just died left it training on, unseen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { root } from '../helpers/notebook';

/** Pids of processes whose environment carries `mark` (the runner passes its env to the kernel). */
function marked(mark: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark);
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}

const isKernel = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('tslab');
  } catch {
    return false;
  }
};

async function until(what: string, check: () => boolean, seconds: number) {
  for (const end = Date.now() + seconds * 1000; Date.now() < end; await sleep(250))
    if (check()) return;
  assert.fail(`${what}: not within ${seconds} s`);
}

// SIGHUP (a closed terminal) takes the SIGTERM path in run_notebooks.py; it passed here too, and is left out to keep CI short.
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  test(
    `${signal} to the notebook runner shuts its kernel down`,
    { skip: process.platform !== 'linux' && 'reads /proc', timeout: 120_000 },
    async () => {
      const { percentToNotebook } = await import(
        path.join(root, 'scripts', 'lib', 'percent-notebook.mjs')
      );
      const dir = path.join(root, 'build', 'test', 'runner-stop');
      fs.mkdirSync(dir, { recursive: true });
      const started = path.join(dir, `started-${signal}`);
      fs.rmSync(started, { force: true });
      const nb = path.join(dir, `long-${signal}.ipynb`);
      const source = `// %%\nrequire('fs').writeFileSync(${JSON.stringify(started)}, 'x');\nawait new Promise((r) => setTimeout(r, 600_000));\n`;
      fs.writeFileSync(nb, JSON.stringify(percentToNotebook(source)));
      const mark = `CNN_RUNNER_STOP_TEST=${randomUUID()}`;
      const [key, value] = mark.split('=');
      const runner = spawn(
        process.execPath,
        [path.join(root, 'scripts', 'run-notebooks.mjs'), '--out', path.join(dir, 'out'), nb],
        {
          cwd: root,
          env: { ...process.env, [key]: value },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      runner.stdout.on('data', (d) => (stdout += d));
      runner.stderr.resume();
      const exited = new Promise<number | null>((resolve) =>
        runner.on('exit', (code) => resolve(code)),
      );
      try {
        await until('the long cell started', () => fs.existsSync(started), 90);
        assert.ok(marked(mark).some(isKernel), 'a kernel of this run is alive while its cell runs');
        runner.kill(signal);
        const code = await exited;
        assert.equal(code, 130, `runner exit code\n${stdout}`);
        assert.match(
          stdout,
          new RegExp(`STOPPED long-${signal}\\.ipynb \\((${signal}|a stop signal)\\)`),
        );
        await until('the kernel is gone', () => !marked(mark).some(isKernel), 20);
      } finally {
        for (const pid of marked(mark)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }
    },
  );
