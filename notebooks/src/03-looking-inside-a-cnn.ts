// %% [markdown]
// # 03 · Looking inside a CNN
//
// This notebook follows **"Convolution_Neural_Network"**, which retells "Convolution neural networks made
// easy with keras" (notebook [01](01-cnn-basics-cifar10.ipynb)), adds **padding** to the theory, and then
// opens a trained CIFAR-10 network up in four ways:
//
// 1. **result based** — accuracy, random test pictures with their predictions, the wrongly predicted ones,
//    and a breakdown of the mistakes by class;
// 2. **pixel importance** — cover part of a picture and see how much the network's confidence drops
//    (an occlusion heat map);
// 3. **activation based** — the first layer's kernels before and after training; the real test-picture
//    patches that excite a filter most; and gradient ascent painting the input that excites a filter, a
//    hidden fully connected unit, or a class most;
// 4. **partial outputs** — the feature maps after each convolution layer for one picture;
//
// plus a fifth, beyond the original: **Grad-CAM**, which shows where the last convolution layer looked.
//
// The model is notebook 01's "basic model". If notebook 01 has been run (in the same mode), its saved
// model is loaded; otherwise this notebook trains one itself (5 epochs in full mode; 1 epoch on 2,000 images
// in quick mode, `CNN_QUICK=1`). The cell under "The model" prints which of the two happened and how many
// epochs the model was trained, and every number quoted below is printed by a cell from that model. In
// quick mode the network has seen few pictures, so its mistakes are many and its figures blurry.
//
// CIFAR-10 here is a JPEG-derived copy of the original files (see the data README): expect accuracies a few
// points below those measured on the original files.

// %%
import {
  backendInfo,
  isQuick,
  pick,
  show,
  tf,
  repoRoot,
  loadCifar10,
  toCategorical,
  take,
  shuffledIndices,
  channelsFigure,
  imageGrid,
  CONV_EXAMPLES,
  convolutionFigure,
  outputSize,
  cifar10BasicModel,
  summary,
  kerasReference,
  checkShapes,
  kerasRange,
  modelDiagram,
  rgbToGray,
  adam,
  fit,
  evaluate,
  predictClasses,
  ModelCheckpoint,
  loadCheckpointOrTrain,
  predictionGrid,
  mistakesGrid,
  confusionMatrixChart,
  mistakesBreakdownChart,
  mistakesPerClassChart,
  resultsTable,
  occlusion,
  occlusionFigure,
  activationMaximization,
  classActivationMaximization,
  denseUnitMaximization,
  kernelsBeforeAfter,
  topPatches,
  featureMaps,
  gradCam,
  gradCamFigure,
  convLayerNames,
  setRandomSeed,
} from 'cnn-notebooks';
console.log(backendInfo());
console.log(isQuick() ? 'QUICK mode: small subsets, 1 epoch' : 'FULL mode');
setRandomSeed(1); // as Keras's set_random_seed: weights, batch order, dropout and augmentation repeat on a rerun

// %% [markdown]
// ## How the computer sees a picture
//
// A colour picture is three grids of numbers — red, green and blue, 0 to 255 each — stacked into a
// height × width × 3 block; a grey picture is a single grid. Below, one CIFAR-10 picture split into its
// three channels, and the same picture in grey (one number per pixel, a weighted mix of the three).

// %%
const cifar = await loadCifar10();
const CLASSES = cifar.classNames;
const sampleImage = cifar.xTrain.slice(0, 1);
show(
  channelsFigure(
    { data: sampleImage.image(0), shape: [32, 32, 3] },
    {
      mode: 'tinted',
      cellSize: 160,
      title: `training image 0 (${CLASSES[cifar.yTrain[0]]}): red, green and blue channels`,
    },
  ),
);
const colour = { data: sampleImage.image(0), shape: [32, 32, 3] };
const grey = rgbToGray(colour); // 0.299 R + 0.587 G + 0.114 B: [32, 32], one channel
show(
  imageGrid([colour, grey], {
    titles: ['the picture: 32x32x3', 'in grey: 32x32, one number per pixel'],
    cellSize: 160,
  }),
);

