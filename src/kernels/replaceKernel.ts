// Swapping one of tfjs-node's kernels for a faster one, reversibly.
import { tf } from '../backend';
import type { NativeBackend } from '../internals';

/** The op attribute `T = float32`. */
export function floatAttr(backend: NativeBackend): { name: string; type: number; value: number } {
  return { name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT };
}

const originals = new Map<string, tf.KernelConfig>();

/**
 * Replaces the tensorflow backend's kernel `name` with `make(original)`;
 * a no-op when already replaced. The replacement may delegate to the original.
 */
export function replaceKernel(
  name: string,
  make: (original: tf.KernelConfig) => tf.KernelFunc,
): void {
  if (originals.has(name)) return;
  if (tf.getBackend() !== 'tensorflow') {
    throw new Error(
      `replaceKernel('${name}'): backend 'tensorflow' expected, '${tf.getBackend()}' found`,
    );
  }
  const original = tf.getKernel(name, 'tensorflow');
  if (!original)
    throw new Error(`replaceKernel('${name}'): a tfjs-node kernel expected, none registered`);
  originals.set(name, original);
  tf.unregisterKernel(name, 'tensorflow');
  tf.registerKernel({ kernelName: name, backendName: 'tensorflow', kernelFunc: make(original) });
}

/** Puts tfjs-node's own kernel `name` back (no-op if it was never replaced). */
export function restoreKernel(name: string): void {
  const original = originals.get(name);
  if (!original) return;
  tf.unregisterKernel(name, 'tensorflow');
  tf.registerKernel(original);
  originals.delete(name);
}

/** True while kernel `name` is replaced. */
export function isKernelReplaced(name: string): boolean {
  return originals.has(name);
}
