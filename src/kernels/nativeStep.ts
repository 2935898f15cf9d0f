// tfjs-node computes `step` (the ReLU derivative used by every fused conv/dense
// gradient) as five eager ops, two of which fill full-size tensors: a quarter of
// the MNIST CNN's training step. For alpha = 0 the same values come from two
// native element-wise ops, Sign(Relu(x)). Other alphas keep tfjs-node's kernel.
// NaN inputs give 0 instead of NaN (ReLU's output is never NaN before the loss is).
import { tf } from '../backend';
import { nativeBackend } from '../internals';
import { floatAttr, isKernelReplaced, replaceKernel, restoreKernel } from './replaceKernel';

/** Installs the two-op 'Step' kernel; idempotent. */
export function installNativeStep(): void {
  replaceKernel('Step', (original) => (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const alpha = (args.attrs as { alpha?: number }).alpha ?? 0;
    const backend = nativeBackend(args.backend);
    if (!backend || alpha !== 0 || x.dtype !== 'float32') return original.kernelFunc(args);
    const relu = backend.executeSingleOutput('Relu', [floatAttr(backend)], [x]);
    const sign = backend.executeSingleOutput('Sign', [floatAttr(backend)], [relu]);
    relu.dispose();
    return sign;
  });
}

/** Puts tfjs-node's own 'Step' kernel back. */
export function uninstallNativeStep(): void {
  restoreKernel('Step');
}

/** True while the native 'Step' kernel is installed. */
export function isNativeStepInstalled(): boolean {
  return isKernelReplaced('Step');
}
