// One test-set score against Keras's seeds, in one line a learner reads under a results
// table: the range, the margin it is widened by, and the verdict, all from the numbers.
import type { KerasReference } from '../data/reference';
import { kerasRange } from '../data/reference';
import { allowedRange, MIN_VERDICT_SEEDS } from './parity';
import { formatRange } from './resultsTable';

/**
 * "test accuracy 0.5363 (above) against Keras's 0.4439–0.5318 ± 0.0270 (allowed 0.4169–0.5588,
 * 3 Keras seeds): inside Keras's range ± margin". The margin is the parity margin of the
 * training charts, for an accuracy measured on `images` test images. Below MIN_VERDICT_SEEDS
 * seeds the line sets the two numbers side by side and gives no verdict.
 */
export function testScoreVerdict(
  value: number,
  reference: KerasReference | undefined,
  what: { test: 'loss' | 'accuracy'; images: number },
): string {
  const name = `test ${what.test}`;
  const f = (v: number) => v.toFixed(4);
  if (!reference) return `${name} ${f(value)}: no Keras reference to compare with`;
  const band = kerasRange(reference, { test: what.test })!;
  const seeds = reference.seeds.length;
  const seedText = `${seeds} Keras seed${seeds === 1 ? '' : 's'}`;
  if (seeds < MIN_VERDICT_SEEDS)
    return (
      `${name} ${f(value)} here, ${formatRange(band)} in Keras (${seedText}); no inside/outside ` +
      `verdict: it needs at least ${MIN_VERDICT_SEEDS} seeds to show how much runs differ`
    );
  const allowed = allowedRange(band, what.test, { images: what.images });
  const margin = Math.max(allowed[1] - band[1], band[0] - allowed[0]);
  const side = value < band[0] ? ' (below)' : value > band[1] ? ' (above)' : '';
  const inside = value >= allowed[0] && value <= allowed[1];
  return (
    `${name} ${f(value)}${side} against Keras's ${formatRange(band)} ± ${f(margin)} ` +
    `(allowed ${formatRange(allowed)}, ${seedText}): ` +
    (inside ? "inside Keras's range ± margin" : "outside Keras's range ± margin")
  );
}
