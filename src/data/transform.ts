// Batched image translation and flips in ONE native op: TensorFlow's
// ImageProjectiveTransformV3 (what tf.keras's RandomTranslation runs). tfjs has
// no kernel for it, so it is called through tfjs-node's generic op runner.
import { tf } from '../backend';
import { nativeBackend } from '../internals';

export type FillMode = 'nearest' | 'constant' | 'reflect' | 'wrap';
export type Interpolation = 'bilinear' | 'nearest';

/** Per-image parameters, in pixels: out[r, c] = in[r + rowShift, c + colShift], then flips. */
export interface ShiftFlip {
  rowShift: number;
  colShift: number;
  flipHorizontal: boolean;
  flipVertical: boolean;
}

/**
 * Shifts and flips each image of a float32 batch [B, H, W, C] by its own
 * parameters, filling uncovered pixels per `fillMode` (Keras's default 'nearest').
 * Returns a new tensor; the caller disposes it.
 */
export function shiftFlipBatch(
  batch: tf.Tensor4D,
  params: ShiftFlip[],
  options: { fillMode?: FillMode; fillValue?: number; interpolation?: Interpolation } = {},
): tf.Tensor4D {
  const [b, h, w] = batch.shape;
  if (params.length !== b)
    throw new Error(
      `shiftFlipBatch: ${b} parameter sets expected (one an image), found ${params.length}`,
    );
  const backend = nativeBackend(tf.backend());
  if (!backend) {
    throw new Error(
      `shiftFlipBatch: the native 'tensorflow' backend expected, found '${tf.getBackend()}'`,
    );
  }
  // Each row maps an output point (x = column, y = row) to the input point
  // (a0*x + a1*y + a2, a3*x + a4*y + a5); a flip mirrors x into W-1-x.
  const rows = params.map((p) => {
    const [a0, a2] = p.flipHorizontal ? [-1, w - 1 + p.colShift] : [1, p.colShift];
    const [a4, a5] = p.flipVertical ? [-1, h - 1 + p.rowShift] : [1, p.rowShift];
    return [a0, 0, a2, 0, a4, a5, 0, 0];
  });
  const { TF_ATTR_TYPE, TF_ATTR_STRING, TF_FLOAT } = backend.binding;
  return tf.tidy(() => {
    const inputs = [
      batch.toFloat(),
      tf.tensor2d(rows, [b, 8], 'float32'),
      tf.tensor1d([h, w], 'int32'),
      tf.scalar(options.fillValue ?? 0, 'float32'),
    ];
    return backend.executeSingleOutput(
      'ImageProjectiveTransformV3',
      [
        { name: 'dtype', type: TF_ATTR_TYPE, value: TF_FLOAT },
        {
          name: 'interpolation',
          type: TF_ATTR_STRING,
          value: (options.interpolation ?? 'bilinear').toUpperCase(),
        },
        {
          name: 'fill_mode',
          type: TF_ATTR_STRING,
          value: (options.fillMode ?? 'nearest').toUpperCase(),
        },
      ],
      inputs,
    ) as tf.Tensor4D;
  });
}
