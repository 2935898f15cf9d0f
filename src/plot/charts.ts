// Charts as Plotly JSON specs (never the plotly.js bundle): JupyterLab draws
// application/vnd.plotly.v1+json itself. Small specs, clear labels, ~400 px tall.
import type { Figure, PlotlySpec } from '../figure';
import { tf } from '../backend';
import { describe, fail, oneOf, positiveInteger } from '../validate';
import type { KerasReference } from '../data/reference';
import {
  epochValues,
  parityCheck,
  referenceBands,
  referenceNote,
  marginRule,
  type HistoryLike,
  type MetricBand,
  type ParityMargin,
  verdictColor,
} from './parity';
import { plotlyFont } from './plotlyFont';

const HEIGHT = 400;
const FONT = plotlyFont();

function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title },
    height: HEIGHT,
    font: FONT,
    margin: { l: 60, r: 20, t: 50, b: 60 },
    ...extra,
  };
}

function plotly(title: string, data: object[], layout: Record<string, unknown>): Figure {
  const spec: PlotlySpec = { data, layout, config: { displaylogo: false, responsive: true } };
  return { kind: 'plotly', title, spec };
}

function numberList(values: unknown, what: string): number[] {
  if (!(Array.isArray(values) || ArrayBuffer.isView(values)))
    fail(what, 'an array of numbers', describe(values));
  const list = Array.from(values as ArrayLike<number>, Number);
  list.forEach((v, i) => {
    if (!Number.isFinite(v))
      fail(what, 'finite numbers', `${describe((values as ArrayLike<unknown>)[i])} at index ${i}`);
  });
  return list;
}

export type { HistoryLike } from './parity';

/** Options of trainingCurves. */
export interface TrainingCurvesOptions {
  title?: string;
  /**
   * The Keras reference runs of the same training (`loadReference(caseId)`): drawn as a shaded
   * band (min–max over the seeds, per epoch) behind the curves, with the verdict and a note
   * under the chart.
   */
  reference?: KerasReference;
  /** How far outside the band counts as leaving it (default PARITY_MARGIN). */
  margin?: Partial<ParityMargin>;
}

const CURVE_COLORS = { training: '#1f77b4', validation: '#ff7f0e' };

/** '#1f77b4' at opacity a, as Plotly's rgba(). */
function rgba(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
}

/** A band as one closed polygon (a box ±0.25 epoch wide when it has a single epoch). */
function bandPolygon(epochs: number[], lo: number[], hi: number[]): { x: number[]; y: number[] } {
  if (epochs.length === 1) {
    const [e] = epochs;
    return {
      x: [e - 0.25, e + 0.25, e + 0.25, e - 0.25, e - 0.25],
      y: [hi[0], hi[0], lo[0], lo[0], hi[0]],
    };
  }
  return {
    x: [...epochs, ...[...epochs].reverse(), epochs[0]],
    y: [...hi, ...[...lo].reverse(), hi[0]],
  };
}

/**
 * The Keras band traces: the min–max band, and fainter, the margin around it (only where there
 * are enough seeds for a verdict: the margin is what the verdict allows). A legend entry each.
 */
function bandTraces(bands: MetricBand[], judged: boolean): object[] {
  const traces: object[] = [];
  bands.forEach((b, i) => {
    const axis = b.metric.endsWith('loss') ? 1 : 2;
    const color = b.metric.startsWith('val_') ? CURVE_COLORS.validation : CURVE_COLORS.training;
    const common = {
      type: 'scatter',
      mode: 'lines',
      fill: 'toself',
      line: { width: 0 },
      xaxis: axis === 1 ? 'x' : 'x2',
      yaxis: axis === 1 ? 'y' : 'y2',
      legendgroup: 'keras',
      hoveron: 'points',
    };
    if (judged)
      traces.push({
        ...common,
        ...bandPolygon(b.epochs, b.allowedLo, b.allowedHi),
        name: "Keras's range ± margin (allowed)",
        legendgroup: 'margin',
        showlegend: i === 0,
        fillcolor: rgba(color, 0.07),
        hovertemplate: `${b.metric}: %{y:.4f}<extra>Keras's range ± margin</extra>`,
      });
    traces.push({
      ...common,
      ...bandPolygon(b.epochs, b.lo, b.hi),
      name: b.seeds === 1 ? "Keras's run (1 seed)" : `Keras's range (${b.seeds} seeds)`,
      showlegend: i === 0,
      fillcolor: rgba(color, 0.22),
      // outlined, so a band of one seed (no width) still shows as Keras's line
      line: { width: 1.5, color: rgba(color, 0.45) },
      hovertemplate: `${b.metric}: %{y:.4f}<extra>Keras min–max</extra>`,
    });
  });
  return traces;
}

