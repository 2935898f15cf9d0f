// The private tfjs and tslab internals the library relies on, all in one place: one small
// typed accessor each, and a check that says whether the internal is still there and
// shaped as expected. `npm run doctor` prints the checks and test/core/internals.test.ts
// runs them, so an upgrade of tslab or tfjs that breaks one fails loudly here, not deep
// inside a notebook. Nothing here loads tfjs on import (backend.ts itself uses this
// module, and display.ts must work without it): the checks load it when they run.
import type { tf as TF } from './backend';

/** What a check found: one internal, whether it is usable, and one line saying why. */
export interface InternalStatus {
  /** The internal, as `package what`. */
  name: string;
  /** The library files that depend on it. */
  usedBy: string;
  ok: boolean;
  /** One line: what was found. */
  detail: string;
}

function tfjs(): typeof TF {
  return (require('./backend') as typeof import('./backend')).tf;
}

/** Runs `probe`; a throw becomes a failed check carrying the error's message. */
function status(name: string, usedBy: string, probe: () => [boolean, string]): InternalStatus {
  try {
    const [ok, detail] = probe();
    return { name, usedBy, ok, detail };
  } catch (e) {
    return { name, usedBy, ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

// ─── tslab: the kernel's display writer ───────────────────────────────────────────────

/** tslab's module holding the writer of the cell that is running. */
export const TSLAB_JUPYTER_MODULE = 'tslab/dist/jupyter';

export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}
export type WriteDisplayData = (msg: DisplayMessage, update: boolean) => void;

function tslabJupyter(): { lastWriteDisplayData?: unknown } {
  return require(TSLAB_JUPYTER_MODULE) as { lastWriteDisplayData?: unknown };
}

/**
 * tslab's `lastWriteDisplayData`: the running cell's writer of whole MIME bundles (tslab's
 * public `display.raw` sends one MIME type per output). Null outside a kernel cell, and in
 * a process without tslab.
 */
export function tslabDisplayWriter(): WriteDisplayData | null {
  try {
    const writer = tslabJupyter().lastWriteDisplayData;
    return typeof writer === 'function' ? (writer as WriteDisplayData) : null;
  } catch {
    return null;
  }
}

/**
 * tslab's writer: a function inside a running cell; elsewhere the module and its export
 * must exist (null until the kernel runs a cell).
 */
export function checkTslabDisplayWriter(): InternalStatus {
  return status('tslab lastWriteDisplayData', 'src/display.ts', () => {
    const jupyter = tslabJupyter();
    if (!('lastWriteDisplayData' in jupyter)) return [false, 'the module no longer exports it'];
    const writer = jupyter.lastWriteDisplayData;
    if (typeof writer === 'function') return [true, 'a function (inside a running kernel cell)'];
    if (writer === null) return [true, 'exported (null outside a running kernel cell)'];
    return [false, `a function or null expected, found ${typeof writer}`];
  });
}

// ─── tfjs-node: the backend's generic op runner and its binding ───────────────────────

/** One attribute of a TensorFlow op as tfjs-node's binding takes it. */
export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** The slice of tfjs-node's backend the library uses: the binding's constants, generic ops. */
export interface NativeBackend {
  binding: {
    TF_Version: string;
    TF_ATTR_TYPE: number;
    TF_ATTR_STRING: number;
    TF_FLOAT: number;
  };
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: TF.TensorInfo[]): TF.Tensor;
}

/** `backend` (tf.backend(), a kernel's args.backend) as tfjs-node's, or null when it is another. */
export function nativeBackend(backend: unknown): NativeBackend | null {
  const b = backend as Partial<NativeBackend> | null;
  return b && typeof b.executeSingleOutput === 'function' && b.binding
    ? (b as NativeBackend)
    : null;
}

/** The binding's TensorFlow version string and the attribute constants the library passes. */
export function checkNativeBinding(): InternalStatus {
  return status('tfjs-node binding', 'src/backend.ts, src/kernels/, src/data/transform.ts', () => {
    const binding = (tfjs().backend() as unknown as { binding?: Record<string, unknown> }).binding;
    if (!binding || typeof binding !== 'object') return [false, 'tf.backend() has no binding'];
    const version = binding.TF_Version;
    if (typeof version !== 'string' || !/^\d+\.\d+/.test(version))
      return [false, `TF_Version: a version string expected, found ${JSON.stringify(version)}`];
    const constants = ['TF_ATTR_TYPE', 'TF_ATTR_STRING', 'TF_FLOAT'];
    const missing = constants.filter((k) => !Number.isInteger(binding[k]));
    if (missing.length) return [false, `not integer constants: ${missing.join(', ')}`];
    return [true, `TF_Version ${version}, TF_ATTR_*/TF_FLOAT constants present`];
  });
}

/** executeSingleOutput still runs an op by name: Relu of [-1, 2] must be [0, 2]. */
export function checkExecuteSingleOutput(): InternalStatus {
  return status(
    'tfjs executeSingleOutput',
    'src/kernels/nativeStep.ts, src/data/transform.ts',
    () => {
      const tf = tfjs();
      const backend = nativeBackend(tf.backend());
      if (!backend) return [false, `tf.backend() (${tf.getBackend()}) has no executeSingleOutput`];
      const x = tf.tensor1d([-1, 2]);
      try {
        const attrs = [
          { name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT },
        ];
        const y = backend.executeSingleOutput('Relu', attrs, [x]);
        const values = Array.from(y.dataSync());
        y.dispose();
        return values.join() === '0,2'
          ? [true, 'runs TensorFlow ops by name (Relu tried)']
          : [false, `Relu([-1, 2]) gave [${values.join(', ')}], [0, 2] expected`];
      } finally {
        x.dispose();
      }
    },
  );
}

// ─── tfjs-core: an optimizer's update count ───────────────────────────────────────────

/**
 * Sets an optimizer's update count. tfjs keeps it in the protected `iterations_` (a getter,
 * no setter; setWeights would re-create every slot); Adam's bias correction and Keras's
 * decay read it.
 */
export function writeOptimizerIterations(optimizer: TF.Optimizer, iterations: number): void {
  (optimizer as unknown as { iterations_: number }).iterations_ = iterations;
}

/** `iterations_` is still the field behind `optimizer.iterations`. */
export function checkOptimizerIterations(): InternalStatus {
  return status('tfjs Optimizer.iterations_', 'src/graph/tfjsOptimizerState.ts', () => {
    const optimizer = tfjs().train.sgd(0.1);
    try {
      const start = optimizer.iterations;
      const field = (optimizer as unknown as { iterations_?: unknown }).iterations_;
      if (start !== 0 || field !== 0)
        return [false, `a fresh optimizer: iterations ${start}, iterations_ ${String(field)}`];
      writeOptimizerIterations(optimizer, 7);
      return optimizer.iterations === 7
        ? [true, 'the field behind optimizer.iterations']
        : [false, `iterations_ = 7 left optimizer.iterations at ${optimizer.iterations}`];
    } finally {
      optimizer.dispose();
    }
  });
}

// ─── tfjs-layers: which layers feed a layer ───────────────────────────────────────────

/**
 * The layers feeding `layer`, one list per inbound node (tfjs's `inboundNodes`, one node
 * each time the layer was applied to symbolic inputs).
 */
export function inboundLayers(layer: TF.layers.Layer): TF.layers.Layer[][] {
  const nodes = (layer as unknown as { inboundNodes?: { inboundLayers?: TF.layers.Layer[] }[] })
    .inboundNodes;
  if (!Array.isArray(nodes) || !nodes.every((n) => Array.isArray(n?.inboundLayers)))
    throw new Error(
      `tfjs internals changed: layer ${layer.name} has no inboundNodes[].inboundLayers (run \`npm run doctor\`)`,
    );
  return nodes.map((n) => n.inboundLayers as TF.layers.Layer[]);
}

/** inboundNodes still records the chain: b applied to a's output is fed by a alone. */
export function checkInboundNodes(): InternalStatus {
  return status('tfjs Layer.inboundNodes', 'src/viz/gradcam.ts', () => {
    const tf = tfjs();
    const a = tf.layers.activation({ activation: 'linear' });
    const b = tf.layers.activation({ activation: 'linear' });
    b.apply(a.apply(tf.input({ shape: [2] })));
    const nodes = inboundLayers(b);
    return nodes.length === 1 && nodes[0].length === 1 && nodes[0][0] === a
      ? [true, "each node's inboundLayers name the layers feeding it"]
      : [
          false,
          `[[${a.name}]] expected, found ${JSON.stringify(nodes.map((n) => n.map((l) => l.name)))}`,
        ];
  });
}

// ─── all of them ──────────────────────────────────────────────────────────────────────

/** Every internal's check (what `npm run doctor` prints). */
export function internalsReport(): InternalStatus[] {
  return [
    checkTslabDisplayWriter(),
    checkNativeBinding(),
    checkExecuteSingleOutput(),
    checkOptimizerIterations(),
    checkInboundNodes(),
  ];
}