// %% [markdown]
// ## The theory in brief
//
// Notebook [01](01-cnn-basics-cifar10.ipynb) builds this up step by step; here is the short version.
//
// - A **convolution** slides a small filter (3×3×depth weights and a bias) over the input; at every position
//   it multiplies the pixels under the filter by the weights and sums them into one number. One filter gives
//   one feature map; 32 filters on a 32×32×3 picture give a 30×30×32 block. Large outputs mean "my pattern is
//   here".
// - **ReLU** sets negative outputs to 0 ("pattern absent") and keeps positive ones.
// - **Max pooling** keeps the largest value of each 2×2 square, halving height and width.
// - **Fully connected** layers weigh all the final features together, and a softmax turns the last ten
//   scores into class probabilities.
// - The weights are **learned**: a cost function measures how wrong the predictions are on the training
//   set, and gradient descent nudges every weight in the direction that lowers the cost. Nobody tells a
//   filter what to look for. (The pictures below are about finding out what the filters ended up doing.)
//
// ### Padding (and stride)
//
// Each 3×3 convolution without padding loses a pixel on every side: 32 → 30 → 28 → … A deep network would
// shrink its maps to nothing, and the border pixels take part in fewer windows than the centre ones.
// **Padding** fixes both: surround the input with a frame of zeros one pixel wide, and the 3×3 window fits at
// 32 positions again, so the output stays 32×32. Keras calls this `padding='same'` (the output has the
// same size) and the unpadded version `padding='valid'` (only windows that lie fully inside the input).
// The **stride** is how far the window moves each step; stride 2 roughly halves the output.
//
// In general, for input size *n*, kernel *k*, padding *p* on each side and stride *s*, the output size is
// ⌊(n + 2p − k) / s⌋ + 1: with n = 32, k = 3, s = 1 that is 30 for p = 0 and 32 for p = 1.
//
// The figures below work it through on a 5×5 grid of numbers with a 3×3 kernel: the yellow window is the one
// that produces the highlighted output value, its weights are the small numbers in its corners, and the
// grey cells are the padding.

// %%
const { paddingInput, kernel } = CONV_EXAMPLES;
show(
  convolutionFigure(paddingInput, kernel, {
    padding: 'valid',
    title: "'valid': no padding, a 5x5 input gives a 3x3 output",
  }),
);
show(
  convolutionFigure(paddingInput, kernel, {
    padding: 'same',
    title: "'same': one ring of zeros, the output keeps the input's 5x5 size",
  }),
);
show(
  convolutionFigure(paddingInput, kernel, {
    padding: 1,
    stride: 2,
    title: 'padding 1 and stride 2: the window jumps two cells, 3x3 output',
  }),
);
for (const [p, s] of [
  [0, 1],
  [1, 1],
  [0, 2],
  [1, 2],
]) {
  console.log(
    `n = 32, k = 3, padding ${p}, stride ${s}: output ${outputSize(32, 3, s, p)}x${outputSize(32, 3, s, p)}`,
  );
}

// %% [markdown]
// ## The model: load notebook 01's, or train one
//
// The original used a deeper model for its pictures and says the one from the first part works too; we use
// notebook 01's basic model (four 3×3 convolutions: 32, 32, 64, 64 filters). If 01 saved a checkpoint for the
// current mode it is loaded; otherwise the same model is trained here, with the same settings as in 01
// (Adam, batches of 128).

// %%
const train = take(cifar.xTrain, cifar.yTrain, pick(50_000, 2_000));
const test = take(cifar.xTest, cifar.yTest, pick(10_000, 1_000));
const yTest = toCategorical(test.y, 10);
const FROM_01 = `${repoRoot}/build/models/01-basic-model${pick('', '-quick')}/checkpoint`;
const OWN_DIR = `${repoRoot}/build/models/03-basic-model${pick('', '-quick')}/checkpoint`;

const { model } = await loadCheckpointOrTrain([FROM_01, OWN_DIR], async () => {
  // only when notebook 01 has not been run: the same model and settings as there
  const fresh = cifar10BasicModel({ seed: 1 });
  fresh.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const yTrain = toCategorical(train.y, 10);
  // uint8 pictures, divided by 255 a batch at a time (scale: true): a quarter of float32's memory
  await fit(fresh, train.x, yTrain, {
    batchSize: 128,
    epochs: pick(5, 1),
    scale: true,
    validationData: [test.x, yTest],
    callbacks: [new ModelCheckpoint({ filepath: OWN_DIR })],
    reference: kerasReference('03-basic-model'), // Keras's runs of this training, as a band
  });
  yTrain.dispose();
  return fresh;
});
summary(model);
// the same layers, shapes and parameter count as Keras's version of 01's model?
const keras = kerasReference('01-basic-model');
if (keras) console.log(checkShapes(model, keras));

