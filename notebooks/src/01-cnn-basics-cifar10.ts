// %% [markdown]
// # 01 · CNN basics on CIFAR-10
//
// This notebook follows **"Convolution neural networks made easy with keras"** (Wang Ming Rui), a
// Keras walk-through for beginners. It explains what a convolution layer does to an image, why ReLU,
// pooling and fully connected layers are there, and where the numbers inside the filters come from;
// then it loads CIFAR-10, prepares it, builds the tutorial's 12-layer "basic model", trains it with
// Adam in batches of 128, saves and reloads it, and keeps a checkpoint after every epoch so an
// interrupted run can carry on. The original's "Visualizing your CNN" and "Improving your model"
// sections were never written; here they are filled in with the library (training curves, a prediction
// grid, a confusion matrix, and a measured improvement).
//
// Everything runs on the CPU with TensorFlow's native kernels (tfjs-node). Nothing here states a training
// time in advance: the first training cell measures how long one epoch takes on this machine and prints what
// the tutorial's 200 epochs would cost at that speed. Quick mode (`CNN_QUICK=1`: 2,000 training and 1,000
// test images, one epoch per training step) only checks that every cell runs; its numbers mean little.
//
// **The saved outputs below come from a full run: all 50,000 training and 10,000 test images, 10 + 1 + up
// to 3 epochs.**
//
// CIFAR-10 here is a JPEG-derived copy of the original files (see the data README): expect
// accuracies a few points below those measured on the original files.

// %%
import {
  setRandomSeed,
  backendInfo,
  isQuick,
  pick,
  show,
  tf,
  repoRoot,
  loadCifar10,
  CIFAR10_CLASSES,
  toCategorical,
  take,
  cifar10BasicModel,
  summary,
  kerasReference,
  checkShapes,
  kerasRange,
  saveArchitecture,
  loadArchitecture,
  saveWeights,
  loadWeights,
  adam,
  fit,
  fitDataset,
  evaluate,
  predictClasses,
  ModelCheckpoint,
  EarlyStopping,
  loadCheckpoint,
  ImageDataGenerator,
  imageGrid,
  pixelValuesFigure,
  resultsTable,
  loadPhoto,
  sobelFigure,
  rgbPlanesFigure,
  classProbabilitiesFigure,
  imageChannel,
  filterResponse,
  applyFilter,
  createCnn,
  modelDiagram,
  kernelsBeforeAfter,
  CONV_EXAMPLES,
  convolutionFigure,
  maxPoolFigure,
  maxPool2d,
  gradientDescentChart,
  gradientDescentSteps,
  rgbToGray,
  activationFunctionsChart,
  trainingCurves,
  predictionGrid,
  confusionMatrixChart,
  confusionCounts,
} from 'cnn-notebooks';
console.log(backendInfo());
console.log(isQuick() ? 'QUICK mode: small subsets, 1 epoch per training step' : 'FULL mode');
setRandomSeed(1); // as Keras's set_random_seed: weights, batch order, dropout and augmentation repeat on a rerun

// %% [markdown]
// ## Cat or dog?
//
// Start with a test. Each of the ten pictures below, from the CIFAR-10 training set this notebook uses, shows
// a cat or a dog, at 32×32 pixels — the size of a small icon. Name each one before you read the answers the
// cell prints under the grid.
//
// Whatever your score, notice that you could not write down the rule you used: no measurement of ears or
// snouts, only the experience of having seen many animals. Naming what a picture shows is **image
// recognition**, and the rest of this notebook builds a program that gets its experience the same way, from
// labelled examples instead of written rules.

// %%
const cifar = await loadCifar10();
const trainIndices = Array.from(cifar.yTrain.keys());
const firstOf = (name: string) =>
  trainIndices.filter((i) => cifar.classNames[cifar.yTrain[i]] === name).slice(0, 5);
const [cats, dogs] = [firstOf('cat'), firstOf('dog')];
const catsAndDogs = [
  cats[0],
  dogs[0],
  dogs[1],
  cats[1],
  dogs[2],
  cats[2],
  cats[3],
  dogs[3],
  cats[4],
  dogs[4],
];
show(
  imageGrid(cifar.xTrain.gather(catsAndDogs), {
    titles: catsAndDogs.map((i) => `#${i}: ?`),
    cols: 10,
  }),
);
console.log(
  'answers:',
  catsAndDogs.map((i) => `#${i} ${cifar.classNames[cifar.yTrain[i]]}`).join(', '),
);

// %% [markdown]
// ## How a computer sees a picture
//
// A program gets none of what you just used — shapes, fur, ears. To it an image is a grid of numbers. Each
// pixel of a colour image carries three: how much red, green and blue it holds, each an integer from 0
// (none) to 255 (full). So a CIFAR-10 picture is 32 pixels high, 32 wide and 3 deep: three stacked planes
// of 32×32 numbers, one per colour (the tutorial's Fig 1.0). Everything a network "knows" about the
// picture has to be worked out from those numbers. Below, training image 0 (we look at the data set
// properly further down) is taken apart into its planes, and then the top-left corner of its red plane is
// drawn with the value written on every pixel.

