// Teaching charts as Plotly specs: gradient descent walking down a cost curve J(A)
// (tutorial 000), and the activation functions tutorial 001 lists, with softmax
// shown on an example vector of scores.
import type { Figure } from '../figure';
import { describe, fail, integerIn, numberIn, positiveNumber } from '../validate';
import { plotlyFont } from './plotlyFont';

const FONT = plotlyFont();

function chart(title: string, data: object[], layout: Record<string, unknown>): Figure {
  const base = { title: { text: title }, height: 420, font: FONT };
  const margin = { l: 60, r: 20, t: 60, b: 60 };
  return {
    kind: 'plotly',
    title,
    spec: {
      data,
      layout: { ...base, margin, ...layout },
      config: { displaylogo: false, responsive: true },
    },
  };
}

/** A cost J(A) over one parameter A: a function, or samples of it (ascending A). */
export type CostCurve = ((a: number) => number) | { a: ArrayLike<number>; cost: ArrayLike<number> };

export interface GradientDescentOptions {
  /** Where the walk starts. */
  start: number;
  /** How far each step goes against the slope: A ← A − learningRate · dJ/dA. */
  learningRate: number;
  /** Number of steps (default 10). */
  steps?: number;
}

export interface GradientDescentPath {
  /** A before the first step and after every step. */
  a: number[];
  /** J(A) at those points. */
  cost: number[];
}

/** The cost as a function, checking samples once (linear between them). */
function costFunction(cost: CostCurve): { J: (a: number) => number; range?: [number, number] } {
  if (typeof cost === 'function') return { J: cost };
  const xs = Array.from(cost?.a ?? [], Number);
  const ys = Array.from(cost?.cost ?? [], Number);
  if (xs.length < 3 || xs.length !== ys.length || ![...xs, ...ys].every(Number.isFinite))
    throw new Error(
      `gradient descent cost: expected a function or samples {a, cost} of equal length (at least 3, finite), found ${xs.length} and ${ys.length} values`,
    );
  if (!xs.every((x, i) => i === 0 || x > xs[i - 1]))
    throw new Error('gradient descent cost: sample positions `a` must be strictly ascending');
  const J = (a: number) => {
    let k = 0;
    while (k < xs.length - 2 && xs[k + 1] < a) k++;
    return ys[k] + ((ys[k + 1] - ys[k]) * (a - xs[k])) / (xs[k + 1] - xs[k]);
  };
  return { J, range: [xs[0], xs[xs.length - 1]] };
}

/**
 * The points gradient descent visits on J(A): A ← A − learningRate · dJ/dA, the slope
 * measured by central differences. Stops early if a step leaves the sampled range or blows up.
 */
export function gradientDescentSteps(
  cost: CostCurve,
  options: GradientDescentOptions,
): GradientDescentPath {
  const { J, range } = costFunction(cost);
  const start = numberIn(options?.start, 'gradient descent start');
  const learningRate = positiveNumber(options?.learningRate, 'gradient descent learningRate');
  const steps = integerIn(options?.steps ?? 10, 'gradient descent steps', { min: 1, max: 1000 });
  if (range && (start < range[0] || start > range[1]))
    throw new Error(
      `gradient descent start: expected a point inside the samples [${range[0]}, ${range[1]}], found ${start}`,
    );
  const a = [start];
  const c = [J(start)];
  if (!Number.isFinite(c[0])) throw new Error(`gradient descent cost: J(${start}) is ${c[0]}`);
  for (let s = 0; s < steps; s++) {
    const x = a[a.length - 1];
    const h = range ? (range[1] - range[0]) * 1e-4 : 1e-4 * Math.max(1, Math.abs(x));
    const lo = range ? Math.max(range[0], x - h) : x - h;
    const hi = range ? Math.min(range[1], x + h) : x + h;
    const next = x - (learningRate * (J(hi) - J(lo))) / (hi - lo);
    const jn = J(next);
    if (!Number.isFinite(jn) || Math.abs(next) > 1e9) break;
    if (range && (next < range[0] || next > range[1])) break;
    a.push(next);
    c.push(jn);
  }
  return { a, cost: c };
}

const round = (v: number) => Number(v.toPrecision(3));

/**
 * Gradient descent drawn on the cost curve J(A): the curve, the points visited (dots)
 * and each step as an arrow; the learning rate and the cost before and after in the title.
 */
