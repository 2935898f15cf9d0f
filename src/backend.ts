// Loads @tensorflow/tfjs-node and insists on the native TensorFlow backend.
// Every other module imports `tf` from here, so the check runs exactly once.

// TensorFlow's C++ start-up chatter (oneDNN notices, CPU feature hints) goes to
// stderr, where it lands in notebook outputs. Level 2 keeps warnings' big
// brothers (errors) and drops the info lines. Set before the library loads.
if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '2';

import * as tf from '@tensorflow/tfjs-node';
import { nativeBackend } from './internals';

if (tf.getBackend() !== 'tensorflow') {
  throw new Error(
    `tfjs-node loaded the '${tf.getBackend()}' backend, expected 'tensorflow' (native). ` +
      'Run `npm run doctor` to see what is missing.',
  );
}

export { tf };

export interface BackendInfo {
  backend: string;
  tfjs: string;
  tensorflow: string;
  node: string;
}

/** Which engine is doing the work: shown by `npm run doctor` and the notebooks' first cell. */
export function backendInfo(): BackendInfo {
  return {
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
    tensorflow: nativeBackend(tf.backend())?.binding.TF_Version ?? 'unknown (see npm run doctor)',
    node: process.version,
  };
}