// %% [markdown]
// The original draws a typical CNN as a pipeline, a picture entering on the left and class probabilities
// leaving on the right, each layer taking the previous layer's output. Here is that picture for the model
// just loaded, drawn from the model itself: every box is one layer's output (height × width on its face, the
// number of channels as its depth), with the first test picture on the input and the model's probabilities
// for it at the output. The CIFAR-10 test set here is in its official order, so its first pictures are the
// ones the Keras tutorials show first (notebook 01 draws them); the cell prints their classes.

// %%
console.log(
  'the first ten test pictures:',
  Array.from(test.y.subarray(0, 10), (k) => CLASSES[k]).join(', '),
);
const firstPicture = test.x.slice(0, 1).toTensor({ scale: true });
show(
  modelDiagram(model, {
    image: { data: test.x.image(0), shape: [32, 32, 3] },
    classNames: CLASSES,
    probabilities: model.predict(firstPicture) as tf.Tensor,
    title: `the basic model as a pipeline: test picture 0 (a ${CLASSES[test.y[0]]}) in, probabilities out`,
  }),
);
firstPicture.dispose();

// %% [markdown]
// ## 1 · Result based
//
// The plainest way to judge a model is by its answers.
//
// **Accuracy** on the test set:

// %%
const scores = await evaluate(model, test.x, yTest, { scale: true });
const predicted = predictClasses(model, test.x, { scale: true });
console.log(
  `test accuracy ${scores.accuracy!.toFixed(4)} on ${test.x.count} test images (loss ${scores.loss.toFixed(4)})`,
);

// %% [markdown]
// **Random test pictures with the model's answers**, titled "predicted (true)", blue when right, red when
// wrong:

// %%
const randomIdx = Array.from(shuffledIndices(test.x.count, 5).subarray(0, 24));
show(
  predictionGrid(test.x, test.y, predicted, CLASSES, {
    rows: 3,
    cols: 8,
    indices: randomIdx,
    title: '24 random test pictures: predicted (true)',
  }),
);

// %% [markdown]
// **Only the wrong ones.** Looking at the mistakes says more than looking at successes: are they pictures a
// person would also find hard (tiny, dark, cut off), or does the model confuse classes that merely share a
// colour or background?

// %%
const wrongCount = predicted.filter((p, i) => p !== test.y[i]).length;
console.log(`${wrongCount} of ${test.x.count} test pictures are misclassified`);
show(
  mistakesGrid(test.x, test.y, predicted, CLASSES, {
    rows: 3,
    cols: 8,
    title: 'the first 24 misclassified test pictures: predicted (true)',
  }),
);

// %% [markdown]
// **A breakdown of the wrong predictions**: how many mistakes fall on each true class; which class each
// wrong answer went to (row = true class, column = predicted class, correct answers left out); and, for
// reference, the full confusion matrix with the correct answers on its diagonal.

// %%
show(
  mistakesPerClassChart(test.y, predicted, CLASSES, { title: 'wrong predictions per true class' }),
);
show(
  mistakesBreakdownChart(test.y, predicted, CLASSES, {
    title: 'wrong predictions: true (rows) vs predicted (columns)',
  }),
);
show(
  confusionMatrixChart(test.y, predicted, CLASSES, {
    title: `confusion matrix on ${test.x.count} test pictures`,
  }),
);

// %%
show(
  resultsTable('002 Convolution_Neural_Network — result based', [
    {
      quantity: 'test accuracy',
      reported: '— (figures only)',
      measured: scores.accuracy!,
      keras: kerasRange(keras, { test: 'accuracy', phase: 'resume' }), // 01's model, as loaded above
      format: 'percent',
      note: `${test.x.count} test images; JPEG-derived CIFAR-10 copy, expect a few points below the original files`,
    },
    { quantity: 'misclassified test pictures', reported: '—', measured: wrongCount, format: 'int' },
  ]),
);