export function gradientDescentChart(
  cost: CostCurve,
  options: GradientDescentOptions & { range?: [number, number]; title?: string },
): Figure {
  const path = gradientDescentSteps(cost, options);
  const { J, range: sampled } = costFunction(cost);
  // By default the window is centred on where the walk ended, wide enough for every point,
  // so the valley shows on both sides.
  const end = path.a[path.a.length - 1];
  const reach = Math.max(1, ...path.a.map((x) => 1.3 * Math.abs(x - end)));
  let [lo, hi] = options.range ?? [end - reach, end + reach];
  if (!options.range && sampled) [lo, hi] = [Math.max(lo, sampled[0]), Math.min(hi, sampled[1])];
  if (!(hi > lo))
    fail('gradientDescentChart range', '[low, high] with high > low', describe([lo, hi]));
  const xs = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  const last = path.a.length - 1;
  const arrows = path.a.slice(1).map((x, i) => ({
    x,
    y: path.cost[i + 1],
    ax: path.a[i],
    ay: path.cost[i],
    xref: 'x',
    yref: 'y',
    axref: 'x',
    ayref: 'y',
    text: '',
    showarrow: true,
    arrowhead: 2,
    arrowsize: 1.2,
    arrowwidth: 1.5,
    arrowcolor: '#d62728',
  }));
  const label = (i: number, text: string) => ({
    x: path.a[i],
    y: path.cost[i],
    text,
    showarrow: false,
    yshift: 16,
    font: { color: '#d62728' },
  });
  const title =
    options.title ??
    `Gradient descent, learning rate ${options.learningRate}: J(A) ${round(path.cost[0])} → ${round(path.cost[last])} in ${last} steps`;
  return chart(
    title,
    [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'cost J(A)',
        x: xs,
        y: xs.map(J),
        line: { color: '#1f77b4' },
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'A after each step',
        x: path.a,
        y: path.cost,
        marker: { color: '#d62728', size: 9 },
        hovertemplate: 'A = %{x:.3f}<br>J(A) = %{y:.3f}<extra></extra>',
      },
    ],
    {
      xaxis: { title: { text: 'A (a parameter of the network)' }, zeroline: false },
      yaxis: { title: { text: 'J(A): the cost' } },
      annotations: [
        ...arrows,
        label(0, 'start'),
        ...(last > 0 ? [label(last, `step ${last}`)] : []),
      ],
      legend: { orientation: 'h', y: -0.2 },
      margin: { l: 60, r: 20, t: 60, b: 90 },
    },
  );
}

export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'softplus' | 'gaussian' | 'leakyRelu';

const ACTIVATIONS: Record<ActivationName, { label: string; f: (x: number) => number }> = {
  relu: { label: 'ReLU: max(0, x)', f: (x) => Math.max(0, x) },
  sigmoid: { label: 'sigmoid: 1 / (1 + e^−x)', f: (x) => 1 / (1 + Math.exp(-x)) },
  tanh: { label: 'tanh(x)', f: Math.tanh },
  softplus: { label: 'softplus: ln(1 + e^x)', f: (x) => Math.log1p(Math.exp(x)) },
  gaussian: { label: 'Gaussian: e^(−x²)', f: (x) => Math.exp(-x * x) },
  leakyRelu: { label: 'leaky ReLU: max(0.1x, x)', f: (x) => Math.max(0.1 * x, x) },
};

/** softmax(z)_i = e^(z_i) / Σ_j e^(z_j), computed stably. */
export function softmax(scores: ArrayLike<number>): number[] {
  const z = Array.from(scores, Number);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/**
 * The activation functions as curves over x (default the ones tutorial 001 lists: ReLU,
 * sigmoid, softplus, Gaussian) and, beside them, softmax turning a vector of scores into
 * probabilities (`softmaxScores: false` leaves it out).
 */
export function activationFunctionsChart(
  options: {
    functions?: ActivationName[];
    range?: [number, number];
    softmaxScores?: number[] | false;
    title?: string;
  } = {},
): Figure {
  const names = options.functions ?? ['relu', 'sigmoid', 'softplus', 'gaussian'];
  const unknown = names.filter((n) => !(n in ACTIVATIONS));
  if (!Array.isArray(names) || names.length === 0 || unknown.length)
    throw new Error(
      `activationFunctionsChart functions: expected names from ${Object.keys(ACTIVATIONS).join(', ')}, found ${JSON.stringify(unknown.length ? unknown : names)}`,
    );
  const [lo, hi] = options.range ?? [-4, 4];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
    fail('activationFunctionsChart range', '[low, high] with high > low', describe([lo, hi]));
  const scores = options.softmaxScores === undefined ? [2, 1, 0.1] : options.softmaxScores;
  if (
    scores !== false &&
    !(Array.isArray(scores) && scores.length >= 2 && scores.every(Number.isFinite))
  )
    throw new Error(
      `activationFunctionsChart softmaxScores: expected at least 2 finite numbers or false, found ${JSON.stringify(scores)}`,
    );
  const xs = Array.from({ length: 161 }, (_, i) => lo + ((hi - lo) * i) / 160);
  const data: object[] = names.map((n) => ({
    type: 'scatter',
    mode: 'lines',
    name: ACTIVATIONS[n].label,
    x: xs,
    y: xs.map(ACTIVATIONS[n].f),
  }));
  const split = scores !== false;
  if (split) {
    const labels = scores.map((_, i) => `z${i + 1}`);
    const p = softmax(scores);
    data.push(
      {
        type: 'bar',
        name: 'scores z',
        x: labels,
        y: scores,
        xaxis: 'x2',
        yaxis: 'y2',
        marker: { color: '#9a9a9a' },
        text: scores.map(String),
        textposition: 'outside',
        cliponaxis: false,
      },
      {
        type: 'bar',
        name: 'softmax(z): probabilities',
        x: labels,
        y: p,
        xaxis: 'x2',
        yaxis: 'y2',
        marker: { color: '#d62728' },
        text: p.map((v) => v.toFixed(2)),
        textposition: 'outside',
        cliponaxis: false,
      },
    );
  }
  const title = options.title ?? 'Activation functions';
  return chart(title, data, {
    xaxis: {
      title: { text: 'x (what the neuron adds up)' },
      domain: split ? [0, 0.55] : [0, 1],
      zeroline: true,
    },
    yaxis: { title: { text: 'activation f(x)' } },
    ...(split
      ? {
          xaxis2: { title: { text: 'softmax of a vector of scores' }, domain: [0.68, 1] },
          yaxis2: { anchor: 'x2' },
          barmode: 'group',
        }
      : {}),
    legend: { orientation: 'h', y: -0.25 },
    margin: { l: 60, r: 20, t: 60, b: 110 },
  });
}
