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
  firstLayerKernels,
  CONV_EXAMPLES,
  convolutionFigure,
  maxPoolFigure,
  maxPool2d,
  gradientDescentChart,
  activationFunctionsChart,
  trainingCurves,
  predictionGrid,
  confusionMatrixChart,
} from 'cnn-notebooks';
console.log(backendInfo());
console.log(isQuick() ? 'QUICK mode: small subsets, 1 epoch per training step' : 'FULL mode');

// %% [markdown]
// ## Cat or dog?
//
// Image recognition means looking at a picture and saying what it shows. People do it without effort, from
// childhood on. Try it on the pictures below, taken from the CIFAR-10 training set this notebook works
// with: each is a cat or a dog, only 32×32 pixels, and you will still name most of them at a glance. The
// cell prints the answers under the grid.

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
// changes in brightness) applied to a photo of a cat, turned grey first: one lights up along vertical edges,
// the other along horizontal ones (only the dark-to-bright direction shows; negative responses are cut to
// black). A trained network learns its own filters, but the first layer often ends up with edge and colour
// detectors much like these. Later layers combine such simple maps into detectors of larger parts — a
// wheel, an eye, a wing — and the last layers decide from the parts which object is in the picture.

// %%
const cat = await loadPhoto('chelsea');
show(imageGrid([cat], { titles: ['the photo (turned grey before filtering)'], cellSize: 300 }));
show(
  sobelFigure(cat, {
    cellSize: 300,
    title: 'two hand-made 3x3 filters (Sobel): bright = strong response',
  }),
);

// %% [markdown]
// ### From one filter to a convolution layer
//
// One filter finds one pattern, so a layer uses many. With **32 filters** of size 3×3×3:
//
// 1. each filter is slid over the 32×32×3 input and gives its own 30×30 feature map;
// 2. the 32 maps are stacked one behind the other;
// 3. the result is a **30×30×32** block — no longer a picture but a record of where 32 different
//    patterns appear.
//
// That whole step, 32×32×3 in and 30×30×32 out, is one **convolution layer** (CONV). Its parameters are
// 32 × (3·3·3 + 1) = 896 numbers. A CNN chains several such layers and ends with a classifier; the data
// flows from the picture on the left to the class scores on the right, each layer transforming the output
// of the one before.
//
// Two side notes. Filters need not be 3×3 — 5×5, 7×7 or 11×11 are used too, at the price of more weights —
// but they are almost always square and odd-sized, so they have a centre pixel. And the filter need not
// move one pixel at a time: with a **stride** of 2 it jumps two pixels, and the output is about half as
// wide and high.

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
// A **ReLU** (rectified linear unit) replaces every negative number by 0 and leaves positive numbers as
// they are: `relu(v) = max(0, v)`. In the reading above, a negative response means "pattern absent", and
// 0 says exactly that without pushing the next layer around; a positive response keeps its size, because
// the size tells how strongly the pattern is there. ReLU works element by element, so the shape does not
// change: 30×30×32 in, 30×30×32 out.
//
// ReLU is one of several **activation functions**; the logistic sigmoid, which squeezes every value into
// (0, 1), is another. The plot shows both.

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
// Convolutions over big feature maps cost a lot of arithmetic. **Max pooling** shrinks the maps: cut each
// channel into 2×2 squares and keep only the largest of the four numbers. Height and width are halved
// (30×30×32 becomes 15×15×32), the depth stays, and the strongest response of each small neighbourhood
// survives. Nearby features are merged, so the next convolution sees a wider part of the picture through
// the same 3×3 window. Other kinds exist (average pooling, for instance) and windows can be larger, but
// 2×2 max pooling is by far the most common: bigger windows throw information away too fast.
//
// The figure pools a 4×4 grid into 2×2 (each window and its maximum share a colour); the cell also checks
// the numbers with TensorFlow's own max pooling.

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
// Picture every possible *A* laid out along a horizontal axis and the cost *J(A)* drawn above it: a curve
// with valleys. The best weights sit at the bottom of the deepest valley we can find. **Gradient descent**
// walks there:
//
// 1. start from random weights;
// 2. find in which direction the cost falls fastest (the negative of the gradient, i.e. of the
//    derivatives of *J* with respect to every weight) and take a small step that way;
// 3. repeat until the cost stops falling.
//
// Computing those derivatives by hand would be tedious; for a real network TensorFlow works them all out
// automatically. The cell below draws gradient descent on a toy cost with a single weight *A*, so the whole
// curve *J(A)* fits on the screen: each arrow is one step, and the steps shrink as the slope flattens near
// the bottom of the valley. Note that nobody tells a
// filter what to look for: each filter's weights simply move wherever the cost goes down, and useful
// detectors emerge from that.

