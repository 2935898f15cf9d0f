// Everything in src/data/ (tests import this; the public API is src/index.ts).
export { Images } from './images';
export type { ToTensorOptions } from './images';
export { parseIdx, readIdxFile } from './idx';
export type { IdxArray, IdxData, IdxDtype } from './idx';
export { loadMnist, mnistDir, MNIST_FILES } from './mnist';
export type { Dataset } from './mnist';
export {
  CIFAR_RECORD_BYTES,
  cifarRecordCount,
  decodeCifarRecords,
  readCifarFile,
  checkCifarFileSize,
} from './cifar';
export {
  loadCifar10,
  locateCifar10,
  readCifar10,
  downloadCifar10,
  hasCifar10Files,
  cifar10SearchDirs,
  CIFAR10_CLASSES,
  CIFAR10_SOURCE,
  CIFAR10_TRAIN_FILES,
  CIFAR10_TEST_FILE,
} from './cifar10';
export type { Cifar10Dataset, Cifar10Options } from './cifar10';
export { downloadFile } from './download';
export type { DownloadOptions } from './download';
export { createRng, shuffledIndices, epochPermutation } from './random';
export { setRandomSeed, randomSeed, clearRandomSeed } from './seed';
export { loadPhoto, photoPath, PHOTOS } from './photos';
export type { PhotoName, Uint8Image } from './photos';
export {
  toCategorical,
  scalePixels,
  channelStats,
  standardize,
  trainValidationSplit,
  shuffle,
  take,
} from './preprocess';
export type { ChannelStats, Split } from './preprocess';
export { ImageDataGenerator } from './augment';
export type { ImageDataGeneratorOptions, FlowOptions, Batch } from './augment';
export { shiftFlipBatch } from './transform';
export type { ShiftFlip, FillMode, Interpolation } from './transform';
export { repoRoot, dataDir, cacheDir } from './paths';
export { kerasReference } from './kerasReference';
export {
  kerasRange,
  loadReference,
  readReference,
  referenceCases,
  referenceCommand,
  referenceDir,
  REFERENCE_METRICS,
} from './reference';
export type {
  KerasReference,
  ReferenceMode,
  ReferenceMetric,
  ReferenceBandEpoch,
  ReferenceEpoch,
  ReferenceEvaluation,
  ReferenceLayer,
  ReferenceRun,
  ReferenceSettings,
  Range,
} from './reference';
