// The public API: notebooks import only from here (`import { … } from 'cnn-notebooks'`).
export { tf, backendInfo } from './backend';
export type { BackendInfo } from './backend';
export * from './plot/display';
