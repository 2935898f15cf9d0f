// The limit of a training case: its FLOPs (bench/flops.mjs) over the matmul ceiling measured in
// the same run (bench/ceiling.py: the best large float32 / bfloat16 matmul through TensorFlow,
// with the engines' threads), or, when none was measured, over the peak the CPU flags promise
// (bench/cpu-peak.mjs, nominal, a bound rather than what the CPU sustains); bf16 runs against bf16.
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

/**
 * A peak ({ fp32Flops, bf16Flops, how }) from bench/ceiling.py's results: the best rate of each
 * dtype over the run's measurements (load only ever lowers one); undefined when there are none.
 */
export function measuredPeak(ceilings) {
  const ok = (ceilings ?? []).filter((c) => c?.float32?.best > 0);
  if (!ok.length) return undefined;
  const best = (k) => Math.max(...ok.map((c) => c[k]?.best ?? 0));
  const all = (k) => ok.map((c) => c[k]?.best?.toFixed(0)).join(', ');
  const [fp32, bf16] = [best('float32'), best('bfloat16')];
  return {
    measured: true,
    fp32Flops: fp32 * 1e9,
    bf16Flops: bf16 > 0 ? bf16 * 1e9 : undefined,
    how:
      `measured in this run (bench/ceiling.py, ${ok[0].n}x${ok[0].n} matmuls through TensorFlow, ` +
      `${ok[0].threads} threads, best of each measurement): float32 ${fp32.toFixed(0)} GFLOP/s ` +
      `(${all('float32')}), bfloat16 ${bf16.toFixed(0)} GFLOP/s (${all('bfloat16')})`,
  };
}

/** Seconds of `samples` training samples of `caseName` at the peak for `precision`. */
export function limitSeconds(peak, caseName, samples, precision = 'float32') {
  const model = MODELS[caseName];
  if (!peak || !model || !samples) return undefined;
  const flops = precision === 'mixed_bfloat16' && peak.bf16Flops ? peak.bf16Flops : peak.fp32Flops;
  return trainingFlops(model, samples) / flops;
}

/** What the limit of each training case is and how it was computed, for the summary and the JSON. */
export function describeLimit(peak, samplesOfCase, nominal) {
  if (!peak) return { lines: ['limit: no ceiling measured and /proc/cpuinfo unreadable'] };
  const cases = {};
  const lines = [
    `limit = training FLOPs / ${peak.measured ? 'measured matmul ceiling' : 'nominal peak'} (bench/flops.mjs, ${peak.measured ? 'bench/ceiling.py' : 'bench/cpu-peak.mjs'})`,
    `  ${peak.measured ? 'ceiling' : 'peak'}: ${peak.how}`,
    ...(nominal && nominal !== peak ? [`  nominal peak from the CPU flags: ${nominal.how}`] : []),
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
        `${(c.flops / 1e12).toFixed(3)} TFLOP -> ${c.fp32Seconds.toFixed(2)} s at the fp32 rate` +
        (c.bf16Seconds ? `, ${c.bf16Seconds.toFixed(2)} s at the bf16 rate` : ''),
    );
  }
  lines.push(
    '  "of ceiling" = limit s / median s (and / best s): the share of the ceiling the engine sustained',
  );
  return { lines, peak, nominal, formula: TRAINING_FLOPS_FORMULA, cases };
}
