// Crash-safe saves, the one place the library writes anything that must survive:
// write beside the target, flush it to disk (fsync), rename it into place, flush the
// folder. A process killed mid-save leaves the previous version loadable, and a power
// cut cannot leave a renamed but empty file (the data is on disk before the name is).
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';

const tag = () => `${process.pid}-${randomBytes(4).toString('hex')}`;
const sibling = (target: string, kind: 'old' | 'tmp') => `${target}.${kind}-${tag()}`;

/** Writes a file via a temporary sibling, fsync and a rename (atomic on one filesystem). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const { target, tmp } = begin(file);
  commit(target, tmp, () => fs.writeFileSync(tmp, data));
}

/**
 * Writes a file through `write` (given a temporary path beside `file`, for streams and
 * downloads; it may check what it wrote and throw), then flushes and renames it into
 * place. On any failure the temporary file is removed and `file` is untouched.
 */
export async function writeFileAtomicWith(
  file: string,
  write: (tmpFile: string) => Promise<void>,
): Promise<void> {
  const { target, tmp } = begin(file);
  try {
    await write(tmp);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  commit(target, tmp);
}

function begin(file: string): { target: string; tmp: string } {
  const target = path.resolve(file);
  makeDir(path.dirname(target));
  return { target, tmp: sibling(target, 'tmp') };
}

// Runs `write` (which fills tmp), flushes tmp and renames it to target; removes tmp on failure.
function commit(target: string, tmp: string, write = () => {}): void {
  try {
    write();
    syncFile(tmp);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  published(target);
}

/**
 * Fills a fresh temporary directory with `write`, flushes it, then swaps it in for `dir`.
 * The old version is moved aside (`<dir>.old-*`) before the swap and removed after,
 * so at every instant either `dir` or an `.old-*` sibling is complete (see resolveSavedDir).
 * On failure the temporary directory is removed and the previous version stays as it was.
 */
export async function writeDirAtomic(
  dir: string,
  write: (tmpDir: string) => Promise<void>,
): Promise<void> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  makeDir(parent);
  const tmp = sibling(target, 'tmp');
  let old: string | undefined;
  try {
    fs.mkdirSync(tmp);
    await write(tmp);
    syncTree(tmp);
    if (fs.existsSync(target)) {
      old = sibling(target, 'old');
      fs.renameSync(target, old);
      syncDir(parent);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    // Failed between the two renames: put the previous version back where it was.
    if (old && !fs.existsSync(target)) fs.renameSync(old, target);
    throw e;
  }
  published(target); // which also removes the moved-aside version
}

/**
 * The error for a failed save of `dir` (a checkpoint, a model): `what` failed, the cause in
 * its own words (ENOSPC…), and what `dir` holds now: the previous version, untouched (with
 * `describe(found)`'s words about it, e.g. its epoch), or nothing. The cause is kept as `cause`.
 */
export function saveFailure(
  what: string,
  dir: string,
  cause: unknown,
  previous: { noun: string; describe?: (found: string) => string | undefined },
): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const target = path.resolve(dir);
  let found: string | undefined;
  try {
    found = resolveSavedDir(target);
  } catch {
    found = undefined;
  }
  let now = 'nothing was written there';
  if (found) {
    const words = previous.describe?.(found);
    now = `the previous ${previous.noun} there is intact${words ? ` (${words})` : ''}`;
    if (found !== target) now += ` at ${found}`;
  }
  return new Error(`${what} (${reason}); ${now}.`, { cause });
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

// The new version is in place: make its name durable, then clear leftovers.
function published(target: string): void {
  syncDir(path.dirname(target));
  removeStale(target);
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

/** mkdir -p, with each folder it creates made durable in its parent. */
function makeDir(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; ; d = path.dirname(d)) {
    syncDir(path.dirname(d));
    if (d === first) return;
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// A folder's entries (names, renames) reach the disk when the folder itself is fsynced.
// Windows cannot open a folder for that; NTFS journals the rename instead.
function syncDir(dir: string): void {
  if (process.platform !== 'win32') syncFile(dir);
}

// Every file and folder below `dir`, deepest first, then `dir` itself.
function syncTree(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) syncTree(p);
    else if (e.isFile()) syncFile(p);
  }
  syncDir(dir);
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
