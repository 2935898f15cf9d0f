// Two set-ups in one clone run one after the other, and a lock left by a set-up that died
// is taken over (scripts/lib/setup-lock.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const lockModule = path.resolve(__dirname, '..', '..', 'scripts', 'lib', 'setup-lock.mjs');
// Takes the lock in `root`, holds it for `ms`, and prints when it held it.
const holder = (root: string, ms: number) =>
  `import('${lockModule}').then(({ takeSetupLock }) => {
     takeSetupLock('${root}', (l) => console.error(l));
     const from = Date.now();
     setTimeout(() => console.log(JSON.stringify({ from, to: Date.now() })), ${ms});
   })`;

const run = (root: string, ms: number) =>
  new Promise<{ from: number; to: number; said: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', holder(root, ms)]);
    let out = '';
    let said = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (said += d));
    child.on('close', (code) =>
      code === 0 ? resolve({ ...JSON.parse(out), said }) : reject(new Error(said)),
    );
  });

test('two set-ups at once: the second waits for the first, and says so', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-lock-'));
  const [a, b] = await Promise.all([run(root, 800), run(root, 800)]);
  const [first, second] = a.from < b.from ? [a, b] : [b, a];
  assert.ok(
    second.from >= first.to,
    `held ${first.from}-${first.to} and ${second.from}-${second.to}`,
  );
  assert.match(second.said, /waiting for the set-up already running in this clone/);
  assert.ok(!fs.existsSync(path.join(root, '.setup.lock')), 'released on exit');
});

test('a lock whose owner died is taken over at once', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-lock-'));
  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
    encoding: 'utf8',
  });
  fs.mkdirSync(path.join(root, '.setup.lock'));
  fs.writeFileSync(path.join(root, '.setup.lock', 'pid'), dead.stdout.trim());
  const started = Date.now();
  const r = await run(root, 0);
  assert.ok(r.from - started < 5000, `took ${r.from - started} ms`);
  assert.equal(r.said, '');
});
