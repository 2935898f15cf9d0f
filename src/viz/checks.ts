// The door check of the looking-inside functions (occlusion, Grad-CAM, feature maps,
// activation maximisation): the model is one that takes images (with a Conv2D layer where
// the method needs one) and the image is ONE image the model can take, preprocessed as in
// training. Each message names the argument, what the model expects, what was found and
// the fix, before any figure work starts.
import { tf } from '../backend';
import { Images } from '../data/images';
import { inputShape, reshapeFix, trainedOnUnitRange } from '../train/doorChecks';
import { describe, fail, layersModel, shapeText, warning } from '../validate';

/** What a looking-inside function needs: a conv layer (Grad-CAM, feature maps...) or any image model. */
type Needs = 'conv' | 'images';

/** The image's shape and values, when it is a tensor or {data, shape} (number[][] is [h, w]). */
function imageData(image: unknown): { shape: number[]; values: () => ArrayLike<number> } | null {
  if (image instanceof tf.Tensor) return { shape: image.shape, values: () => image.dataSync() };
  if (Array.isArray(image) && Array.isArray(image[0]))
    return { shape: [image.length, image[0].length], values: () => (image as number[][]).flat() };
  const like = image as { data?: ArrayLike<number>; shape?: number[] } | null;
  if (like && typeof like === 'object' && like.data && Array.isArray(like.shape))
    return { shape: like.shape, values: () => like.data! };
  return null;
}

/**
 * Checks `model` (and `image`, when the function takes one) for the looking-inside function
 * `fn`; warns when the image holds values up to 255 and the model was trained on [0, 1].
 */
export function checkLookInside(fn: string, model: unknown, needs: Needs, image?: unknown): void {
  layersModel(model, `${fn}: model`, { inputs: 1, outputs: 1 }, 'must-be');
  const want = inputShape(model);
  if (want.length !== 3)
    fail(
      `${fn}: model`,
      'one that takes images [batch, height, width, channels]',
      `a model whose input is ${shapeText([null, ...want])}`,
      'must-be',
      'look inside a CNN (its first layer a Conv2D)',
    );
  if (needs === 'conv' && !model.layers.some((l) => l.getClassName() === 'Conv2D'))
    fail(`${fn}: model`, 'one with a Conv2D layer', 'none in its layers', 'must-be');
  if (image === undefined) return;
  const one = `one image preprocessed as in training, ${shapeText(want)} (the model's input)`;
  if (image instanceof Images)
    fail(
      `${fn}: image`,
      one,
      `the loader's uint8 Images of ${image.count} images`,
      'must-be',
      `pick image i and scale it, images.slice(i, i + 1).toTensor({ scale: true })`,
    );
  const data = imageData(image);
  if (!data) return; // the function's own check names what a figure accepts
  const { shape } = data;
  if (shape.length === 4 && shape[0] !== 1)
    fail(
      `${fn}: image`,
      one,
      `a batch of ${shape[0]} images ${shapeText(shape)}`,
      'must-be',
      'pick image i, image.slice(i, 1)',
    );
  const sample = shape.length === 4 ? shape.slice(1) : shape;
  // A grey image may come without its channel axis ([h, w] for [h, w, 1]).
  const fits = (s: number[]) =>
    s.length === 3 && s.every((d, i) => want[i] === null || d === want[i]);
  if (!fits(sample) && !(want[2] === 1 && fits([...sample, 1])))
    fail(
      `${fn}: image`,
      one,
      image instanceof tf.Tensor ? describe(image) : `an image of shape ${shapeText(shape)}`,
      'must-be',
      reshapeFix([1, ...sample], want, 'image')?.replace('[-1, ', '['),
    );
  if (!trainedOnUnitRange(model)) return;
  const values = data.values();
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max > 1.5)
    console.warn(
      warning(
        `${fn}: image`,
        "scaled as the model's training data, values in [0, 1]",
        `values up to ${Number(max.toPrecision(3))}`,
        'divide it by 255: image.div(255)',
      ),
    );
}
