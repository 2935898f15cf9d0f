// Variations of a createCnn layer configuration: the model surgery of tutorial 003's assignments.
import type { LayerCode } from './createCnn';

/** The same configuration with every convolution's kernel size set to `kernelSize`. */
export function withKernelSize(config: readonly LayerCode[], kernelSize: number): LayerCode[] {
  return config.map((code) => (code[0] === 'c' ? (['c', code[1], kernelSize] as const) : code));
}

/** The same configuration with the first convolution's filter count set to `filters`. */
export function withFirstFilters(config: readonly LayerCode[], filters: number): LayerCode[] {
  const first = config.findIndex((code) => code[0] === 'c');
  if (first < 0) throw new Error('withFirstFilters: the configuration has no convolution');
  return config.map((code, i) =>
    i === first && code[0] === 'c' ? (['c', filters, code[2]] as const) : code,
  );
}
