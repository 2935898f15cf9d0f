// What a machine can check of a notebook's prose against the outputs beside it: each check
// takes a notebook (cells with markdown and outputs) and returns the contradictions it finds,
// one sentence each. Prose that makes no claim about the run gives none.
import * as fs from 'node:fs';
import * as path from 'node:path';

const RESULTS_MIME = 'application/vnd.cnn-notebooks.results+json';

export interface Cell {
  index: number;
  kind: 'markdown' | 'code';
  source: string;
  /** Every text output of a code cell: streams and text/plain, one entry per output. */
  outputs: string[];
  /** Wall-clock seconds the cell ran (from the runner's execution metadata), when known. */
  seconds?: number;
}

export interface Notebook {
  name: string;
  cells: Cell[];
  /** Seeds in each reference file the outputs name, by path under the repository. */
  referenceSeeds: (file: string) => number | undefined;
  /** The rows of the notebook's results tables, as its outputs carry them. */
  results: { quantity: string; measured: string; keras?: string }[];
}

type RawCell = {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; text?: string | string[]; data?: Record<string, unknown> }[];
  metadata?: { execution?: Record<string, string> };
};

const joined = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v ?? ''));

function cellSeconds(meta: Record<string, string> | undefined): number | undefined {
  const busy = meta?.['iopub.status.busy'];
  const idle = meta?.['iopub.status.idle'];
  if (!busy || !idle) return undefined;
  return (Date.parse(idle) - Date.parse(busy)) / 1000;
}

/** A committed notebook as the checks see it. */
export function readNotebook(root: string, file: string): Notebook {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: RawCell[] };
  const cells: Cell[] = raw.cells.map((c, index) => ({
    index,
    kind: c.cell_type === 'markdown' ? 'markdown' : 'code',
    source: joined(c.source),
    outputs: (c.outputs ?? []).flatMap((o) => {
      if (o.output_type === 'stream') return [joined(o.text)];
      const text = o.data?.['text/plain'];
      return text === undefined ? [] : [joined(text)];
    }),
    seconds: cellSeconds(c.metadata?.execution),
  }));
  const name = path.basename(file);
  // the results rows as this run showed them (the runner saves the same rows to notebooks/results/)
  const results = raw.cells.flatMap((c) =>
    (c.outputs ?? []).flatMap(
      (o) => (o.data?.[RESULTS_MIME] as { rows?: Notebook['results'] } | undefined)?.rows ?? [],
    ),
  );
  const referenceSeeds = (ref: string) => {
    const p = path.join(root, ref);
    return fs.existsSync(p)
      ? (JSON.parse(fs.readFileSync(p, 'utf8')) as { seeds: unknown[] }).seeds.length
      : undefined;
  };
  return { name, cells, referenceSeeds, results };
}

