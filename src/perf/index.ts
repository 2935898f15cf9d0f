// Engine-level speed-ups for training on tfjs-node (see bench/README.md for why).
import { installNativeMaxPoolGrad, uninstallNativeMaxPoolGrad } from './nativeMaxPoolGrad';
import { installNativeStep, uninstallNativeStep } from './nativeStep';

export { installNativeMaxPoolGrad, uninstallNativeMaxPoolGrad, installNativeStep, uninstallNativeStep };
export { isNativeStepInstalled } from './nativeStep';
export { KerasRMSprop } from './kerasRmsprop';
export { KerasAdam } from './kerasAdam';

/** Installs every kernel replacement in src/perf (same results, less time); idempotent. */
export function installFastKernels(): void {
  installNativeStep();
  installNativeMaxPoolGrad();
}

/** Restores tfjs-node's own kernels. */
export function uninstallFastKernels(): void {
  uninstallNativeStep();
  uninstallNativeMaxPoolGrad();
}
