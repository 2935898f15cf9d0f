// %% [markdown]
// # 04 · Build your own CNN: convolutions, pooling, ReLU, and a first CIFAR-10 classifier
//
// This notebook rebuilds the tutorial **"Convolutional Neural Networks"** (a Keras notebook that
// meets convolutions, channels, max pooling, stride and ReLU, builds a CNN twice — by hand and
// with a small `create_cnn(layer_config, input_shape)` builder — trains it on CIFAR-10 with SGD
// and ends with assignments, one of them on MNIST) in TypeScript, on the `cnn-notebooks` library
// and TensorFlow's native CPU backend.
//
// The tutorial's run ends with **test accuracy 0.1**: its network learned nothing. We run the same
// training (a table sets our result beside the tutorial's and Keras's), explain why a network
// trained this way learns nothing, fix it with one line, and then run every assignment as a cell.
//
// **Run time:** full mode trains the tutorial's run (2 epochs over all 50,000 CIFAR-10 images with
// the 8.7-million-parameter network), the scaled fix on the same data, the assignments on a subset
// and a small MNIST network; quick mode (`CNN_QUICK=1`: small subsets, 1 epoch) only a few hundred
// images each. The training cells print how long they took and how many images per second this
// machine managed, and the last cell prints the total, so the time is read from the output rather
// than guessed here. Where a cell uses less than the tutorial's setting, the full value is one edit
// away and the cell says so.
//
// CIFAR-10 here is read from a JPEG-derived copy of the original files (see the data README):
// expect CIFAR accuracies a few points below what the original files give.

// %%
import {
  backendInfo,
  pick,
  isQuick,
  show,
  tf,
  loadCifar10,
  loadMnist,
  toCategorical,
  take,
  CIFAR10_CLASSES,
  createCnn,
  summary,
  describeModel,
  withKernelSize,
  withFirstFilters,
  Trials,
  adam,
  modelDiagram,
  sgd,
  fit,
  evaluate,
  predictClasses,
  resultsTable,
  imageGrid,
  channelsFigure,
  trainingCurves,
  kerasReference,
  kerasRange,
  checkShapes,
  confusionMatrixChart,
  confusionCounts,
  compareScoresChart,
  dataTable,
  CONV_EXAMPLES,
  convolutionFigure,
  maxPoolFigure,
  maxPool2d,
  setRandomSeed,
} from 'cnn-notebooks';
import type { LayerCode } from 'cnn-notebooks';
const notebookStarted = Date.now();
console.log(backendInfo());
console.log(
  isQuick()
    ? 'QUICK mode: small subsets, 1 epoch'
    : "FULL mode: the tutorial's run at its own sizes, the rest on the stated subsets",
);
setRandomSeed(1); // as Keras's set_random_seed: weights, batch order, dropout and augmentation repeat on a rerun

// %% [markdown]
// ## What a convolution does
//
// Slide a small square of numbers — the **kernel** — across the image. At every position, multiply
// each pixel under the square by the kernel number on top of it and add the products up: that sum
// is one pixel of the output. A convolution is therefore a **weighted sum over a moving window**;
// if all kernel weights were equal it would be a moving average, and in a CNN the weights are what
// training learns.
//
// The figure below does this on a 5x5 grid with a 3x3 kernel: the highlighted window, the kernel
// laid over it, and the output cell it produces. Kernels usually have odd sides (3, 5, 7) so that
// they have a centre pixel to write the result to; the assignments at the end try an even one.

// %%
const { input: image5, kernel } = CONV_EXAMPLES;
show(convolutionFigure(image5, kernel, { at: [0, 0], title: 'the kernel on the top-left window' }));
show(
  convolutionFigure(image5, kernel, {
    at: [1, 2],
    title: 'the same kernel, one row down and two columns right',
  }),
);

// %% [markdown]
// ## Channels: why a convolutional layer is a stack
//
// An image has a height, a width and a **depth**: a colour photograph stores one grid of red
// intensities, one of green and one of blue, so a CIFAR-10 picture is 32 x 32 x 3. Each grid is a
// **channel**. A kernel of a convolutional layer spans all input channels at once: a "3x3" kernel on
// an RGB image really holds 3 x 3 x 3 = 27 weights (plus a bias), and its output is a single grid.
// A layer with 64 kernels produces 64 output grids (64 output channels, also called activation or
// feature maps), which the next layer reads as a 64-deep input.
//
// The difference from a dense layer is in the wiring: an output pixel depends only on the small
// window of input pixels beneath the kernel, not on every pixel of the image, and the same kernel
// weights are reused at every position.

// %%
const cifar = await loadCifar10();
const frog = { data: cifar.xTrain.image(0), shape: [32, 32, 3] }; // training image 0, a frog
show(imageGrid([frog], { cellSize: 160, title: 'a CIFAR-10 image: 32 x 32 x 3' }));
show(
  channelsFigure(frog, {
    mode: 'tinted',
    cellSize: 160,
    title: 'its three channels, each a 32 x 32 grid',
  }),
);

