import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  rgbPlanesFigure,
  classProbabilitiesFigure,
  connectivityFigure,
  gradientDescentSteps,
  gradientDescentChart,
  activationFunctionsChart,
  softmax,
} from '../../src/plot';
import type { PlotlySpec } from '../../src/figure';
import { assertPng, pngPixels } from './png';

const CLASSES = 'airplane automobile bird cat deer dog frog horse ship truck'.split(' ');

function spec(fig: ReturnType<typeof activationFunctionsChart>): PlotlySpec {
  assert.equal(fig.kind, 'plotly');
  if (fig.kind !== 'plotly') throw new Error('unreachable');
  JSON.stringify(fig.spec); // plain JSON
  return fig.spec;
}

test('rgbPlanesFigure: a pure red 32x32x3 image gives a bright red plane and dark green/blue ones', async () => {
  const red = new Uint8Array(32 * 32 * 3);
  for (let p = 0; p < 32 * 32; p++) red[p * 3] = 255;
  const fig = rgbPlanesFigure({ data: red, shape: [32, 32, 3] });
  const [w, h] = assertPng(fig);
  assert.ok(w > 500 && w < 900 && h > 250 && h < 500, `${w}x${h}`);
  assert.match(fig.title, /32×32×3/);
  const { data } = await pngPixels(fig);
  let redPx = 0;
  let greenPx = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] > 200 && data[i + 1] < 40 && data[i + 2] < 40) redPx += 1;
    if (data[i + 1] > 200 && data[i] < 40 && data[i + 2] < 40) greenPx += 1;
  }
  // The picture itself (160x160) and the red plane (about 100x160) are red; nothing is green.
  assert.ok(redPx > 160 * 160 + 90 * 150, `red pixels ${redPx}`);
  assert.equal(greenPx, 0);
  assert.throws(
    () => rgbPlanesFigure({ data: new Uint8Array(16), shape: [4, 4] }),
    /expected 3 channels \(\[h, w, 3\]\), found 1/,
  );
});

test('classProbabilitiesFigure names the winner and checks its inputs', () => {
  const p = [0.01, 0, 0.03, 0.08, 0.02, 0.04, 0.78, 0.02, 0.01, 0.01];
  const fig = classProbabilitiesFigure(tf.tensor1d(p), CLASSES, { hiddenUnits: 256 });
  assertPng(fig);
  assert.equal(fig.title, 'Class probabilities: frog (78%)');
  assert.throws(
    () => classProbabilitiesFigure(p, CLASSES.slice(0, 3)),
    /expected 10 names \(one per probability\), found 3/,
  );
  assert.throws(
    () => classProbabilitiesFigure([2.5, -1], ['a', 'b']),
    /at least 2 probabilities in \[0, 1\] \(softmax outputs\)/,
  );
});

test('classProbabilitiesFigure with trueClass says wrong and writes the true class in green', async () => {
  const p = [0.07, 0.12, 0.01, 0.17, 0, 0.07, 0.05, 0.01, 0.04, 0.46]; // truck wins, the picture is a cat
  const wrong = classProbabilitiesFigure(p, CLASSES, { trueClass: 3, title: 'test picture 0' });
  assert.equal(wrong.title, 'test picture 0 - wrong, true class cat');
  const right = classProbabilitiesFigure(p, CLASSES, { trueClass: 9, title: 'test picture 0' });
  assert.equal(right.title, 'test picture 0 - right');
  const green = async (fig: typeof wrong) => {
    const { data } = await pngPixels(fig);
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i] < 80 && data[i + 1] > 130 && data[i + 2] < 80) n += 1;
    return n;
  };
  assert.ok((await green(wrong)) > 30, 'the true class name is drawn in green');
  assert.equal(await green(classProbabilitiesFigure(p, CLASSES)), 0, 'no green without trueClass');
  assert.throws(
    () => classProbabilitiesFigure(p, CLASSES, { trueClass: 10 }),
    /trueClass: expected an integer 0..9/,
  );
});

