// One set-up at a time in a clone. Two at once (two test runs started together after a
// change to package-lock.json or patches/) would both run npm ci, and one would delete
// node_modules under the other. The lock is a directory (mkdir is atomic) holding the
// owner's pid; a lock whose owner has died is taken over.
import * as fs from 'node:fs';
import * as path from 'node:path';

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes `<root>/.setup.lock`, waiting while another live set-up holds it; released on exit. */
export function takeSetupLock(root, say = console.log) {
  const lock = path.join(root, '.setup.lock');
  const pidFile = path.join(lock, 'pid');
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(pidFile, String(process.pid));
      process.on('exit', () => fs.rmSync(lock, { recursive: true, force: true }));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = 0;
    try {
      owner = Number(fs.readFileSync(pidFile, 'utf8'));
    } catch {
      /* the owner has made the directory and not yet written its pid */
    }
    let age = 0;
    try {
      age = Date.now() - fs.statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (owner ? !alive(owner) : age > 10_000) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!told)
      say(`waiting for the set-up already running in this clone${owner ? ` (pid ${owner})` : ''}…`);
    told = true;
    sleep(500);
  }
}