// %% [markdown]
// ## Max pooling and stride
//
// A **max-pooling** layer has no weights: it cuts each channel into windows (typically 2x2) and
// keeps only the largest value of each. The reasoning: a large activation means "the pattern this
// kernel looks for is here"; within a small neighbourhood the strongest response is the one worth
// keeping, and its exact position matters little. Pooling halves height and width, so later layers
// see a larger part of the image for the same kernel size, and the network gets cheaper.
//
// The **stride** is the step by which a window moves: stride 1 visits every position, stride 2
// every second one (like a loop variable incremented by 2). Keras's `MaxPooling2D(2)` uses a 2x2
// window with stride 2, so windows do not overlap.

// %%
show(
  maxPoolFigure(CONV_EXAMPLES.poolInput, {
    poolSize: 2,
    stride: 2,
    title: "Keras's MaxPooling2D(2): 2x2 windows, stride 2",
  }),
);
// with stride 1 the 2x2 windows overlap (a pixel can win in up to four of them), and the output is 3x3:
console.log(
  '2x2 max pool, stride 1:',
  JSON.stringify(maxPool2d(CONV_EXAMPLES.poolInput, { poolSize: 2, stride: 1 })),
);

// %% [markdown]
// ## ReLU
//
// Between layers sits a non-linearity. CNNs mostly use the rectified linear unit,
// relu(x) = max(0, x): negative values become 0, positive values pass unchanged. Without such a
// function, a stack of convolutions would collapse into one big linear map; with it, the network
// can combine features into more complex ones.

// %%
const reluX = [-4, -3, -2, -1, 0, 1, 2, 3, 4];
const reluY = tf.tidy(() => tf.relu(tf.tensor1d(reluX)).arraySync() as number[]);
show(
  compareScoresChart(
    reluX.map(String),
    { 'relu(x)': reluY },
    { type: 'line', title: 'relu(x) = max(0, x)', xTitle: 'x', yTitle: 'relu(x)' },
  ),
);

// %% [markdown]
// ## A CNN layer by layer
//
// The tutorial first writes its network by hand, one `model.add(...)` per layer. Each convolutional
// layer is described by three choices: how many output channels (kernels) it has, the kernel size,
// and its stride and padding (`'same'` padding adds a border of zeros so the output keeps the input's
// height and width). Only the first layer is told the input shape, (32, 32, 3); every later layer
// works out its input shape from the layer before. `Flatten` turns the last 8x8x128 block into one
// vector of 8,192 numbers for the dense layers.
//
// The tfjs layers API is Keras's, in camelCase.

// %%
const handModel = tf.sequential();
handModel.add(
  tf.layers.conv2d({
    filters: 64,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    inputShape: [32, 32, 3],
  }),
);
handModel.add(
  tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
);
handModel.add(tf.layers.maxPooling2d({ poolSize: 2 }));
handModel.add(
  tf.layers.conv2d({ filters: 128, kernelSize: 3, padding: 'same', activation: 'relu' }),
);
handModel.add(tf.layers.maxPooling2d({ poolSize: 2 }));
handModel.add(
  tf.layers.conv2d({ filters: 128, kernelSize: 3, padding: 'same', activation: 'relu' }),
);
handModel.add(tf.layers.flatten()); // 8 x 8 x 128 -> 8192
handModel.add(tf.layers.dense({ units: 1024, activation: 'relu' }));
handModel.add(tf.layers.dense({ units: 10, activation: 'softmax' })); // one probability per class
summary(handModel);

// %% [markdown]
// Reading the first line: "a convolutional layer that produces 64 feature maps by looking at 3x3
// windows of a 32x32x3 input". Its 1,792 parameters are 64 kernels x (3x3x3 weights + 1 bias).
// Almost all of the 8.7 million parameters sit in the first dense layer (8,192 x 1,024 + 1,024).
//
// ## A builder: `createCnn(layerConfig, inputShape)`
//
// Writing every layer by hand repeats itself. The tutorial's answer — and the lesson of this
// notebook — is to write a function that builds the network from a list of short codes:
//
// | code | layer |
// |---|---|
// | `['c', 64, 3]` | Conv2D with 64 output channels, 3x3 kernel, `'same'` padding, ReLU |
// | `['m', 2]` | MaxPooling2D with a 2x2 window |
// | `['f']` | Flatten |
// | `['d', 1024]` | Dense with 1024 units: ReLU, or softmax when it is the last entry |
//
// The first entry receives the input shape. Here is such a builder, written out: one loop over the
// codes, one `model.add` per code.

// %%
function buildCnn(layerConfig: LayerCode[], inputShape: number[]): tf.Sequential {
  const model = tf.sequential();
  layerConfig.forEach((code, i) => {
    const first = i === 0 ? { inputShape } : {}; // only the first layer is told the input shape
    const last = i === layerConfig.length - 1;
    if (code[0] === 'c')
      model.add(
        tf.layers.conv2d({
          filters: code[1],
          kernelSize: code[2],
          padding: 'same',
          activation: 'relu',
          ...first,
        }),
      );
    else if (code[0] === 'm') model.add(tf.layers.maxPooling2d({ poolSize: code[1], ...first }));
    else if (code[0] === 'f') model.add(tf.layers.flatten(first));
    else
      model.add(
        tf.layers.dense({ units: code[1], activation: last ? 'softmax' : 'relu', ...first }),
      );
  });
  return model;
}

