// A check at the door of tf.js's own `model.compile`. tf.js answers a misspelt name with
// "Unknown metric acuracy", and learners coming from Keras write Keras's snake_case names
// ('categorical_crossentropy', 'sparse_categorical_accuracy'), which tf.js spells otherwise.
// The check names the argument, the names tf.js knows and the one meant, before tf.js runs.
import { tf } from '../backend';
import { describe, fail, meant } from '../validate';

// tf.js's names (tfjs-layers: losses.ts lossesMap; metrics.ts metricsMap and the four words
// compile itself turns into an accuracy or a cross-entropy; optimizers.ts getOptimizer).
export const NAMES = {
  loss: [
    'categoricalCrossentropy',
    'sparseCategoricalCrossentropy',
    'binaryCrossentropy',
    'meanSquaredError',
    'meanAbsoluteError',
    'meanAbsolutePercentageError',
    'meanSquaredLogarithmicError',
    'kullbackLeiblerDivergence',
    'categoricalHinge',
    'squaredHinge',
    'hinge',
    'logcosh',
    'poisson',
    'cosineProximity',
  ],
  metric: [
    'accuracy',
    'categoricalAccuracy',
    'binaryAccuracy',
    'precision',
    'categoricalCrossentropy',
    'sparseCategoricalCrossentropy',
    'acc',
    'crossentropy',
    'ce',
    'mse',
    'MSE',
    'mae',
    'MAE',
    'mape',
    'MAPE',
    'cosine',
  ],
  optimizer: [
    'adam',
    'sgd',
    'rmsprop',
    'adagrad',
    'adadelta',
    'adamax',
    'Adam',
    'SGD',
    'RMSProp',
    'Adagrad',
    'Adadelta',
    'Adamax',
  ],
};
type Kind = keyof typeof NAMES;

// Keras names tf.js spells differently, with why.
const KERAS_NAMES: Record<Kind, Record<string, string>> = {
  loss: {
    mse: "'meanSquaredError' (Keras's 'mse' loss)",
    mae: "'meanAbsoluteError' (Keras's 'mae' loss)",
    mape: "'meanAbsolutePercentageError' (Keras's 'mape' loss)",
    msle: "'meanSquaredLogarithmicError' (Keras's 'msle' loss)",
    kld: "'kullbackLeiblerDivergence' (Keras's 'kld' loss)",
  },
  metric: {
    sparseCategoricalAccuracy:
      "'accuracy' (compile picks the sparse accuracy when the loss is sparseCategoricalCrossentropy)",
  },
  optimizer: {},
};

const camelCase = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The fix for a name tf.js does not know: its camelCase, a Keras alias, or the near miss. */
function fixFor(name: string, kind: Kind): string | undefined {
  const camel = camelCase(name);
  if (camel !== name && NAMES[kind].includes(camel))
    return `'${camel}' (tf.js spells Keras's names in camelCase)`;
  return KERAS_NAMES[kind][camel] ?? meant(camel, NAMES[kind]);
}

function checkName(value: unknown, what: string, kind: Kind, orElse: string) {
  if (typeof value !== 'string' || NAMES[kind].includes(value)) return;
  const known = NAMES[kind];
  const shown = known
    .slice(0, 4)
    .map((k) => `'${k}'`)
    .join(', ');
  fail(
    `compile: ${what}`,
    `a tf.js ${kind} name (${shown}, … ${known.length} in all) or ${orElse}`,
    describe(value),
    'must-be',
    fixFor(value, kind),
  );
}

/** Checks the optimizer, loss and metric names of `model.compile`'s arguments. */
export function checkCompileArgs(args: tf.ModelCompileArgs): void {
  if (args == null || typeof args !== 'object')
    fail('compile', 'an object { optimizer, loss, metrics }', describe(args), 'must-be');
  checkName(args.optimizer, 'optimizer', 'optimizer', 'an optimizer (adam(), sgd(0.01))');
  const { loss, metrics } = args;
  (Array.isArray(loss) ? loss : [loss]).forEach((l, i) =>
    checkName(l, Array.isArray(loss) ? `loss[${i}]` : 'loss', 'loss', 'a loss function'),
  );
  // A { outputName: metrics } map is left to tf.js: our models have one output.
  if (Array.isArray(metrics) || typeof metrics === 'string')
    (Array.isArray(metrics) ? metrics : [metrics]).forEach((m, i) =>
      checkName(
        m,
        Array.isArray(metrics) ? `metrics[${i}]` : 'metrics',
        'metric',
        'a metric function',
      ),
    );
}

/** tf.js's own compile, without the check (tests hold the two side by side). */
export const tfjsCompile = tf.LayersModel.prototype.compile;
let installed = false;

/** Puts `checkCompileArgs` in front of every model's `compile` (once; Sequential's calls it too). */
export function installCompileCheck(): void {
  if (installed) return;
  installed = true;
  tf.LayersModel.prototype.compile = function (this: tf.LayersModel, args: tf.ModelCompileArgs) {
    checkCompileArgs(args);
    return tfjsCompile.call(this, args);
  };
}