// %% [markdown]
// ## 2 · Pixel importance: occlusion
//
// Which parts of a picture does the model rely on? Take a picture it classifies **correctly** (so it has
// presumably found the object's key features), cover one small square with grey, and ask the model again.
// If the probability of the true class drops a lot, the covered square mattered. Slide the square over the
// whole picture and paint the drops as a heat map: the hot regions are where the evidence is. The original
// shows a dog whose ears, eyes and mouth light up. Here a 4×4 grey square moves in steps of 2 pixels
// (225 positions, all predicted in one batch) over the first correctly classified test picture of a dog, a
// cat, an automobile and a ship (a class is left out if the model gets none of its pictures right); each
// pixel's colour is the average drop over the squares that covered it.
//
// Each picture is drawn as it is, beside its map. All four maps share **one** colour scale, centred on
// "no change": white means covering that spot left the probability where it was, red that covering it
// lowered the probability (the spot was evidence *for* the class), blue that covering it *raised* the
// probability (the spot argued against it). Equal colours mean equal drops in every map, so a pale map is
// a picture whose answer hardly depends on any single 4×4 spot. The cell prints each picture's probability
// and its largest drop.

// %%
// The first correctly classified test picture of each of these classes (the original used a dog).
const firstCorrect = (label: number) =>
  Array.from(test.y).findIndex((t, i) => t === label && predicted[i] === t);
const examples = [5, 3, 1, 8].map(firstCorrect).filter((i) => i >= 0);
const scaledImage = (i: number) => test.x.slice(i, i + 1).toTensor({ scale: true }); // pixels / 255, as in training
const occlusions = examples.map((i) => {
  const picture = scaledImage(i);
  const result = occlusion(model, picture, { patchSize: 4, stride: 2, classNames: CLASSES });
  picture.dispose();
  const largest = Math.max(...result.pixelDrop.flat());
  console.log(
    `test picture ${i} (${CLASSES[test.y[i]]}): p = ${result.baseProbability.toFixed(3)} untouched, largest drop ${largest.toFixed(3)}`,
  );
  return result;
});
show(
  occlusionFigure(occlusions, {
    titles: examples.map(
      (i, k) =>
        `test picture ${i}: ${CLASSES[test.y[i]]}, p = ${occlusions[k].baseProbability.toFixed(3)}`,
    ),
    title:
      'drop in the probability of the true class when a 4x4 square is greyed (one colour scale for all)',
  }),
);

// %% [markdown]
// ## 3 · Activation based: what excites a filter
//
// The first convolution layer can be looked at directly: each of its kernels is a 3×3×3 block of weights,
// which is itself a tiny colour picture. A kernel responds most to a patch that looks like it, so these are
// the colours and colour edges the first layer is looking for. To see what *training* did, the figure puts
// the kernels the model started from (an untrained twin built with the same function and seed) beside the
// learned ones, on one colour scale: mid grey is a weight of 0, and the brightest and darkest colours are
// the largest weight in either grid. The third grid is the difference, learned minus initial, with its
// contrast raised by the factor in its heading. Compare the first two grids tile by tile: where they look
// alike, training kept most of the random start, and the third grid shows what it added. The cell prints
// how large the weights and the changes are.
//
// Deeper kernels read 32 or 64 channels rather than colours and cannot be drawn this way; for them we need
// the next ideas.

// %%
console.log('conv layers:', convLayerNames(model).join(', '));
const untrained = cifar10BasicModel({ seed: 1 }); // the weights 01's model (and the fallback) started from
const kernels = kernelsBeforeAfter(untrained, model, { cellSize: 32 });
show(kernels.figure);
console.log(
  `mean |weight| ${kernels.meanAbs.before.toFixed(4)} before, ${kernels.meanAbs.after.toFixed(4)} after; ` +
    `mean |change| ${kernels.meanChange.toFixed(4)} (${((100 * kernels.meanChange) / kernels.meanAbs.before).toFixed(0)}% of the starting size)`,
);
void untrained.dispose(); // (void: no output)