// %% [markdown]
// The configuration below is the hand-written network again. The library has the same builder,
// with input checks and clearer error messages, as `createCnn`; the rest of the notebook uses it.
// The next cell builds the network both ways, sets them side by side layer by layer — layer class,
// output shape and parameter count — and prints whether the two agree.

// %%
const layerConfig: LayerCode[] = [
  ['c', 64, 3],
  ['c', 64, 3],
  ['m', 2],
  ['c', 128, 3],
  ['m', 2],
  ['c', 128, 3],
  ['f'],
  ['d', 1024],
  ['d', 10],
];
let visModel = createCnn(layerConfig, [32, 32, 3]);
const ownModel = buildCnn(layerConfig, [32, 32, 3]);
const libraryRows = describeModel(visModel).rows;
const ownRows = describeModel(ownModel).rows;
show(
  dataTable(
    ownRows.map((r, k) => ({
      'buildCnn layer': r.type,
      'output shape': r.outputShape,
      params: r.params,
      'createCnn layer': libraryRows[k]?.type,
      "createCnn's shape": libraryRows[k]?.outputShape,
      "createCnn's params": libraryRows[k]?.params,
    })),
  ),
);
const sameRows =
  ownRows.length === libraryRows.length &&
  ownRows.every(
    (r, k) =>
      r.type === libraryRows[k].type &&
      r.outputShape === libraryRows[k].outputShape &&
      r.params === libraryRows[k].params,
  );
ownModel.dispose();
console.log(`buildCnn and createCnn build the same network: ${sameRows}`);
console.log(`total parameters: ${describeModel(visModel).totalParams.toLocaleString('en-US')}`);

// %% [markdown]
// A picture of the same network, drawn from the model: each box is a layer's output (height x
// width as the face, channels as the depth), with its shape and parameter count.

// %%
show(
  modelDiagram(visModel, {
    image: frog,
    classNames: [...CIFAR10_CLASSES],
    title: 'create_cnn(layer_config, (32, 32, 3))',
  }),
);

// %% [markdown]
// ## Training the CNN on CIFAR-10
//
// CIFAR-10 has 50,000 training and 10,000 test photographs of 32x32 pixels in 10 classes. The loader
// returns the pixels as bytes (0-255), exactly as Keras's `cifar10.load_data()` does.
// `TRAIN_SIZE` and `TEST_SIZE` are the whole sets in full mode and small slices in quick mode.

// %%
const TRAIN_SIZE = pick(50000, 600);
const TEST_SIZE = pick(10000, 500);
const cifarTrain = take(cifar.xTrain, cifar.yTrain, TRAIN_SIZE);
const cifarTest = take(cifar.xTest, cifar.yTest, TEST_SIZE);
console.log('x_train', cifar.xTrain.shape, '-> using', cifarTrain.x.shape);
console.log('x_test ', cifar.xTest.shape, '-> using', cifarTest.x.shape);
console.log('classes', CIFAR10_CLASSES.join(', '));

// %% [markdown]
// The labels are class numbers 0-9. As in the tutorial they are one-hot encoded: label 6 ("frog")
// becomes a row of ten numbers with a 1 in position 6 and 0 elsewhere, which is what the softmax
// output and the categorical cross-entropy loss compare against.

// %%
const yTrainCat = toCategorical(cifarTrain.y, 10);
const yTestCat = toCategorical(cifarTest.y, 10);
console.log('first labels', Array.from(cifarTrain.y.subarray(0, 3)));
yTrainCat.slice(0, 3).print();
console.log('shape', yTrainCat.shape);

// %% [markdown]
// Compile with plain stochastic gradient descent, as the tutorial does (`optimizer='sgd'`: Keras's
// default learning rate 0.01, no momentum), categorical cross-entropy and accuracy.
//
// The same training was also run in Keras (`npm run reference`). Its runs are loaded here, and the
// network's layer shapes and parameter counts are checked against Keras's own summary of it.

