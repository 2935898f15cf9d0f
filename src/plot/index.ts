// Everything in src/plot/ (tests import this; the public API is src/index.ts).
export * from './raster';
export * from './colormap';
export { FONT_FAMILY } from './canvas';
export * from './images';
export * from './charts';
export * from './results';
export * from './resultsTable';
export { progressFigure, lineChartSvg } from './progressView';
export type { ProgressState } from './progressView';
export * from './teaching';
export * from './connectivity';
export * from './teachingCharts';
