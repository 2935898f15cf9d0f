// Mixed precision for the graph engine (issue #13 item 2), Keras's policy name: with
// 'mixed_bfloat16' the variables stay float32 and TensorFlow's oneDNN auto-mixed-precision
// rewrite (Grappler, asked for through the session's ConfigProto) runs the convolutions and
// matrix products in bfloat16, casting at the edges. Only worth it on CPUs with bf16
// instructions (avx512_bf16 or amx_bf16); elsewhere it is refused with one line.
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
 * Serialized ConfigProto fields for `precision` (appended to the session config), or
 * undefined for float32. Throws GraphEngineUnsupported, in one line, without bf16 on the CPU.
 */
export function precisionConfig(precision: Precision, cpuinfo?: string): Uint8Array | undefined {
  if (precision === 'float32') return undefined;
  if (precision !== 'mixed_bfloat16')
    throw new Error(
      `graph engine: precision must be 'float32' or 'mixed_bfloat16', found ${JSON.stringify(precision)}`,
    );
  if (cpuBf16Flags(cpuinfo).length === 0)
    throw new GraphEngineUnsupported(
      "precision 'mixed_bfloat16' needs a CPU with bf16 instructions (avx512_bf16 or amx_bf16 in /proc/cpuinfo); this one has neither: use 'float32'",
    );
  // ConfigProto.graph_options (10) { rewrite_options (10) {
  //   auto_mixed_precision_onednn_bfloat16 (31; 25 is its deprecated name): ON (1) } }
  return new Uint8Array([0x52, 0x05, 0x52, 0x03, 0xf8, 0x01, 0x01]);
}