// %%
const img1 = cifar.xTrain.slice(0, 1).toTensor().squeeze([0]); // X_train[0]: [32, 32, 3], values 0..255
show(
  rgbPlanesFigure(img1, { title: 'training image 0 is 32x32x3: a red, a green and a blue plane' }),
);
const red = imageChannel(img1, 0); // img1[:, :, 0]: 32 rows of 32 numbers
const redCorner = red.slice(0, 12).map((row) => row.slice(0, 12));
show(
  pixelValuesFigure(redCorner, {
    title: 'top-left 12x12 pixels of the red plane (0-255)',
    decimals: 0,
  }),
);

// %% [markdown]
// ## Convolutional neural networks
//
// ### What one filter computes
//
// A CIFAR-10 picture is 32 pixels high, 32 wide and 3 channels deep: a 32×32×3 block of numbers.
//
// A **filter** (also called a kernel) is a small block of weights — here 3×3 and, because the input has
// three channels, 3 deep: 27 weights plus one extra number, the **bias**. Place the filter on a 3×3
// patch of the image, multiply each of the 27 pixel values by the weight lying on top of it, add the
// 27 products and the bias: the result is **one number**. That number says how much this patch looks like
// the pattern the filter's weights describe.
//
// Now slide the filter across the picture one pixel at a time, row by row. A 3×3 window fits into a
// 32-pixel row at 30 positions (0..29), and likewise down the columns, so the filter produces a
// **30×30 grid of answers** — a new, single-channel "image" called a feature map.
//
// The figure shows the sliding on a single-channel 5×5 grid with a 3×3 filter (bias 0): the yellow window,
// with the filter's weights in its corners, produces the highlighted output number. A 3×3 window fits at 3
// positions along a 5-wide row, so the output is 3×3. The cell after it does the same arithmetic by hand for
// one 3×3×3 patch of a real picture and checks it against TensorFlow's own convolution.

// %%
show(
  convolutionFigure(CONV_EXAMPLES.input, CONV_EXAMPLES.kernel, {
    at: [0, 1],
    title: 'one filter slid over a 5x5 input: 3x3 output',
  }),
);

// %%
const scaled = cifar.xTrain.slice(0, 1).toTensor({ scale: true }).squeeze([0]); // img1 / 255
const filter = tf.randomNormal([3, 3, 3], 0, 0.1, 'float32', 7); // one 3x3x3 filter (random weights)
const bias = 0.5;
const oneMap = applyFilter(scaled, filter, bias); // slid over every 3x3 window: a feature map
console.log(
  'input',
  scaled.shape,
  ' one filter',
  filter.shape,
  '+ 1 bias  ->  feature map',
  oneMap.shape,
);
// the top-left value the long way: 27 pixel values times the weights on top of them, summed, plus the bias
console.log('top-left value by hand', filterResponse(scaled, filter, bias).toFixed(5));
console.log('and in the feature map', oneMap.arraySync()[0][0].toFixed(5));

// %% [markdown]
// ### What the numbers mean
//
// Read each output number as "how strongly is my pattern present here?". A large positive value means the
// patch matches the filter well (say, a bright-above-dark horizontal edge); a value near zero or negative
// means the pattern is not there. So a feature map is a map of *where* one simple pattern occurs.
//
// The figures below make that concrete with two hand-made filters (the Sobel filters, which respond to
// changes in brightness) applied to a photo of a cat, turned grey first (both versions are drawn): one
// lights up along vertical edges, the other along horizontal ones (only the dark-to-bright direction shows;
// negative responses are cut to black). A trained network learns its own filters, but the first layer often ends up with edge and colour
// detectors much like these. Later layers combine such simple maps into detectors of larger parts — a
// wheel, an eye, a wing — and the last layers decide from the parts which object is in the picture.

// %%
const cat = await loadPhoto('chelsea');
show(
  imageGrid([cat, rgbToGray(cat)], {
    titles: ['the photo', 'turned grey: what the filters see'],
    cellSize: 300,
  }),
);
show(
  sobelFigure(cat, {
    cellSize: 300,
    title: 'two hand-made 3x3 filters (Sobel): bright = strong response',
  }),
);

// %% [markdown]
// ### A layer of filters
//
// A single filter answers a single question — "is there a bright-above-dark edge here?" — so a useful layer
// asks many questions at once. A **convolution layer** (CONV) with 32 filters holds 32 separate 3×3×3 weight
// blocks, each with its own bias. All 32 read the same 32×32×3 input; each writes its own 30×30 map of
// answers, and the layer passes the 32 maps on together as one **30×30×32** block. The third number of the
// shape has changed meaning: it no longer counts colours but filters, so the block records where each of 32
// patterns occurs. The layer's learnable numbers: 32 × (3·3·3 + 1) = 896.
//
// The size of the output depends on two settings besides the number of filters:
//
// - **kernel size.** 3×3 is the usual window. Wider ones (5×5, 7×7, even 11×11) see more of the picture at
//   once but cost more weights: a 7×7×3 filter has 147 instead of 27. Windows are nearly always square with
//   an odd side, so that one pixel sits in the middle.
// - **stride.** How far the window jumps between positions. At stride 2 it lands on every other pixel, so
//   the map comes out about half as wide and half as high.
//
// The cell builds the 32-filter layer on the scaled picture from above and checks the shapes and the count,
// with stride 1 and with stride 2. A CNN stacks several such layers, each working on the block the previous
// one produced, and ends with a classifier.

