// The public API: notebooks import only from here (`import { … } from 'cnn-notebooks'`).
export { tf, backendInfo } from './backend';
import { installFastKernels } from './perf';
// Faster native kernels for two gradients (same results; see bench/README.md).
installFastKernels();
export { installFastKernels, uninstallFastKernels } from './perf';
export type { BackendInfo } from './backend';
export { isQuick, pick } from './config';
export * from './data';
export * from './models';
export * from './train';
export * from './plot';
export * from './viz';
export * from './report/resultsTable';