/** `text` broken into lines of at most about `width` characters, joined by <br>. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('<br>');
}

/**
 * Loss and accuracy per epoch, training and validation, in two side-by-side subplots. With a
 * `reference`, Keras's runs of the same training are drawn as a band behind the curves, and the
 * parity verdict and a note on the engines go under the chart.
 */
export function trainingCurves(history: HistoryLike, options: TrainingCurvesOptions = {}): Figure {
  const h = (
    history &&
    typeof history === 'object' &&
    'history' in history &&
    typeof history.history === 'object'
      ? history.history
      : history
  ) as Record<string, ArrayLike<number>>;
  if (!h || typeof h !== 'object')
    fail(
      'trainingCurves history',
      '{loss, val_loss, acc, val_acc} or a tf.History',
      describe(history),
    );
  const pickKey = (...keys: string[]) => keys.find((k) => k in h);
  const series: { key: string; name: string; axis: 1 | 2; dash: string; color: string }[] = [];
  const add = (key: string | undefined, name: string, axis: 1 | 2, dash: string, color: string) =>
    key && series.push({ key, name, axis, dash, color });
  add(pickKey('loss'), 'training loss', 1, 'solid', CURVE_COLORS.training);
  add(pickKey('val_loss'), 'validation loss', 1, 'dash', CURVE_COLORS.validation);
  add(pickKey('acc', 'accuracy'), 'training accuracy', 2, 'solid', CURVE_COLORS.training);
  add(
    pickKey('val_acc', 'val_accuracy'),
    'validation accuracy',
    2,
    'dash',
    CURVE_COLORS.validation,
  );
  if (series.length === 0)
    fail(
      'trainingCurves history',
      'keys loss, val_loss, acc|accuracy, val_acc|val_accuracy',
      Object.keys(h).join(', ') || 'none',
    );
  const { epochs } = epochValues(history);
  const data: object[] = series.map((s) => {
    const y = numberList(h[s.key], `trainingCurves history.${s.key}`);
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: s.name,
      x: y.length === epochs.length ? epochs : y.map((_, i) => i + 1),
      y,
      xaxis: s.axis === 1 ? 'x' : 'x2',
      yaxis: s.axis === 1 ? 'y' : 'y2',
      line: { dash: s.dash, color: s.color },
      legendgroup: s.axis === 1 ? 'loss' : 'acc',
    };
  });
  const title = options.title ?? 'Training history';
  const layout: Record<string, unknown> = {
    grid: { rows: 1, columns: 2, pattern: 'independent' },
    xaxis: { title: { text: 'epoch' }, domain: [0, 0.45], dtick: 1 },
    yaxis: { title: { text: 'loss' } },
    xaxis2: { title: { text: 'epoch' }, domain: [0.55, 1], dtick: 1 },
    yaxis2: { title: { text: 'accuracy' }, anchor: 'x2' },
    legend: { orientation: 'h', y: -0.25 },
    margin: { l: 60, r: 20, t: 50, b: 90 },
  };
  if (options.reference) {
    const check = parityCheck(history, options.reference, { margin: options.margin });
    const bands = referenceBands(history, options.reference, { margin: options.margin });
    data.unshift(...bandTraces(bands, check.judged)); // behind the curves
    const under = (text: string, shift: number, extra: Record<string, unknown>) => ({
      text,
      xref: 'paper',
      yref: 'paper',
      x: 0,
      y: 0,
      xanchor: 'left',
      yanchor: 'top',
      yshift: shift,
      align: 'left',
      showarrow: false,
      ...extra,
    });
    // both wrapped to the chart's width; the note goes under however many lines the verdict takes
    const verdict = wrap(check.line, 100);
    const verdictLines = verdict.split('<br>').length;
    const noteText = check.judged
      ? `${referenceNote(options.reference)} ${marginRule(options.margin, check.seeds)}`
      : referenceNote(options.reference);
    const note = wrap(noteText, 110);
    const extra = 18 * (verdictLines - 1 + note.split('<br>').length - 2);
    Object.assign(layout, {
      height: HEIGHT + 130 + Math.max(0, extra),
      margin: { l: 60, r: 20, t: 50, b: 220 + Math.max(0, extra) },
      annotations: [
        // below the legend, which takes two rows with the band's entry
        under(verdict, -140, { font: { size: 13, color: verdictColor(check) } }),
        under(note, -144 - 18 * verdictLines, { font: { size: 11, color: '#666' } }),
      ],
    });
  }
  return plotly(title, data, baseLayout(title, layout));
}