// %%
const conv32 = tf.layers.conv2d({
  filters: 32,
  kernelSize: 3,
  padding: 'valid',
  inputShape: [32, 32, 3],
});
const thirtyTwoMaps = conv32.apply(scaled.expandDims(0)) as tf.Tensor; // a batch of one picture
console.log('input', scaled.shape, '-> 32 filters of 3x3x3 ->', thirtyTwoMaps.shape);
console.log('parameters of the layer:', conv32.countParams(), '= 32 x (3*3*3 + 1)');
const strided = tf.layers
  .conv2d({ filters: 32, kernelSize: 3, strides: 2 })
  .apply(scaled.expandDims(0)) as tf.Tensor;
console.log('the same with stride 2 ->', strided.shape);

// %% [markdown]
// The tutorial's Fig 1.5 draws a typical CNN classifying a car: CONV and RELU twice, then POOL, repeated,
// and a fully connected layer that gives one score per class. The picture below is drawn from a real
// (untrained) Keras-style model of that shape, built with `createCnn` from layer codes; its input is the
// first automobile in the CIFAR-10 training set. (These convolutions pad their input with a border of zeros,
// so they keep 32×32; padding comes back in notebook 03.) Each box is a stack of feature maps: its face is
// height × width, its depth the number of maps.

// %%
const typicalCnn = createCnn(
  [['c', 32, 3], ['c', 32, 3], ['m', 2], ['c', 64, 3], ['c', 64, 3], ['m', 2], ['f'], ['d', 10]],
  [32, 32, 3],
);
const firstCar = cifar.yTrain.indexOf(cifar.classNames.indexOf('automobile'));
show(
  modelDiagram(typicalCnn, {
    image: cifar.xTrain
      .slice(firstCar, firstCar + 1)
      .toTensor()
      .squeeze([0]),
    classNames: cifar.classNames,
    title: 'a typical CNN: (CONV, RELU) x2, POOL, (CONV, RELU) x2, POOL, FC',
  }),
);

// %% [markdown]
// ### ReLU
//
// A convolution's answers come out positive ("my pattern is here, this strongly") or negative ("not here").
// Passed on as they are, a −3 would still count in the next layer's sums and drag them down, although all it
// says is "absent". The **ReLU** (rectified linear unit) clears that up: `relu(v) = max(0, v)`. Every
// negative answer becomes 0, which adds nothing to the next layer's sums; every positive answer keeps its
// size, because the size says how strong the match is. The cell applies it to seven numbers.
//
// ReLU looks at one number at a time, so a 30×30×32 block goes in and a 30×30×32 block comes out. It is
// one member of the family of **activation functions**; the plot sets it beside the older logistic sigmoid,
// which bends every value into the range between 0 and 1.

// %%
const relu = (v: number) => Math.max(0, v);
const values = [-3, -1.5, -0.2, 0, 0.4, 2, 5];
console.log('values', values.join('  '));
console.log('relu  ', values.map(relu).join('  '));
show(
  activationFunctionsChart({
    functions: ['relu', 'sigmoid'],
    softmaxScores: false,
    title: 'ReLU and sigmoid',
  }),
);

// %% [markdown]
// ### Pooling
//
// Start with the figure: a 4×4 grid cut into four 2×2 windows (each window and the number it keeps share a
// colour). From each window only the largest number survives, so four numbers remain, in a 2×2 grid. That is
// **2×2 max pooling**, and the cell checks the figure's numbers against TensorFlow's own max pooling.
//
// Applied to every channel of a 30×30×32 block it gives 15×15×32. What that buys:
//
// - **less arithmetic.** A quarter of the numbers remain, so the next convolution does a quarter of the
//   work;
// - **the strong answers survive.** Within each small neighbourhood, the best match of each filter is kept;
// - **a wider view.** After pooling, the next layer's 3×3 window covers what was a 6×6 area before, so
//   features found close together are combined sooner.
//
// Other summaries exist (the mean, the minimum) and windows can be 3×3 or 4×4, but 2×2 max pooling is the
// usual choice: larger windows shrink the maps so fast that too much is thrown away.

// %%
const { poolInput } = CONV_EXAMPLES;
show(maxPoolFigure(poolInput, { title: '2x2 max pooling, stride 2' }));
const pooledByTf = tf.maxPool(tf.tensor4d(poolInput.flat(), [1, 4, 4, 1]), 2, 2, 'valid');
console.log(
  'library:',
  JSON.stringify(maxPool2d(poolInput)),
  ' tf.maxPool:',
  JSON.stringify(pooledByTf.reshape([2, 2]).arraySync()),
);

