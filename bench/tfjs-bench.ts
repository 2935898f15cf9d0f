// One tfjs-node measurement in a fresh process (so peak RSS is this case's own).
// Usage: tsx bench/tfjs-bench.ts <mnist|cifar|infer|infer-cifar> <lib|lib-bf16|fit|fast|graph> <trainCount> <testCount>
// Prints one JSON line on stdout. Data and models are the library's (src/data, src/models).
//   lib:  what a notebook gets: the library imported (fast kernels installed), its fit() and rmsprop(),
//         training on the loader's uint8 images with `scale: true` (no float32 copy of the set)
//   lib-bf16: the same fit() with { precision: 'mixed_bfloat16' } (float32, saying so, on a CPU
//         without bf16 instructions; `precision` in the output is what ran)
//   fit:  tfjs-layers' model.fit with tf.train.rmsprop, as shipped (no src/kernels replacements)
//   fast: the same model.fit after installFastKernels()
//   graph: the library's rmsprop() run by src/graph's graphTrainer (one TF graph per step),
//          batches shuffled as fit() does; weights synced back to the model before evaluate
import * as fs from 'node:fs';
import { tf } from '../src/backend';
import {
  Images,
  loadCifar10,
  loadMnist,
  scalePixels,
  take,
  toCategorical,
  trainValidationSplit,
} from '../src/data';
import { cifar10SmallCnn, mnistCnn } from '../src/models';

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

/** Scaled [N, H, W, C] images and one-hot labels, as the notebooks prepare them. */
function toTensors(images: Images, labels: Uint8Array): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const scaled = scalePixels(images);
  const x = scaled.reshape([
    images.count,
    images.height,
    images.width,
    images.channels,
  ]) as tf.Tensor4D;
  if (x !== scaled) scaled.dispose();
  return { x, y: toCategorical(labels, 10) };
}

async function loadCase(isMnist: boolean) {
  if (isMnist) {
    const d = loadMnist();
    return { train: take(d.xTrain, d.yTrain, nTrain), test: take(d.xTest, d.yTest, nTest) };
  }
  const d = await loadCifar10(process.env.CIFAR10_DIR, { download: false });
  // Tutorial 004 holds out the first 5,000 training images for validation.
  const s = trainValidationSplit(d.xTrain, d.yTrain, { validationSize: 5000 });
  return { train: take(s.xTrain, s.yTrain, nTrain), test: take(d.xTest, d.yTest, nTest) };
}

async function main() {
  if (!['lib', 'lib-bf16', 'fit', 'fast', 'graph'].includes(engine))
    throw new Error(
      `engine: 'lib', 'lib-bf16', 'fit', 'fast' or 'graph' expected, '${engine}' found`,
    );
  // The library's fit() installs src/kernels' replacements when it starts, as in a notebook.
  const lib = engine !== 'fit' && engine !== 'fast' ? await import('../src/index') : null;
  const graph = engine === 'graph' ? await import('../src/graph') : null;
  if (engine === 'fast' || engine === 'graph')
    (await import('../src/kernels')).installFastKernels();
  const isMnist = caseName === 'mnist' || caseName === 'infer';
  const { train, test } = await loadCase(isMnist);
  const model = isMnist ? mnistCnn() : cifar10SmallCnn();
  const batchSize = caseName === 'mnist' ? 64 : 32;
  const te = toTensors(test.x, test.y);
  const out: Record<string, unknown> = {
    engine: `tfjs-${engine}`,
    case: caseName,
    train: train.x.count,
    test: test.x.count,
    batchSize,
    precision: 'float32',
  };
  if (caseName.startsWith('infer')) {
    // Inference over the test set: evaluate (loss + accuracy, batch 32, Keras's default) and
    // predict. The model is freshly initialised (weights do not change the cost). `lib` is the
    // library's evaluate/predict (one graph per batch where the model allows it), the others
    // tfjs's eager model.evaluate/model.predict.
    model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const warm = [te.x.slice(0, 32), te.y.slice(0, 32)];
    if (lib) await lib.evaluate(model, warm[0], warm[1]);
    else tf.dispose(model.evaluate(warm[0], warm[1]) as tf.Scalar[]);
    tf.dispose(warm);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (lib) {
      out.testAccuracy = (await lib.evaluate(model, te.x, te.y, { batchSize: 32 })).accuracy;
    } else {
      const ev = model.evaluate(te.x, te.y, { batchSize: 32 }) as tf.Scalar[];
      out.testAccuracy = ev[1].dataSync()[0];
      tf.dispose(ev);
    }
    out.seconds = (performance.now() - t0) / 1000;
    out.samplesPerSec = test.x.count / (out.seconds as number);
    out.cpuSeconds = cpuSince(c0);
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    const p = lib
      ? lib.predict(model, te.x, { batchSize: 32 })
      : (model.predict(te.x, { batchSize: 32 }) as tf.Tensor);
    p.dataSync();
    out.predictSeconds = (performance.now() - t1) / 1000;
    out.predictCpuSeconds = cpuSince(c1);
    p.dispose();
  } else {
    // Keras's RMSprop defaults (lr 1e-3, rho 0.9, epsilon 1e-7), the optimizer of 004.
    const optimizer = lib ? lib.rmsprop() : tf.train.rmsprop(0.001, 0.9, 0, 1e-7);
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    // The library trains on the loader's uint8 images, scaled per batch inside the graph, as a
    // notebook can (fit's `scale: true`): no float32 copy of the training set is held.
    const tr =
      lib && !graph ? { x: train.x, y: toCategorical(train.y, 10) } : toTensors(train.x, train.y);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const precision = engine === 'lib-bf16' ? 'mixed_bfloat16' : 'float32';
    let loss: number;
    if (graph) loss = graphFitOneEpoch(graph, model, tr.x as tf.Tensor, tr.y, batchSize);
    else if (lib) {
      const h = await lib.fit(model, tr.x, tr.y, {
        batchSize,
        epochs: 1,
        verbose: 0,
        seed: 4,
        precision,
        scale: true,
      });
      [loss, out.precision, out.precisionNote] = [h.history.loss[0], h.precision, h.precisionNote];
    } else
      loss = (
        await model.fit(tr.x as tf.Tensor, tr.y, {
          batchSize,
          epochs: 1,
          verbose: 0,
          shuffle: true,
        })
      ).history.loss[0] as number;
    out.seconds = (performance.now() - t0) / 1000;
    out.cpuSeconds = cpuSince(c0);
    out.samplesPerSec = train.x.count / (out.seconds as number);
    out.loss = loss;
    const ev = model.evaluate(te.x, te.y, { batchSize: 256 }) as tf.Scalar[];
    out.testAccuracy = ev[1].dataSync()[0];
  }
  out.peakRssMb = peakRssMb();
  process.stdout.write(JSON.stringify(out) + '\n');
}

/** One epoch through the graph engine, then the weights back into the model (for evaluate). */
function graphFitOneEpoch(
  graph: typeof import('../src/graph'),
  model: tf.Sequential,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
): number {
  const trainer = graph.graphTrainer(model, { optimizer: graph.optimizerSpecOf(model.optimizer) });
  try {
    const r = graph.graphEpoch(trainer, x, y, { batchSize, seed: 4 });
    trainer.syncWeightsToModel();
    return r.loss;
  } finally {
    trainer.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
