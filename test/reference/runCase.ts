// One case of notebooks/reference/cases.json trained in TypeScript with the library, as its
// notebook cell does: the library's model builder, the same data subset and scaling, optimizer
// and settings, batch size, epochs, validation data, augmentation and phases. The settings are
// read from cases.json (never re-typed here). `departure` changes one thing on purpose, to show
// that the parity test catches it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf } from '../../src/backend';
import {
  cifar10SearchDirs,
  hasCifar10Files,
  ImageDataGenerator,
  Images,
  loadMnist,
  readCifar10,
  take,
  toCategorical,
  trainValidationSplit,
  type Dataset,
} from '../../src/data';
import { referenceDir } from '../../src/data/reference';
import {
  cifar10BasicModel,
  cifar10KerasCnn,
  cifar10SmallCnn,
  createCnn,
  mnistCnn,
  type LayerCode,
} from '../../src/models';
import { adam, rmsprop, sgd } from '../../src/optimizers';
import { KerasRMSprop } from '../../src/optimizers/kerasRmsprop';
import { EarlyStopping, fit, fitDataset, type Callback } from '../../src/train';

export const casesFile = path.join(referenceDir, 'cases.json');
export const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));

/** A cases.json value with the mode's choice made ({full, quick} → one of them). */
export function byMode(v: any, mode: 'full' | 'quick'): any {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if ('full' in v && 'quick' in v && Object.keys(v).length === 2) return v[mode];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, byMode(x, mode)]));
  }
  return Array.isArray(v) ? v.map((x) => byMode(x, mode)) : v;
}

/**
 * One deliberate change, for showing what parity catches: PARITY_DEPARTURE=dropout:0.9 |
 * unscaled | lr:<factor> | rho:<RMSprop rho> | eps-outside (RMSprop's ε after the square root,
 * Keras 2's w -= lr·g / (√v + ε)) | glorot-normal (kernels drawn from Glorot-normal instead of
 * Glorot-uniform).
 */
export interface Departure {
  dropout?: number;
  unscaled?: boolean;
  learningRateFactor?: number;
  rho?: number;
  epsilonOutside?: boolean;
  glorotNormal?: boolean;
}

export function parseDeparture(text: string | undefined): Departure {
  if (!text) return {};
  const [what, value] = text.split(':');
  if (what === 'unscaled') return { unscaled: true };
  if (what === 'eps-outside') return { epsilonOutside: true };
  if (what === 'glorot-normal') return { glorotNormal: true };
  if (what === 'dropout' && Number(value) >= 0 && Number(value) < 1)
    return { dropout: Number(value) };
  if (what === 'lr' && Number(value) > 0) return { learningRateFactor: Number(value) };
  if (what === 'rho' && Number(value) >= 0 && Number(value) < 1) return { rho: Number(value) };
  throw new Error(
    `PARITY_DEPARTURE: dropout:<rate in [0, 1)>, unscaled, lr:<factor>, rho:<in [0, 1)>, eps-outside or glorot-normal expected, found ${text}`,
  );
}

/** Keras 2's RMSprop: ε added after the square root. Not the graph engine's formula, so fit runs it eagerly. */
class EpsilonOutsideRMSprop extends KerasRMSprop {
  static override get className(): string {
    return 'EpsilonOutsideRMSprop';
  }
  protected override update(
    value: tf.Tensor,
    g: tf.Tensor,
    [velocity]: tf.Variable[],
    lr: tf.Scalar,
  ) {
    const v = tf.add(tf.mul(this.rho, velocity), tf.mul(1 - this.rho, tf.square(g)));
    return {
      slots: [v],
      value: tf.sub(value, tf.div(tf.mul(lr, g), tf.add(tf.sqrt(v), this.epsilon))),
    };
  }
}

/** Every kernel redrawn from Glorot-normal (tfjs's: a truncated normal, variance 2 / (fan in + fan out)). */
function glorotNormalKernels(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((layer, i) => {
    const weights = layer.getWeights();
    if (!weights.length) return;
    const kernel = tf.initializers.glorotNormal({ seed: seed + i }).apply(weights[0].shape);
    layer.setWeights([kernel, ...weights.slice(1)]);
    kernel.dispose();
  });
}

/** Where the CIFAR-10 files are (the library's search: $CIFAR10_DIR, data/), or null. */
export function cifarDir(): string | null {
  return cifar10SearchDirs().find((d) => hasCifar10Files(d)) ?? null;
}

const libraryModels: Record<string, (seed: number) => tf.Sequential> = {
  mnist_cnn: (seed) => mnistCnn({ seed }),
  cifar10_small_cnn: (seed) => cifar10SmallCnn({ seed }),
  cifar10_basic_model: (seed) => cifar10BasicModel({ seed }),
  keras_first_cnn: (seed) => cifar10KerasCnn({ seed }),
};

function buildModel(name: string, seed: number): tf.Sequential {
  const m = cases.models[name];
  if (m.createCnn) return createCnn(m.createCnn as LayerCode[], m.input, { seed });
  const build = libraryModels[name];
  if (!build) throw new Error(`runCase: no library builder for model ${name}`);
  return build(seed);
}