// %% [markdown]
// Repeating CONV → RELU → POOL lets features grow in complexity: edges, then corners and textures, then
// object parts.
//
// ### Fully connected layers
//
// At the end, the last feature maps are laid out as one long list of numbers (flattened) and passed to a
// **fully connected** (FC, or dense) layer. Each of its units has one weight for every number in that
// list — it works like a filter as large as its whole input — and adds them up with a bias. The final FC
// layer has one unit per class (10 for CIFAR-10); a **softmax** turns its ten scores into ten
// probabilities that add up to 1. That last layer does the final piece of reasoning: "wheels, windows and a
// flat roof are present, so: automobile".
//
// The figure draws that last step as the tutorial's Fig 1.7 does. **Its numbers are an example typed in
// by hand, not the output of a model**; the same figure with a trained model's real probabilities comes
// after training, below.

// %%
show(
  classProbabilitiesFigure(
    [0.02, 0.81, 0.0, 0.01, 0.0, 0.01, 0.0, 0.01, 0.02, 0.12],
    cifar.classNames,
    {
      hiddenUnits: 256,
      title:
        'EXAMPLE numbers (not from a model): the last dense layer -> softmax -> class probabilities',
    },
  ),
);

// %% [markdown]
// ## Where the filter weights come from
//
// Nothing above said what the numbers in the filters are. They are not designed by hand: they are
// **learned**. The task, put as a sentence, is: *find the weights that make the network label the
// training images as correctly as possible.* To turn that into mathematics:
//
// - *x* is an image and *y* its true label;
// - *A* stands for all the weights of the network and *f* for everything the network computes, so the
//   prediction is *ŷ = f(A, x)*;
// - the **error** on one image is *y − ŷ*: 0 when the prediction is right.
//
// Averaging raw errors fails: errors of 0, +1 and −1 add up to 0, as if all three predictions were
// perfect. Squaring first makes every error count: 0² + 1² + (−1)² = 2, and the mean is 2/3. This average
// of squared errors is a **cost function** *J(A) = mean over images of (y − f(A, x))²*. The images and
// labels are fixed; only *A* can change, so "the most accurate network" becomes "the *A* with the
// smallest *J(A)*". (Classifiers like ours use a close relative, the cross-entropy, which punishes
// confident wrong answers more; the idea is the same. Real cost functions often add a regularisation term
// that keeps weights small.)

// %%
const errors = [0, 1, -1];
const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
console.log('mean of the errors        ', mean(errors));
console.log('mean of the squared errors', mean(errors.map((e) => e * e)).toFixed(4), '(= 2/3)');

// %% [markdown]
// ### Gradient descent
//
// To watch the search, shrink the network to a single weight. In the cell below one number *A* predicts the
// green value of every pixel of training image 0 from its red value (prediction = *A* × red, both scaled to
// 0–1), and the cost is the one just defined: the mean of the 1,024 squared errors. With one weight the whole
// curve *J(A)* fits on the screen. Being a mean of squares it can never go below zero, and because each error
// changes in a straight line with *A*, the curve is a bowl with one lowest point. **Gradient descent** finds
// that point without drawing the curve:
//
// 1. start from some weight;
// 2. measure the slope of *J* there (the gradient) and take a step downhill, longer where the slope is steeper;
// 3. repeat until the cost stops falling.
//
// Each arrow in the chart is one step; the steps shrink as the slope flattens near the bottom. The cell
// prints where the walk stopped and where the exact lowest point is.
//
// A real network has hundreds of thousands of weights, so its gradient holds one derivative per weight
// (TensorFlow works them out automatically), and its cost is no bowl: it has many dips and flat stretches,
// and gradient descent settles in a low place rather than provably the lowest. Note also that nobody tells a
// filter what to look for: each filter's weights simply move wherever the cost goes down, and useful
// detectors emerge from that.

// %%
const reds = imageChannel(scaled, 0).flat(); // training image 0, scaled to 0..1: 1,024 pixels
const greens = imageChannel(scaled, 1).flat();
// the mean of the squared errors when A x red predicts green: >= 0 for every A, one lowest point
const J = (A: number) => mean(reds.map((r, i) => (greens[i] - A * r) ** 2));
const walk = gradientDescentSteps(J, { start: -1.5, learningRate: 0.5, steps: 12 }); // the walk drawn below
show(
  gradientDescentChart(J, {
    start: -1.5, // 1. start somewhere
    learningRate: 0.5, // 2. each step goes 0.5 x the slope downhill
    steps: 12, // 3. repeat
    range: [-2, 3],
  }),
);
const bestA = reds.reduce((s, r, i) => s + r * greens[i], 0) / reds.reduce((s, r) => s + r * r, 0);
console.log(
  `the walk stopped at A = ${walk.a[walk.a.length - 1].toFixed(4)}, cost ${walk.cost[walk.cost.length - 1].toFixed(5)}`,
);
console.log(
  `the exact lowest point (sum of red x green / sum of red²): A = ${bestA.toFixed(4)}, cost ${J(bestA).toFixed(5)}`,
);

// %% [markdown]
// ## Building your first model
//
// ### The data set
//
// CIFAR-10 holds 60,000 colour pictures of 32×32 pixels in ten classes, split into 50,000 for **training**
// and 10,000 for **testing**. The network learns from the training set only; the test set checks whether
// what it learned carries over to pictures it has never seen. A model that is excellent on its training
// data but poor on new data is **overfitting**.
//
// `loadCifar10()` (called above) returns the pictures as raw bytes, exactly as Keras's
// `cifar10.load_data()` does: `xTrain` is a 50,000 × 32 × 32 × 3 array of pixel values, indexed
// (image, row, column, channel), and `yTrain` holds one label per image.

