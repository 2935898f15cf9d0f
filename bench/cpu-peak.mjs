// This CPU's peak FLOP/s, from /proc/cpuinfo (issue #13: the physical limit of a case):
//   peak = logical CPUs x clock x FLOPs per cycle per CPU
//   fp32 FLOPs/cycle = lanes x 2 (an FMA is a multiply and an add) x FMA units
//     lanes: 16 with avx512f, 8 with avx2 + fma, 4 otherwise (SSE: no FMA, the 2 is a mul
//     unit and an add unit side by side, counted as 1 unit)
//     FMA units assumed: 2, the most a core of these ISAs has (Haswell on, Zen 1-3 and 5,
//     Xeon Gold/Platinum), except AMD's family 25 with avx512f: Zen 4 runs 512-bit FMAs on its
//     two 256-bit units, one a cycle (issue 23: a family 25 model 17 EPYC sustained 182-206
//     GFLOP/s float32 on 2 threads, against 268 computed with 2 units). BENCH_FMA_UNITS
//     overrides the count. This nominal peak is only printed beside the limit: the bench
//     measures the ceiling it divides by in the same run (bench/ceiling.py).
//   bf16 FLOPs/cycle: avx512_bf16 (VDPBF16PS: 32 bf16 pairs a 512-bit instruction) = 2 x fp32;
//     amx_bf16: 1,024 per core (Intel's figure for a Sapphire Rapids tile unit); else none.
// "cpu MHz" is the clock the kernel reports (base, under a hypervisor usually fixed); turbo
// clocks are higher, so the peak is a round figure, not a bound to the last percent. Logical
// CPUs are counted as cores: under a VM, two vCPUs may be the two threads of one core.

/**
 * @param {string} cpuinfo the text of /proc/cpuinfo
 * @param {{ fmaUnits?: number }} [options]
 */
export function cpuPeak(cpuinfo, options = {}) {
  const cpus = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || 1;
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(cpuinfo)?.[1] ?? NaN);
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1].trim() ?? 'unknown CPU';
  const flags = new Set(/^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1].split(/\s+/) ?? []);
  const isa = flags.has('avx512f')
    ? { name: 'avx512f', lanes: 16, units: 2 }
    : flags.has('avx2') && flags.has('fma')
      ? { name: 'avx2+fma', lanes: 8, units: 2 }
      : { name: 'sse', lanes: 4, units: 1 };
  const amdFamily = /^vendor_id\s*:\s*AuthenticAMD/m.test(cpuinfo)
    ? Number(/^cpu family\s*:\s*(\d+)/m.exec(cpuinfo)?.[1])
    : undefined;
  const zen4 = amdFamily === 25 && isa.name === 'avx512f';
  const units = options.fmaUnits ?? (zen4 ? 1 : isa.units);
  const fp32PerCycle = isa.lanes * 2 * units;
  const bf16PerCycle = flags.has('amx_bf16')
    ? 1024
    : flags.has('avx512_bf16')
      ? 2 * fp32PerCycle
      : undefined;
  const hz = mhz * 1e6;
  const bf16Flag = flags.has('amx_bf16') ? 'amx_bf16' : 'avx512_bf16';
  return {
    model,
    cpus,
    mhz,
    isa: isa.name,
    fmaUnits: units,
    fp32PerCycle,
    bf16PerCycle,
    fp32Flops: cpus * hz * fp32PerCycle,
    bf16Flops: bf16PerCycle ? cpus * hz * bf16PerCycle : undefined,
    how:
      `${cpus} CPUs x ${mhz} MHz x ${fp32PerCycle} fp32 FLOPs/cycle (${isa.name}: ${isa.lanes} lanes x 2 x ${units} FMA unit${units > 1 ? 's' : ''}${zen4 && !options.fmaUnits ? ', Zen 4' : ''})` +
      ` = ${((cpus * hz * fp32PerCycle) / 1e9).toFixed(1)} GFLOP/s fp32` +
      (bf16PerCycle
        ? `; bf16 ${bf16PerCycle} FLOPs/cycle (${bf16Flag}) = ${((cpus * hz * bf16PerCycle) / 1e9).toFixed(1)} GFLOP/s`
        : '; no bf16 instructions'),
  };
}
