// The public API: notebooks import only from here (`import { … } from 'cnn-notebooks'`).
export { tf, backendInfo } from './backend';
export type { BackendInfo } from './backend';
export { isQuick, pick } from './config';
export * from './data';
export * from './models';
export * from './train';
export * from './plot';
export * from './viz';
export * from './report/resultsTable';
