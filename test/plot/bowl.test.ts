import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bowlDescent, elongatedBowlFigure, stepsToReach } from '../../src/plot';

test('each weight follows the closed form w_k = 1 + (1 − lr·s²)^k (w_0 − 1)', () => {
  const lr = 0.9;
  const p = bowlDescent([0.2, 1], { learningRate: lr, steps: 30, start: [-2, -2] });
  for (let k = 0; k <= 30; k++) {
    assert.ok(Math.abs(p.w1[k] - (1 + (1 - lr * 0.04) ** k * -3)) < 1e-12, `w1 at ${k}`);
    assert.ok(Math.abs(p.w2[k] - (1 + (1 - lr) ** k * -3)) < 1e-12, `w2 at ${k}`);
  }
  // the cost never goes below its minimum 0 and only falls at this rate
  assert.ok(p.cost.every((c, k) => c >= 0 && (k === 0 || c < p.cost[k - 1])));
});

test('same learning rate: the round bowl is crossed in a few steps, the elongated one is not', () => {
  const round = bowlDescent([1, 1], { learningRate: 0.9, steps: 30 });
  const long = bowlDescent([0.2, 1], { learningRate: 0.9, steps: 30 });
  // from (−2, −2), 4.24 away from the minimum (1, 1): within 0.05 of it
  assert.equal(stepsToReach(round, 0.05), 2);
  assert.equal(stepsToReach(long, 0.05), -1); // not within 30 steps
  const longer = bowlDescent([0.2, 1], { learningRate: 0.9, steps: 200 });
  assert.equal(stepsToReach(longer, 0.05), 112); // 3 · 0.964^k ≤ 0.05
});

test('a learning rate past 2/s² makes the steep weight diverge', () => {
  const p = bowlDescent([1, 1], { learningRate: 2.5, steps: 10 });
  assert.ok(p.cost[10] > p.cost[0] * 1000);
});

test('the figure draws both paths as computed, on equal axis ranges', () => {
  const fig = elongatedBowlFigure([1, 1], [0.2, 1], { learningRate: 0.9, steps: 30 });
  assert.equal(fig.kind, 'plotly');
  if (fig.kind !== 'plotly') return;
  const paths = fig.spec.data.filter((t: any) => t.mode === 'lines+markers') as any[];
  assert.deepEqual(paths[0].x, bowlDescent([1, 1], { learningRate: 0.9, steps: 30 }).w1);
  assert.deepEqual(paths[1].y, bowlDescent([0.2, 1], { learningRate: 0.9, steps: 30 }).w2);
  const layout = fig.spec.layout as any;
  assert.deepEqual(layout.xaxis.range, layout.xaxis2.range);
  assert.equal(layout.yaxis.scaleanchor, 'x');
  assert.throws(() => elongatedBowlFigure([1, 0], [1, 1], { learningRate: 0.1 }), /scales/);
});
