// Checks shared by the "look inside a CNN" functions: which layers are conv
// layers, and turning one image into the [1, h, w, c] batch the model expects.
import { tf } from '../backend';
import type { ImageInput } from '../plot/raster';
import { imageValues } from '../plot/raster';
import { describe, fail, positiveInteger } from '../validate';

/** Names of the model's Conv2D layers, input to output. */
export function convLayerNames(model: tf.LayersModel): string[] {
  return model.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.name);
}

/** The named Conv2D layer; the error lists the available ones. */
export function convLayer(model: tf.LayersModel, name: string, what: string): tf.layers.Layer {
  const names = convLayerNames(model);
  if (names.length === 0) throw new Error(`${what}: the model has no Conv2D layer`);
  if (!names.includes(name))
    throw new Error(
      `${what}: expected a Conv2D layer name, one of ${names.join(', ')}; found '${name}'`,
    );
  return model.getLayer(name);
}

/**
 * One image as the float32 batch [1, h, w, c] the model takes. The image must
 * already be preprocessed as in training (e.g. pixels / 255): uint8 data is
 * refused rather than silently rescaled.
 */
export function modelInputBatch(
  model: tf.LayersModel,
  image: ImageInput | tf.Tensor4D,
  what: string,
): tf.Tensor4D {
  const expected = model.inputs[0].shape; // [null, h, w, c]
  if (expected.length !== 4)
    fail(what, 'a model that takes images [batch, h, w, c]', `input shape ${describe(expected)}`);
  let img: ImageInput = image;
  if (image instanceof tf.Tensor && image.rank === 4) {
    if (image.shape[0] !== 1)
      fail(
        `${what} image`,
        'one image ([h, w, c] or [1, h, w, c])',
        `a batch of ${image.shape[0]}`,
      );
    img = { data: image.dataSync(), shape: image.shape.slice(1) };
  }
  const { values, shape } = imageValues(img, `${what} image`);
  if (
    !(image instanceof tf.Tensor) &&
    !Array.isArray(image) &&
    (values instanceof Uint8Array || values instanceof Uint8ClampedArray)
  ) {
    fail(
      `${what} image`,
      'float pixels preprocessed as in training (e.g. uint8 / 255)',
      'uint8 data',
    );
  }
  const [h, w, c = 1] = shape;
  const [, eh, ew, ec] = expected;
  if ((eh !== null && eh !== h) || (ew !== null && ew !== w) || (ec !== null && ec !== c)) {
    throw new Error(
      `${what} image: the model expects [${eh}, ${ew}, ${ec}], found [${h}, ${w}, ${c}]`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      fail(`${what} image`, 'finite pixel values', `${values[i]} at index ${i}`);
  }
  return tf.tensor4d(Float32Array.from(values), [1, h, w, c]);
}

/**
 * Indices chosen by a list, or by a count of the first ones (default `count`), checked to lie
 * in 0..size-1: the filters of a conv layer or the units of a dense one.
 */
export function pickIndices(
  spec: number[] | number | undefined,
  count: number,
  size: number,
  what: string,
  where: string,
): number[] {
  const picked = Array.isArray(spec)
    ? spec
    : Array.from({ length: Math.min(positiveInteger(spec ?? count, what), size) }, (_, i) => i);
  picked.forEach((i) => {
    if (!(Number.isInteger(i) && i >= 0 && i < size))
      throw new Error(`${what}: ${where} 0..${size - 1}, found ${describe(i)}`);
  });
  return picked;
}
