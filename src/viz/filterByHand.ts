// One filter on one picture, the arithmetic of 000's Fig 1.2-1.3 without tensor
// bookkeeping: a colour plane as rows of numbers, one filter's answer at one place
// (multiply, add up, add the bias), and the whole feature map from TensorFlow's conv2d.
import { tf } from '../backend';
import { describe, fail, integerIn } from '../validate';

/** An image tensor [h, w, c] or a batch of one [1, h, w, c] as [h, w, c]. */
function oneImage(image: tf.Tensor, what: string): tf.Tensor3D {
  if (!(image instanceof tf.Tensor))
    fail(what, 'an image tensor [h, w, c] or [1, h, w, c]', describe(image));
  if (image.rank === 4 && image.shape[0] === 1)
    return image.reshape(image.shape.slice(1)) as tf.Tensor3D;
  if (image.rank === 3) return image as tf.Tensor3D;
  return fail(what, 'an image tensor [h, w, c] or [1, h, w, c]', describe(image));
}

/** A filter tensor [k, k, c] or [k, k, c, 1] as [k, k, c, 1], checked against the image's channels. */
function oneFilter(filter: tf.Tensor, channels: number, what: string): tf.Tensor4D {
  const expected = `a square filter tensor [k, k, ${channels}] or [k, k, ${channels}, 1]`;
  if (!(filter instanceof tf.Tensor)) fail(what, expected, describe(filter));
  const [k, k2, c, n] = filter.shape;
  const ok = (filter.rank === 3 || (filter.rank === 4 && n === 1)) && k === k2 && c === channels;
  if (!ok) fail(what, expected, describe(filter));
  return filter.reshape([k, k, c, 1]) as tf.Tensor4D;
}

/** One channel of an image as rows of numbers (`image[:, :, channel]` in NumPy). */
export function imageChannel(image: tf.Tensor, channel: number): number[][] {
  return tf.tidy(() => {
    const img = oneImage(image, 'imageChannel image');
    integerIn(channel, 'imageChannel channel', { min: 0, max: img.shape[2] - 1 });
    return img.slice([0, 0, channel], [-1, -1, 1]).squeeze([2]).arraySync() as number[][];
  });
}

/**
 * One filter's answer at one place, computed the long way: lay the filter on the
 * k x k x c window whose top-left pixel is (row, col), multiply every pixel value by
 * the weight on top of it, add all the products and the bias.
 */
export function filterResponse(
  image: tf.Tensor,
  filter: tf.Tensor,
  bias = 0,
  at: { row?: number; col?: number } = {},
): number {
  const [img, f] = tf.tidy(() => {
    const i = oneImage(image, 'filterResponse image');
    return [i.arraySync(), oneFilter(filter, i.shape[2], 'filterResponse filter').arraySync()];
  }) as unknown as [number[][][], number[][][][]];
  const k = f.length;
  const row = integerIn(at.row ?? 0, 'filterResponse row', { min: 0, max: img.length - k });
  const col = integerIn(at.col ?? 0, 'filterResponse col', { min: 0, max: img[0].length - k });
  let sum = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      for (let c = 0; c < f[i][j].length; c++) sum += img[row + i][col + j][c] * f[i][j][c][0];
  return sum + bias;
}

/**
 * One filter slid over the whole image one pixel at a time (no padding), plus the bias:
 * its feature map, (h - k + 1) x (w - k + 1), computed by TensorFlow's conv2d.
 */
export function applyFilter(image: tf.Tensor, filter: tf.Tensor, bias = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const img = oneImage(image, 'applyFilter image');
    const f = oneFilter(filter, img.shape[2], 'applyFilter filter');
    const out = tf.conv2d(img, f, 1, 'valid').add(bias);
    return out.squeeze([2]) as tf.Tensor2D;
  });
}