/** Class labels from indices (number array, Int32Array, 1D tensor) or one-hot / probability rows (2D tensor: argmax). */
export type LabelsInput = ArrayLike<number> | tf.Tensor;

export function labelIndices(labels: LabelsInput, what: string, numClasses?: number): number[] {
  let list: number[];
  if (labels instanceof tf.Tensor) {
    if (labels.rank === 2)
      list = Array.from(tf.tidy(() => tf.argMax(labels, 1)).dataSync() as Int32Array);
    else if (labels.rank === 1) list = Array.from(labels.dataSync(), Number);
    else
      fail(
        what,
        'a 1D tensor of class indices or a 2D tensor of one-hot/probability rows',
        describe(labels),
      );
  } else {
    list = numberList(labels, what);
  }
  list.forEach((v, i) => {
    if (!(Number.isInteger(v) && v >= 0 && (numClasses === undefined || v < numClasses))) {
      fail(
        what,
        `class indices 0..${numClasses === undefined ? 'n' : numClasses - 1}`,
        `${describe(v)} at position ${i}`,
      );
    }
  });
  return list;
}

function pairedLabels(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  what: string,
): { t: number[]; p: number[] } {
  if (!Array.isArray(classNames) || classNames.length < 2)
    fail(`${what} classNames`, 'at least 2 names', describe(classNames));
  const t = labelIndices(yTrue, `${what} yTrue`, classNames.length);
  const p = labelIndices(yPred, `${what} yPred`, classNames.length);
  if (t.length !== p.length)
    throw new Error(`${what}: yTrue has ${t.length} labels but yPred has ${p.length}`);
  return { t, p };
}

