// Charts as Plotly JSON specs (never the plotly.js bundle): JupyterLab draws
// application/vnd.plotly.v1+json itself. Small specs, clear labels, ~400 px tall.
import type { Figure, PlotlySpec } from '../figure';
import { tf } from '../backend';

const HEIGHT = 400;
const FONT = { family: 'DejaVu Sans, Arial, sans-serif', size: 13 };

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
    throw new Error(`${what}: expected an array of numbers, found ${typeof values}`);
  const list = Array.from(values as ArrayLike<number>, Number);
  list.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new Error(
        `${what}: expected finite numbers, found ${String((values as ArrayLike<unknown>)[i])} at index ${i}`,
      );
  });
  return list;
}

/** Keras-like history: {loss, val_loss, acc|accuracy, val_acc|val_accuracy}, or an object holding it in `.history` (tf.History). */
export type HistoryLike =
  Record<string, ArrayLike<number>> | { history: Record<string, ArrayLike<number>> };

/** Loss and accuracy per epoch, training and validation, in two side-by-side subplots. */
export function trainingCurves(history: HistoryLike, options: { title?: string } = {}): Figure {
  const h = (
    history &&
    typeof history === 'object' &&
    'history' in history &&
    typeof history.history === 'object'
      ? history.history
      : history
  ) as Record<string, ArrayLike<number>>;
  if (!h || typeof h !== 'object')
    throw new Error(
      `trainingCurves history: expected {loss, val_loss, acc, val_acc} or a tf.History, found ${typeof history}`,
    );
  const pickKey = (...keys: string[]) => keys.find((k) => k in h);
  const series: { key: string; name: string; axis: 1 | 2; dash: string; color: string }[] = [];
  const add = (key: string | undefined, name: string, axis: 1 | 2, dash: string, color: string) =>
    key && series.push({ key, name, axis, dash, color });
  add(pickKey('loss'), 'training loss', 1, 'solid', '#1f77b4');
  add(pickKey('val_loss'), 'validation loss', 1, 'dash', '#ff7f0e');
  add(pickKey('acc', 'accuracy'), 'training accuracy', 2, 'solid', '#1f77b4');
  add(pickKey('val_acc', 'val_accuracy'), 'validation accuracy', 2, 'dash', '#ff7f0e');
  if (series.length === 0)
    throw new Error(
      `trainingCurves history: expected keys loss, val_loss, acc|accuracy, val_acc|val_accuracy, found ${Object.keys(h).join(', ') || 'none'}`,
    );
  const data = series.map((s) => {
    const y = numberList(h[s.key], `trainingCurves history.${s.key}`);
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: s.name,
      x: y.map((_, i) => i + 1),
      y,
      xaxis: s.axis === 1 ? 'x' : 'x2',
      yaxis: s.axis === 1 ? 'y' : 'y2',
      line: { dash: s.dash, color: s.color },
      legendgroup: s.axis === 1 ? 'loss' : 'acc',
    };
  });
  const title = options.title ?? 'Training history';
  return plotly(
    title,
    data,
    baseLayout(title, {
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      xaxis: { title: { text: 'epoch' }, domain: [0, 0.45], dtick: 1 },
      yaxis: { title: { text: 'loss' } },
      xaxis2: { title: { text: 'epoch' }, domain: [0.55, 1], dtick: 1 },
      yaxis2: { title: { text: 'accuracy' }, anchor: 'x2' },
      legend: { orientation: 'h', y: -0.25 },
      margin: { l: 60, r: 20, t: 50, b: 90 },
    }),
  );
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
      throw new Error(
        `${what}: expected a 1D tensor of class indices or a 2D tensor of one-hot/probability rows, found shape [${labels.shape.join(', ')}]`,
      );
  } else {
    list = numberList(labels, what);
  }
  list.forEach((v, i) => {
    if (!(Number.isInteger(v) && v >= 0 && (numClasses === undefined || v < numClasses))) {
      throw new Error(
        `${what}: expected class indices 0..${numClasses === undefined ? 'n' : numClasses - 1}, found ${v} at position ${i}`,
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
    throw new Error(
      `${what} classNames: expected at least 2 names, found ${JSON.stringify(classNames)}`,
    );
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
  if (!(Number.isInteger(numClasses) && numClasses > 0))
    throw new Error(`confusionCounts numClasses: expected a positive integer, found ${numClasses}`);
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
    throw new Error(
      `compareScoresChart labels: expected a non-empty list of names, found ${JSON.stringify(labels)}`,
    );
  const named = Array.isArray(scores) ? { score: scores } : scores;
  if (!named || typeof named !== 'object' || Object.keys(named).length === 0)
    throw new Error(
      'compareScoresChart scores: expected number[] or {series: number[]}, found nothing',
    );
  const type = options.type ?? 'bar';
  if (type !== 'bar' && type !== 'line')
    throw new Error(`compareScoresChart type: expected 'bar' or 'line', found '${String(type)}'`);
  const data = Object.entries(named).map(([name, ys]) => {
    const y = numberList(ys, `compareScoresChart scores.${name}`);
    if (y.length !== labels.length)
      throw new Error(
        `compareScoresChart scores.${name}: expected ${labels.length} values (one per label), found ${y.length}`,
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
      xaxis: { title: { text: options.xTitle ?? 'configuration' }, type: 'category' },
      yaxis: { title: { text: options.yTitle ?? 'score' } },
    }),
  );
}
