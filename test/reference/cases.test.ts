// The Keras references (notebooks/reference) against the notebooks they stand for:
// - every setting cases.json records (train/test counts, batch sizes, epochs, optimizer) is
//   read out of notebooks/src/*.ts again, so a notebook edit that forgets its case fails here;
// - every committed <case>.<mode>.json is well formed and was made with the case's current
//   settings (a case edit that forgets to re-run `npm run reference` fails here);
// - the models in cases.json have the parameter counts and layer shapes of the library's
//   models, and of what Keras built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cifar10BasicModel,
  cifar10KerasCnn,
  cifar10SmallCnn,
  createCnn,
  mnistCnn,
  tf,
} from '../../src/index';
import type { LayerCode } from '../../src/index';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const refDir = path.join(root, 'notebooks', 'reference');
const spec = JSON.parse(fs.readFileSync(path.join(refDir, 'cases.json'), 'utf8'));
const MODES = ['full', 'quick'] as const;
type Mode = (typeof MODES)[number];
type Locator = string | { after: string; key?: string };

const byMode = (v: any, mode: Mode): any => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if ('full' in v && 'quick' in v && Object.keys(v).length === 2) return v[mode];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, byMode(x, mode)]));
  }
  return Array.isArray(v) ? v.map((x) => byMode(x, mode)) : v;
};
const at = (obj: any, dotted: string): any => dotted.split('.').reduce((o, k) => o?.[k], obj);

// ---- reading values out of a notebook's TypeScript source -----------------------------------

/** The expression starting at `start`: up to the first `,` `;` `)` `}` or `]` outside brackets, or a line end at depth 0. */
function expressionAt(src: string, start: number): string {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const ch = src[i];
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) return src.slice(start, i).trim();
      depth--;
    } else if (depth === 0 && (ch === ',' || ch === ';' || ch === '\n' || src.startsWith('//', i)))
      return src.slice(start, i).trim();
  }
  return src.slice(start).trim();
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0,
    from = 0;
  for (let i = 0; i < s.length; i++) {
    if ('([{'.includes(s[i])) depth++;
    else if (')]}'.includes(s[i])) depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = s.slice(from).trim();
  return last ? [...parts, last] : parts;
}

function constantExpression(src: string, name: string, where: string): string {
  const m = new RegExp(`\\bconst ${name}\\s*(?::[^=]+)?=\\s*`).exec(src);
  assert.ok(m, `${where}: no \`const ${name} = …\` in the notebook source`);
  return expressionAt(src, m.index + m[0].length);
}

function locate(src: string, loc: Locator, where: string): string {
  if (typeof loc === 'string') return constantExpression(src, loc, where);
  // white space may differ (the formatter rewraps long calls)
  const pattern = loc.after
    .replace(/\s+/g, '')
    .split('')
    .map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s*');
  const m0 = new RegExp(pattern).exec(src);
  assert.ok(
    m0,
    `${where}: the text ${JSON.stringify(loc.after)} is not in the notebook source any more`,
  );
  let start = m0.index + m0[0].length;
  if (/\s$/.test(loc.after)) while (/\s/.test(src[start])) start++;
  if (loc.key) {
    const statementEnd = src.indexOf(';', start);
    const m = new RegExp(`\\b${loc.key}\\s*:\\s*`).exec(src.slice(start, statementEnd));
    assert.ok(m, `${where}: no \`${loc.key}:\` after ${JSON.stringify(loc.after)}`);
    start += m.index + m[0].length;
  }
  return expressionAt(src, start);
}

/** A number from a notebook expression: literals, pick(full, quick), constants, `x ?? default`, + - * /. */
function numberOf(src: string, expr: string, mode: Mode, where: string): number {
  expr = expr.trim();
  const parts = expr.split('??');
  if (parts.length > 1) return numberOf(src, parts[parts.length - 1], mode, where); // the notebooks' `options.x ?? default`
  const pick = /^pick\(([\s\S]*)\)$/.exec(expr);
  if (pick) return numberOf(src, splitTopLevel(pick[1])[mode === 'full' ? 0 : 1], mode, where);
  const arithmetic = expr
    .replace(/(\d)_(?=\d)/g, '$1')
    .replace(
      /\b[A-Za-z]\w*\b/g,
      (id) => `(${numberOf(src, constantExpression(src, id, where), mode, where)})`,
    );
  assert.match(arithmetic, /^[\d.eE+\-*/() ]+$/, `${where}: cannot read a number from \`${expr}\``);
  return Function(`"use strict"; return (${arithmetic});`)() as number;
}