// %%
visModel.compile({ optimizer: sgd(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const kerasRaw = kerasReference('04-unscaled-sgd'); // Keras's runs of this same training
if (kerasRaw) console.log(checkShapes(visModel, kerasRaw));

// %% [markdown]
// Train for `EPOCHS` epochs (the tutorial's two; one in quick mode) with batches of 100 images — on
// the **raw 0-255 pixel values**, exactly as the tutorial does (it never rescales its inputs). The progress display updates as batches finish;
// watch the loss. In full mode these are 1,000 SGD steps (50,000 images in batches of 100, twice)
// of the 8.7-million-parameter network; the cell prints how long they took.

// %%
const EPOCHS = pick(2, 1); // the tutorial trains 2 epochs
const BATCH_SIZE = 100;
// the bytes themselves, given to the network as numbers 0..255 batch by batch (no `scale`): the
// tutorial's unscaled input, without a float32 copy of the whole training set
const xTrainRaw = cifarTrain.x;
const rawStarted = Date.now();
const rawHistory = await fit(visModel, xTrainRaw, yTrainCat, {
  batchSize: BATCH_SIZE,
  epochs: EPOCHS,
  seed: 1,
  reference: kerasRaw, // Keras's runs as a band behind the live curves, and a verdict
});
const rawSeconds = (Date.now() - rawStarted) / 1000;
console.log('loss per epoch', rawHistory.history.loss);
console.log(
  `${EPOCHS} epoch(s) of ${TRAIN_SIZE} images took ${(rawSeconds / 60).toFixed(1)} minutes: ${Math.round((EPOCHS * TRAIN_SIZE) / rawSeconds)} images/s on this machine`,
);

// %%
const rawScore = await evaluate(visModel, cifarTest.x, yTestCat, { batchSize: BATCH_SIZE }); // 0..255
console.log(`test loss: ${rawScore.loss}`);
console.log(`test accuracy: ${rawScore.accuracy}`);

// %%
show(
  resultsTable('003 Convolutional Neural Networks: unscaled pixels, SGD', [
    {
      quantity: `CIFAR-10 test loss after ${EPOCHS} epoch(s)`,
      reported: '14.5063',
      measured: rawScore.loss,
      keras: kerasRange(kerasRaw, { test: 'loss' }),
      note: `${EPOCHS} epoch(s), ${TRAIN_SIZE} training images`,
    },
    {
      quantity: `CIFAR-10 test accuracy after ${EPOCHS} epoch(s)`,
      reported: '0.1',
      measured: rawScore.accuracy ?? NaN,
      keras: kerasRange(kerasRaw, { test: 'accuracy' }),
      note: `${TEST_SIZE} test images; JPEG-derived CIFAR-10 copy`,
    },
  ]),
);

// %% [markdown]
// ## Why the tutorial's network learned nothing
//
// An accuracy of 0.1 on ten balanced classes is what a constant answer gets. Ask the trained model
// which class it predicts for each test image:

// %%
const COUNT_IMAGES = pick(2000, 500); // a slice of the test set is enough to see the pattern
const countY = cifarTest.y.subarray(0, COUNT_IMAGES);
const rawPredictions = predictClasses(visModel, cifarTest.x.slice(0, COUNT_IMAGES), {
  batchSize: BATCH_SIZE,
}); // raw 0..255, as the network was trained
const predictedPerClass = confusionCounts(countY, rawPredictions, 10).reduce((sums, row) =>
  sums.map((s, k) => s + row[k]),
);
console.log(`the first ${COUNT_IMAGES} test images, by predicted class:`);
console.log(CIFAR10_CLASSES.map((c, k) => `${c}: ${predictedPerClass[k]}`).join(', '));
show(
  confusionMatrixChart(countY, rawPredictions, [...CIFAR10_CLASSES], {
    title: 'unscaled network: true (rows) vs predicted (columns)',
  }),
);

// %% [markdown]
// (When the count is all in one class — one filled column in the matrix — the network answers
// the same thing for every image.)
//
// The cause is the scale of the input. (Notebook 05 shows the other half of the scaling lesson on
// a two-weight model: features of very different scales stretch the cost into a long trough that
// gradient descent crawls along.) The network's initial weights are drawn so that activations
// keep a moderate size when the inputs are of order 1. The biases start at 0 and ReLU passes positive
// values unchanged, so multiplying the input by 255 multiplies *every* activation of the untrained
// network by 255, all the way to the ten scores that enter the softmax. Scores that differ by tens
// instead of tenths make the softmax put almost all probability on one class — it **saturates**.
// Two things then go wrong together:
//
// * the gradients are as oversized as the activations, so the first SGD steps (learning rate 0.01)
//   throw the weights far away, typically into a state where most ReLUs output 0 for every image
//   ("dead" units) or one output class wins everywhere;
// * the loss of a confidently wrong answer is clipped: Keras and tfjs clip probabilities at
//   1e-7, so a wrong answer costs -ln(1e-7) = 16.1, and a model that is certain of one class and
//   right on 10% of the images scores 0.9 x 16.1 = **14.5** — exactly the tutorial's test loss of
//   14.506. In the clipped region the gradient is zero, so nothing pushes the model back.
//
// The next cell makes the first point visible on a fresh, untrained copy of the network: the same
// 100 test images, once as raw bytes and once divided by 255.

// %%
const probeModel = createCnn(layerConfig, [32, 32, 3]);
const probeImages = cifarTest.x.slice(0, 100);
const probe = (['raw 0-255', 'scaled 0-1'] as const).map((name) =>
  tf.tidy(() => {
    const input = probeImages.toTensor({ scale: name === 'scaled 0-1' });
    // the same network cut before its last layer: the activations the softmax layer receives
    const hiddenModel = tf.model({
      inputs: probeModel.inputs,
      outputs: probeModel.layers[probeModel.layers.length - 2].output as tf.SymbolicTensor,
    });
    const hiddenMax = (hiddenModel.predict(input) as tf.Tensor).max().dataSync()[0];
    const topProbability = (probeModel.predict(input) as tf.Tensor).max(-1).mean().dataSync()[0];
    return { name, hiddenMax, topProbability };
  }),
);
probeModel.dispose();
for (const { name, hiddenMax, topProbability } of probe)
  console.log(
    `${name.padEnd(11)} largest activation entering the last layer: ${hiddenMax.toFixed(3).padStart(8)}   mean top softmax probability: ${topProbability.toFixed(3)}`,
  );
console.log(
  `raw / scaled largest activation: ${(probe[0].hiddenMax / probe[1].hiddenMax).toFixed(1)} ` +
    `(a ReLU network with zero biases scales its activations with its input: 255 expected); ` +
    `a model that knows nothing would give each class 1/10 = 0.100`,
);

// %% [markdown]
// The printed ratio is the factor by which raw pixels enlarge every activation of the untrained
// network; the mean top probability shows how confident its softmax already is before any training,
// next to the 1/10 that a model which knows nothing should say.
//
// ## The fix: scale the pixels to [0, 1]
//
// Divide every pixel by 255 (Keras tutorials write `x.astype('float32') / 255`; here `fit`'s
// `scale: true` divides each batch as it goes in, so the images stay bytes in memory). Same
// network, same optimizer (SGD, learning rate 0.01), same batch size of 100, same 50,000 training
// images.
//
// Plain SGD at learning rate 0.01 without momentum is a slow optimizer, so two epochs are not much
// for it. To show where it is heading, the fixed network trains for `SCALED_EPOCHS` epochs and is
// scored on the test set after every epoch (Keras's `validation_data`; nothing is learned from it):
// the point at epoch 2 is the tutorial's setting, the later ones are the trend.
//
// The progress line shows how many images a second this run trains. If the processor has bfloat16 instructions (AVX512_BF16 or AMX),
// `precision: 'mixed_bfloat16'` in `fit`'s options makes each step cheaper: Keras's mixed-precision
// policy, float32 weights with the layers computing in bfloat16 (elsewhere `fit` says so in one line
// and stays in float32). The run below keeps float32 so that it lines up with Keras's float32 run.

// %%
const SCALED_EPOCHS = pick(5, 1); // the tutorial's setting is 2 (the epoch-2 point below); 3 more show the trend
let scaledModel = createCnn(layerConfig, [32, 32, 3]);
scaledModel.compile({ optimizer: sgd(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const kerasScaled = kerasReference('04-scaled-sgd'); // Keras's runs of the scaled training
// the same bytes, divided by 255 batch by batch (scale: true; the validation images too)
const scaledHistory = await fit(scaledModel, cifarTrain.x, yTrainCat, {
  batchSize: BATCH_SIZE,
  epochs: SCALED_EPOCHS,
  validationData: [cifarTest.x, yTestCat],
  seed: 1,
  scale: true,
  reference: kerasScaled,
});
show(
  trainingCurves(scaledHistory, {
    reference: kerasScaled,
    title: `Scaled pixels, SGD lr 0.01, batch 100: ${TRAIN_SIZE} training images, validation = ${TEST_SIZE} test images`,
  }),
);

// %%
const scaledScore = await evaluate(scaledModel, cifarTest.x, yTestCat, {
  batchSize: BATCH_SIZE,
  scale: true,
});
const scaledAccuracy = Array.from(scaledHistory.history.val_accuracy ?? []);
const scaledAtTutorialEpochs = scaledAccuracy[Math.min(EPOCHS, scaledAccuracy.length) - 1];
console.log(
  'training loss per epoch:',
  Array.from(scaledHistory.history.loss, (v) => v.toFixed(4)).join('  '),
);
console.log('test accuracy per epoch:', scaledAccuracy.map((v) => v.toFixed(4)).join('  '));
console.log(
  `after ${SCALED_EPOCHS} epoch(s): test loss ${scaledScore.loss.toFixed(4)}, test accuracy ${(scaledScore.accuracy ?? NaN).toFixed(4)}`,
);

// %%
show(
  resultsTable('003 Convolutional Neural Networks: pixels scaled to [0, 1]', [
    // the tutorial's epoch count: a row of its own only when the run went further
    ...(SCALED_EPOCHS > EPOCHS
      ? [
          {
            quantity: `CIFAR-10 test accuracy after ${EPOCHS} epoch(s), scaled to [0, 1]`,
            reported: '— (not in the tutorial)',
            measured: scaledAtTutorialEpochs,
            keras: kerasRange(kerasScaled, {
              metric: 'val_accuracy',
              epoch: Math.min(EPOCHS, SCALED_EPOCHS),
            }),
            format: 'fixed4' as const,
            note: 'same settings otherwise; JPEG-derived CIFAR-10 copy',
          },
        ]
      : []),
    {
      quantity: `CIFAR-10 test accuracy after ${SCALED_EPOCHS} epoch(s), scaled to [0, 1]`,
      reported: '— (not in the tutorial)',
      measured: scaledScore.accuracy ?? NaN,
      keras: kerasRange(kerasScaled, { test: 'accuracy' }),
      format: 'fixed4',
      note: `${TEST_SIZE} test images`,
    },
  ]),
);
const scaledLoss = Array.from(scaledHistory.history.loss);
const fellEveryEpoch = scaledLoss.every((v, i) => i === 0 || v < scaledLoss[i - 1]);
console.log(
  `unscaled, after ${EPOCHS} epoch(s): test accuracy ${(rawScore.accuracy ?? NaN).toFixed(4)}, training loss ` +
    `${rawHistory.history.loss.at(-1)!.toFixed(4)}; scaled: training loss ${scaledLoss[0].toFixed(4)} in ` +
    `epoch 1 (ln 10 = ${Math.log(10).toFixed(4)})` +
    (scaledLoss.length > 1
      ? `, ${fellEveryEpoch ? 'lower after every epoch' : 'not lower after every epoch'}, ${scaledLoss.at(-1)!.toFixed(4)} in epoch ${scaledLoss.length}`
      : ''),
);

// %% [markdown]
// ln(10) = 2.30 is the loss of an honest "I don't know": a model that gives each of the ten classes
// probability 1/10. The line above sets the scaled run's loss beside it and beside the unscaled
// run's. Plain SGD at 0.01 needs many epochs to get good (notebooks 01, 02 and 05 reach far better
// accuracies in one epoch with RMSprop or Adam). In quick mode there are only a handful of SGD
// steps, too few to move the accuracy far from 0.1; the loss is where a difference can show.

// %% [markdown]
// ## Assignments, as runnable cells
//
// The tutorial closes with four exercises.
//
// **1. Read about CNN architectures** (the tutorial points to the "Architectures" section of
// Stanford's CS231n notes). The short version: most classic CNNs repeat the pattern
// *(convolution + ReLU) x N, then pooling*, several times, and end with a few dense layers; stacking
// small 3x3 kernels is preferred to one large kernel, because two 3x3 layers see a 5x5 window with
// fewer weights (2 x 9 = 18 per channel pair instead of 25) and an extra non-linearity in between.
// Deeper networks build more abstract features from simpler ones, which is why depth pays.
//
// **2-3. Vary the network and the training.** Each trial below trains the tutorial's network,
// changed in one place, on scaled pixels, and scores it on test images it never saw. Two things
// make the comparison mean something:
//
// - **Enough training to get away from chance.** Plain SGD at learning rate 0.01 needs several
//   epochs over all 50,000 images to climb clearly above 0.1 (the scaled run above prints its
//   per-epoch test accuracy), far more than eight trials can afford here; so the trials train with
//   Adam (Keras's defaults), which moves this network away from chance in far fewer updates (each
//   trial's line below prints how far it got). What a trial compares — kernel, filters, batch size, epochs — stays the tutorial's
//   question.
// - **Two seeds per trial, and Keras's runs beside them.** A trial's score moves from run to run
//   with the initial weights and the batch order. Each trial therefore trains twice (seeds 1 and 2),
//   and Keras has trained the same trials with seeds of its own. A difference from the baseline is
//   called real only when it is larger than the spread of our two seeds *and* Keras's ranges for the
//   two trials do not overlap; otherwise the comparison says it cannot tell.
//
// `Trials` (from the library) is the harness: `trials.run(name, build)` builds a model per seed
// with `build(seed)`, trains and scores it, and prints the mean and the per-seed accuracies —
// and, given Keras's runs of the same trial, Keras's test accuracy beside them.
// `withKernelSize` and `withFirstFilters` change one thing in a layer configuration.

// %%
const ASSIGN_TRAIN = pick(10000, 200);
const ASSIGN_TEST = pick(5000, 200);
const ASSIGN_EPOCHS = pick(2, 1);
const assignData = {
  x: cifar.xTrain.slice(0, ASSIGN_TRAIN).toTensor({ scale: true }),
  y: toCategorical(cifar.yTrain.subarray(0, ASSIGN_TRAIN), 10),
  xTest: cifar.xTest.slice(0, ASSIGN_TEST).toTensor({ scale: true }),
  yTest: toCategorical(cifar.yTest.subarray(0, ASSIGN_TEST), 10),
};
const trials = new Trials(assignData, {
  epochs: ASSIGN_EPOCHS,
  batchSize: 100,
  seeds: [1, 2],
  optimizer: () => adam(),
});
const visCnn = (config: LayerCode[]) => (seed: number) => createCnn(config, [32, 32, 3], { seed });

// %% [markdown]
// The baseline: the tutorial's network, unchanged.

// %%
await trials.run('baseline (3x3, 64 filters, batch 100)', visCnn(layerConfig), {
  reference: kerasReference('04-assign-baseline'),
});

// %% [markdown]
// ### 2.i Other kernel sizes: 5x5 and 7x7
//
// Larger kernels see more of the image per step and cost more: a 5x5 kernel has 25/9 = 2.8 times the
// weights and the multiplications of a 3x3, a 7x7 5.4 times. With `'same'` padding the output
// shapes do not change, so the dense part of the network stays the same size.

// %%
await trials.run('kernel 5x5', visCnn(withKernelSize(layerConfig, 5)), {
  reference: kerasReference('04-assign-kernel5'),
});
await trials.run('kernel 7x7', visCnn(withKernelSize(layerConfig, 7)), {
  reference: kerasReference('04-assign-kernel7'),
});

// %% [markdown]
// ### Can a kernel have an even size?
//
// Yes — `['c', 64, 4]` builds and trains. What changes is that a 4x4 window has no centre pixel.
// With `'same'` padding the layer must add 3 rows of zeros in total to keep the height, and
// TensorFlow (like Keras) puts 1 above and 2 below (and 1 left, 2 right). The output is therefore
// shifted by half a pixel relative to the input. To see it, convolve an image that is 0 everywhere
// except a single 1 in the middle, with a kernel of ones: the output marks every position whose
// window covers the bright pixel.

// %%
const dot = tf.tensor4d(
  [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  ],
  [1, 7, 7, 1],
);
const oddResponse = tf.conv2d(dot, tf.ones([3, 3, 1, 1]), 1, 'same').squeeze() as tf.Tensor2D;
const evenResponse = tf.conv2d(dot, tf.ones([4, 4, 1, 1]), 1, 'same').squeeze() as tf.Tensor2D;
console.log(
  '3x3 kernel, same padding: the response is centred on the bright pixel (row 3, column 3)',
);
oddResponse.print();
console.log(
  '4x4 kernel, same padding: the response covers rows/columns 1-4, centred at 2.5 (shifted up and left)',
);
evenResponse.print();
show(
  imageGrid([dot.squeeze([0]), oddResponse.expandDims(-1), evenResponse.expandDims(-1)], {
    titles: ['input: one bright pixel', '3x3 kernel (centred)', '4x4 kernel (off-centre)'],
    cellSize: 180,
    range: [0, 1],
  }),
);
tf.dispose([dot, oddResponse, evenResponse]);

// %% [markdown]
// The shift is harmless for classification (the network learns around it) but it accumulates in deep
// stacks and misaligns feature maps with the image, which is one reason odd sizes are the norm.
// Training with a 4x4 kernel:

// %%
await trials.run('kernel 4x4 (even)', visCnn(withKernelSize(layerConfig, 4)), {
  reference: kerasReference('04-assign-kernel4'),
});

// %% [markdown]
// ### 2.ii A different number of filters after the input layer
//
// The first layer's filter count sets how many feature maps the second layer reads. Fewer filters
// make the network cheaper and risk missing patterns; more give the second layer more to read. What
// each choice costs in parameters and time is printed after the comparison below.

// %%
await trials.run('first layer 32 filters', visCnn(withFirstFilters(layerConfig, 32)), {
  reference: kerasReference('04-assign-first32'),
});
await trials.run('first layer 128 filters', visCnn(withFirstFilters(layerConfig, 128)), {
  reference: kerasReference('04-assign-first128'),
});

// %% [markdown]
// ### 3.i A bigger batch, 3.ii more epochs
//
// A batch of 500 instead of 100 means five times fewer weight updates per epoch. More epochs give
// the optimizer more updates on the same images.

// %%
await trials.run('batch 500', visCnn(layerConfig), {
  batchSize: 500,
  reference: kerasReference('04-assign-batch500'),
});
await trials.run(`${2 * ASSIGN_EPOCHS} epochs`, visCnn(layerConfig), {
  epochs: 2 * ASSIGN_EPOCHS,
  reference: kerasReference('04-assign-epochs2'),
});

// %% [markdown]
// Does any of this affect the score, and what does it cost? Each trial's mean test accuracy and its
// two seeds:

// %%
const trialNames = trials.results.map((t) => t.name);
show(
  compareScoresChart(
    trialNames,
    {
      mean: trials.results.map((t) => t.meanAccuracy),
      'seed 1': trials.results.map((t) => t.accuracies[0]),
      'seed 2': trials.results.map((t) => t.accuracies[1]),
    },
    {
      title: `Test accuracy per trial (${ASSIGN_TRAIN} training / ${ASSIGN_TEST} test images, Adam)`,
      xTitle: 'trial',
      yTitle: 'test accuracy',
    },
  ),
);
show(dataTable(trials.table(), { title: 'Each trial: test accuracy per seed, Keras beside it' }));

// %% [markdown]
// Each trial against the baseline — real difference or cannot tell, by the rule above, with the
// numbers behind it — and what each variation costs in parameters and training time (wall-clock, so
// rough when other work shares the CPU):

// %%
const baseline = trials.results[0];
const meanSeconds = (t: (typeof trials.results)[number]) =>
  t.seconds.reduce((a, b) => a + b, 0) / t.seconds.length;
for (const c of trials.comparedWith()) {
  const t = trials.results.find((r) => r.name === c.name)!;
  console.log(
    `${c.line}; ${(t.params / baseline.params).toFixed(2)}x the parameters, ` +
      `${(meanSeconds(t) / meanSeconds(baseline)).toFixed(2)}x the training time`,
  );
}
const trialMinutes =
  trials.results.reduce((s, t) => s + t.seconds.reduce((a, b) => a + b, 0), 0) / 60;
console.log(`all trials together trained for ${trialMinutes.toFixed(1)} minutes`);

// %% [markdown]
// How to read it: a variation changed the score only where its line above calls the difference
// real; where it says it cannot tell, the gap may be the luck of the initial weights and the batch
// order, however large the bar looks. The parameter counts are exact: kernel size multiplies
// the convolution weights, and the first layer's filter count changes the first two layers, while
// most parameters stay in the dense layer. Batch size and epochs leave the network unchanged and
// change only how many updates it gets. In quick mode the trials see 200 images for one epoch, far
// too little training for most differences to be told apart.

// %%
tf.dispose(Object.values(assignData));

// %% [markdown]
// ### 4. A CNN for MNIST: 2 convolutional, 1 max-pooling and 2 dense layers
//
// MNIST digits are 28x28 with one channel, so the input shape is (28, 28, 1). With `createCnn`:
// two 3x3 convolutions (32 and 64 filters), one 2x2 max pool, flatten, a dense layer of 128 and the
// 10-way softmax. Trained like the CIFAR network (SGD, batch 100, `EPOCHS` epochs), on scaled
// pixels.

// %%
const mnist = loadMnist();
const MNIST_TRAIN = pick(60000, 1500);
const MNIST_TEST = pick(10000, 500);
const mnistConfig: LayerCode[] = [
  ['c', 32, 3],
  ['c', 64, 3],
  ['m', 2],
  ['f'],
  ['d', 128],
  ['d', 10],
];
let mnistModel = createCnn(mnistConfig, [28, 28, 1]);
summary(mnistModel);
mnistModel.compile({ optimizer: sgd(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const kerasMnist = kerasReference('04-mnist-cnn'); // Keras's runs of this same training
if (kerasMnist) console.log(checkShapes(mnistModel, kerasMnist));

// %%
const mnistX = mnist.xTrain.slice(0, MNIST_TRAIN); // uint8 [N, 28, 28], divided by 255 per batch
const mnistY = toCategorical(mnist.yTrain.subarray(0, MNIST_TRAIN), 10);
await fit(mnistModel, mnistX, mnistY, {
  batchSize: BATCH_SIZE,
  epochs: EPOCHS,
  seed: 1,
  scale: true,
  reference: kerasMnist,
});
mnistY.dispose();
const mnistTestY = toCategorical(mnist.yTest.subarray(0, MNIST_TEST), 10);
const mnistScore = await evaluate(mnistModel, mnist.xTest.slice(0, MNIST_TEST), mnistTestY, {
  batchSize: BATCH_SIZE,
  scale: true,
});
mnistTestY.dispose();
console.log(`MNIST test loss: ${mnistScore.loss}`);
console.log(`MNIST test accuracy: ${mnistScore.accuracy}`);

// %%
show(
  resultsTable('003 Convolutional Neural Networks: assignment 4 (MNIST)', [
    {
      quantity: 'MNIST test accuracy, 2 conv + 1 pool + 2 dense, SGD',
      reported: '— (asks "better accuracy?")',
      measured: mnistScore.accuracy ?? NaN,
      keras: kerasRange(kerasMnist, { test: 'accuracy' }),
      format: 'percent',
      note: `${EPOCHS} epoch(s), ${MNIST_TRAIN} training / ${MNIST_TEST} test images`,
    },
  ]),
);
const mnistAccuracy = mnistScore.accuracy ?? NaN;
console.log(
  `same optimizer, ${Math.min(EPOCHS, SCALED_EPOCHS)} epoch(s): MNIST ${(100 * mnistAccuracy).toFixed(2)}%, ` +
    `CIFAR-10 (scaled, above) ${(100 * scaledAtTutorialEpochs).toFixed(2)}%: ` +
    (mnistAccuracy > scaledAtTutorialEpochs
      ? `MNIST ${(100 * (mnistAccuracy - scaledAtTutorialEpochs)).toFixed(1)} points higher`
      : 'MNIST not higher in this run'),
);

// %% [markdown]
// Why MNIST is the easier task: handwritten digits are centred, grey, and far more alike within a
// class than CIFAR-10's photographs of cats or ships taken from every angle, against every kind of
// background. The line above compares the two accuracies of this run.

// %%
console.log(
  `this run of the notebook took ${((Date.now() - notebookStarted) / 60000).toFixed(1)} minutes`,
);