// %%
const J = (A: number) => (A - 2) ** 2 + 0.3 * Math.sin(3 * A); // a toy cost with one weight A
show(
  gradientDescentChart(J, {
    start: -1.5, // 1. start somewhere
    learningRate: 0.15, // 2. each step goes 0.15 x the slope downhill
    steps: 11, // 3. repeat
    range: [-2, 4],
  }),
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
// **One-hot labels.** The network will output ten numbers, one probability per class, so each label
// becomes ten numbers too: 1 at the position of the true class, 0 elsewhere. Label 6 (frog) becomes
// `[0, 0, 0, 0, 0, 0, 1, 0, 0, 0]` — "not an airplane, not an automobile, …, a frog, not a horse, …".
//
// In quick mode only the first 2,000 training and 1,000 test images are used.

// %%
const trainPart = take(xTrain, yTrain, pick(50_000, 2_000));
const testPart = take(xTest, yTest, pick(10_000, 1_000));
const xTrainScaled = trainPart.x.toTensor({ scale: true });
const xTestScaled = testPart.x.toTensor({ scale: true });
const yTrainHot = toCategorical(trainPart.y, 10);
const yTestHot = toCategorical(testPart.y, 10);
console.log(
  'xTrainScaled',
  xTrainScaled.shape,
  xTrainScaled.dtype,
  ' min',
  xTrainScaled.min().arraySync(),
  ' max',
  xTrainScaled.max().arraySync(),
);
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
// **Keras beside this notebook.** The same training — model, data, optimizer, batch size, epochs — was run
// in Keras over several seeds (`notebooks/reference/`, made by `npm run reference`). The cell below loads
// those runs and checks that this model has Keras's layers, output shapes and parameter count; the
// training cells then draw Keras's runs as a shaded band behind this run's curves and say whether this
// run stayed inside it.

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
const history = await fit(model, xTrainScaled, yTrainHot, {
  batchSize: BATCH_SIZE,
  epochs: EPOCHS,
  validationData: [xTestScaled, yTestHot],
  callbacks: [new ModelCheckpoint({ filepath: CHECKPOINT_DIR })],
  reference: keras, // Keras's runs as a band behind the live curves
});
const secondsPerEpoch = (Date.now() - started) / 1000 / EPOCHS;
const hoursFor200 = (((secondsPerEpoch * 50_000) / xTrainScaled.shape[0]) * 200) / 3600;
console.log(
  `one epoch on ${xTrainScaled.shape[0]} images took ${secondsPerEpoch.toFixed(0)} s here,`,
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
      note: `${xTrainScaled.shape[0]} training images; JPEG-derived CIFAR-10 copy, expect a few points below the original files`,
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
const more = await fit(resumed.model, xTrainScaled, yTrainHot, {
  batchSize: BATCH_SIZE,
  epochs: resumed.epoch + 1,
  resume: resumed, // continues the epoch count and the history
  validationData: [xTestScaled, yTestHot],
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
// a 3×3×3 block of weights, so it can be drawn as a tiny 3×3 colour picture (each filter stretched to the
// full brightness range on its own). Nobody designed these: they started as random numbers and gradient
// descent moved them. After long training many first-layer filters become small edge and colour-contrast
// detectors, relatives of the Sobel filters above; see how far these got in the epochs run here.

// %%
show(
  firstLayerKernels(resumed.model, {
    title: 'the 32 learned 3x3x3 filters of the first conv layer',
  }).figure,
);

// %% [markdown]
// **Predictions.** Thirty-two test images titled "predicted (true)": blue when the model is right, red
// when it is wrong.

// %%
const predicted = predictClasses(resumed.model, xTestScaled);
show(
  predictionGrid(testPart.x, testPart.y, predicted, cifar.classNames, {
    rows: 4,
    cols: 8,
    title: 'the first 32 test pictures: predicted (true)',
  }),
);

// %% [markdown]
// **Class probabilities.** The tutorial's Fig 1.7 again, now with real numbers: what the trained model's
// last dense layer and softmax say about the first test picture.

// %%
const firstTest = xTestScaled.slice(0, 1);
show(
  imageGrid(firstTest, {
    titles: [`test picture 0: ${cifar.classNames[testPart.y[0]]}`],
    cellSize: 160,
  }),
);
show(
  classProbabilitiesFigure(resumed.model.predict(firstTest) as tf.Tensor, cifar.classNames, {
    hiddenUnits: 256,
    title: 'the trained model on test picture 0: dense layer -> softmax -> class probabilities',
  }),
);

// %% [markdown]
// **Confusion matrix.** Row = true class, column = predicted class; the diagonal holds the correct answers.
// The off-diagonal cells show which classes the model mixes up (cats and dogs, typically, and
// automobiles and trucks).

// %%
show(
  confusionMatrixChart(testPart.y, predicted, cifar.classNames, {
    title: `confusion matrix on ${testPart.x.count} test pictures`,
  }),
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
// the training accuracy first drops and the network needs many epochs to profit. Augmentation pays off in
// long runs, where the plain model would start to overfit. The table shows what happened in this run.

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
    stepsPerEpoch: Math.ceil(xTrainScaled.shape[0] / BATCH_SIZE),
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
