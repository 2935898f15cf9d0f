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
// 3. **activation based** — let gradient ascent paint the input that excites a filter most;
// 4. **partial outputs** — the feature maps after each convolution layer for one picture;
//
// plus a fifth, beyond the original: **Grad-CAM**, which shows where the last convolution layer looked.
//
// The model is notebook 01's "basic model". If notebook 01 has been run (in the same mode), its saved
// model is loaded; otherwise this notebook trains one itself (5 epochs in full mode, about 30 minutes on 2
// CPU cores; 1 epoch on 2,000 images in quick mode). With 01's model present the full run takes about
// 5 minutes; quick mode (`CNN_QUICK=1`) about 2 minutes.
//
// **The saved outputs below come from a quick run (`CNN_QUICK=1`) on this machine**: a network trained
// briefly on few pictures, so its mistakes are many and its figures blurry; a full run gives sharper ones.
//
// CIFAR-10 here is a JPEG-derived copy of the original files (see the data README): expect accuracies a few
// points below those measured on the original files.

// %%
import {
  backendInfo, isQuick, pick, show, tf, repoRoot,
  loadCifar10, CIFAR10_CLASSES, toCategorical, take, channelsFigure,
  cifar10BasicModel, summary, adam, fit, evaluate, predictClasses, ModelCheckpoint, loadCheckpoint,
  imageGrid, heatmapFigure, resultsTable, lineChartSvg,
} from 'cnn-notebooks';
import * as fs from 'fs';
console.log(backendInfo());
console.log(isQuick() ? 'QUICK mode: small subsets, 1 epoch' : 'FULL mode');

// %% [markdown]
// ## How the computer sees a picture
//
// A colour picture is three grids of numbers — red, green and blue, 0 to 255 each — stacked into a
// height × width × 3 block; a grey picture is a single grid. Below, one CIFAR-10 picture split into its
// three channels, and the same picture in grey (one number per pixel, a weighted mix of the three).

// %%
const cifar = await loadCifar10();
const sampleImage = cifar.xTrain.slice(0, 1).toTensor();
show(channelsFigure(sampleImage.squeeze([0]) as tf.Tensor3D, { mode: 'tinted', title: `training image 0 (${CIFAR10_CLASSES[cifar.yTrain[0]]}): red, green and blue channels` }));
const grey = tf.tidy(() => sampleImage.squeeze([0]).mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(-1));
show(imageGrid([sampleImage.squeeze([0]) as tf.Tensor3D, grey as tf.Tensor2D], { titles: ['colour: 32x32x3', 'grey: 32x32x1'], cellSize: 192 }));
tf.dispose([sampleImage, grey]);

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

// %%
const tiny = tf.tensor4d([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3], [1, 4, 4, 1]);
const padded = tf.pad(tiny, [[0, 0], [1, 1], [1, 1], [0, 0]]);
show(imageGrid([tiny.squeeze([0]) as tf.Tensor3D, padded.squeeze([0]) as tf.Tensor3D], { titles: ['4x4 input', 'padded with zeros: 6x6'], cellSize: 180, range: [0, 9] }));
console.log('padded grid:', JSON.stringify(padded.reshape([6, 6]).arraySync()));
tf.dispose([tiny, padded]);
const probe = tf.zeros([1, 32, 32, 3]);
for (const [padding, strides] of [['valid', 1], ['same', 1], ['valid', 2], ['same', 2]] as const) {
  const out = tf.tidy(() => tf.layers.conv2d({ filters: 32, kernelSize: 3, padding, strides }).apply(probe) as tf.Tensor);
  console.log(`padding '${padding}', stride ${strides}: 32x32x3 -> ${out.shape.slice(1).join('x')}`);
  out.dispose();
}
probe.dispose();

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
const xTest = test.x.toTensor({ scale: true });
const yTest = toCategorical(test.y, 10);
const FROM_01 = `${repoRoot}/build/models/01-basic-model${pick('', '-quick')}/checkpoint`;
const OWN_DIR = `${repoRoot}/build/models/03-basic-model${pick('', '-quick')}/checkpoint`;
const EPOCHS = pick(5, 1);   // used only when no saved model is found