/** `adam()`, `rmsprop({ learningRate: 1e-4, decay: 1e-6 })`, or a constant holding one. */
function optimizerOf(src: string, expr: string, where: string): Record<string, unknown> {
  if (/^\w+$/.test(expr) && !/^(adam|sgd|rmsprop)$/.test(expr))
    return optimizerOf(src, constantExpression(src, expr, where), where);
  const m = /^(\w+)\(\s*(\{([\s\S]*)\})?\s*\)$/.exec(expr);
  assert.ok(m, `${where}: cannot read an optimizer from \`${expr}\``);
  const options = Object.fromEntries(
    splitTopLevel(m[3] ?? '').map((kv) => {
      const [k, v] = kv.split(':').map((s) => s.trim());
      return [k, Number(v)];
    }),
  );
  return { name: m[1], ...options };
}

const sources = new Map<string, string>();
function notebookSource(name: string): string {
  if (!sources.has(name))
    sources.set(name, fs.readFileSync(path.join(root, 'notebooks', 'src', `${name}.ts`), 'utf8'));
  return sources.get(name)!;
}

test('every case in cases.json says where its settings are in the notebook, and they agree', () => {
  for (const [id, c] of Object.entries<any>(spec.cases)) {
    // a CI-only parity case belongs to no notebook cell: nothing to read back
    if (c.ciOnly) {
      assert.ok(!c.source && c.skipFull, `${id}: a ciOnly case has no source and skips full mode`);
      continue;
    }
    const src = notebookSource(c.notebook);
    const needed = [
      'data.train',
      'data.test',
      'optimizer',
      ...c.phases.flatMap((_: unknown, i: number) => [
        `phases.${i}.batchSize`,
        `phases.${i}.epochs`,
      ]),
    ];
    if (c.data.validationFromStart !== undefined) needed.push('data.validationFromStart');
    for (const key of needed) {
      // the assignment trials other than the baseline share its compile call; the optimizer is checked there
      if (key === 'optimizer' && !c.source.optimizer && id.startsWith('04-assign-')) continue;
      assert.ok(c.source[key], `${id}: cases.json gives no source for ${key}`);
    }
    for (const [key, loc] of Object.entries<Locator>(c.source)) {
      const where = `${id}: ${key} (notebooks/src/${c.notebook}.ts)`;
      const expr = locate(src, loc, where);
      if (key === 'optimizer') {
        assert.deepEqual(
          optimizerOf(src, expr, where),
          c.optimizer,
          `${where}: the notebook compiles with \`${expr}\`, cases.json says ${JSON.stringify(c.optimizer)}`,
        );
        continue;
      }
      for (const mode of MODES) {
        const inCase = byMode(at(c, key), mode);
        const inNotebook = numberOf(src, expr, mode, where);
        assert.equal(
          inCase,
          inNotebook,
          `${where}, ${mode} mode: the notebook says ${inNotebook} (\`${expr}\`), cases.json says ${inCase}`,
        );
      }
    }
  }
});

// ---- the models ------------------------------------------------------------------------------

/** Output shape and parameter count of each layer of a cases.json model, by arithmetic. */
function layerTable(model: any): { shape: number[]; params: number }[] {
  let shape: number[] = [...model.input];
  const specs: any[][] = model.layers ?? model.createCnn;
  return specs.map((s, i) => {
    let [kind, a, b, padding] = s;
    if (kind === 'c') [kind, padding] = ['conv', 'same'];
    if (kind === 'm') kind = 'pool';
    if (kind === 'f') kind = 'flatten';
    if (kind === 'd') kind = 'dense';
    let params = 0;
    if (kind === 'conv') {
      const [h, w, cin] = shape;
      params = b * b * cin * a + a;
      shape = padding === 'same' ? [h, w, a] : [h - b + 1, w - b + 1, a];
    } else if (kind === 'pool')
      shape = [Math.floor(shape[0] / a), Math.floor(shape[1] / a), shape[2]];
    else if (kind === 'flatten') shape = [shape.reduce((x, y) => x * y, 1)];
    else if (kind === 'dense') {
      params = shape[0] * a + a;
      shape = [a];
    } else
      assert.ok(
        ['dropout', 'relu', 'softmax'].includes(kind),
        `unknown layer ${JSON.stringify(s)} (entry ${i})`,
      );
    return { shape, params };
  });
}

