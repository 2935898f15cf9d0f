// The Keras band and the verdict from plain numbers: a history inside or outside a known
// band, the Plotly band traces, the band polygon in the live progress SVG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allowedRange,
  marginWidth,
  parityCheck,
  parityVerdict,
  progressFigure,
  referenceBands,
  referenceNote,
  marginRule,
  spreadFor,
  trainingCurves,
  PARITY_MARGIN,
} from '../../src/plot';
import type { KerasReference, Range } from '../../src/data/reference';
import { syntheticReference } from '../helpers/reference';

/** A 3-seed reference over 3 epochs with validation; val_accuracy 0.47–0.52 at epoch 3. */
function reference(overrides: Partial<KerasReference> = {}): KerasReference {
  const band = (epoch: number, loss: Range, accuracy: Range, vl: Range, va: Range) => ({
    epoch,
    phase: 'fit',
    seeds: 3,
    loss,
    accuracy,
    val_loss: vl,
    val_accuracy: va,
  });
  return syntheticReference(
    [
      band(1, [2.0, 2.1], [0.2, 0.25], [1.9, 2.0], [0.25, 0.3]),
      band(2, [1.6, 1.7], [0.35, 0.4], [1.5, 1.6], [0.4, 0.45]),
      band(3, [1.3, 1.4], [0.45, 0.5], [1.3, 1.4], [0.47, 0.52]),
    ],
    {
      layers: [{ name: 'dropout', class: 'Dropout', outputShape: [null, 4], params: 0 }],
      ...overrides,
    },
  );
}

const inside = {
  loss: [2.05, 1.65, 1.35],
  accuracy: [0.22, 0.37, 0.48],
  val_loss: [1.95, 1.55, 1.35],
  val_accuracy: [0.27, 0.42, 0.5],
};

test('a history inside the band: "Inside Keras\'s range ± margin at every epoch", with the seeds and the margin', () => {
  const r = parityCheck(inside, reference());
  assert.equal(r.inside, true);
  assert.equal(r.comparisons.length, 12);
  // the line names the seed count and, where the run came nearest an edge, the margin used
  assert.equal(
    r.line,
    "Inside Keras's range ± margin at every epoch (3 Keras seeds); nearest an edge: epoch 2, val_accuracy 0.4200 against Keras's 0.4000–0.4500 ± 0.0750 (allowed 0.3250–0.5250)",
  );
  // tfjs's 'acc' names and a tf.History-like wrapper read the same
  const wrapped = {
    epoch: [0, 1, 2],
    history: { loss: inside.loss, acc: inside.accuracy, val_acc: inside.val_accuracy },
  };
  assert.equal(parityVerdict(wrapped, reference()), r.line);
});

test('within the margin counts as inside; beyond it, the verdict names epoch, metric and band', () => {
  // 10,000 validation images: the accuracy floor (4 standard errors, 0.02) is below the band's width
  const w = marginWidth([0.47, 0.52], 'val_accuracy', { images: 10_000 });
  assert.ok(Math.abs(w - PARITY_MARGIN.spread * 0.05) < 1e-9, `${w}`);
  const justInside = { ...inside, val_accuracy: [0.27, 0.42, 0.47 - w + 1e-6] };
  assert.equal(parityCheck(justInside, reference()).inside, true);
  const justOutside = { ...inside, val_accuracy: [0.27, 0.42, 0.47 - w - 1e-6] };
  assert.equal(parityCheck(justOutside, reference()).inside, false);
  const left = { ...inside, val_accuracy: [0.27, 0.42, 0.38] };
  const r = parityCheck(left, reference());
  assert.equal(r.inside, false);
  assert.equal(r.departures.length, 1);
  assert.match(
    r.line,
    /^Left Keras's range ± margin at epoch 3 \(3 Keras seeds\): val_accuracy 0\.3800 \(below\) against Keras's 0\.4700–0\.5200 ± 0\.0750 \(allowed 0\.3950–0\.5950\)$/,
  );
  // the first epoch that left, its worst metric, and how many more
  const diverged = { ...inside, loss: [2.05, 9.5, 14.5], accuracy: [0.22, 0.1, 0.1] };
  const d = parityCheck(diverged, reference());
  assert.match(
    d.line,
    /^Left Keras's range ± margin at epoch 2 \(3 Keras seeds\): loss 9\.5000 \(above\) against Keras's 1\.6000–1\.7000 ± 0\.1500 .*; 3 more values outside$/,
  );
  // a NaN loss is outside every band
  assert.match(
    parityVerdict({ loss: [NaN] }, reference()),
    /epoch 1 \(3 Keras seeds\): loss NaN \(outside\)/,
  );
});

