// Which input square one position of a layer's output can see (its receptive field),
// walked layer by layer from the input: a k-wide window with stride s grows the field by
// (k - 1) x the current jump and multiplies the jump by s.
import { tf } from '../backend';

export interface ReceptiveField {
  /** Side of the square in input pixels. */
  size: number;
  /** Input pixels between neighbouring output positions. */
  jump: number;
  /** The square seen by output position (row, col): top-left corner (may be < 0) and side. */
  box(row: number, col: number): { top: number; left: number; size: number };
}

/** TensorFlow's padding before the first window ('same' puts the odd extra pixel after). */
function padBefore(n: number, k: number, s: number, padding: string): number {
  if (padding !== 'same') return 0;
  return Math.floor(Math.max((Math.ceil(n / s) - 1) * s + k - n, 0) / 2);
}

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [Number(v), Number(v)];

/** The receptive field of `layerName`'s output in a chain of layers (a Sequential model). */
export function receptiveField(model: tf.LayersModel, layerName: string): ReceptiveField {
  const end = model.layers.findIndex((l) => l.name === layerName);
  if (end < 0) throw new Error(`receptiveField: the model has no layer '${layerName}'`);
  const [, ih, iw] = model.inputs[0].shape as number[];
  // Per axis: field size, jump, and the centre of output position 0 in input pixels.
  let axes = [
    { size: 1, jump: 1, centre: 0, n: ih },
    { size: 1, jump: 1, centre: 0, n: iw },
  ];
  for (const layer of model.layers.slice(0, end + 1)) {
    const kind = layer.getClassName();
    const config = layer.getConfig() as Record<string, unknown>;
    const windowed = /^(Conv2D|MaxPooling2D|AveragePooling2D)$/.test(kind);
    const out = layer.outputShape as number[];
    if (!windowed) {
      if (out.length === 4 && (out[1] !== axes[0].n || out[2] !== axes[1].n))
        throw new Error(`receptiveField: cannot follow ${kind} layer ${layer.name}, which resizes`);
      continue;
    }
    const k = pair(kind === 'Conv2D' ? config.kernelSize : config.poolSize);
    const s = pair(config.strides ?? k);
    const d = kind === 'Conv2D' ? pair(config.dilationRate ?? 1) : [1, 1];
    axes = axes.map((a, i) => {
      const span = (k[i] - 1) * d[i] + 1;
      const before = padBefore(a.n, span, s[i], String(config.padding));
      return {
        size: a.size + (span - 1) * a.jump,
        jump: a.jump * s[i],
        centre: a.centre + ((span - 1) / 2 - before) * a.jump,
        n: out[1 + i],
      };
    });
  }
  const [y, x] = axes;
  return {
    size: y.size,
    jump: y.jump,
    box: (row, col) => ({
      top: Math.round(y.centre + row * y.jump - (y.size - 1) / 2),
      left: Math.round(x.centre + col * x.jump - (x.size - 1) / 2),
      size: y.size,
    }),
  };
}
