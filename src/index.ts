// The front door: what a notebook imports (`import { … } from 'cnn-notebooks'`), in the
// groups a learner meets them (about 120 names). Everything else is internal; tests import modules
// directly.

// The engine and the run mode
export { tf, backendInfo } from './backend';
export { isQuick, pick } from './config';
// Errors in a notebook show the message and the cell's line; these bring the full trace back
export {
  disableTracebackFiltering,
  enableTracebackFiltering,
  isTracebackFilteringEnabled,
} from './errors';

// Data: the datasets, Keras's preprocessing helpers, augmentation
export { loadMnist, loadCifar10, CIFAR10_CLASSES, Images, loadPhoto, repoRoot } from './data';
export {
  toCategorical,
  scalePixels,
  channelStats,
  standardize,
  trainValidationSplit,
  shuffle,
  take,
} from './data';
export { createRng, shuffledIndices, ImageDataGenerator } from './data';
export { setRandomSeed } from './data';

// Models: the tutorials' architectures, building your own, summary, saving and loading
export {
  mnistMlp,
  mnistCnn,
  cifar10SmallCnn,
  cifar10BasicModel,
  cifar10KerasCnn,
  cifar10VisModel,
} from './models';
export { createCnn, buildSequential, summary, describeModel } from './models';
export { withKernelSize, withFirstFilters } from './models';
export { modelDiagram } from './viz';
export type { LayerCode, LayerSpec } from './models';
export {
  saveModel,
  loadModel,
  saveArchitecture,
  loadArchitecture,
  saveWeights,
  loadWeights,
} from './models';

// Training: optimizers, fit, callbacks, evaluation
export { adam, rmsprop, sgd, decayedLearningRate } from './optimizers';
export { fit, fitDataset, evaluate, predict, predictClasses, History, Callback } from './train';
export type { FitOptions } from './train';
export { Trials } from './train';
export {
  EarlyStopping,
  LearningRateScheduler,
  CSVLogger,
  ModelCheckpoint,
  loadCheckpoint,
  loadCheckpointOrTrain,
} from './train';

// Figures: showing them, pictures of data, charts of training and results
export { show, saveFigure, liveOutput } from './display';
export type { Figure } from './figure';
export { imageGrid, pixelValuesFigure, channelsFigure, heatmapFigure } from './plot';
export { rgbPlanesFigure, classProbabilitiesFigure } from './plot';
export { connectivityFigure, gradientDescentChart, activationFunctionsChart } from './plot';
export { elongatedBowlFigure, bowlDescent, stepsToReach } from './plot';
export { trainingCurves, compareScoresChart, resultsTable, dataTable } from './plot';
export type { ResultRow } from './plot';
export { confusionCounts, confusionMatrixChart, perClassAccuracyChart } from './plot';
export {
  mistakesBreakdownChart,
  mistakesPerClassChart,
  predictionGrid,
  mistakesGrid,
} from './plot';

// Keras beside the run: each training cell's Keras runs (a band on its charts), same shapes?
export { kerasReference, kerasRange, loadReference } from './data';
export { testScoreVerdict } from './plot';
export { checkShapes } from './models';

// Convolution by hand: the arithmetic, classic filters and their figures
export { convolve2d, maxPool2d, pad2d, outputSize, CONV_EXAMPLES } from './viz';
export { convolutionFigure, maxPoolFigure } from './viz';
export { slidingFilterFigure, slidingSteps } from './viz';
export { imageChannel, filterResponse, applyFilter } from './viz';
export { rgbToGray, filter2D, SOBEL_X, SOBEL_Y, sobelFigure } from './viz';

// Looking inside a trained network
export { convLayerNames, occlusion, activationMaximization, featureMaps, gradCam } from './viz';
export { firstLayerKernels, classActivationMaximization } from './viz';
export { occlusionFigure, gradCamFigure, kernelsBeforeAfter, topPatches } from './viz';
export { denseUnitMaximization, receptiveField } from './viz';
export { gradientDescentSteps } from './plot';