test('epochs the reference lacks are named; epochs count on after a resume', () => {
  const longer = { loss: [2.05, 1.65, 1.35, 1.2, 1.1] };
  assert.equal(
    parityVerdict(longer, reference()),
    "Inside Keras's range ± margin at epochs 1–3 (3 Keras seeds); nearest an edge: epoch 1, loss 2.0500 against Keras's 2.0000–2.1000 ± 0.1500 (allowed 1.8500–2.2500); no Keras reference for epochs 4–5",
  );
  // a run continued from epoch 2 (history.epoch holds 0-based epoch numbers): compared with epoch 3
  const resumed = { epoch: [2], history: { loss: [1.35], accuracy: [0.1] } };
  assert.match(
    parityVerdict(resumed, reference()),
    /^Left Keras's range ± margin at epoch 3 \(3 Keras seeds\): accuracy 0\.1000/,
  );
  assert.equal(
    parityVerdict({ epoch: [7], history: { loss: [1] } }, reference()),
    'No Keras reference for epoch 8 (the reference has epochs 1–3)',
  );
  assert.equal(parityVerdict({ loss: [] }, reference()), 'No epochs to compare with Keras yet');
});

test('the margin: spread × band width, at least the floor; tighter margins catch more', () => {
  const margin = { spread: 1, loss: 0.1 };
  assert.deepEqual(allowedRange([1, 1.5], 'loss', { margin }), [0.5, 2]);
  assert.deepEqual(allowedRange([1, 1.01], 'loss', { margin }), [0.9, 1.11]);
  // accuracy: at least `accuracy`, else 4 standard errors of an accuracy on n images
  const flat: [number, number] = [0.5, 0.5];
  assert.equal(marginWidth(flat, 'accuracy', { margin: { accuracy: 0.02 } }), 0.02);
  assert.ok(Math.abs(marginWidth(flat, 'accuracy', { images: 100 }) - 4 * 0.05) < 1e-9);
  assert.ok(Math.abs(marginWidth(flat, 'val_accuracy', { images: 10_000 }) - 4 * 0.005) < 1e-9);
  assert.equal(marginWidth(flat, 'accuracy', { images: 1e9 }), PARITY_MARGIN.accuracy);
  // the reference's images: 10,000 training and test images (test/helpers/reference.ts)
  const slightly = { ...inside, val_accuracy: [0.27, 0.42, 0.455] };
  assert.equal(parityCheck(slightly, reference()).inside, true);
  assert.equal(
    parityCheck(slightly, reference(), { margin: { spread: 0, standardErrors: 1 } }).inside,
    false,
  );
  const fewImages = reference({
    settings: {
      ...reference().settings,
      data: { dataset: 'cifar10', train: 50, test: 50, scale: true },
    },
  });
  assert.equal(
    parityCheck({ ...inside, val_accuracy: [0.27, 0.42, 0.35] }, fewImages).inside,
    true,
  );
  assert.throws(
    () => parityCheck(inside, reference(), { margin: { spread: -1 } }),
    /margin\.spread/,
  );
});

test('more Keras seeds, less widening: the spread factor keeps the odds of 5 seeds × 1.5', () => {
  assert.equal(spreadFor(1.5, 3), 1.5);
  assert.equal(spreadFor(1.5, 5), 1.5);
  assert.equal(spreadFor(1.5, 10), 0.59);
  assert.equal(spreadFor(3, 10), 1.18, 'a custom spread scales the same way');
  assert.equal(spreadFor(1.5, 50), 0.3, 'beyond 20 seeds: the factor of 20');
  const band: Range = [0.5, 1]; // wide enough that the loss floor (0.03) does not decide
  assert.ok(Math.abs(marginWidth(band, 'loss', { seeds: 10 }) - 0.59 * 0.5) < 1e-12);
  assert.ok(Math.abs(marginWidth(band, 'loss', { seeds: 5 }) - 1.5 * 0.5) < 1e-12);
  assert.match(marginRule({}, 10), /moves out by 0\.59 × its width/);
  assert.match(marginRule(), /moves out by 1\.5 × its width/);
});

test('referenceBands: one band per metric the run has, over its epochs', () => {
  const bands = referenceBands({ loss: [2, 1.6], accuracy: [0.2, 0.3] }, reference());
  assert.deepEqual(
    bands.map((b) => b.metric),
    ['loss', 'accuracy'],
  );
  assert.deepEqual(bands[0].epochs, [1, 2]);
  assert.deepEqual(bands[0].lo, [2.0, 1.6]);
  assert.deepEqual(bands[0].hi, [2.1, 1.7]);
  assert.ok(bands[0].allowedLo[0] < 2.0 && bands[0].allowedHi[0] > 2.1);
  assert.equal(bands[0].seeds, 3);
});