// %%
const { xTrain, yTrain, xTest, yTest } = cifar;
console.log('xTrain:', String(xTrain), ' shape', xTrain.shape);
console.log('one image, shape', [xTrain.height, xTrain.width, xTrain.channels]);
console.log('images 0..29, shape', xTrain.slice(0, 30).shape);

// %% [markdown]
// Image 0, drawn as a picture (the library scales it up so the pixels are visible):

// %%
show(
  imageGrid(xTrain.slice(0, 1), {
    titles: [`training image 0: label ${yTrain[0]}`],
    cellSize: 256,
  }),
);

// %% [markdown]
// The labels are integers from 0 to 9, one per image. (Keras returns them as a 50,000 × 1 column; here
// they are a flat list of 50,000.)

// %%
console.log('yTrain: length', yTrain.length, ' first five', Array.from(yTrain.subarray(0, 5)));
console.log('smallest', Math.min(...yTrain), ' largest', Math.max(...yTrain));

// %% [markdown]
// Each integer stands for a class; the library keeps the names in `CIFAR10_CLASSES`. Image 0 has label 6:
// a frog.

// %%
const labels: Record<number, string> = Object.fromEntries(
  CIFAR10_CLASSES.map((name, i) => [i, name]),
);
console.log(labels);
console.log('image 0 is a', labels[yTrain[0]]);
show(
  imageGrid(xTrain.slice(0, 10), {
    titles: Array.from(yTrain.subarray(0, 10), (l) => `${l}: ${labels[l]}`),
    cols: 10,
  }),
);

// %% [markdown]
// And the test set: 10,000 more images with their labels, 50,000 + 10,000 = 60,000. (The original prints
// `X_train` twice here by mistake; the numbers it shows, 10,000, are those of the test set.)

// %%
console.log('xTest:', xTest.shape, ' yTest: length', yTest.length);

// %% [markdown]
// ### Preprocessing
//
// **Scaling.** Pixel values are bytes, 0 to 255. Networks train more smoothly on small numbers, so we divide
// by 255 and work with decimals between 0 and 1. (Other choices work too: scaling to −1…1, or
// subtracting the mean and dividing by the standard deviation so the data have mean 0 and spread 1.
// Putting all inputs on a common scale also makes one learning rate suit all of them.)
//
// The tutorial divides the whole training set at once, which makes a float32 copy four times the size of the
// bytes (600 MB for 50,000 pictures). Here the pictures stay bytes and the training cells pass `scale: true`
// to `fit`, which divides each batch of 128 by 255 just before using it: the same numbers, without the copy.
// The cell shows the division on the first five pictures; the test pictures, used after every epoch and in
// the figures below, are converted once (10,000 of them: 120 MB).
//
// **One-hot labels.** The network will output ten numbers, one probability per class, so each label
// becomes ten numbers too: 1 at the position of the true class, 0 elsewhere. Label 6 (frog) becomes
// `[0, 0, 0, 0, 0, 0, 1, 0, 0, 0]` — "not an airplane, not an automobile, …, a frog, not a horse, …".
//
// In quick mode only the first 2,000 training and 1,000 test images are used.

// %%
const trainPart = take(xTrain, yTrain, pick(50_000, 2_000));
const testPart = take(xTest, yTest, pick(10_000, 1_000));
const firstFive = trainPart.x.slice(0, 5).toTensor({ scale: true }); // what fit's scale: true does to a batch
const xTestScaled = testPart.x.toTensor({ scale: true });
const yTrainHot = toCategorical(trainPart.y, 10);
const yTestHot = toCategorical(testPart.y, 10);
console.log('training pictures stay', String(trainPart.x));
console.log(
  'the first five, divided by 255:',
  firstFive.shape,
  firstFive.dtype,
  ' min',
  firstFive.min().arraySync(),
  ' max',
  firstFive.max().arraySync(),
);
console.log('xTestScaled', xTestScaled.shape, xTestScaled.dtype);
console.log('yTrainHot', yTrainHot.shape);
console.log(yTrainHot.slice(0, 5).arraySync());

// %% [markdown]
// ### Building the model
//
// The tutorial's plan, layer by layer:
//
// | # | layer | output |
// |---|---|---|
// | 1 | CONV1 32 filters 3×3 | 30×30×32 |
// | 2 | RELU | |
// | 3 | CONV2 32 filters 3×3 | 28×28×32 |
// | 4 | RELU | |
// | 5 | POOL1 2×2 (+ dropout 25%) | 14×14×32 |
// | 6 | CONV3 64 filters 3×3 | 12×12×64 |
// | 7 | RELU | |
// | 8 | CONV4 64 filters 3×3 | 10×10×64 |
// | 9 | RELU | |
// | 10 | POOL2 2×2 (+ dropout 25%) | 5×5×64 |
// | 11 | FC1 256 (ReLU, dropout 50%) | 256 |
// | 12 | FC2 10 + softmax | 10 |
//
// All convolutions use no padding ("valid"), so each one trims a pixel from every border. The original's
// comments say CONV4 gives 6×6 and the flattened vector has 576 values; its code actually gives 10×10,
// then 5×5×64 = **1,600** values into FC1, and that is what is built here (477,994 weights in all).
//
// **Dropout** is new: during training, a dropout layer sets a random fraction of its inputs (25% or 50% here)
// to zero at every step, so the network cannot lean on any single unit and overfits less. It costs almost
// nothing, and it is switched off when the model makes predictions.
//
// `cifar10BasicModel()` builds exactly this stack, with the same separate Activation layers as the
// Keras code.

