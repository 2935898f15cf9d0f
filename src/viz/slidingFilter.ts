// A filter sliding over every position of a small input, as one Plotly figure with a
// slider: each slider step moves the window and fills in one more output value. A slider
// of 'update' steps needs no kernel and no frames, so it works in an exported notebook.
import type { Figure } from '../figure';
import { fail, numberMatrix, positiveInteger } from '../validate';
import { convolve2d, pad2d, paddingAmount } from './convArithmetic';
import { plotlyFont } from '../plot/plotlyFont';

export interface SlidingFilterOptions {
  /** Step between windows (default 1). */
  stride?: number;
  /** Zeros on every side: a count, 'valid' (0, the default) or 'same'. */
  padding?: number | 'valid' | 'same';
  title?: string;
}

/** One position of the window: where it is, and the sum it writes to the output. */
export interface SlidingStep {
  /** Output row and column. */
  out: [number, number];
  /** Top-left corner of the window in the (padded) input. */
  at: [number, number];
  /** The products input × kernel written out, e.g. "3·0 + 3·1 + …". */
  sum: string;
  value: number;
}

const FONT = plotlyFont(14);
const WINDOW = '#d62728';

/** Every window position in reading order, with the sum it produces. */
export function slidingSteps(
  input: number[][],
  kernel: number[][],
  options: Pick<SlidingFilterOptions, 'stride' | 'padding'> = {},
): SlidingStep[] {
  numberMatrix(input, 'slidingSteps input');
  const [k] = numberMatrix(kernel, 'slidingSteps kernel');
  const stride = positiveInteger(options.stride ?? 1, 'slidingSteps stride');
  const x = pad2d(input, paddingAmount(options.padding, k));
  const output = convolve2d(x, kernel, { stride });
  return output.flatMap((row, r) =>
    row.map((value, c) => {
      const [i0, j0] = [r * stride, c * stride];
      const terms = kernel.flatMap((kr, i) => kr.map((w, j) => `${x[i0 + i][j0 + j]}·${w}`));
      return { out: [r, c], at: [i0, j0], sum: terms.join(' + '), value } as SlidingStep;
    }),
  );
}

/** Text annotations on one axis pair: one per cell, `label(i, j)` or nothing. */
function cellLabels(
  rows: number,
  cols: number,
  axis: '' | '2',
  label: (i: number, j: number) => string | undefined,
  color = '#222',
): object[] {
  const out: object[] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const text = label(i, j);
      if (text !== undefined)
        out.push({
          x: j,
          y: i,
          xref: `x${axis}`,
          yref: `y${axis}`,
          text,
          showarrow: false,
          font: { ...FONT, color },
        });
    }
  return out;
}

/** A rectangle around cells [r0, r0+h) × [c0, c0+w) on one axis pair. */
function box(axis: '' | '2', r0: number, c0: number, h: number, w: number): object {
  return {
    type: 'rect',
    xref: `x${axis}`,
    yref: `y${axis}`,
    x0: c0 - 0.5,
    x1: c0 + w - 0.5,
    y0: r0 - 0.5,
    y1: r0 + h - 0.5,
    line: { color: WINDOW, width: 4 },
  };
}

/**
 * The kernel slid over every position of `input`: on the left the (padded) input with the
 * window outlined and the kernel's weights written as "value·weight" inside it; on the right
 * the output, filled in up to the current position. A slider walks through the positions.
 */
