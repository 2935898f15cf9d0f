// Kernel replacements for eager training on tfjs-node (see bench/README.md for why).
// fit() installs them when training first starts; nothing is replaced on import.
import { installNativeStep, uninstallNativeStep } from './nativeStep';

export { installNativeStep, uninstallNativeStep };
export { isNativeStepInstalled } from './nativeStep';

// Whether the caller turned the replacements off; fit() then leaves tfjs's own kernels alone.
let optedOut = false;

/** Installs every kernel replacement in src/kernels (same results, less time); idempotent. */
export function installFastKernels(): void {
  optedOut = false;
  installNativeStep();
}

/** Restores tfjs-node's own kernels. */
export function uninstallFastKernels(): void {
  optedOut = true;
  uninstallNativeStep();
}

/** Called where training starts: installs the replacements once, unless the caller uninstalled them. */
export function ensureFastKernels(): void {
  if (!optedOut) installFastKernels();
}