// %%
const model = cifar10BasicModel({ seed: 1 });
summary(model);

// %% [markdown]
// **Keras beside this notebook.** The same training — model, data, optimizer, batch size, epochs — was also
// run in Keras (`notebooks/reference/`, made by `npm run reference`). The cell below loads those runs, prints
// how many seeds they hold, and checks that this model has Keras's layers, output shapes and parameter count.
// The training cells draw Keras's runs as a shaded band behind this run's curves; the line printed under each
// of them says how many Keras seeds it compares with and, when there are enough for a verdict, whether this
// run stayed inside their range.

// %%
const keras = kerasReference('01-basic-model');
if (keras) console.log(checkShapes(model, keras));

// %% [markdown]
// The same model as a picture, drawn from the model itself (the input is training image 0). Each box is the
// output of a layer: the face is height × width of its feature maps, the depth their number; the ReLU and
// dropout layers, which do not change the shape, are written under the layer they follow.

// %%
show(
  modelDiagram(model, {
    image: img1,
    classNames: cifar.classNames,
    title: "the tutorial's 12-layer basic model",
  }),
);

// %% [markdown]
// The **optimizer** decides how the weights move at each gradient-descent step. The tutorial uses **Adam**
// (Keras defaults: learning rate 0.001), a popular variant that adapts the step size of every weight;
// RMSprop is another good choice. The loss is categorical cross-entropy, the usual cost for one-hot
// labels, and we track accuracy, the fraction of images labelled correctly.

// %%
model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

// %% [markdown]
// ### Training
//
// Training is gradient descent over the training set. The images are processed in **batches of 128**: one
// weight update per batch, so 391 updates per pass over the 50,000 images (one **epoch**). Smaller batches
// give more, noisier updates; larger ones fewer, smoother ones; 128 is a sensible middle.
//
// The tutorial trains **200 epochs** and warns that this "can take over 4 hours" without a GPU. This
// notebook trains 10 epochs by default (1 in quick mode); change `EPOCHS` to 200 for the tutorial's run. The
// cell times the epochs it runs and prints what 200 epochs on all 50,000 images would take at that speed.
//
// A `ModelCheckpoint` saves the model after every epoch — weights, optimizer state and how many epochs are
// done — so an interrupted run can continue where it stopped (see below). Like the tutorial, we use the test
// set as validation data, so its accuracy is printed after each epoch.
//
// For a long run on a CPU with bfloat16 instructions (Intel and AMD chips with AVX512_BF16 or AMX), add
// `precision: 'mixed_bfloat16'` to the `fit` options — Keras's mixed-precision policy: the layers compute
// in 16-bit bfloat16 while the weights stay float32, which makes each step cheaper. On a CPU without them
// `fit` says so in one line and trains in float32. This notebook keeps float32 so its numbers compare
// directly with the Keras reference.

// %%
const EPOCHS = pick(10, 1); // the tutorial: 200 (the cell prints how long that would take here)
const BATCH_SIZE = 128;
const MODEL_DIR = `${repoRoot}/build/models/01-basic-model${pick('', '-quick')}`;
const CHECKPOINT_DIR = `${MODEL_DIR}/checkpoint`;
const started = Date.now();
const history = await fit(model, trainPart.x, yTrainHot, {
  batchSize: BATCH_SIZE,
  epochs: EPOCHS,
  scale: true, // bytes in memory, each batch divided by 255 (also the validation pictures)
  validationData: [testPart.x, yTestHot],
  callbacks: [new ModelCheckpoint({ filepath: CHECKPOINT_DIR })],
  reference: keras, // Keras's runs as a band behind the live curves
});
const secondsPerEpoch = (Date.now() - started) / 1000 / EPOCHS;
const hoursFor200 = (((secondsPerEpoch * 50_000) / trainPart.x.count) * 200) / 3600;
console.log(
  `one epoch on ${trainPart.x.count} images took ${secondsPerEpoch.toFixed(0)} s here,`,
  `so the tutorial's 200 epochs on 50,000 images would take about ${hoursFor200.toFixed(1)} h`,
);