/** The markdown's sentences (list items and paragraphs broken at full stops), flattened to one line each. */
function sentences(markdown: string): string[] {
  return markdown
    .replace(/\s*\n\s*/g, ' ')
    .split(/(?<=[.!?:;])\s+(?=[A-Z*(])|\s+[*-]\s+|\s+\d+\.\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The code cells after markdown cell `i`, up to the next markdown cell. */
function following(nb: Notebook, i: number): Cell[] {
  const out: Cell[] = [];
  for (let k = i + 1; k < nb.cells.length && nb.cells[k].kind === 'code'; k++)
    out.push(nb.cells[k]);
  return out;
}

const lines = (cells: Cell[]): string[] => cells.flatMap((c) => c.outputs.join('\n').split('\n'));
const where = (nb: Notebook, c: Cell) => `${nb.name.slice(0, 2)}[${c.index}]`;
const clip = (s: string) => (s.length > 110 ? `${s.slice(0, 107)}...` : s);

/** Is the notebook's output from a full-mode run (the setup cell says so)? Lines for the other mode are not this run's. */
function otherModeLine(nb: Notebook, line: string): boolean {
  const full = nb.cells.some((c) => c.outputs.some((o) => /^FULL mode/m.test(o)));
  return full ? /^\s*quick:/.test(line) : /^\s*full:/.test(line);
}

// ---- seeds ---------------------------------------------------------------------------------

const WORD_NUMBERS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6 };

/** Seed counts an output line states: "3 seed(s)", "(1 Keras seed)", "seeds 1, 2, 3". */
export function printedSeedCounts(line: string): number[] {
  const out: number[] = [];
  for (const m of line.matchAll(/\b(\d+) (?:Keras )?seeds?\b(?:\(s\))?/g)) out.push(Number(m[1]));
  for (const m of line.matchAll(/\bseeds ((?:\d+, )*\d+)\b/g)) out.push(m[1].split(', ').length);
  return out;
}

/** A sentence's claim about how many seeds the Keras runs have: a number, 2 for "several", or none. */
function claimedSeeds(sentence: string): number | undefined {
  // about Keras's runs: Keras or its reference named before the count ("run in Keras over several seeds")
  const m =
    /\b(?:Keras|reference)\b.*?\b(several|multiple|many|\d+|two|three|four|five|six) (?:Keras |different |random )?seeds\b/i.exec(
      sentence.replace(/\bhow many\b/gi, 'howmany'), // "says how many seeds" asks the count, claims none
    );
  if (!m) return undefined;
  const w = m[1].toLowerCase();
  if (['several', 'multiple', 'many'].includes(w)) return 2;
  return WORD_NUMBERS[w] ?? Number(w);
}

/**
 * Seed counts: a sentence that says the Keras runs have several (or N) seeds, against the counts
 * printed by the code cells after it — or anywhere in the notebook when those print none; and
 * every "Keras reference: … N seed(s) (file)" line against the seeds in that file.
 */
export function checkSeeds(nb: Notebook): string[] {
  const found: string[] = [];
  const allCounts = lines(nb.cells.filter((c) => c.kind === 'code'))
    .filter((l) => !otherModeLine(nb, l))
    .flatMap(printedSeedCounts);
  nb.cells.forEach((c, i) => {
    if (c.kind !== 'markdown') return;
    for (const s of sentences(c.source)) {
      const claim = claimedSeeds(s);
      if (claim === undefined) continue;
      const near = lines(following(nb, i))
        .filter((l) => !otherModeLine(nb, l))
        .flatMap(printedSeedCounts);
      const counts = near.length ? near : allCounts;
      const fewer = counts.filter((n) => n < claim);
      if (fewer.length)
        found.push(
          `${where(nb, c)} says "${clip(s)}", but the outputs print ${fewer.join(', ')} seed(s)`,
        );
    }
  });
  for (const c of nb.cells)
    for (const l of lines([c])) {
      const m = /Keras reference: .*?(\d+) seed\(s\) \(([^)]+\.json)\)/.exec(l);
      if (!m) continue;
      const inFile = nb.referenceSeeds(m[2]);
      if (inFile !== undefined && inFile !== Number(m[1]))
        found.push(`${where(nb, c)} prints ${m[1]} seed(s) for ${m[2]}, which holds ${inFile}`);
    }
  return found;
}

// ---- verdicts ------------------------------------------------------------------------------

/**
 * Verdicts: prose that promises an inside/outside verdict while an output says there is none;
 * prose that states a verdict itself; a printed "inside/outside Keras's range" that does not
 * say it means the range ± a margin.
 */
export function checkVerdicts(nb: Notebook): string[] {
  const found: string[] = [];
  const code = nb.cells.filter((c) => c.kind === 'code');
  const noVerdict = code.find((c) => lines([c]).some((l) => /no inside\/outside verdict/.test(l)));
  for (const c of nb.cells) {
    if (c.kind !== 'markdown') continue;
    for (const s of sentences(c.source)) {
      // a promise: "…say(s) whether this run stayed inside it", "judge inside/outside"
      if (
        noVerdict &&
        /\b(says?|tells?|judges?|shows?) (whether|if)\b[^.]*\b(inside|outside)\b/i.test(s)
      )
        found.push(
          `${where(nb, c)} promises an inside/outside verdict ("${clip(s)}"), but ${where(nb, noVerdict)} prints none`,
        );
      // a verdict stated in prose instead of printed from the measurement
      if (
        /\b(is|are|was|were|stays?|stayed|lands?|landed|sits?) (well |just )?(inside|outside|within) (Keras's|the Keras|the band|Keras)/i.test(
          s,
        ) ||
        /^(inside|outside) Keras's range/i.test(s)
      )
        found.push(`${where(nb, c)} states a verdict in prose: "${clip(s)}"`);
    }
  }
  for (const c of code)
    for (const l of lines([c]))
      if (/\b(inside|outside|left) Keras's range\b/i.test(l) && !/margin/i.test(l))
        found.push(`${where(nb, c)} prints a verdict without its margin: "${clip(l.trim())}"`);
  return found;
}

// ---- durations -----------------------------------------------------------------------------

/** Durations printed in output lines, in seconds: "76 s", "6.6 minutes", "1.3 min", "0.3 h". */
export function printedSeconds(line: string): number[] {
  const unit: Record<string, number> = {
    s: 1,
    sec: 1,
    seconds: 1,
    min: 60,
    minutes: 60,
    h: 3600,
    hours: 3600,
  };
  return [...line.matchAll(/(\d+(?:\.\d+)?)\s*(s|sec|seconds|min|minutes|h|hours)\b/g)].map(
    (m) => Number(m[1]) * unit[m[2]],
  );
}

/** The range of seconds a duration word stands for: "seconds" under 2 minutes, "minutes" 2 minutes to 2 hours, "hours" beyond 1 hour. */
const WORD_RANGE: Record<string, [number, number]> = {
  seconds: [0, 120],
  minutes: [120, 7200],
  hours: [3600, Infinity],
};

/**
 * Durations: a sentence that says something takes seconds, minutes or hours, against the times
 * printed by the code cells after it (per-epoch times anywhere in the notebook when the sentence
 * is about an epoch). A claim with no printed time to back it is reported too.
 */
export function checkDurations(nb: Notebook): string[] {
  const found: string[] = [];
  const perEpoch = lines(nb.cells.filter((c) => c.kind === 'code'))
    // "76 s per epoch", "1.3 min per epoch", "29 s for the epoch"
    .flatMap((l) =>
      [
        ...l.matchAll(
          /(\d+(?:\.\d+)?\s*(?:s|sec|seconds|min|minutes|h|hours)) (?:per|for the|for each|an|each) epoch\b/g,
        ),
      ].flatMap((m) => printedSeconds(m[1])),
    );
  nb.cells.forEach((c, i) => {
    if (c.kind !== 'markdown') return;
    for (const s of sentences(c.source)) {
      const m =
        /\b(?:takes?|took|lasts?|costs?|needs?) (?:about |a few |several |many |only |just |under |over )?(seconds|minutes|hours)\b/i.exec(
          s,
        ) ?? /\b(seconds|minutes|hours) (?:each|apiece|per epoch|an epoch)\b/i.exec(s);
      if (!m) continue;
      const word = m[1].toLowerCase();
      const times = /\bepochs?\b/i.test(s)
        ? perEpoch
        : lines(following(nb, i)).flatMap(printedSeconds);
      if (!times.length) {
        found.push(`${where(nb, c)} says "${clip(s)}", and no printed time backs it`);
        continue;
      }
      const [lo, hi] = WORD_RANGE[word];
      const off = times.filter((t) => t < lo || t >= hi);
      if (off.length)
        found.push(
          `${where(nb, c)} says "${clip(s)}" (${word}), but the outputs print ${off.map((t) => `${t.toFixed(0)} s`).join(', ')}`,
        );
    }
  });
  return found;
}

/**
 * "One of the two long cells", "the longest cell": the cell meant (the next code cell) against
 * the run times of every cell the runner recorded.
 */
export function checkLongCells(nb: Notebook): string[] {
  const found: string[] = [];
  const timed = nb.cells.filter((c) => c.seconds !== undefined);
  nb.cells.forEach((c, i) => {
    if (c.kind !== 'markdown') return;
    for (const s of sentences(c.source)) {
      const m =
        /\bone of the (two|three|four|\d+) (?:long|longest|slow|slowest) cells\b/i.exec(s) ??
        /\bthe (?:longest|slowest) cell\b/i.exec(s);
      if (!m) continue;
      const n = m[1] ? (WORD_NUMBERS[m[1].toLowerCase()] ?? Number(m[1])) : 1;
      const target = following(nb, i)[0];
      if (!target || target.seconds === undefined || !timed.length) {
        found.push(`${where(nb, c)} says "${clip(s)}", and the notebook records no cell times`);
        continue;
      }
      const asLong = timed.filter((t) => t !== target && t.seconds! >= target.seconds!);
      if (asLong.length >= n)
        found.push(
          `${where(nb, c)} says "${clip(s)}", but ${asLong.length} other cell(s) ran as long or longer than ${where(nb, target)} ` +
            `(${target.seconds!.toFixed(0)} s): ${asLong.map((t) => `${where(nb, t)} ${t.seconds!.toFixed(0)} s`).join(', ')}`,
        );
    }
  });
  return found;
}

// ---- class confusions --------------------------------------------------------------------------

const CLASS_WORDS: [RegExp, string][] = [
  [/\b(air)?planes?\b|\bairplanes?\b/i, 'airplane'],
  [/\bcars?\b|\bautomobiles?\b/i, 'automobile'],
  [/\bbirds?\b/i, 'bird'],
  [/\bcats?\b/i, 'cat'],
  [/\bdeer\b/i, 'deer'],
  [/\bdogs?\b/i, 'dog'],
  [/\bfrogs?\b/i, 'frog'],
  [/\bhorses?\b/i, 'horse'],
  [/\bships?\b/i, 'ship'],
  [/\btrucks?\b/i, 'truck'],
];

/** "cats and dogs, cars and trucks": the class pairs a sentence names, in CIFAR-10's words. */
function namedPairs(sentence: string): string[][] {
  const pairs: string[][] = [];
  for (const m of sentence.matchAll(/\b(\w+) (?:and|or|with|vs\.?|versus) (\w+)\b/g)) {
    const a = CLASS_WORDS.find(([re]) => re.test(m[1]))?.[1];
    const b = CLASS_WORDS.find(([re]) => re.test(m[2]))?.[1];
    if (a && b && a !== b) pairs.push([a, b].sort());
  }
  return pairs;
}

/**
 * Which classes get confused: a sentence that says the model mixes up cats and dogs (etc.) must
 * sit after code that printed those confusions, from the mistakes it just made.
 */
export function checkConfusions(nb: Notebook): string[] {
  const found: string[] = [];
  nb.cells.forEach((c, i) => {
    if (c.kind !== 'markdown') return;
    for (const s of sentences(c.source)) {
      if (!/\b(mix(es|ed)? up|confus\w*|mistak\w*|taken for|mistook)\b/i.test(s)) continue;
      const pairs = namedPairs(s);
      if (!pairs.length) continue;
      // the printed lines of the code cells just before this markdown
      const before: Cell[] = [];
      for (let k = i - 1; k >= 0 && nb.cells[k].kind === 'code'; k--) before.push(nb.cells[k]);
      const printed = lines(before).join('\n');
      for (const [a, b] of pairs)
        if (!new RegExp(`\\b${a}\\b[^\\n]*\\b${b}\\b|\\b${b}\\b[^\\n]*\\b${a}\\b`).test(printed))
          found.push(
            `${where(nb, c)} names ${a}/${b} as a confusion ("${clip(s)}"), but no output before it prints that pair`,
          );
    }
  });
  return found;
}

// ---- repeated outputs and rows --------------------------------------------------------------

/** (layer class, output shape, parameters) rows of a layer table, in the summary's or a data table's layout. */
function layerRows(text: string): string[] {
  return [
    ...text.matchAll(
      /\b(Conv2D|MaxPooling2D|Flatten|Dense|Dropout|Activation)\)?\s+(\(None[^)]*\))\s+([\d,]+)/g,
    ),
  ].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

/** One cell showing the same thing twice: the same layer table, or the same output text of three or more lines. */
export function checkRepeats(nb: Notebook): string[] {
  const found: string[] = [];
  for (const c of nb.cells) {
    if (c.kind !== 'code') continue;
    // as sets: a data table may list each layer twice (two models side by side), a summary once
    const tables = c.outputs
      .map((o) => [...new Set(layerRows(o))].sort())
      .filter((r) => r.length >= 3);
    for (let a = 0; a < tables.length; a++)
      for (let b = a + 1; b < tables.length; b++)
        if (tables[a].join('|') === tables[b].join('|'))
          found.push(`${where(nb, c)} shows the same ${tables[a].length}-layer table twice`);
    const texts = c.outputs.filter((o) => o.trim().split('\n').length >= 3);
    if (new Set(texts).size < texts.length)
      found.push(`${where(nb, c)} shows the same output twice`);
  }
  // results rows: one measurement, one row (a percentage and a fraction of it are the same number)
  const value = (s?: string) => {
    if (!s || !/\d/.test(s)) return undefined;
    const nums = [...s.matchAll(/-?\d[\d,]*(?:\.\d+)?%?/g)].map((m) =>
      m[0].endsWith('%')
        ? Number(m[0].slice(0, -1).replace(/,/g, '')) / 100
        : Number(m[0].replace(/,/g, '')),
    );
    return nums.map((n) => n.toFixed(4)).join('–');
  };
  const seen = new Map<string, string>();
  for (const r of nb.results) {
    const [m, k] = [value(r.measured), value(r.keras)];
    if (m === undefined || k === undefined) continue; // rows without Keras beside them: too plain to tell apart
    const key = `${m} | ${k}`;
    const other = seen.get(key);
    if (other)
      found.push(
        `results rows "${other}" and "${r.quantity}" hold the same measurement (${r.measured}, Keras ${r.keras})`,
      );
    else seen.set(key, r.quantity);
  }
  return found;
}

// ---- trial comparisons ------------------------------------------------------------------------

/**
 * A trial comparison calls a difference real only when Keras's ranges for the two trials do not
 * overlap; and no prose calls a difference real.
 */
export function checkTrials(nb: Notebook): string[] {
  const found: string[] = [];
  const all = lines(nb.cells.filter((c) => c.kind === 'code'));
  // "name: test accuracy …" then "  Keras, the same trial: lo–hi (…)"
  const keras = new Map<string, [number, number]>();
  all.forEach((l, k) => {
    const m = /^(.+?): test accuracy /.exec(l);
    const r = /Keras, the same trial: (\d\.\d+)(?:–(\d\.\d+))?/.exec(all[k + 1] ?? '');
    if (m && r) keras.set(m[1], [Number(r[1]), Number(r[2] ?? r[1])]);
  });
  const baseline = keras.keys().next().value as string | undefined;
  for (const c of nb.cells) {
    if (c.kind === 'markdown') {
      for (const s of sentences(c.source))
        if (
          /\b(is|are|was|were) (a )?real differences?\b|\breal differences? (from|between|to)\b/i.test(
            s,
          ) &&
          !/\b(only|unless|when|whether|if|cannot|not)\b/i.test(s)
        )
          found.push(`${where(nb, c)} calls a difference real in prose: "${clip(s)}"`);
      continue;
    }
    for (const l of lines([c])) {
      const m = /^(.+?): (?:accuracy )?[+\-−]\d\.\d+/.exec(l);
      if (!m || !baseline || !keras.has(m[1])) continue;
      const real =
        /larger than the spread|\breal\b/i.test(l) &&
        !/cannot tell|not a real|within the spread/i.test(l);
      if (!real) continue;
      const [a, b] = [keras.get(m[1])!, keras.get(baseline)!];
      if (a[0] <= b[1] && b[0] <= a[1])
        found.push(
          `${where(nb, c)} calls "${m[1]}" a real difference, but Keras's ranges overlap (${a.join('–')} against the baseline's ${b.join('–')})`,
        );
    }
  }
  return found;
}

export const CHECKS = {
  seeds: checkSeeds,
  verdicts: checkVerdicts,
  durations: checkDurations,
  'long cells': checkLongCells,
  confusions: checkConfusions,
  repeats: checkRepeats,
  trials: checkTrials,
};

/** Every contradiction every check finds in a notebook. */
export function contradictions(nb: Notebook): string[] {
  return Object.values(CHECKS).flatMap((check) => check(nb));
}
