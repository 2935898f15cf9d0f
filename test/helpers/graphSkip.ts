// Why a test of the graph engine cannot run here, for node:test's `skip` (false: it can).
import { cpuBf16Flags, graphEngineStatus, isGraphEngineAvailable } from '../../src/graph';

export const noGraphEngine: string | false = isGraphEngineAvailable()
  ? false
  : `graph engine unavailable: ${graphEngineStatus()}`;

/** The graph engine and a CPU with bf16 instructions, for mixed_bfloat16. */
export const noBf16: string | false =
  noGraphEngine ||
  (cpuBf16Flags().length
    ? false
    : 'this CPU has no bf16 instructions (no avx512_bf16 or amx_bf16 in /proc/cpuinfo)');
