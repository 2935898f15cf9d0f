// Everything in src/viz/ (tests import this; the public API is src/index.ts).
export * from './filters';
export * from './convArithmetic';
export * from './convFigures';
export { convLayerNames } from './modelInput';
export * from './occlusion';
export * from './activation';
export * from './featureMaps';
export * from './gradcam';
export * from './modelBlocks';
export * from './modelDiagram';
export * from './filterByHand';
export * from './kernels';
export * from './classActivation';
export * from './slidingFilter';
export * from './heatPanels';
export * from './receptiveField';
export * from './topPatches';
export * from './unitActivation';
