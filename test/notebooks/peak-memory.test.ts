// The notebook runner's memory record: the peak resident memory of a process's
// descendants (scripts/lib/peak-memory.mjs), and README's runs table built from the
// records beside Keras's reference peaks (scripts/readme-tables.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers/notebook';

type Watch = { take(): number | null; stop(): void };
const peakMemory = () =>
  import(path.join(root, 'scripts', 'lib', 'peak-memory.mjs')) as Promise<{
    watchPeakMemory(pid: number, everyMs?: number): Watch;
  }>;

test(
  'the peak covers a grandchild that holds 400 MB for a moment',
  { skip: !fs.existsSync('/proc/self/status') && 'no /proc here' },
  async () => {
    const { watchPeakMemory } = await peakMemory();
    // sh -> sh -> node: the memory is in a grandchild of the watched process, as in a
    // kernel's tree ("; true" keeps each sh from exec-ing the next command in its place).
    const node = `${process.execPath} -e 'const b = Buffer.alloc(400 * 2 ** 20, 1); setTimeout(() => b.length, 300)'`;
    const child = spawn('sh', ['-c', `sh -c "${node}; true"; true`]);
    const watch = watchPeakMemory(child.pid!, 100);
    await new Promise((resolve) => child.on('exit', resolve));
    const peak = watch.take()!;
    watch.stop();
    assert.ok(peak >= 400 && peak < 1000, `peak ${peak} MB`);
    assert.equal(watch.take(), 0, 'each take starts a new window');
  },
);

test("README's runs table: the run's time and peak beside Keras's largest peak, — where none", async () => {
  const { runsMarkdown } = (await import(path.join(root, 'scripts', 'readme-tables.mjs'))) as {
    runsMarkdown(runsDir: string, referenceDir: string, notebooks: string[]): string;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-runs-'));
  const write = (f: string, value: unknown) => {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, JSON.stringify(value));
  };
  write(path.join(dir, 'runs', '01-a.json'), { mode: 'full', seconds: 646.2, peakRssMB: 1234 });
  const ref = (c: string, peaks: (number | undefined)[], mode = 'full') => ({
    case: c,
    mode,
    notebook: '01-a',
    runs: peaks.map((p) => (p === undefined ? {} : { peakRssMB: p })),
  });
  write(path.join(dir, 'ref', '01-x.full.json'), ref('01-x', [2400, 2500]));
  write(path.join(dir, 'ref', '01-y.full.json'), ref('01-y', [undefined])); // older file
  write(path.join(dir, 'ref', '01-x.quick.json'), ref('01-x', [9999], 'quick'));
  write(path.join(dir, 'ref', '02-z.full.json'), { ...ref('02-z', [777]), notebook: '02-b' });
  const lines = runsMarkdown(path.join(dir, 'runs'), path.join(dir, 'ref'), [
    '01-a.ipynb',
    '02-b.ipynb',
  ]).split('\n');
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(
    lines[2],
    '| [01-a.ipynb](notebooks/01-a.ipynb) | full | 10.8 min | **1,234 MB** | 2,500 MB (01-x; 1 of 2 cells measured) |',
  );
  // no run recorded for 02 yet: its own columns are —, Keras's peak still shows
  assert.equal(
    lines[3],
    '| [02-b.ipynb](notebooks/02-b.ipynb) | — | — | — | 777 MB (02-z; 1 of 1 cells measured) |',
  );
});