test('the note names the random streams and the shared data in one sentence', () => {
  const note = referenceNote(reference());
  assert.match(note, /initial weights, shuffles and dropout masks/);
  assert.match(note, /3-seed Keras band/);
  assert.match(note, /same JPEG-derived CIFAR-10 copy/);
  assert.equal(note.split('. ').length, 1);
  const mnist = reference({
    layers: [],
    settings: {
      ...reference().settings,
      data: { dataset: 'mnist', train: 1, test: 1, scale: true },
    },
  });
  assert.match(referenceNote(mnist), /initial weights and shuffles.*same MNIST files/);
});

type Trace = Record<string, unknown>;
type Annotation = { text: string; font: { color: string } };
const annotations = (fig: ReturnType<typeof trainingCurves>): Annotation[] =>
  fig.kind === 'plotly' ? (fig.spec.layout?.annotations as Annotation[]) : [];
const traces = (fig: ReturnType<typeof trainingCurves>): Trace[] => {
  assert.equal(fig.kind, 'plotly');
  if (fig.kind !== 'plotly') throw new Error('unreachable');
  assert.ok(JSON.stringify(fig.spec).length < 20000, 'spec stays small');
  return fig.spec.data as Trace[];
};

test('trainingCurves with a reference: band and margin traces behind the curves, a legend entry each, verdict and margin rule under', () => {
  const fig = trainingCurves(inside, { reference: reference() });
  const data = traces(fig);
  const bands = data.filter((d) => d.legendgroup === 'keras' || d.legendgroup === 'margin');
  assert.equal(bands.length, 8, 'a min–max band and a margin band for each of 4 metrics');
  assert.ok(bands.every((d) => d.fill === 'toself'));
  assert.deepEqual(data.slice(0, 8), bands, 'drawn first, behind');
  const legend = bands.filter((d) => d.showlegend);
  assert.deepEqual(
    legend.map((d) => d.name),
    ["Keras's range ± margin (allowed)", "Keras's range (3 seeds)"],
  );
  // the loss band polygon: hi over the epochs, back along lo, closed
  const lossBand = bands.find((d) => d.name === "Keras's range (3 seeds)" && d.yaxis === 'y')!;
  assert.deepEqual(lossBand.x, [1, 2, 3, 3, 2, 1, 1]);
  assert.deepEqual(lossBand.y, [2.1, 1.7, 1.4, 1.3, 1.6, 2.0, 2.1]);
  assert.ok(
    bands.some((d) => d.yaxis === 'y2'),
    'accuracy bands on the accuracy axis',
  );
  const [verdict, note] = annotations(fig);
  assert.equal(
    verdict.text.replace(/<br>/g, ' '),
    "Inside Keras's range ± margin at every epoch (3 Keras seeds); nearest an edge: epoch 2, val_accuracy 0.4200 against Keras's 0.4000–0.4500 ± 0.0750 (allowed 0.3250–0.5250)",
  );
  assert.match(note.text, /draws its own/);
  // the margin band is labelled: the note says what the margin is
  assert.match(
    note.text.replace(/<br>/g, ' '),
    /Margin: each side of Keras's range moves out by 1\.5 × its width, at least 0\.03 for a loss/,
  );
  // without a reference: the chart as before
  assert.equal(traces(trainingCurves(inside)).length, 4);
});

test('trainingCurves: a one-epoch band is a box around the epoch; a departure shows in red', () => {
  const fig = trainingCurves({ loss: [2.5], accuracy: [0.22] }, { reference: reference() });
  const box = traces(fig).find((d) => d.legendgroup === 'keras' && d.showlegend)!;
  assert.deepEqual(box.x, [0.75, 1.25, 1.25, 0.75, 0.75]);
  const ann = annotations(fig)[0];
  assert.match(ann.text, /^Left Keras's range ± margin at epoch 1 \(3 Keras seeds\): loss 2\.5000/);
  assert.equal(ann.font.color, '#c0392b');
});

const svgOf = (html: string): string[] =>
  [...html.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) =>
    Buffer.from(m[1], 'base64').toString('utf8'),
  );