async function obtainModel(): Promise<tf.LayersModel> {
  for (const dir of [FROM_01, OWN_DIR]) {
    if (fs.existsSync(dir)) {
      const saved = await loadCheckpoint(dir);
      console.log(`loaded ${dir} (${saved.epoch} epoch(s) of training)`);
      return saved.model;
    }
  }
  console.log(`no saved model found: training ${EPOCHS} epoch(s) here`);
  const fresh = cifar10BasicModel({ seed: 1 });
  fresh.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xTrain = train.x.toTensor({ scale: true });
  const yTrain = toCategorical(train.y, 10);
  try {
    await fit(fresh, xTrain, yTrain, { batchSize: 128, epochs: EPOCHS, validationData: [xTest, yTest], callbacks: [new ModelCheckpoint({ filepath: OWN_DIR })] });
  } finally {
    tf.dispose([xTrain, yTrain]);
  }
  return fresh;
}
const model = await obtainModel();
summary(model);

// %% [markdown]
// ## 1 · Result based
//
// The plainest way to judge a model is by its answers.
//
// **Accuracy** on the test set:

// %%
const scores = await evaluate(model, xTest, yTest);
const predicted = predictClasses(model, xTest);
console.log(`test accuracy ${scores.accuracy!.toFixed(4)} on ${test.x.count} test images (loss ${scores.loss.toFixed(4)})`);

// %% [markdown]
// **Random test pictures with the model's answers**, titled "predicted (true)", blue when right, red when
// wrong:

// %%
const shuffledIdx = (n: number, count: number, seed: number) => {
  const rng = tf.randomUniform([n], 0, 1, 'float32', seed).dataSync();
  return Array.from(rng.keys()).sort((a, b) => rng[a] - rng[b]).slice(0, count);
};
const randomIdx = shuffledIdx(test.x.count, 24, 5);
const titleOf = (i: number) => `${CIFAR10_CLASSES[predicted[i]]} (${CIFAR10_CLASSES[test.y[i]]})`;
show(imageGrid(test.x.gather(randomIdx), {
  cols: 8, titles: randomIdx.map(titleOf),
  titleColors: randomIdx.map((i) => (predicted[i] === test.y[i] ? 'blue' : 'red')),
  title: '24 random test pictures: predicted (true)',
}));

// %% [markdown]
// **Only the wrong ones.** Looking at the mistakes says more than looking at successes: are they pictures a
// person would also find hard (tiny, dark, cut off), or does the model confuse classes that merely share a
// colour or background?

// %%
const wrongIdx = Array.from(predicted.keys()).filter((i) => predicted[i] !== test.y[i]);
console.log(`${wrongIdx.length} of ${test.x.count} test pictures are misclassified`);
show(imageGrid(test.x.gather(wrongIdx.slice(0, 24)), {
  cols: 8, titles: wrongIdx.slice(0, 24).map(titleOf), titleColors: wrongIdx.slice(0, 24).map(() => 'red'),
  title: 'the first 24 misclassified test pictures: predicted (true)',
}));

// %% [markdown]
// **A breakdown of the wrong predictions**: how many mistakes fall on each true class, how many on each
// predicted class, and the full confusion matrix (row = true class, column = predicted class; the diagonal
// holds the correct answers).

// %%
const confusion = tf.tidy(() => tf.math.confusionMatrix(tf.tensor1d(test.y, 'int32'), tf.tensor1d(predicted, 'int32'), 10));
const counts = confusion.arraySync() as number[][];
confusion.dispose();
const wrongByTrue = counts.map((row, t) => row.reduce((a, b) => a + b, 0) - row[t]);
const wrongByPredicted = counts.map((_, p) => counts.reduce((a, row) => a + row[p], 0) - counts[p][p]);
console.table(Object.fromEntries(CIFAR10_CLASSES.map((name, c) => [name, { 'wrong, by true class': wrongByTrue[c], 'wrong, by predicted class': wrongByPredicted[c] }])));
show(heatmapFigure(counts, { title: 'confusion matrix: rows = true class 0-9, columns = predicted class 0-9 (0 airplane ... 9 truck)', label: 'test images', size: 360 }));

