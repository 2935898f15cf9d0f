// Engine-level speed-ups for training on tfjs-node (see bench/README.md for why).
export { installNativeStep, uninstallNativeStep, isNativeStepInstalled } from './nativeStep';
