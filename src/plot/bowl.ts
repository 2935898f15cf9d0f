// Gradient descent on a two-weight cost whose bowl is round when the two features have the
// same scale and long and narrow when they do not (tutorial 004's "elongated bowl").
// The cost is a linear model's mean squared error on centred, uncorrelated features of
// scales s1 and s2: J(w) = ½ (s1² (w1 − 1)² + s2² (w2 − 1)²), minimum 0 at w = (1, 1).
import type { Figure } from '../figure';
import { describe, fail, integerIn, positiveNumber } from '../validate';
import { plotlyFont } from './plotlyFont';

export interface BowlDescentOptions {
  /** The same learning rate for both bowls: w ← w − learningRate · ∇J. */
  learningRate: number;
  /** Number of steps (default 30). */
  steps?: number;
  /** Where both walks start (default (−2, −2)). */
  start?: [number, number];
}

export interface BowlPath {
  scales: [number, number];
  /** Weights before the first step and after every step. */
  w1: number[];
  w2: number[];
  cost: number[];
}

const MINIMUM: [number, number] = [1, 1];

function bowlCost(scales: [number, number], w1: number, w2: number): number {
  const [a, b] = [w1 - MINIMUM[0], w2 - MINIMUM[1]];
  return 0.5 * (scales[0] ** 2 * a * a + scales[1] ** 2 * b * b);
}

function checkScales(scales: unknown, what: string): [number, number] {
  if (!Array.isArray(scales) || scales.length !== 2)
    fail(what, 'two feature scales [s1, s2]', describe(scales));
  return [positiveNumber(scales[0], `${what}[0]`), positiveNumber(scales[1], `${what}[1]`)];
}

/** The weights gradient descent visits on the bowl of features with these scales. */
export function bowlDescent(scales: [number, number], options: BowlDescentOptions): BowlPath {
  const s = checkScales(scales, 'bowlDescent scales');
  const lr = positiveNumber(options?.learningRate, 'bowlDescent learningRate');
  const steps = integerIn(options.steps ?? 30, 'bowlDescent steps', { min: 1, max: 10000 });
  const [w0a, w0b] = options.start ?? [-2, -2];
  const path: BowlPath = { scales: s, w1: [w0a], w2: [w0b], cost: [bowlCost(s, w0a, w0b)] };
  for (let k = 0; k < steps; k++) {
    const [a, b] = [path.w1[k], path.w2[k]];
    // ∂J/∂w_i = s_i² (w_i − minimum_i)
    const next: [number, number] = [
      a - lr * s[0] ** 2 * (a - MINIMUM[0]),
      b - lr * s[1] ** 2 * (b - MINIMUM[1]),
    ];
    path.w1.push(next[0]);
    path.w2.push(next[1]);
    path.cost.push(bowlCost(s, ...next));
  }
  return path;
}

/** The first step after which the weights stay within `distance` of the minimum (−1 if never). */
export function stepsToReach(path: BowlPath, distance: number): number {
  const d = path.w1.map((a, k) => Math.hypot(a - MINIMUM[0], path.w2[k] - MINIMUM[1]));
  for (let k = 0; k < d.length; k++) if (d.slice(k).every((v) => v <= distance)) return k;
  return -1;
}

/**
 * Two bowls side by side, contour lines of the cost with the descent path on top: features of
 * equal scale (left) and of very different scales (right), the same learning rate for both.
 * Both panels share their axis ranges and draw one unit the same length on either axis, so the
 * bowl's shape is what the eye sees.
 */
export function elongatedBowlFigure(
  equal: [number, number],
  unequal: [number, number],
  options: BowlDescentOptions & { title?: string },
): Figure {
  const paths = [bowlDescent(equal, options), bowlDescent(unequal, options)];
  const lo = Math.min(-2.5, ...paths.flatMap((p) => [...p.w1, ...p.w2])) - 0.2;
  const hi = Math.max(3.5, ...paths.flatMap((p) => [...p.w1, ...p.w2])) + 0.2;
  const grid = Array.from({ length: 81 }, (_, i) => lo + ((hi - lo) * i) / 80);
  const names = ['same scale', 'very different scales'];
  const data = paths.flatMap((p, k) => {
    const axes = k === 0 ? { xaxis: 'x', yaxis: 'y' } : { xaxis: 'x2', yaxis: 'y2' };
    return [
      {
        type: 'contour',
        x: grid,
        y: grid,
        z: grid.map((b) => grid.map((a) => bowlCost(p.scales, a, b))),
        colorscale: [
          [0, '#08306b'],
          [1, '#9ecae1'],
        ],
        showscale: false,
        contours: { coloring: 'lines' },
        line: { width: 1.5 },
        ncontours: 14,
        hoverinfo: 'skip',
        ...axes,
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: p.w1,
        y: p.w2,
        name: `${names[k]}: features scaled ${p.scales[0]} and ${p.scales[1]}`,
        line: { color: '#d62728', width: 2 },
        marker: { size: 6 },
        ...axes,
      },
      {
        type: 'scatter',
        mode: 'markers',
        x: [MINIMUM[0]],
        y: [MINIMUM[1]],
        marker: { symbol: 'x', size: 12, color: '#111' },
        showlegend: false,
        hoverinfo: 'skip',
        ...axes,
      },
    ];
  });
  const axis = (domain: [number, number], title: string, anchor: string) => ({
    domain,
    range: [lo, hi],
    title: { text: title },
    zeroline: false,
    anchor,
  });
  const title =
    options.title ??
    `gradient descent, learning rate ${options.learningRate}, ${paths[0].cost.length - 1} steps`;
  return {
    kind: 'plotly',
    title,
    spec: {
      data,
      layout: {
        title: { text: title },
        font: plotlyFont(),
        height: 480,
        margin: { l: 60, r: 20, t: 60, b: 60 },
        legend: { orientation: 'h', y: -0.18 },
        xaxis: axis([0, 0.45], 'weight 1', 'y'),
        yaxis: { ...axis([0, 1], 'weight 2', 'x'), scaleanchor: 'x' },
        xaxis2: axis([0.55, 1], 'weight 1', 'y2'),
        yaxis2: { ...axis([0, 1], 'weight 2', 'x2'), scaleanchor: 'x2' },
      },
      config: { displaylogo: false, responsive: true },
    },
  };
}