export function slidingFilterFigure(
  input: number[][],
  kernel: number[][],
  options: SlidingFilterOptions = {},
): Figure {
  const [k] = numberMatrix(kernel, 'slidingFilterFigure kernel');
  if (kernel.some((row) => row.length !== k))
    fail('slidingFilterFigure kernel', 'a square kernel', `${k}x${kernel[0].length}`);
  const steps = slidingSteps(input, kernel, options);
  const x = pad2d(input, paddingAmount(options.padding, k));
  const [h, w] = [x.length, x[0].length];
  const [oh, ow] = [steps[steps.length - 1].out[0] + 1, steps[steps.length - 1].out[1] + 1];
  const title = options.title ?? `a ${k}x${k} filter over a ${h}x${w} input: output ${oh}x${ow}`;

  const layoutAt = (s: number) => {
    const step = steps[s];
    const [r0, c0] = step.at;
    const inWindow = (i: number, j: number) => i >= r0 && i < r0 + k && j >= c0 && j < c0 + k;
    const done = (i: number, j: number) => i * ow + j <= s;
    return {
      // the whole output grid outlined thinly, so the cells still to be filled are visible
      shapes: [
        { ...box('2', 0, 0, oh, ow), line: { color: '#999', width: 1 } },
        box('', r0, c0, k, k),
        box('2', step.out[0], step.out[1], 1, 1),
      ],
      annotations: [
        ...cellLabels(h, w, '', (i, j) =>
          inWindow(i, j) ? `${x[i][j]}<sub>·${kernel[i - r0][j - c0]}</sub>` : `${x[i][j]}`,
        ),
        ...cellLabels(oh, ow, '2', (i, j) =>
          done(i, j) ? `${steps[i * ow + j].value}` : undefined,
        ),
        {
          xref: 'paper',
          yref: 'paper',
          x: 0,
          y: -0.22,
          xanchor: 'left',
          yanchor: 'top',
          showarrow: false,
          align: 'left',
          font: { ...FONT, size: 13 },
          text: `output (${step.out[0]}, ${step.out[1]}) = ${step.sum} = <b>${step.value}</b>`,
        },
      ],
    };
  };
  const outputZ = (s: number) =>
    Array.from({ length: oh }, (_, i) =>
      Array.from({ length: ow }, (_, j) => (i * ow + j <= s ? steps[i * ow + j].value : null)),
    );
  const values = steps.map((t) => t.value);
  const heat = { type: 'heatmap', showscale: false, hoverinfo: 'skip', xgap: 2, ygap: 2 };
  const data = [
    {
      ...heat,
      z: x,
      colorscale: [
        [0, '#f4f4f4'],
        [1, '#b8c7e0'],
      ],
      xaxis: 'x',
      yaxis: 'y',
    },
    {
      ...heat,
      z: outputZ(0),
      zmin: Math.min(...values),
      zmax: Math.max(...values),
      colorscale: [
        [0, '#fde9c9'],
        [1, '#f4a259'],
      ],
      xaxis: 'x2',
      yaxis: 'y2',
    },
  ];
  const axis = (n: number, domain: [number, number], anchor: string, text = '') => ({
    domain,
    title: { text },
    range: [-0.5, n - 0.5],
    showticklabels: false,
    ticks: '',
    showgrid: false,
    zeroline: false,
    anchor,
  });
  const split = w / (w + ow + 1.5);
  const sliderSteps = steps.map((step, s) => ({
    label: `${step.out[0]},${step.out[1]}`,
    method: 'update',
    args: [{ z: [x, outputZ(s)] }, layoutAt(s)],
  }));
  return {
    kind: 'plotly',
    title,
    spec: {
      data,
      layout: {
        title: { text: title },
        font: FONT,
        height: 500,
        margin: { l: 20, r: 20, t: 60, b: 180 },
        xaxis: axis(w, [0, split], 'y', 'input (inside the window: value<sub>·weight</sub>)'),
        yaxis: { ...axis(h, [0, 1], 'x'), autorange: 'reversed', scaleanchor: 'x' },
        xaxis2: axis(ow, [split + 0.06, 1], 'y2', 'output'),
        yaxis2: { ...axis(oh, [1 - oh / h, 1], 'x2'), autorange: 'reversed', scaleanchor: 'x2' },
        ...layoutAt(0),
        sliders: [
          {
            active: 0,
            steps: sliderSteps,
            currentvalue: { prefix: 'output position (row, column): ' },
            pad: { t: 85 },
          },
        ],
      },
      config: { displaylogo: false, responsive: true },
    },
  };
}