// %% [markdown]
// **Real patches that excite a filter.** Zeiler and Fergus (2014) asked a filter what it responds to by
// showing it a whole test set; here, every test picture this notebook uses (the figure's title says how
// many). For each picture, find where the filter's response is strongest, and keep the pictures where that
// strongest response is largest. A position in a layer's output sees only a square of the input, its
// *receptive field* — 3×3 pixels after the first convolution, growing with every convolution and pooling
// — so each picture is cropped to that square. Below, for the first four filters of each convolution
// layer, one row of the eight test-picture crops that excite it most, the value of the response above
// each. Look for what the crops of one row have in common — a colour, an edge between two colours, a
// texture: that is the filter's pattern, found in real pictures. The deeper the layer, the larger its
// squares, so the more of a picture a pattern can span. A row whose values are all at or below 0 belongs
// to a filter that none of these pictures switches on (the ReLU after it outputs 0 everywhere): the cell
// names such filters.

// %%
const patches = topPatches(model, test.x, { filters: 4, top: 8, cellSize: 44 });
show(patches.figure);
for (const l of patches.layers) {
  const dead = l.filters.filter((f) => f.patches[0].activation <= 0).map((f) => f.filter);
  console.log(
    `${l.layer} (receptive field ${l.receptiveField}x${l.receptiveField}): strongest responses ` +
      l.filters.map((f) => `filter ${f.filter} ${f.patches[0].activation.toFixed(2)}`).join(', ') +
      (dead.length
        ? `; never above 0 on these ${test.x.count} pictures: filter ${dead.join(', ')}`
        : ''),
  );
}

// %% [markdown]
// Instead of asking which real pictures a filter responds to, we can ask what picture it would like best.
// Start from a grey image with a little noise, compute the gradient of the filter's mean activation with
// respect to the *input pixels*, and move the pixels a step *up* that gradient — gradient **ascent**, the
// opposite of training. After a few dozen steps the image shows the pattern the filter is tuned to. Here
// for four filters in each of the four convolution layers (the original showed every other layer of its
// deeper model). A first-layer filter sees only 3×3 pixels, so the best it can ask for is a colour or a
// colour edge repeated over the picture; deeper filters see larger squares and can ask for stripes and
// textures. A briefly trained model's filters ask for cruder patterns than a well trained one's.
//
// The ascent does not always succeed: a filter that hardly ever fires gives almost no gradient to climb.
// So each tile is titled with the mean activation its image reached, and a filter whose first ascent ends
// at or below 0, or below where it started, gets up to three more tries, each from a fresh random
// picture with a larger step, more steps and a little noise added after each step ("try 2" and so on in
// the title). A filter that fails every try is titled **FAILED** in red: its picture shows nothing the
// filter likes. The cell prints how many filters failed the first ascent and how many failed in the end.

// %%
const dreamed = activationMaximization(model, {
  filters: 4,
  steps: 40,
  cellSize: 96,
  title:
    'inputs that excite filters 0-3 of each conv layer most (gradient ascent, 40 steps; title: mean activation reached)',
});
show(dreamed.figure);
const retried = dreamed.images.filter((d) => d.attempts > 1);
const stillFailed = dreamed.images.filter((d) => d.failed);
console.log(
  `${retried.length} of ${dreamed.images.length} filters failed their first ascent` +
    (retried.length ? ` (${retried.map((d) => `${d.layer}/${d.filter}`).join(', ')})` : '') +
    `; after the retries ${stillFailed.length} still fail` +
    (stillFailed.length ? ` (${stillFailed.map((d) => `${d.layer}/${d.filter}`).join(', ')})` : ''),
);
console.log(
  'mean activation reached:',
  dreamed.images.map((d) => `${d.layer}/${d.filter} ${d.activation.toFixed(2)}`).join(', '),
);

// %% [markdown]
// The same ascent works on a **hidden fully connected unit**. The 256 units of this model's first dense
// layer each weigh all 1,600 numbers of the last convolution block's output (5×5×64 after pooling) at once,
// so a unit can respond to a combination of patterns anywhere in the picture. Below, the pictures that drive
// eight of them highest, from a grey start. We raise the unit's value *before* its ReLU (the ReLU is flat at
// 0 for negative values, which would give the ascent nothing to climb); the pixels are kept between 0 and 1
// and blurred slightly every few steps, so the picture does not fill with pixel-level noise. Each title
// gives the unit's value on the grey start and on the final picture; a unit still at or below 0 at the end
// would be titled FAILED.

