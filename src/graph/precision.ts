// Mixed precision for the graph engine (issue #13 item 2), Keras's policy name: with
// 'mixed_bfloat16' the variables stay float32 and the layers compute in bfloat16 through
// explicit casts in the graph (layers.ts), softmax, loss and optimizer updates in float32, as
// Keras's policy does. Only worth it on CPUs with bf16 instructions (avx512_bf16 or amx_bf16);
// elsewhere it is refused with one line.
// TensorFlow's oneDNN auto-mixed-precision rewrite (ConfigProto rewrite option 31) was tried
// first and dropped: it also runs softmax, the loss and the RMSprop update in bf16, and its
// training went NaN in about half the processes (the odd-channel convolution bug in layers.ts,
// which a rewrite cannot work around); it was ~10% faster a step than the casts.
import * as fs from 'node:fs';
import { GraphEngineUnsupported } from './unsupported';

export type Precision = 'float32' | 'mixed_bfloat16';

/** The CPU's bf16 instruction flags from /proc/cpuinfo (empty when none or unreadable). */
export function cpuBf16Flags(cpuinfo?: string): string[] {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = fs.readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return [];
    }
  }
  const flags = new Set(/^flags\s*:\s*(.*)$/m.exec(text)?.[1].split(/\s+/) ?? []);
  return ['avx512_bf16', 'amx_bf16'].filter((f) => flags.has(f));
}

/**
 * The layers' compute dtype for `precision`: 'bfloat16' for 'mixed_bfloat16'. Throws
 * GraphEngineUnsupported, in one line, without bf16 instructions on the CPU.
 */
export function computeDtype(precision: Precision, cpuinfo?: string): 'float32' | 'bfloat16' {
  if (precision === 'float32') return 'float32';
  if (precision !== 'mixed_bfloat16')
    throw new Error(
      `graph engine: precision must be 'float32' or 'mixed_bfloat16', found ${JSON.stringify(precision)}`,
    );
  if (cpuBf16Flags(cpuinfo).length === 0)
    throw new GraphEngineUnsupported(
      "precision 'mixed_bfloat16' needs a CPU with bf16 instructions (avx512_bf16 or amx_bf16 in /proc/cpuinfo); this one has neither: use 'float32'",
    );
  return 'bfloat16';
}
