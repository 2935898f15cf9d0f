// Everything in src/plot/ (tests import this; the public API is src/index.ts).
export * from './raster';
export * from './colormap';
export { FONT_FAMILY } from './canvas';
export * from './images';
export * from './charts';
export * from './results';
export * from './resultsTable';
export { dataTable } from './dataTable';
export type { TableValue } from './dataTable';
export { progressFigure, lineChartSvg } from './progressView';
export type { ProgressState, Series, SvgBand } from './progressView';
export {
  epochValues,
  parityCheck,
  parityVerdict,
  referenceBands,
  referenceNote,
  allowedRange,
  MIN_VERDICT_SEEDS,
  marginRule,
  spreadFor,
  verdictColor,
  marginWidth,
  PARITY_MARGIN,
} from './parity';
export type {
  EpochComparison,
  EpochValues,
  MetricBand,
  ParityMargin,
  ParityResult,
} from './parity';
export * from './teaching';
export * from './connectivity';
export * from './teachingCharts';
export * from './bowl';
export * from './scoreVerdict';
