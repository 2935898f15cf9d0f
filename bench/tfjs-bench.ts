// One tfjs-node measurement in a fresh process (so peak RSS is this case's own).
// Usage: tsx bench/tfjs-bench.ts <mnist|cifar|infer> <fit|fast> <trainCount> <testCount>
// Prints one JSON line on stdout.
import * as fs from 'node:fs';
import { tf } from '../src/backend';
import { cifar10, head, mnist, Split, tail } from './data';
import { cifarCnn, mnistCnn } from './models';
import { installFastKernels } from '../src/perf';

const [caseName, engine, trainArg, testArg] = process.argv.slice(2);
const nTrain = Number(trainArg);
const nTest = Number(testArg);

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

/** CPU seconds (user + system, all threads) since `c0`: less sensitive than wall time to other load. */
function cpuSince(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1e6;
}

function toTensors(s: Split): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.tensor4d(s.images, [s.count, ...s.shape], 'int32').toFloat().div(255) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor1d(s.labels, 'int32'), 10).toFloat() as tf.Tensor2D;
    return { x, y };
  });
}

async function main() {
  // 'fit': tfjs-layers' fit as shipped; 'fast': the same fit with src/perf's engine fixes installed.
  if (engine === 'fast') installFastKernels();
  else if (engine !== 'fit') throw new Error(`engine: 'fit' or 'fast' expected, '${engine}' found`);
  const isMnist = caseName !== 'cifar';
  const train = isMnist ? head(mnist('train'), nTrain) : head(tail(cifar10('train'), 5000), nTrain);
  const test = head(isMnist ? mnist('t10k') : cifar10('test'), nTest);
  const model = isMnist ? mnistCnn() : cifarCnn();
  const batchSize = isMnist ? 64 : 32;
  const te = toTensors(test);
  const out: Record<string, unknown> = { engine: `tfjs-${engine}`, case: caseName, train: train.count, test: test.count, batchSize };
  if (caseName === 'infer') {
    // Inference: the freshly initialised MNIST model over the test set (weights do not change the cost).
    tf.dispose(model.predict(te.x.slice(0, 32))); // warm-up
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const p = model.predict(te.x, { batchSize: 32 }) as tf.Tensor;
    p.dataSync();
    out.seconds = (performance.now() - t0) / 1000;
    out.samplesPerSec = test.count / (out.seconds as number);
    out.cpuSeconds = cpuSince(c0);
    p.dispose();
  } else {
    model.compile({ optimizer: tf.train.rmsprop(0.001, 0.9, 0, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const tr = toTensors(train);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let loss: number;
    const h = await model.fit(tr.x, tr.y, { batchSize, epochs: 1, verbose: 0, shuffle: true });
    loss = h.history.loss[0] as number;
    out.seconds = (performance.now() - t0) / 1000;
    out.cpuSeconds = cpuSince(c0);
    out.samplesPerSec = train.count / (out.seconds as number);
    out.loss = loss;
    const ev = model.evaluate(te.x, te.y, { batchSize: 256 }) as tf.Scalar[];
    out.testAccuracy = ev[1].dataSync()[0];
  }
  out.peakRssMb = peakRssMb();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