test('connectivityFigure: two panels with the weight counts', () => {
  const [w] = assertPng(connectivityFigure());
  assert.ok(w > 600 && w < 1000, `width ${w}`);
  assertPng(connectivityFigure({ gridSize: 8, patchSize: 5, imageSize: 1000 }));
  assert.throws(() => connectivityFigure({ patchSize: 6 }), /patchSize: expected an integer 1..5/);
  assert.throws(() => connectivityFigure({ gridSize: 40 }), /gridSize: expected an integer 3..12/);
});

test('gradientDescentSteps walks J(A) = (A - 3)^2 exactly as A <- A - lr * 2(A - 3)', () => {
  const J = (a: number) => (a - 3) ** 2;
  const path = gradientDescentSteps(J, { start: 0, learningRate: 0.1, steps: 10 });
  assert.equal(path.a.length, 11);
  path.a.forEach((a, k) => assert.ok(Math.abs(a - (3 - 3 * 0.8 ** k)) < 1e-6, `step ${k}: ${a}`));
  path.cost.forEach((c, k) => k > 0 && assert.ok(c < path.cost[k - 1]));
  // The same curve given as samples: the same walk, to the sampling's accuracy.
  const xs = Array.from({ length: 601 }, (_, i) => -1 + i * 0.01);
  const sampled = gradientDescentSteps({ a: xs, cost: xs.map(J) }, { start: 0, learningRate: 0.1 });
  assert.ok(Math.abs(sampled.a[10] - path.a[10]) < 0.02, `${sampled.a[10]} vs ${path.a[10]}`);
  // Too large a learning rate overshoots the valley and climbs.
  const wild = gradientDescentSteps(J, { start: 2, learningRate: 1.1, steps: 5 });
  assert.ok(wild.cost[5] > wild.cost[0]);
  assert.throws(
    () => gradientDescentSteps(J, { start: 0, learningRate: -1 }),
    /learningRate: expected a positive number, found -1/,
  );
  assert.throws(
    () => gradientDescentSteps({ a: [0, 1, 2], cost: [1, 0, 1] }, { start: 5, learningRate: 0.1 }),
    /inside the samples \[0, 2\], found 5/,
  );
});

test('gradientDescentChart: the curve, the dots, one arrow a step, the learning rate in the title', () => {
  const fig = gradientDescentChart((a) => (a - 3) ** 2 + 1, {
    start: -1,
    learningRate: 0.2,
    steps: 6,
  });
  const s = spec(fig);
  assert.match(fig.title, /learning rate 0\.2: J\(A\) 17 → 1\.\d+ in 6 steps/);
  assert.equal(s.data.length, 2);
  const annotations = (s.layout?.annotations ?? []) as { showarrow: boolean }[];
  assert.equal(annotations.filter((a) => a.showarrow).length, 6);
});

test('activationFunctionsChart: the curves tutorial 001 lists and softmax of a score vector', () => {
  const s = spec(activationFunctionsChart());
  const traces = s.data as { name: string; x: (number | string)[]; y: number[] }[];
  assert.deepEqual(
    traces.map((t) => t.name.split(':')[0]),
    ['ReLU', 'sigmoid', 'softplus', 'Gaussian', 'scores z', 'softmax(z)'],
  );
  const relu = traces[0];
  relu.x.forEach((x, i) => assert.equal(relu.y[i], Math.max(0, x as number)));
  const p = traces[5].y;
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12 && p[0] > p[1] && p[1] > p[2]);
  assert.deepEqual(softmax([0, 0]), [0.5, 0.5]);
  assert.equal(
    spec(activationFunctionsChart({ functions: ['tanh'], softmaxScores: false })).data.length,
    1,
  );
  assert.throws(
    () => activationFunctionsChart({ functions: ['swish' as 'relu'] }),
    /expected names from relu, sigmoid, tanh, softplus, gaussian, leakyRelu, found \["swish"\]/,
  );
});
