// Load time and peak memory of one dataset, in a fresh process:
//   node --import tsx test/data/measure.ts mnist|cifar10 [--tensor]
// Prints one JSON line. RSS deltas are taken against the process after the
// library (and TensorFlow) loaded, so they show what the dataset itself costs.
import { performance } from 'node:perf_hooks';
import { loadMnist, loadCifar10 } from '../../src/data';

async function main(): Promise<void> {
  const which = process.argv[2];
  if (which !== 'mnist' && which !== 'cifar10')
    throw new Error(`measure: 'mnist' or 'cifar10' expected, found ${which}`);
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  const basePeak = process.resourceUsage().maxRSS * 1024;
  const t0 = performance.now();
  const d = which === 'mnist' ? loadMnist() : await loadCifar10(undefined, { download: false });
  const loadMs = performance.now() - t0;
  const rawBytes = d.xTrain.data.length + d.xTest.data.length + d.yTrain.length + d.yTest.length;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const result: Record<string, number | string> = {
    dataset: which,
    loadMs: Math.round(loadMs),
    rawMB: +(rawBytes / 2 ** 20).toFixed(1),
    // Growth of the peak over the baseline (the baseline's own peak, if higher, hides part of it).
    peakGrowthMB: +((peakRss - Math.max(baseRss, basePeak)) / 2 ** 20).toFixed(1),
    rssAfterMB: +((process.memoryUsage().rss - baseRss) / 2 ** 20).toFixed(1),
  };
  if (process.argv.includes('--tensor')) {
    const t1 = performance.now();
    const x = d.xTrain.toTensor({ scale: true });
    result.toTensorScaledMs = Math.round(performance.now() - t1);
    x.dispose();
  }
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
