// Public API of src/plot/ (re-exported by src/index.ts).
export * from './display';
export * from './raster';
export * from './colormap';
export { FONT_FAMILY } from './canvas';
export * from './images';
export * from './charts';
export * from './results';