// %%
const units = denseUnitMaximization(model, {
  units: 8,
  steps: pick(100, 40),
  title: `inputs that excite units 0-7 of the hidden dense layer most (gradient ascent, ${pick(100, 40)} steps)`,
});
show(units.figure);
console.log(
  `layer ${units.layer}: ` +
    units.images
      .map((u) => `unit ${u.unit} ${u.startValue.toFixed(2)} -> ${u.value.toFixed(2)}`)
      .join(', ') +
    `; ${units.images.filter((u) => u.failed).length} failed`,
);

// %% [markdown]
// The original goes on to the fully connected layer's outputs. The same ascent works on the very last layer: start
// from grey again and push the pixels towards whatever raises one class's score, and the image becomes
// "what the network thinks a truck looks like" (or a cat, or a ship). We maximise the score before the
// softmax: raising a probability can also be done by pushing the *other* classes down, which gives muddier
// pictures. Do not expect photographs: the network only needs the colours and textures that argue for a
// class, so the result is closer to a texture of its clues, and a briefly trained model's clues are crude.
// The cell prints each class's probability on the grey start image and on the painted one.

// %%
const classDreams = classActivationMaximization(model, {
  classNames: CLASSES,
  steps: pick(100, 40),
  title: `inputs that each class's score likes best (gradient ascent, ${pick(100, 40)} steps)`,
});
show(classDreams.figure);
for (const d of classDreams.images)
  console.log(
    `${d.className.padEnd(10)} p = ${d.startProbability.toFixed(3)} on grey -> ${d.probability.toFixed(3)}`,
  );

// %% [markdown]
// ## 4 · Partial outputs: feature maps
//
// Finally, run one picture through the network and stop after each convolution layer: every channel of that
// layer's output is a picture of where its filter fired. The original used a truck. The maps are drawn at
// their **true relative size** — every cell of every map is 3×3 screen pixels — so the 30×30 maps of the
// first layer are three times as wide as the 10×10 maps of the last: each pooling halves the maps, and the
// later ones are coarser. That is why this view is most useful for the early layers, whose maps still
// follow the picture's outlines.
//
// In this model each convolution is followed by a separate ReLU layer, and the maps are taken straight from
// the convolutions, before the ReLU. Each map is stretched to its own range: yellow is its largest value,
// dark blue its smallest (the ReLU then sets the negative values to 0).

// %%
const truckAt = firstCorrect(9) >= 0 ? firstCorrect(9) : Array.from(test.y).indexOf(9);
show(
  imageGrid(test.x.slice(truckAt, truckAt + 1), {
    titles: [`test picture ${truckAt}: a truck`],
    cellSize: 160,
  }),
);
const truck = scaledImage(truckAt);
show(
  featureMaps(model, truck, {
    maxChannels: 16,
    colormap: 'viridis',
    pixelsPerCell: 3,
    title: `feature maps for the truck, first 16 channels of each conv layer, 3 px per cell (true relative sizes)`,
  }).figure,
);
truck.dispose();

// %% [markdown]
// ## Bonus · Grad-CAM
//
// Grad-CAM (Selvaraju et al., 2017) combines the last two ideas: take the feature maps of the last
// convolution layer, weight each map by how much the predicted class's score depends on it (the average
// gradient of the score over that map), add them up and keep the positive part. The result is a coarse heat
// map of the regions that argued *for* the predicted class — like the occlusion map, but from a single
// backward pass instead of one prediction per covered square. Below for the same pictures as the
// occlusion maps, and the truck: each picture as it is, its map, and the map laid over it. The last
// convolution layer of this model is only 10×10, so the map is coarse (it is stretched to 32×32 for
// display). Each map is divided by its own largest value, so 1 (yellow) marks the strongest evidence in
// *that* picture, and the colour bar is the same for all. Do not expect it to always outline the object:
// a model trained for only a few epochs sometimes leans on the background (sky, road, grass), and a map
// that lands there says exactly that about the model.

// %%
const camPictures = [...examples, truckAt];
const cams = camPictures.map((i) => {
  const picture = scaledImage(i);
  const result = gradCam(model, picture, { classNames: CLASSES });
  picture.dispose();
  return result;
});
show(
  gradCamFigure(cams, {
    titles: camPictures.map(
      (i, k) =>
        `test picture ${i} (${CLASSES[test.y[i]]}): map for ${CLASSES[cams[k].classIndex]}, p = ${cams[k].probability.toFixed(3)}`,
    ),
    size: 128,
    title: `Grad-CAM of the predicted class, layer ${cams[0].layer}`,
  }),
);
