// TensorFlow's eager MaxPoolGrad is the plain Eigen kernel (Keras's compiled
// graph gets oneDNN's pooling with a saved workspace instead). For the common
// non-overlapping case (window == stride, sizes divisible, no padding needed)
// the gradient is "dy goes where the input equals the window's max": one
// broadcasting Equal and one SelectV2 over a [N, H/k, k, W/k, k, C] view.
// Ties inside a window each get dy (TensorFlow gives it to the first); after a
// ReLU a tie is a window of zeros, whose gradient the ReLU zeroes anyway.
import { tf } from '../backend';
import { floatAttr, NativeBackend, replaceKernel, restoreKernel } from './replaceKernel';

interface PoolGradAttrs { filterSize: number | [number, number]; strides: number | [number, number]; pad: unknown; dimRoundingMode?: string }

const pair = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? v : [v, v]);

/** Replaces the tensorflow backend's 'MaxPoolGrad' kernel (see above); idempotent. */
export function installNativeMaxPoolGrad(): void {
  replaceKernel('MaxPoolGrad', (original) => (args) => {
    const { dy, input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo };
    const a = args.attrs as unknown as PoolGradAttrs;
    const [kh, kw] = pair(a.filterSize);
    const [sh, sw] = pair(a.strides);
    const [n, h, w, c] = input.shape;
    const plain = kh === sh && kw === sw && h % kh === 0 && w % kw === 0 && input.dtype === 'float32' &&
      (a.pad === 'valid' || a.pad === 'same' || a.pad === 0) && a.dimRoundingMode == null;
    if (!plain) return original.kernelFunc(args);
    const backend = args.backend as unknown as NativeBackend;
    const T = floatAttr(backend);
    return tf.tidy(() => {
      const x6 = tf.reshape(input as tf.Tensor, [n, h / kh, kh, w / kw, kw, c]);
      const y6 = tf.reshape(output as tf.Tensor, [n, h / kh, 1, w / kw, 1, c]);
      const dy6 = tf.reshape(dy as tf.Tensor, [n, h / kh, 1, w / kw, 1, c]);
      const isMax = backend.executeSingleOutput('Equal', [T, { name: 'incompatible_shape_error', type: backend.binding.TF_ATTR_BOOL, value: true }], [x6, y6]);
      const zero = tf.scalar(0);
      const grad = backend.executeSingleOutput('SelectV2', [T], [isMax, dy6, zero]);
      return tf.reshape(grad, input.shape);
    });
  });
}

/** Puts tfjs-node's own 'MaxPoolGrad' kernel back. */
export function uninstallNativeMaxPoolGrad(): void {
  restoreKernel('MaxPoolGrad');
}
