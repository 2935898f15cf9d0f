// Atomic saves: write beside the target, then rename into place, so a process
// killed mid-save leaves the previous version loadable.
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';

const tag = () => `${process.pid}-${randomBytes(4).toString('hex')}`;

/** Writes a file via a temporary sibling and a rename (atomic on one filesystem). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${tag()}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * Fills a fresh temporary directory with `write`, then swaps it in for `dir`.
 * The old version is moved aside (`<dir>.old-*`) before the swap and removed after,
 * so at every instant either `dir` or an `.old-*` sibling is complete (see resolveSavedDir).
 */
export async function writeDirAtomic(
  dir: string,
  write: (tmpDir: string) => Promise<void>,
): Promise<void> {
  const target = path.resolve(dir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${tag()}`;
  try {
    fs.mkdirSync(tmp);
    await write(tmp);
    let old: string | undefined;
    if (fs.existsSync(target)) {
      old = `${target}.old-${tag()}`;
      fs.renameSync(target, old);
    }
    fs.renameSync(tmp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
    removeStale(target);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function siblings(target: string, kind: 'old' | 'tmp'): string[] {
  const parent = path.dirname(target);
  const prefix = `${path.basename(target)}.${kind}-`;
  if (!fs.existsSync(parent)) return [];
  return fs
    .readdirSync(parent)
    .filter((n) => n.startsWith(prefix))
    .map((n) => path.join(parent, n));
}

// Leftovers of saves killed part-way: half-written temporaries, moved-aside versions.
function removeStale(target: string): void {
  for (const p of [...siblings(target, 'tmp'), ...siblings(target, 'old')]) {
    const pid = Number(/\.(?:tmp|old)-(\d+)-/.exec(p)?.[1]);
    if (pid === process.pid || !isAlive(pid)) fs.rmSync(p, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The directory holding the last complete save of `dir`: `dir` itself, or, if a save
 * was killed between moving the old version aside and renaming the new one in,
 * the moved-aside version. Throws naming `dir` when neither exists.
 */
export function resolveSavedDir(dir: string): string {
  const target = path.resolve(dir);
  if (fs.existsSync(target)) return target;
  const old = siblings(target, 'old').sort(
    (a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs,
  );
  if (old.length) return old[0];
  throw new Error(`no saved model at ${target} (directory not found)`);
}
