// The physical limit of a training case: its FLOPs (bench/flops.mjs) over this CPU's peak
// FLOP/s (bench/cpu-peak.mjs), the time no engine can beat; bf16 runs against the bf16 peak.
import * as fs from 'node:fs';
import { cpuPeak } from './cpu-peak.mjs';
import { forwardCost, MODELS, TRAINING_FLOPS_FORMULA, trainingFlops } from './flops.mjs';

/** This machine's peak (undefined where /proc/cpuinfo cannot be read). */
export function machinePeak() {
  let text;
  try {
    text = fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  const units = Number(process.env.BENCH_FMA_UNITS);
  return cpuPeak(text, units > 0 ? { fmaUnits: units } : {});
}

/** Seconds of `samples` training samples of `caseName` at the peak for `precision`. */
export function limitSeconds(peak, caseName, samples, precision = 'float32') {
  const model = MODELS[caseName];
  if (!peak || !model || !samples) return undefined;
  const flops = precision === 'mixed_bfloat16' && peak.bf16Flops ? peak.bf16Flops : peak.fp32Flops;
  return trainingFlops(model, samples) / flops;
}

/** What the limit of each training case is and how it was computed, for the summary and the JSON. */
export function describeLimit(peak, samplesOfCase) {
  if (!peak) return { lines: ['physical limit: /proc/cpuinfo unreadable, not computed'] };
  const cases = {};
  const lines = [
    'physical limit = training FLOPs / peak FLOP/s (bench/flops.mjs, bench/cpu-peak.mjs)',
    `  peak: ${peak.how}`,
    `  ${TRAINING_FLOPS_FORMULA}`,
  ];
  for (const [name, samples] of Object.entries(samplesOfCase)) {
    if (!MODELS[name]) continue;
    const { macs } = forwardCost(MODELS[name]);
    const c = {
      macsPerSample: macs,
      samples,
      flops: trainingFlops(MODELS[name], samples),
      fp32Seconds: limitSeconds(peak, name, samples),
      bf16Seconds: peak.bf16Flops ? limitSeconds(peak, name, samples, 'mixed_bfloat16') : undefined,
    };
    cases[name] = c;
    lines.push(
      `  ${name}: 3 x 2 x ${macs.toLocaleString('en')} MACs x ${samples.toLocaleString('en')} = ` +
        `${(c.flops / 1e12).toFixed(3)} TFLOP -> ${c.fp32Seconds.toFixed(2)} s at the fp32 peak` +
        (c.bf16Seconds ? `, ${c.bf16Seconds.toFixed(2)} s at the bf16 peak` : ''),
    );
  }
  lines.push(
    '  "of peak" = limit s / median s (1.00 would be the CPU at its peak the whole epoch)',
  );
  return { lines, peak, formula: TRAINING_FLOPS_FORMULA, cases };
}