/** counts[true][pred]: how often each true class was predicted as each class. */
export function confusionCounts(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  numClasses: number,
): number[][] {
  positiveInteger(numClasses, 'confusionCounts numClasses');
  const t = labelIndices(yTrue, 'confusionCounts yTrue', numClasses);
  const p = labelIndices(yPred, 'confusionCounts yPred', numClasses);
  if (t.length !== p.length)
    throw new Error(`confusionCounts: yTrue has ${t.length} labels but yPred has ${p.length}`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  t.forEach((c, i) => (m[c][p[i]] += 1));
  return m;
}

function countsHeatmap(
  counts: number[][],
  classNames: string[],
  title: string,
  colorscale: string,
): Figure {
  const n = classNames.length;
  const size = Math.max(HEIGHT, Math.min(650, 120 + n * 38));
  return plotly(
    title,
    [
      {
        type: 'heatmap',
        z: counts,
        x: classNames,
        y: classNames,
        colorscale,
        text: counts,
        texttemplate: '%{text}',
        hovertemplate: 'true %{y}<br>predicted %{x}<br>%{z}<extra></extra>',
      },
    ],
    baseLayout(title, {
      height: size,
      width: size + 120,
      xaxis: { title: { text: 'predicted class' }, side: 'bottom', tickangle: -45 },
      yaxis: { title: { text: 'true class' }, autorange: 'reversed' },
      margin: { l: 100, r: 20, t: 50, b: 100 },
    }),
  );
}

/** Confusion matrix heat map with class names and counts in every cell. */
export function confusionMatrixChart(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  options: { title?: string } = {},
): Figure {
  const { t, p } = pairedLabels(yTrue, yPred, classNames, 'confusionMatrixChart');
  return countsHeatmap(
    confusionCounts(t, p, classNames.length),
    classNames,
    options.title ?? 'Confusion matrix',
    'Blues',
  );
}

/** The wrong predictions only: counts by true class (rows) and predicted class (columns), diagonal blank. */
export function mistakesBreakdownChart(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  options: { title?: string } = {},
): Figure {
  const { t, p } = pairedLabels(yTrue, yPred, classNames, 'mistakesBreakdownChart');
  const counts = confusionCounts(t, p, classNames.length).map((row, i) =>
    row.map((v, j) => (i === j ? 0 : v)),
  );
  return countsHeatmap(
    counts,
    classNames,
    options.title ?? 'Wrong predictions: true vs predicted class',
    'Reds',
  );
}

function barChart(
  title: string,
  x: string[],
  y: number[],
  yTitle: string,
  extra: Record<string, unknown> = {},
  text?: string[],
): Figure {
  return plotly(
    title,
    [
      {
        type: 'bar',
        x,
        y,
        text: text ?? y.map(String),
        textposition: 'auto',
        marker: { color: '#4c78a8' },
      },
    ],
    baseLayout(title, {
      xaxis: { title: { text: 'class' }, tickangle: -30 },
      yaxis: { title: { text: yTitle }, ...extra },
    }),
  );
}

/** How many test images of each true class were predicted wrongly. */
export function mistakesPerClassChart(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  options: { title?: string } = {},
): Figure {
  const { t, p } = pairedLabels(yTrue, yPred, classNames, 'mistakesPerClassChart');
  const wrong = classNames.map(() => 0);
  t.forEach((c, i) => c !== p[i] && (wrong[c] += 1));
  return barChart(
    options.title ?? 'Wrong predictions per true class',
    classNames,
    wrong,
    'wrong predictions',
  );
}

/** Accuracy per true class (share of its images predicted correctly). */
export function perClassAccuracyChart(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  options: { title?: string } = {},
): Figure {
  const { t, p } = pairedLabels(yTrue, yPred, classNames, 'perClassAccuracyChart');
  const right = classNames.map(() => 0);
  const total = classNames.map(() => 0);
  t.forEach((c, i) => {
    total[c] += 1;
    if (c === p[i]) right[c] += 1;
  });
  const acc = total.map((n, c) => (n ? right[c] / n : 0));
  return barChart(
    options.title ?? 'Accuracy per class',
    classNames,
    acc,
    'accuracy',
    { range: [0, 1] },
    acc.map((a, c) => (total[c] ? `${(a * 100).toFixed(1)}%` : 'n/a')),
  );
}

/** Compares scores across configurations: one bar series (number[]) or several named series ({name: number[]}); 'line' for ordered settings. */
export function compareScoresChart(
  labels: string[],
  scores: number[] | Record<string, number[]>,
  options: { title?: string; yTitle?: string; xTitle?: string; type?: 'bar' | 'line' } = {},
): Figure {
  if (!Array.isArray(labels) || labels.length === 0)
    fail('compareScoresChart labels', 'a non-empty list of names', describe(labels));
  const named = Array.isArray(scores) ? { score: scores } : scores;
  if (!named || typeof named !== 'object' || Object.keys(named).length === 0)
    fail('compareScoresChart scores', 'number[] or {series: number[]}', describe(scores));
  const type = oneOf(options.type ?? 'bar', 'compareScoresChart type', ['bar', 'line'] as const);
  const data = Object.entries(named).map(([name, ys]) => {
    const y = numberList(ys, `compareScoresChart scores.${name}`);
    if (y.length !== labels.length)
      fail(
        `compareScoresChart scores.${name}`,
        `${labels.length} values (one per label)`,
        `${y.length}`,
      );
    const text = y.map((v) => (Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(1)));
    return type === 'bar'
      ? { type: 'bar', name, x: labels, y, text, textposition: 'auto' }
      : {
          type: 'scatter',
          mode: 'lines+markers+text',
          name,
          x: labels,
          y,
          text,
          textposition: 'top center',
        };
  });
  const title = options.title ?? 'Scores';
  return plotly(
    title,
    data,
    baseLayout(title, {
      barmode: 'group',
      showlegend: data.length > 1,
      // automargin: long trial names are rotated and would be cut off by the fixed margin.
      xaxis: {
        title: { text: options.xTitle ?? 'configuration' },
        type: 'category',
        automargin: true,
      },
      yaxis: { title: { text: options.yTitle ?? 'score' }, automargin: true },
    }),
  );
}