// %%
show(resultsTable('002 Convolution_Neural_Network — result based', [
  { quantity: 'test accuracy', reported: '— (figures only)', measured: scores.accuracy!, format: 'percent', note: `${test.x.count} test images; JPEG-derived CIFAR-10 copy, expect a few points below the original files` },
  { quantity: 'misclassified test pictures', reported: '—', measured: wrongIdx.length, format: 'int' },
]));

// %% [markdown]
// ## 2 · Pixel importance: occlusion
//
// Which parts of a picture does the model rely on? Take a picture it classifies **correctly** (so it has
// presumably found the object's key features), cover one small square with grey, and ask the model again.
// If the probability of the true class drops a lot, the covered square mattered. Slide the square over the
// whole picture and paint the drops as a heat map: the hot regions are where the evidence is. The original
// shows a dog whose ears, eyes and mouth light up.

// %%
console.log('occlusion heat map: waiting for the library (src/viz occlusion); this cell draws the figure once it lands.');

// %% [markdown]
// ## 3 · Activation based: what excites a filter
//
// Instead of asking what a filter responds to in real pictures, we can ask what picture it would like best.
// Start from a grey image with a little noise, compute the gradient of the filter's mean activation with
// respect to the *input pixels*, and move the pixels a step *up* that gradient — gradient **ascent**, the
// opposite of training. After a few dozen steps the image shows the pattern the filter is tuned to. Here
// for four filters in each of the four convolution layers. Expect colours and simple stripes in the first
// layer, oriented lines and textures in the next ones, and increasingly abstract patterns deeper in.

// %%
console.log('activation maximisation: waiting for the library (src/viz activation); this cell draws the figure once it lands.');

// %% [markdown]
// ## 4 · Partial outputs: feature maps
//
// Finally, run one picture through the network and stop after each convolution layer: every channel of that
// layer's output is a picture of where its filter fired (bright = strong). The original used a truck. The
// first layers' maps still look like the truck — body, wheels, windows and edges picked out in different
// maps; after each pooling the maps are coarser and more abstract, which is why this view is most useful
// for the early layers.

// %%
const truckIndex = Array.from(test.y).findIndex((label, i) => label === 9 && predicted[i] === 9);
const truckAt = truckIndex >= 0 ? truckIndex : Array.from(test.y).indexOf(9);
const truck = test.x.slice(truckAt, truckAt + 1).toTensor({ scale: true });
show(imageGrid(test.x.slice(truckAt, truckAt + 1), { titles: [`test picture ${truckAt}: a truck`], cellSize: 160 }));
const convLayers = model.layers.filter((l) => l.getClassName() === 'Conv2D');
const probeModel = tf.model({ inputs: model.inputs, outputs: convLayers.map((l) => l.output as tf.SymbolicTensor) });
const maps = probeModel.predict(truck) as tf.Tensor[];
maps.forEach((m, k) => {
  const channels = tf.tidy(() => tf.relu(m).transpose([3, 1, 2, 0]).slice([0, 0, 0, 0], [16, -1, -1, -1]));   // first 16 maps as images
  show(imageGrid(channels, { cols: 8, range: 'minmax', title: `conv layer ${k + 1} (${convLayers[k].name}): output ${m.shape.slice(1).join('x')}, first 16 of ${m.shape[3]} maps after ReLU` }));
  channels.dispose();
});
tf.dispose([truck, ...maps]);

// %% [markdown]
// ## Bonus · Grad-CAM
//
// Grad-CAM (Selvaraju et al., 2017) combines the last two ideas: take the feature maps of the last
// convolution layer, weight each map by how much the predicted class's score depends on it (the average
// gradient of the score over that map), add them up and keep the positive part. The result is a coarse heat
// map of the regions that argued *for* the predicted class — like the occlusion map, but from a single
// backward pass instead of one prediction per covered square.

// %%
console.log('Grad-CAM: waiting for the library (src/viz gradcam); this cell draws the figure once it lands.');
