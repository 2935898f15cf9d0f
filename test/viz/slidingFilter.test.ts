import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slidingFilterFigure, slidingSteps, convolve2d, CONV_EXAMPLES as E } from '../../src/viz';

type Step = { args: [{ z: (number | null)[][][] }, { annotations: { text: string }[] }] };
const sliderOf = (fig: ReturnType<typeof slidingFilterFigure>) => {
  assert.equal(fig.kind, 'plotly');
  if (fig.kind !== 'plotly') throw new Error('unreachable');
  return (fig.spec.layout!.sliders as { steps: Step[] }[])[0].steps;
};

test("the tutorial's 5x5 example: nine positions whose sums are 12 12 17 / 10 17 19 / 9 6 14", () => {
  const steps = slidingSteps(E.input, E.kernel);
  assert.deepEqual(
    steps.map((s) => s.value),
    [12, 12, 17, 10, 17, 19, 9, 6, 14],
  );
  // the first window: 3·0 + 3·1 + 2·2 + 0·2 + 0·2 + 1·0 + 3·0 + 1·1 + 2·2 = 12
  assert.equal(steps[0].sum, '3·0 + 3·1 + 2·2 + 0·2 + 0·2 + 1·0 + 3·0 + 1·1 + 2·2');
  for (const s of steps)
    assert.equal(Function(`return ${s.sum.replaceAll('·', '*')}`)(), s.value, s.sum);
  assert.deepEqual(steps[5].at, [1, 2]);
});

test('the slider has one step a position; each fills the output up to it, the last equals convolve2d', () => {
  const fig = slidingFilterFigure(E.input, E.kernel);
  const steps = sliderOf(fig);
  assert.equal(steps.length, 9);
  const filled = (z: (number | null)[][]) => z.flat().filter((v) => v !== null).length;
  steps.forEach((s, k) => assert.equal(filled(s.args[0].z[1]), k + 1));
  assert.deepEqual(steps[8].args[0].z[1], convolve2d(E.input, E.kernel));
  // the sum line under the figure names the position and its value
  const line = steps[4].args[1].annotations.at(-1)!.text;
  assert.match(line, /^output \(1, 1\) = .* = <b>17<\/b>$/);
});

test("stride 2 with 'same' padding: 3x3 positions on the 7x7 padded grid", () => {
  const steps = slidingSteps(E.input, E.kernel, { stride: 2, padding: 'same' });
  assert.deepEqual(
    steps.map((s) => s.at),
    [
      [0, 0],
      [0, 2],
      [0, 4],
      [2, 0],
      [2, 2],
      [2, 4],
      [4, 0],
      [4, 2],
      [4, 4],
    ],
  );
  assert.deepEqual(
    steps.map((s) => s.value),
    convolve2d(E.input, E.kernel, { stride: 2, padding: 'same' }).flat(),
  );
});

test('a non-square kernel is refused with a message that says so', () => {
  assert.throws(
    () =>
      slidingFilterFigure(E.input, [
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    /square/,
  );
});
