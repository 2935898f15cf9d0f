import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  trainingCurves,
  confusionCounts,
  confusionMatrixChart,
  mistakesBreakdownChart,
  mistakesPerClassChart,
  perClassAccuracyChart,
  compareScoresChart,
  labelIndices,
} from '../../src/plot';
import type { PlotlySpec } from '../../src/figure';

function spec(
  fig: ReturnType<typeof trainingCurves>,
): PlotlySpec & { data: Record<string, unknown>[] } {
  assert.equal(fig.kind, 'plotly');
  if (fig.kind !== 'plotly') throw new Error('unreachable');
  assert.ok(Array.isArray(fig.spec.data) && fig.spec.data.length > 0);
  const layout = fig.spec.layout as { height: number; title: { text: string } };
  assert.ok(layout.height >= 350 && layout.height <= 650, `height ${layout.height}`);
  assert.ok(layout.title.text.length > 0);
  assert.ok(JSON.stringify(fig.spec).length < 20000, 'spec stays small');
  return fig.spec as PlotlySpec & { data: Record<string, unknown>[] };
}

const yTrue = [0, 0, 1, 1, 2, 2, 2];
const yPred = [0, 1, 1, 1, 2, 0, 0];
const names = ['cat', 'dog', 'frog'];

test('trainingCurves: loss and accuracy subplots from Keras or tfjs key names', () => {
  const s = spec(
    trainingCurves({ loss: [1, 0.5], val_loss: [1.1, 0.7], acc: [0.5, 0.8], val_acc: [0.4, 0.7] }),
  );
  assert.equal(s.data.length, 4);
  assert.deepEqual(
    s.data.map((d) => d.yaxis),
    ['y', 'y', 'y2', 'y2'],
  );
  assert.deepEqual(s.data[0].x, [1, 2]);
  const t = spec(trainingCurves({ history: { loss: [1], accuracy: [0.3], val_accuracy: [0.2] } }));
  assert.deepEqual(
    t.data.map((d) => d.name),
    ['training loss', 'training accuracy', 'validation accuracy'],
  );
  assert.throws(() => trainingCurves({ foo: [1] }), /found foo/);
  assert.throws(() => trainingCurves({ loss: [1, NaN] }), /history.loss: expected finite numbers/);
});

test('confusionCounts counts true x predicted exactly', () => {
  assert.deepEqual(confusionCounts(yTrue, yPred, 3), [
    [1, 1, 0],
    [0, 2, 0],
    [2, 0, 1],
  ]);
  const onehot = tf.oneHot(tf.tensor1d(yPred, 'int32'), 3);
  assert.deepEqual(labelIndices(onehot, 'p', 3), yPred);
  onehot.dispose();
  assert.throws(
    () => confusionCounts([0, 3], [0, 0], 3),
    /class indices 0..2, found 3 at position 1/,
  );
  assert.throws(() => confusionCounts([0], [0, 1], 3), /yTrue has 1 labels but yPred has 2/);
});

test('confusion matrix and mistakes breakdown heat maps carry names and counts', () => {
  const cm = spec(confusionMatrixChart(yTrue, yPred, names));
  assert.equal(cm.data[0].type, 'heatmap');
  assert.deepEqual(cm.data[0].z, [
    [1, 1, 0],
    [0, 2, 0],
    [2, 0, 1],
  ]);
  assert.deepEqual(cm.data[0].x, names);
  const mb = spec(mistakesBreakdownChart(yTrue, yPred, names));
  assert.deepEqual(mb.data[0].z, [
    [0, 1, 0],
    [0, 0, 0],
    [2, 0, 0],
  ]);
  assert.throws(() => confusionMatrixChart(yTrue, yPred, ['one']), /at least 2 names/);
});

test('mistakes per class and per-class accuracy bars', () => {
  const m = spec(mistakesPerClassChart(yTrue, yPred, names));
  assert.deepEqual(m.data[0].y, [1, 0, 2]);
  const a = spec(perClassAccuracyChart(yTrue, yPred, names));
  assert.deepEqual(a.data[0].y, [0.5, 1, 1 / 3]);
  assert.deepEqual(a.data[0].text, ['50.0%', '100.0%', '33.3%']);
});

test('compareScoresChart: one or several series, bar or line', () => {
  const one = spec(compareScoresChart(['3x3', '5x5'], [0.61, 0.64], { yTitle: 'test accuracy' }));
  assert.equal(one.data.length, 1);
  // Long names are rotated below the axis; a fixed margin cut 04's trial names off.
  const layout = one.layout as { xaxis: { automargin?: boolean } };
  assert.equal(layout.xaxis.automargin, true, 'the margin grows to fit the category names');
  const two = spec(
    compareScoresChart(
      ['1', '2', '3'],
      { train: [0.5, 0.6, 0.7], test: [0.4, 0.5, 0.55] },
      { type: 'line' },
    ),
  );
  assert.deepEqual(
    two.data.map((d) => d.name),
    ['train', 'test'],
  );
  assert.equal(two.data[0].type, 'scatter');
  assert.throws(
    () => compareScoresChart(['a', 'b'], [1]),
    /expected 2 values \(one per label\), found 1/,
  );
});