test('the live progress view draws the band as an SVG polygon inside an <img>, and the verdict', () => {
  const fig = progressFigure({
    epoch: 3,
    epochs: 3,
    step: 10,
    steps: 10,
    samplesPerSecond: 100,
    logs: {},
    history: { epoch: [0, 1, 2], history: inside },
    status: 'done',
    reference: reference(),
  });
  assert.equal(fig.kind, 'html');
  if (fig.kind !== 'html') return;
  assert.ok(!/<svg/i.test(fig.html), 'no inline <svg>: images only');
  assert.ok(!/<script/i.test(fig.html), 'no scripts');
  const svgs = svgOf(fig.html);
  assert.equal(svgs.length, 2, 'loss and accuracy');
  for (const svg of svgs) {
    const polygons = svg.match(/<polygon class="keras-band" points="[^"]+"/g) ?? [];
    assert.equal(polygons.length, 4, 'training and validation: band and margin each');
    assert.ok(svg.includes('Keras (3 seeds; faint: ± margin)'), 'legend entry');
    assert.ok(svg.indexOf('<polygon') < svg.indexOf('<polyline'), 'band behind the lines');
  }
  assert.ok(fig.html.includes('Inside Keras&#39;s range ± margin at every epoch (3 Keras seeds)'));
  assert.ok(fig.text.endsWith(parityCheck(inside, reference()).line));
  // one Keras seed: its line, no margin (there is no verdict for a margin to serve)
  const one = reference();
  one.band.epochs.forEach((e) => (e.seeds = 1));
  const single = progressFigure({
    epoch: 3,
    epochs: 3,
    step: 10,
    steps: 10,
    samplesPerSecond: 100,
    logs: {},
    history: { epoch: [0, 1, 2], history: inside },
    status: 'done',
    reference: one,
  });
  if (single.kind !== 'html') return;
  for (const svg of svgOf(single.html)) {
    assert.equal((svg.match(/<polygon class="keras-band"/g) ?? []).length, 2, 'no margin band');
    assert.ok(svg.includes('Keras (1 seed)'), 'one seed, singular, no margin in the legend');
  }
  // one epoch so far: the band is a box, not a line
  const first = progressFigure({
    epoch: 1,
    epochs: 3,
    step: 10,
    steps: 10,
    samplesPerSecond: 100,
    logs: {},
    history: { epoch: [0], history: { loss: [2.05], accuracy: [0.22] } },
    status: 'training',
    reference: reference(),
  });
  if (first.kind !== 'html') return;
  const pts = /<polygon class="keras-band" points="([^"]+)"/.exec(svgOf(first.html)[0])![1];
  const xs = new Set(pts.split(' ').map((p) => p.split(',')[0]));
  assert.equal(xs.size, 2, `a box has two x positions: ${pts}`);
  // without a reference: no band
  const plain = progressFigure({
    epoch: 1,
    epochs: 1,
    step: 1,
    samplesPerSecond: 1,
    logs: {},
    history: { epoch: [0], history: { loss: [1] } },
    status: 'done',
  });
  if (plain.kind === 'html') assert.ok(!svgOf(plain.html)[0].includes('<polygon'));
});

test('allowedRange stays within the values a metric can take: loss >= 0, accuracy <= 1', () => {
  assert.deepEqual(allowedRange([0.005, 0.01], 'loss'), [0, 0.04]);
  const [lo, hi] = allowedRange([0.995, 0.999], 'val_accuracy', { images: 10000 });
  assert.equal(hi, 1);
  assert.ok(Math.abs(lo - 0.985) < 1e-12, `lo ${lo}: one point below, the accuracy floor`);
});

test('one Keras seed: the run is set beside it, not judged inside or outside', () => {
  const one = syntheticReference([
    { epoch: 1, phase: 'fit', seeds: 1, loss: [2, 2], accuracy: [0.3, 0.3] },
    { epoch: 2, phase: 'fit', seeds: 1, loss: [1.5, 1.5], accuracy: [0.45, 0.45] },
  ]);
  const far = { loss: [1.2, 0.9], accuracy: [0.55, 0.7] }; // 25 points from Keras's one run
  const r = parityCheck(far, one);
  assert.equal(r.judged, false);
  assert.equal(r.inside, false);
  assert.equal(
    r.line,
    "No inside/outside verdict: Keras's reference has 1 seed, and a verdict needs at least 3 to show how much runs differ. At epoch 2: accuracy 0.7000 here, 0.4500 in Keras",
  );
  const chart = trainingCurves(far, { reference: one });
  assert.ok(chart.kind === 'plotly');
  if (chart.kind !== 'plotly') return;
  const note = (chart.spec.layout as { annotations: { font: { color: string } }[] }).annotations[0];
  assert.equal(note.font.color, '#555', 'grey, neither the green of inside nor the red of outside');
  const texts = (chart.spec.layout as { annotations: { text: string }[] }).annotations.map((a) =>
    a.text.replace(/<br>/g, ' '),
  );
  assert.equal(texts[0], r.line, 'the whole verdict, wrapped to the chart');
  assert.match(texts[1], /a run lands near Keras's one run, not on it/);
  assert.ok(!/Margin:/.test(texts[1]), 'no margin rule where no verdict uses it');
  assert.ok(
    (chart.spec.data as Trace[]).every((d) => d.legendgroup !== 'margin'),
    'no margin band drawn',
  );
});
