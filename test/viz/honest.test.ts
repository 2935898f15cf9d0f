// The "looking inside" figures on a real (small, seeded) CNN trained on real MNIST digits:
// the picture beside every heat map, one shared colour scale, ascent tiles titled with what
// they reached, feature maps at their true relative size, kernels before and after training.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  occlusion,
  occlusionFigure,
  gradCam,
  gradCamFigure,
  divergingRgb,
  activationMaximization,
  featureMaps,
  kernelsBeforeAfter,
} from '../../src/viz';
import { colormapRgb } from '../../src/plot/colormap';
import { assertPng, pngPixels } from '../plot/png';
import { buildMnistCnn, trainedMnistCnn, type MnistCnnSpec } from './mnistCnn';

const SPEC: MnistCnnSpec = { filters: [8, 16], secondPool: true, hidden: 16 };
let model: tf.Sequential;
let digits: tf.Tensor4D; // the first 8 test digits, / 255
before(async () => {
  const trained = await trainedMnistCnn(SPEC, 1000, 4);
  model = trained.model;
  digits = trained.data.xTest.slice(0, 8).toTensor({ scale: true });
});

/** How many pixels of the figure have exactly this colour. */
async function countColour(fig: Parameters<typeof pngPixels>[0], [r, g, b]: number[]) {
  const { data } = await pngPixels(fig);
  let n = 0;
  for (let p = 0; p < data.length; p += 4)
    if (data[p] === r && data[p + 1] === g && data[p + 2] === b) n++;
  return n;
}

const digit = (i: number) => digits.slice([i, 0, 0, 0], [1, 28, 28, 1]) as tf.Tensor4D;

test('occlusion: each digit drawn beside its map, every map on one scale centred on 0', async () => {
  const [a, b] = [digit(0), digit(1)];
  const results = [a, b].map((d) => occlusion(model, d, { patchSize: 4, stride: 2 }));
  tf.dispose([a, b]);
  // The picture itself is in the figure: MNIST's black background, as black pixels.
  const black = results[0].image.data.filter((v) => v === 0).length;
  assert.ok((await countColour(results[0].figure, [0, 0, 0])) >= black, 'the original is drawn');
  // One scale for both: m = the largest |drop| of either; the other map's own extreme is
  // drawn with its colour on THAT scale (with a scale per map it would be the end colour).
  const extremes = results.map((r) => {
    const flat = r.pixelDrop.flat();
    return flat.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
  });
  const m = Math.max(...extremes.map(Math.abs));
  const weaker = extremes.find((e) => Math.abs(e) < m)!;
  assert.ok(
    weaker !== undefined && Math.abs(weaker) < 0.9 * m,
    `two different extremes ${extremes}`,
  );
  const fig = occlusionFigure(results);
  assertPng(fig);
  const own = divergingRgb(0.5 + weaker / (2 * m));
  assert.ok(
    (await countColour(fig, own)) > 0,
    `the weaker map's extreme ${weaker} on the ±${m} scale`,
  );
  // White is "no change": the colour of 0 is the scale's midpoint.
  assert.deepEqual(divergingRgb(0.5), [247, 247, 247]);
});

test('Grad-CAM: picture, map and overlay side by side on one 0..1 scale with a colour bar', async () => {
  const d = digit(2);
  const r = gradCam(model, d);
  d.dispose();
  assert.equal(r.layer, 'c2');
  const black = r.image.data.filter((v) => v === 0).length;
  const drawn = await countColour(r.figure, [0, 0, 0]);
  assert.ok(
    drawn >= black,
    `the original is drawn as it is (${drawn} black px, ${black} black pixels)`,
  );
  // The map is drawn on the fixed 0..1 viridis scale: its largest value has exactly that colour.
  const fig = gradCamFigure([r, r], { titles: ['a', 'b'] });
  const top = Math.max(...r.heatmap.flat());
  assert.ok((await countColour(fig, colormapRgb('viridis', top))) > 0, `viridis(${top}) drawn`);
  assertPng(fig);
});

test('filter ascent: every tile titled with the mean it reached; failures retried, then marked', () => {
  // Filter 0 of c2 switched off by a very negative bias: no picture can lift its mean above 0.
  const [kernel, bias] = model.getLayer('c2').getWeights();
  const b = bias.arraySync() as number[];
  const dead = b.slice();
  dead[0] = -1e4;
  model.getLayer('c2').setWeights([kernel, tf.tensor1d(dead)]);
  try {
    const before = tf.memory().numTensors;
    const once = activationMaximization(model, {
      layers: ['c2'],
      filters: 16,
      steps: 10,
      restarts: 0,
    });
    const retried = activationMaximization(model, { layers: ['c2'], filters: 16, steps: 10 });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
    for (const r of [once, retried])
      for (const img of r.images) {
        assert.equal(img.failed, !(img.activation > 0 && img.activation > img.startActivation));
        assert.match(img.title, img.failed ? /FAILED: -?\d+\.\d\d/ : /mean \d+\.\d\d/);
      }
    const failedOnce = once.images.filter((i) => i.failed).length;
    const failedAfter = retried.images.filter((i) => i.failed).map((i) => i.filter);
    assert.equal(failedAfter[0], 0, 'the switched-off filter fails in the end');
    assert.equal(retried.images[0].attempts, 4, 'it had the first try and 3 restarts');
    assert.ok(
      failedOnce > failedAfter.length,
      `retries rescue some: ${failedOnce} -> ${failedAfter.length}`,
    );
  } finally {
    model.getLayer('c2').setWeights([kernel, tf.tensor1d(b)]);
  }
});

test('feature maps at their true relative size: the same pixels per cell in every layer', () => {
  const d = digit(3);
  const r = featureMaps(model, d, { pixelsPerCell: 4 });
  d.dispose();
  assert.deepEqual(
    r.maps.map((m) => [m.layer, m.shape.slice(0, 2), m.drawn]),
    [
      ['c1', [26, 26], [104, 104]],
      ['c2', [11, 11], [44, 44]],
    ],
  );
  // What is drawn: the widest section is c1's row of 8 maps of 26 x 4 px, 4 px apart.
  assertPng(r.figure);
  assert.equal(r.figure.kind === 'png' && r.figure.width, 8 * 104 + 9 * 4);
});

test('kernels before and after training: one scale, the change measured', () => {
  const untrained = buildMnistCnn(SPEC);
  const r = kernelsBeforeAfter(untrained, model);
  const w0 = untrained.getLayer('c1').getWeights()[0].dataSync();
  const w1 = model.getLayer('c1').getWeights()[0].dataSync();
  const largest = Math.max(...Array.from(w0, Math.abs), ...Array.from(w1, Math.abs));
  assert.ok(Math.abs(r.scale - largest) < 1e-7, 'one scale: the largest |w| of either model');
  const meanAbs = (w: ArrayLike<number>) =>
    Array.from(w, Math.abs).reduce((a, b) => a + b) / w.length;
  assert.ok(Math.abs(r.meanAbs.before - meanAbs(w0)) < 1e-6);
  assert.ok(Math.abs(r.meanAbs.after - meanAbs(w1)) < 1e-6);
  assert.ok(Math.abs(r.meanChange - meanAbs(w1.map((v, i) => v - w0[i]))) < 1e-6);
  assert.ok(r.meanChange > 0, 'training moved the first layer');
  assertPng(r.figure);
  assert.throws(
    () =>
      kernelsBeforeAfter(
        untrained,
        tf.sequential({
          layers: [tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3 })],
        }),
      ),
    /same layer shape/,
  );
  untrained.dispose();
});
