// Small helpers shared by the set-up, doctor and runner scripts (built-ins only).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const venvDir = path.join(root, '.venv');
export const venvBin = (name) => path.join(venvDir, 'bin', name);

/** Survives `rm -rf node_modules` and fresh clones; keyed by version inside. */
export const cacheDir =
  process.env.CNN_NOTEBOOKS_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cnn-notebooks');

let quiet = false;
export function setQuiet(q) {
  quiet = q;
}
export function log(msg) {
  if (!quiet) console.log(`[setup] ${msg}`);
}

/** One clear line, no stack trace: the set-up's contract for a bad environment. */
export function fail(line) {
  console.error(`setup: ${line}`);
  process.exit(1);
}

export function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

export function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Runs a command with inherited output (unless quiet); fails the set-up on error. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    ...opts,
  });
  if (r.error) fail(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0 && !opts.allowFail) {
    const tail = (r.stderr || '').trim().split('\n').slice(-3).join(' | ');
    fail(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status})${tail ? `: ${tail}` : ''}`);
  }
  return r;
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
