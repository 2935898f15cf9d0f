// Public API of src/viz/ (re-exported by src/index.ts).
export * from './filters';
export * from './convArithmetic';
export * from './convFigures';