const libraryModels: Record<string, () => tf.Sequential> = {
  mnist_cnn: () => mnistCnn(),
  cifar10_small_cnn: () => cifar10SmallCnn(),
  cifar10_basic_model: () => cifar10BasicModel(),
  keras_first_cnn: () => cifar10KerasCnn(),
};

test('the cases.json models have the parameter counts and layer shapes of the library models', () => {
  for (const [name, m] of Object.entries<any>(spec.models)) {
    const table = layerTable(m);
    assert.equal(
      table.reduce((s, l) => s + l.params, 0),
      m.params,
      `${name}: the layers add up to a different parameter count`,
    );
    const model = m.createCnn
      ? createCnn(m.createCnn as LayerCode[], m.input)
      : libraryModels[name]?.();
    assert.ok(model, `${name}: no library builder known to this test`);
    try {
      assert.equal(
        model.countParams(),
        m.params,
        `${name}: the library's model has ${model.countParams()} parameters, cases.json ${m.params}`,
      );
      assert.deepEqual(
        model.layers.map((l) => (l.outputShape as number[]).slice(1)),
        table.map((l) => l.shape),
        `${name}: layer output shapes differ`,
      );
    } finally {
      model.dispose();
    }
  }
});

// ---- the committed reference files -----------------------------------------------------------

const files = fs
  .readdirSync(refDir)
  .filter((f) => /\.(quick|full)\.json$/.test(f))
  .sort();

test('every case has a quick-mode reference with at least 5 seeds', () => {
  for (const id of Object.keys(spec.cases)) {
    const file = `${id}.quick.json`;
    assert.ok(
      files.includes(file),
      `notebooks/reference/${file} is missing: npm run reference -- ${id} --quick`,
    );
    assert.ok(
      JSON.parse(fs.readFileSync(path.join(refDir, file), 'utf8')).seeds.length >= 5,
      `${file}: fewer than 5 seeds`,
    );
  }
});

