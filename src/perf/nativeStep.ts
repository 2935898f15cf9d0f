// tfjs-node computes `step` (the ReLU derivative used by every fused conv/dense
// gradient) as five eager ops, two of which fill full-size tensors: a quarter of
// the MNIST CNN's training step. For alpha = 0 the same values come from two
// native element-wise ops, Sign(Relu(x)). Other alphas keep tfjs-node's kernel.
import { tf } from '../backend';

interface NativeBackend {
  binding: { TF_ATTR_TYPE: number; TF_FLOAT: number };
  executeSingleOutput(name: string, attrs: unknown[], inputs: tf.TensorInfo[]): tf.Tensor;
}

let original: tf.KernelConfig | undefined;

/** True while the native `step` kernel is installed. */
export function isNativeStepInstalled(): boolean {
  return original !== undefined;
}

/**
 * Replaces the 'Step' kernel of the tensorflow backend with a two-op native
 * version (alpha 0, float32) that gives the same values; idempotent.
 * NaN inputs give 0 instead of NaN (ReLU's own output is never NaN before
 * the loss is).
 */
export function installNativeStep(): void {
  if (original) return;
  if (tf.getBackend() !== 'tensorflow') {
    throw new Error(`installNativeStep: backend 'tensorflow' expected, '${tf.getBackend()}' found`);
  }
  const fallback = tf.getKernel('Step', 'tensorflow');
  if (!fallback) throw new Error("installNativeStep: tfjs-node's 'Step' kernel expected, none registered");
  original = fallback;
  tf.unregisterKernel('Step', 'tensorflow');
  tf.registerKernel({
    kernelName: 'Step',
    backendName: 'tensorflow',
    kernelFunc: (args) => {
      const x = (args.inputs as { x: tf.TensorInfo }).x;
      const alpha = (args.attrs as { alpha?: number }).alpha ?? 0;
      if (alpha !== 0 || x.dtype !== 'float32') return fallback.kernelFunc(args);
      const backend = args.backend as unknown as NativeBackend;
      const T = { name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT };
      const relu = backend.executeSingleOutput('Relu', [T], [x]);
      const sign = backend.executeSingleOutput('Sign', [T], [relu]);
      relu.dispose();
      return sign;
    },
  });
}

/** Puts tfjs-node's own 'Step' kernel back. */
export function uninstallNativeStep(): void {
  if (!original) return;
  tf.unregisterKernel('Step', 'tensorflow');
  tf.registerKernel(original);
  original = undefined;
}