// %%
const baseline = await evaluate(model, xTestScaled, yTestHot);
console.log('test loss', baseline.loss.toFixed(4), ' test accuracy', baseline.accuracy!.toFixed(4));
show(
  resultsTable('000 Convolution neural networks made easy with keras', [
    {
      quantity: 'training set shape',
      reported: '(50000, 32, 32, 3)',
      measured: `(${xTrain.shape.join(', ')})`,
    },
    {
      quantity: 'time for 200 epochs',
      reported: 'over 4 hours (GPU-less, 2017)',
      measured: `about ${hoursFor200.toFixed(1)} hours (estimated)`,
      note: 'from the measured time per epoch on 2 CPU cores',
    },
    {
      quantity: `test accuracy after ${EPOCHS} epoch(s)`,
      reported: '— (not reported)',
      measured: baseline.accuracy!,
      keras: kerasRange(keras, { test: 'accuracy', phase: 'fit' }),
      format: 'percent',
      note: `${trainPart.x.count} training images; JPEG-derived CIFAR-10 copy, expect a few points below the original files`,
    },
  ]),
);

// %% [markdown]
// ### Saving and loading
//
// Keras can store a model in two pieces: the **architecture** (the list of layers, as JSON) and the
// **weights** (all the learned numbers). The library mirrors that: `saveArchitecture` writes the JSON,
// `saveWeights` the weights; `loadArchitecture` rebuilds a fresh, untrained model from the JSON and
// `loadWeights` fills it. The reloaded model must predict exactly what the original does.

// %%
saveArchitecture(model, `${MODEL_DIR}/convnet_model.json`);
await saveWeights(model, `${MODEL_DIR}/convnet_weights.bin`);
const reloaded = await loadArchitecture(`${MODEL_DIR}/convnet_model.json`);
await loadWeights(reloaded, `${MODEL_DIR}/convnet_weights.bin`);
const probe = xTestScaled.slice(0, 100);
const before = model.predict(probe) as tf.Tensor;
const after = reloaded.predict(probe) as tf.Tensor;
console.log(
  'largest difference between original and reloaded predictions:',
  before.sub(after).abs().max().arraySync(),
);

// %% [markdown]
// ### Carrying on after an interruption
//
// Because the checkpoint was rewritten after every epoch, a crashed or stopped run loses at most one epoch.
// `loadCheckpoint` returns the model (compiled, with Adam's internal state), the number of epochs
// already done and the history so far; passing it to `fit` as `resume` continues the epoch count and
// the history. Here we continue for
// one more epoch.

// %%
const resumed = await loadCheckpoint(CHECKPOINT_DIR);
console.log('checkpoint holds', resumed.epoch, 'finished epoch(s)');
const more = await fit(resumed.model, trainPart.x, yTrainHot, {
  batchSize: BATCH_SIZE,
  epochs: resumed.epoch + 1,
  resume: resumed, // continues the epoch count and the history
  scale: true,
  validationData: [testPart.x, yTestHot],
  callbacks: [new ModelCheckpoint({ filepath: CHECKPOINT_DIR })],
  reference: keras,
});
const afterResume = await evaluate(resumed.model, xTestScaled, yTestHot);
console.log('test accuracy after', resumed.epoch + 1, 'epochs:', afterResume.accuracy!.toFixed(4));

// %% [markdown]
// ## Visualizing your CNN
//
// The original lists this section's topics (views based on results, on weights and on activations) but never wrote it. Here are several views of the result.
//
// **Training curves.** Loss and accuracy per epoch, on the training data and on the test data. When the
// training curve keeps improving while the test curve flattens or turns, the model has started to
// overfit.

// %%
show(
  trainingCurves(more, {
    reference: keras,
    title: `basic model, Adam, batch ${BATCH_SIZE}: ${resumed.epoch + 1} epochs (the last after reloading the checkpoint)`,
  }),
); // the resumed fit's history includes the epochs before the checkpoint

// %% [markdown]
// **The learned filters (a view based on the weights).** Each of the first convolution layer's 32 filters is
// a 3×3×3 block of weights, so it can be drawn as a tiny 3×3 colour picture. Nobody designed these: they
// started as random numbers and gradient descent moved them. The figure shows them as they started — the
// same builder with the same seed gives the untrained model's weights — beside the same 32 filters after
// training, tile for tile, on one colour scale (mid grey = 0), and a third grid with the change, after minus
// before, its contrast raised so that it shows. After long training many first-layer filters become small
// edge and colour-contrast detectors, relatives of the Sobel filters above; the cell prints how far the
// weights moved in the epochs run here.

// %%
const untrained = cifar10BasicModel({ seed: 1 }); // the weights `model` started from
const kernels = kernelsBeforeAfter(untrained, resumed.model);
show(kernels.figure);
console.log(
  `mean |weight| before ${kernels.meanAbs.before.toFixed(4)}, after ${kernels.meanAbs.after.toFixed(4)};`,
  `mean |change| ${kernels.meanChange.toFixed(4)} after ${resumed.epoch + 1} epochs`,
);
void untrained.dispose();

// %% [markdown]
// **Predictions.** The first thirty-two test pictures titled "predicted (true)": blue when the model is right,
// red when it is wrong. The test set is in CIFAR-10's official order, so these are the pictures Keras's
// `cifar10.load_data()` lists first (the cell prints their true classes: cat, ship, ship, airplane, …).

// %%
const predicted = predictClasses(resumed.model, xTestScaled);
console.log(
  'the first test pictures are:',
  Array.from(testPart.y.subarray(0, 8), (l) => cifar.classNames[l]).join(', '),
  '…',
);
show(
  predictionGrid(testPart.x, testPart.y, predicted, cifar.classNames, {
    rows: 4,
    cols: 8,
    title: 'the first 32 test pictures: predicted (true)',
  }),
);