for (const file of files) {
  test(`notebooks/reference/${file} is well formed and made with the case's current settings`, () => {
    const text = fs.readFileSync(path.join(refDir, file), 'utf8');
    assert.ok(
      text.length < 64 * 1024,
      `${file}: ${text.length} bytes, a reference file should be a few KB`,
    );
    const ref = JSON.parse(text);
    const [id, mode] = file.replace(/\.json$/, '').split(/\.(?=quick$|full$)/) as [string, Mode];
    const c = spec.cases[id];
    assert.ok(c, `${file}: no case ${id} in cases.json`);
    assert.equal(ref.case, id);
    assert.equal(ref.mode, mode);
    const want = byMode(c, mode);
    const redo = `re-run \`npm run reference -- ${id}${mode === 'full' ? ' --full' : ''}\``;

    // made with the settings the case has now
    assert.equal(
      ref.settings.model,
      want.model,
      `${file}: made for model ${ref.settings.model}; ${redo}`,
    );
    assert.deepEqual(
      ref.settings.optimizer,
      want.optimizer,
      `${file}: other optimizer settings; ${redo}`,
    );
    assert.deepEqual(ref.settings.data, want.data, `${file}: other data settings; ${redo}`);
    assert.deepEqual(
      ref.settings.phases,
      want.phases,
      `${file}: other phases (batch size, epochs, ...); ${redo}`,
    );
    // files made before cases.json had `loss` used Keras's default
    assert.equal(
      ref.settings.loss ?? 'keras',
      want.loss ?? 'keras',
      `${file}: made with another loss formula; ${redo}`,
    );
    assert.equal(
      ref.settings.counts.train,
      want.data.train,
      `${file}: trained on ${ref.settings.counts.train} images`,
    );
    assert.equal(
      ref.settings.counts.test,
      want.data.test,
      `${file}: tested on ${ref.settings.counts.test} images`,
    );

    // provenance
    for (const k of ['keras', 'tensorflow', 'python', 'numpy'])
      assert.match(ref.made.versions[k], /^\d+\.\d+/, `${file}: version of ${k}`);
    assert.match(ref.made.versions.tensorflow, /^2\.21\./);
    assert.equal(typeof ref.made.cpu.model, 'string');
    assert.equal(typeof ref.made.cpu.avx512_bf16, 'boolean');
    assert.ok(!Number.isNaN(Date.parse(ref.made.date)), `${file}: date`);
    assert.ok(ref.made.wallSeconds > 0);

    // the model Keras built
    const model = spec.models[want.model];
    assert.equal(
      ref.params,
      model.params,
      `${file}: Keras counted ${ref.params} parameters, cases.json ${model.params}`,
    );
    const table = layerTable(model);
    assert.deepEqual(
      ref.layers.map((l: any) => l.outputShape.slice(1)),
      table.map((l) => l.shape),
      `${file}: Keras's layer shapes`,
    );
    assert.deepEqual(
      ref.layers.map((l: any) => l.params),
      table.map((l) => l.params),
      `${file}: Keras's layer parameter counts`,
    );
    assert.ok(
      ref.layers.every(
        (l: any) =>
          l.outputShape[0] === null && typeof l.name === 'string' && typeof l.class === 'string',
      ),
    );

    // the runs
    assert.deepEqual(
      ref.runs.map((r: any) => r.seed),
      ref.seeds,
    );
    assert.equal(new Set(ref.seeds).size, ref.seeds.length, `${file}: repeated seeds`);
    const planned = want.phases.reduce((s: number, p: any) => s + p.epochs, 0);
    const stops = want.phases.some((p: any) => p.earlyStopping);
    for (const run of ref.runs) {
      const where = `${file} seed ${run.seed}`;
      if (stops)
        assert.ok(
          run.epochs.length <= planned && run.epochs.length >= want.phases.length,
          `${where}: ${run.epochs.length} epochs`,
        );
      else
        assert.equal(
          run.epochs.length,
          planned,
          `${where}: ${run.epochs.length} epochs, the case trains ${planned}`,
        );
      run.epochs.forEach((e: any, i: number) => {
        assert.equal(e.epoch, i + 1, `${where}: epoch numbering`);
        const phase = want.phases.find((p: any) => p.name === e.phase);
        assert.ok(phase, `${where}: unknown phase ${e.phase}`);
        for (const k of ['loss', 'accuracy', 'seconds'])
          assert.ok(Number.isFinite(e[k]), `${where} epoch ${e.epoch}: ${k}`);
        assert.ok(e.accuracy >= 0 && e.accuracy <= 1);
        assert.equal(
          Number.isFinite(e.val_loss) && Number.isFinite(e.val_accuracy),
          phase.validation !== null,
          `${where} epoch ${e.epoch}: val_loss/val_accuracy iff the cell validates`,
        );
      });
      assert.equal(
        run.evaluations.length,
        want.phases.filter((p: any) => p.evaluate).length,
        `${where}: test evaluations`,
      );
      for (const ev of run.evaluations)
        assert.ok(
          Number.isFinite(ev.loss) && ev.accuracy >= 0 && ev.accuracy <= 1,
          `${where}: test score`,
        );
    }

    // the band holds every run
    const longest = Math.max(...ref.runs.map((r: any) => r.epochs.length));
    assert.equal(ref.band.epochs.length, longest);
    ref.band.epochs.forEach((b: any, i: number) => {
      for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
        const xs = ref.runs
          .map((r: any) => r.epochs[i]?.[k])
          .filter((x: unknown) => x !== undefined);
        if (!xs.length) {
          assert.equal(b[k], undefined);
          continue;
        }
        assert.ok(b[k][0] <= b[k][1], `${file}: band ${k} at epoch ${i + 1}`);
        assert.ok(
          xs.every((x: number) => x >= b[k][0] && x <= b[k][1]),
          `${file}: band ${k} at epoch ${i + 1} misses a run`,
        );
      }
    });
    assert.equal(ref.band.evaluations.length, ref.runs[0].evaluations.length);
  });
}
