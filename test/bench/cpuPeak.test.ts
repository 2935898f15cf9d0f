// bench/cpu-peak.mjs: this CPU's peak FLOP/s from /proc/cpuinfo's flags, on fake cpuinfo texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

type CpuPeak = typeof import('../../bench/cpu-peak.mjs');
const load = () =>
  import(path.resolve(__dirname, '..', '..', 'bench', 'cpu-peak.mjs')) as Promise<CpuPeak>;
const cpuinfo = (flags: string, cpus = 2) =>
  Array.from(
    { length: cpus },
    (_, i) =>
      `processor\t: ${i}\nmodel name\t: Test CPU\ncpu MHz\t\t: 2000.000\nflags\t\t: ${flags}\n`,
  ).join('\n');

test('avx512f: 32 fp32 FLOPs a cycle an FMA unit, two units; avx512_bf16 twice that', async () => {
  const { cpuPeak } = await load();
  const p = cpuPeak(cpuinfo('fpu sse avx2 fma avx512f avx512_bf16'));
  assert.equal(p.cpus, 2);
  assert.equal(p.fp32PerCycle, 64);
  assert.equal(p.fp32Flops, 2 * 2e9 * 64);
  assert.equal(p.bf16Flops, 2 * 2e9 * 128);
  assert.match(p.how, /2 CPUs x 2000 MHz x 64 fp32 FLOPs\/cycle .* = 256\.0 GFLOP\/s fp32/);
  assert.equal(cpuPeak(cpuinfo('avx512f'), { fmaUnits: 1 }).fp32PerCycle, 32);
});

test('avx2 + fma: 16 a unit, two units; no bf16; the unit count can be overridden', async () => {
  const { cpuPeak } = await load();
  const p = cpuPeak(cpuinfo('sse avx avx2 fma', 4));
  assert.equal(p.fp32PerCycle, 32);
  assert.equal(p.bf16Flops, undefined);
  assert.match(p.how, /no bf16 instructions/);
  assert.equal(cpuPeak(cpuinfo('avx2 fma'), { fmaUnits: 1 }).fp32PerCycle, 16);
  assert.equal(cpuPeak(cpuinfo('sse sse2')).fp32PerCycle, 8);
});

test('AMD family 25 with avx512f (Zen 4): one 512-bit FMA a cycle; family 26 (Zen 5): two', async () => {
  const { cpuPeak } = await load();
  const amd = (family: number) =>
    `vendor_id\t: AuthenticAMD\ncpu family\t: ${family}\n` +
    cpuinfo('avx2 fma avx512f avx512_bf16');
  const zen4 = cpuPeak(amd(25));
  assert.equal(zen4.fp32PerCycle, 32);
  assert.equal(zen4.bf16PerCycle, 64);
  assert.match(zen4.how, /1 FMA unit, Zen 4\)/);
  assert.equal(cpuPeak(amd(26)).fp32PerCycle, 64);
  assert.equal(cpuPeak(amd(25), { fmaUnits: 2 }).fp32PerCycle, 64);
});