function optimizer(
  o: { name: string; learningRate?: number; decay?: number },
  departure: Departure,
  keras3Rmsprop: boolean,
) {
  const defaults: Record<string, number> = { adam: 1e-3, rmsprop: 1e-3, sgd: 1e-2 };
  const factor = departure.learningRateFactor ?? 1;
  const settings = { learningRate: (o.learningRate ?? defaults[o.name]) * factor, decay: o.decay };
  if ((departure.rho !== undefined || departure.epsilonOutside) && o.name !== 'rmsprop')
    throw new Error(`runCase: the rho and eps-outside departures need RMSprop, not ${o.name}`);
  if (departure.epsilonOutside) {
    if (o.decay) throw new Error('runCase: eps-outside has no decay');
    return new EpsilonOutsideRMSprop(settings.learningRate, 0.9, 1e-7);
  }
  if (departure.rho !== undefined) return rmsprop({ ...settings, rho: departure.rho });
  if (o.name === 'adam') return adam(settings);
  if (o.name === 'rmsprop' && keras3Rmsprop) {
    if (o.decay) throw new Error('runCase: keras3Rmsprop has no decay');
    // tfjs's RMSProp divides by sqrt(v + epsilon), as Keras 3 does (eager engine only)
    return tf.train.rmsprop(settings.learningRate, 0.9, 0, 1e-7);
  }
  if (o.name === 'rmsprop') return rmsprop(settings);
  if (o.name === 'sgd') return sgd(settings);
  throw new Error(`runCase: unknown optimizer ${o.name}`);
}

const loaded = new Map<string, Dataset>();
/** MNIST or CIFAR-10, read once per process. */
function dataset(name: 'mnist' | 'cifar10'): Dataset {
  if (!loaded.has(name)) {
    const dir = name === 'cifar10' ? cifarDir() : undefined;
    if (name === 'cifar10' && !dir) throw new Error('runCase: CIFAR-10 files absent');
    loaded.set(name, name === 'mnist' ? loadMnist() : readCifar10(dir!));
  }
  return loaded.get(name)!;
}

/** Per-epoch logs over all phases, epochs numbered on across them (as the reference's). */
export interface CaseRun {
  epoch: number[];
  history: Record<string, number[]>;
  seconds: number;
}

export interface RunOptions {
  departure?: Departure;
  /** Seeds initial weights, shuffles, dropout and augmentation (default 1, as the notebooks). */
  seed?: number;
  /** RMSprop with Keras 3's update, w -= lr·g / √(v + ε), instead of the library's √v + ε. */
  keras3Rmsprop?: boolean;
}

/** Trains case `id` at quick size. */
export async function runCase(id: string, options: RunOptions = {}): Promise<CaseRun> {
  const { departure = {}, seed = 1 } = options;
  const c = byMode(cases.cases[id], 'quick');
  const started = Date.now();
  let { xTrain: x, yTrain: y, xTest: xt, yTest: yt } = dataset(c.data.dataset);
  let valid: { x: Images; y: Uint8Array } | undefined;
  if (c.data.validationFromStart) {
    const s = trainValidationSplit(x, y, { validationSize: c.data.validationFromStart });
    [x, y, valid] = [s.xTrain, s.yTrain, { x: s.xValid, y: s.yValid }];
  }
  const train = take(x, y, c.data.train);
  const test = take(xt, yt, c.data.test);
  const scale = c.data.scale && !departure.unscaled;
  const tensors = (part: { x: Images; y: Uint8Array }): [tf.Tensor, tf.Tensor] => [
    part.x.toTensor({ scale }),
    toCategorical(part.y, 10),
  ];
  const [xTrain, yTrain] = tensors(train);
  const validation: Record<string, [tf.Tensor, tf.Tensor] | undefined> = {
    test: tensors(test),
    split: valid && tensors(valid),
  };
  const model = buildModel(c.model, seed);
  if (departure.glorotNormal) glorotNormalKernels(model, seed);
  if (departure.dropout !== undefined)
    for (const l of model.layers)
      if (l.getClassName() === 'Dropout')
        (l as unknown as { rate: number }).rate = departure.dropout;
  model.compile({
    optimizer: optimizer(c.optimizer, departure, !!options.keras3Rmsprop),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const run: CaseRun = { epoch: [], history: {}, seconds: 0 };
  let done = 0;
  try {
    for (const p of c.phases) {
      const callbacks: Callback[] = p.earlyStopping ? [new EarlyStopping(p.earlyStopping)] : [];
      const common = {
        epochs: done + p.epochs,
        initialEpoch: done,
        validationData: p.validation ? validation[p.validation] : undefined,
        callbacks,
        verbose: 0 as const,
      };
      const h = p.augmentation
        ? await fitDataset(
            model,
            new ImageDataGenerator({
              ...p.augmentation,
              rescale: departure.unscaled ? undefined : p.augmentation.rescale,
            }).flow(train.x, train.y, { batchSize: p.batchSize, numClasses: 10, seed }),
            {
              ...common,
              stepsPerEpoch: (p.stepsPerEpoch === 'floor' ? Math.floor : Math.ceil)(
                train.x.count / p.batchSize,
              ),
            },
          )
        : await fit(model, xTrain, yTrain, {
            ...common,
            batchSize: p.batchSize,
            shuffle: p.shuffle ?? true,
            seed,
          });
      run.epoch.push(...h.epoch);
      for (const [k, v] of Object.entries(h.history)) (run.history[k] ??= []).push(...v);
      done += h.epoch.length;
    }
  } finally {
    model.dispose();
    tf.dispose([xTrain, yTrain, ...Object.values(validation).flatMap((v) => v ?? [])]);
  }
  run.seconds = (Date.now() - started) / 1000;
  return run;
}
