// Everything in src/models/ (tests import this; the public API is src/index.ts).
export {
  mnistMlp,
  mnistCnn,
  cifar10SmallCnn,
  cifar10BasicModel,
  cifar10KerasCnn,
  cifar10VisModel,
  CIFAR10_VIS_CONFIG,
} from './zoo';
export type { ZooOptions } from './zoo';
export { createCnn } from './createCnn';
export type { LayerCode } from './createCnn';
export { withKernelSize, withFirstFilters } from './layerConfig';
export { buildSequential, outputShapeOf } from './layerSpecs';
export type { LayerSpec, BuildOptions, Activation } from './layerSpecs';
export { summary, summaryText, summaryFigure, describeModel } from './summary';
export type { ModelSummary, SummaryRow } from './summary';
export { checkShapes } from './reference';
export {
  saveModel,
  loadModel,
  saveArchitecture,
  loadArchitecture,
  saveWeights,
  loadWeights,
} from './persist';