// %% [markdown]
// **Class probabilities.** The tutorial's Fig 1.7 again, now with the trained model's own numbers for the
// first test picture: the red bar is the model's answer, which can be wrong; the true class is written in
// green. The cell prints whether the answer is right.

// %%
const firstTest = xTestScaled.slice(0, 1);
const firstTrue = testPart.y[0];
show(
  imageGrid(firstTest, {
    titles: [`test picture 0: ${cifar.classNames[firstTrue]}`],
    cellSize: 160,
  }),
);
const firstProbabilities = Array.from((resumed.model.predict(firstTest) as tf.Tensor).dataSync());
const firstAnswer = firstProbabilities.indexOf(Math.max(...firstProbabilities));
show(
  classProbabilitiesFigure(firstProbabilities, cifar.classNames, {
    hiddenUnits: 256,
    trueClass: firstTrue,
    title: 'the trained model on test picture 0: dense layer -> softmax -> class probabilities',
  }),
);
console.log(
  `the model answers ${cifar.classNames[firstAnswer]} (${(firstProbabilities[firstAnswer] * 100).toFixed(1)}%);`,
  `the picture is a ${cifar.classNames[firstTrue]}:`,
  firstAnswer === firstTrue
    ? 'right'
    : `wrong (it gives ${cifar.classNames[firstTrue]} ${(firstProbabilities[firstTrue] * 100).toFixed(1)}%)`,
);

// %% [markdown]
// **Confusion matrix.** Row = true class, column = predicted class; the diagonal holds the correct answers.
// The off-diagonal cells show which classes the model mixes up; the cell prints the three pairs it confused
// most often in this run (both directions added up).

// %%
show(
  confusionMatrixChart(testPart.y, predicted, cifar.classNames, {
    title: `confusion matrix on ${testPart.x.count} test pictures`,
  }),
);
const counts = confusionCounts(testPart.y, predicted, 10);
const pairs = counts
  .flatMap((row, a) => row.map((_, b) => ({ a, b, n: counts[a][b] + counts[b][a] })))
  .filter(({ a, b }) => a < b)
  .sort((p, q) => q.n - p.n);
console.log(
  'most confused pairs:',
  pairs
    .slice(0, 3)
    .map(({ a, b, n }) => `${cifar.classNames[a]}/${cifar.classNames[b]} ${n}`)
    .join(', '),
);

// %% [markdown]
// ## Improving your model
//
// The original promised this section too (augmentation, other optimizers, other structures). One
// improvement that is cheap to try: **data augmentation**, which shows the network slightly shifted and
// mirrored copies of the training images, so it cannot simply memorise them, plus **EarlyStopping**, which
// ends training when the validation accuracy stops improving and restores the best weights. We continue
// the checkpointed model for up to 3 more epochs with augmentation (1 in quick mode) and measure the
// change in test accuracy.
//
// Be fair when you read the result: it mixes two effects, the extra epochs and the augmentation, and over
// a few epochs augmentation often does not help at all — shifted and mirrored pictures are harder to fit, so
// the training accuracy can drop at first and the network needs many epochs to profit. Augmentation pays off
// in long runs, where the plain model would start to overfit. The table shows what happened in this run.

// %%
const IMPROVE_EPOCHS = pick(3, 1);
const datagen = new ImageDataGenerator({
  widthShiftRange: 0.1,
  heightShiftRange: 0.1,
  horizontalFlip: true,
  rescale: 1 / 255,
});
const improved = await fitDataset(
  resumed.model,
  datagen.flow(trainPart.x, trainPart.y, { batchSize: BATCH_SIZE, numClasses: 10, seed: 1 }),
  {
    epochs: resumed.epoch + 1 + IMPROVE_EPOCHS,
    initialEpoch: resumed.epoch + 1,
    stepsPerEpoch: Math.ceil(trainPart.x.count / BATCH_SIZE),
    validationData: [xTestScaled, yTestHot],
    callbacks: [
      new EarlyStopping({ monitor: 'val_accuracy', patience: 1, restoreBestWeights: true }),
    ],
    reference: keras,
  },
);
const afterImprove = await evaluate(resumed.model, xTestScaled, yTestHot);
show(
  resultsTable('000 Improving your model (not in the original)', [
    {
      quantity: `test accuracy after ${resumed.epoch + 1} epochs`,
      reported: '—',
      measured: afterResume.accuracy!,
      keras: kerasRange(keras, { test: 'accuracy', phase: 'resume' }),
      format: 'percent',
    },
    {
      quantity: `after up to ${IMPROVE_EPOCHS} more epoch(s) with augmentation + EarlyStopping`,
      reported: '—',
      measured: afterImprove.accuracy!,
      keras: kerasRange(keras, { test: 'accuracy', phase: 'augment' }),
      format: 'percent',
      note: `change: ${((afterImprove.accuracy! - afterResume.accuracy!) * 100).toFixed(2)} points; JPEG-derived CIFAR-10 copy`,
    },
  ]),
);
