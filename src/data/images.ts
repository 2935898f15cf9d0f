// A batch of images kept as raw bytes. tfjs has no uint8 dtype, so datasets stay
// in a Uint8Array (1 byte a pixel value) and become float tensors one batch at a time.
import { inspect } from 'node:util';
import { tf } from '../backend';
import { describe, fail, integerIn } from '../validate';

export interface ToTensorOptions {
  /** Divide by 255 so values fall in [0, 1] (Keras: `x.astype('float32') / 255`). Default false. */
  scale?: boolean;
}

/**
 * uint8 images in channels-last layout, like a Keras `x_train` array.
 *
 * `shape` is [N, H, W] for grayscale sets loaded as Keras does (MNIST) and
 * [N, H, W, C] for colour sets (CIFAR-10). `data` holds N*H*W*C bytes, row-major:
 * image, row, column, channel. `slice` shares memory; `gather` copies.
 */
export class Images {
  readonly data: Uint8Array;
  readonly shape: number[];
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;

  constructor(data: Uint8Array, shape: readonly number[]) {
    if (!(data instanceof Uint8Array))
      fail('Images: data', 'a Uint8Array', describe(data), 'must-be');
    if (shape.length !== 3 && shape.length !== 4)
      fail('Images: shape', '[N, H, W] or [N, H, W, C]', describe(shape), 'must-be');
    if (!shape.every((d) => Number.isInteger(d) && d >= 0))
      fail('Images: shape', 'non-negative integers', describe(shape), 'must-be');
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new Error(
        `Images: shape [${shape.join(', ')}] needs ${size} bytes, found ${data.length}`,
      );
    }
    this.data = data;
    this.shape = [...shape];
    [this.count, this.height, this.width] = shape;
    this.channels = shape.length === 4 ? shape[3] : 1;
  }

  /** Bytes in one image (H*W*C). */
  get imageSize(): number {
    return this.height * this.width * this.channels;
  }

  /** Image i as a view (no copy) of H*W*C bytes, row-major, channels last. */
  image(i: number): Uint8Array {
    this.checkIndex(i, 'image');
    const n = this.imageSize;
    return this.data.subarray(i * n, (i + 1) * n);
  }

  /** One pixel value of image i (channel defaults to 0). */
  pixel(i: number, row: number, col: number, channel = 0): number {
    this.checkIndex(i, 'pixel');
    if (
      row < 0 ||
      row >= this.height ||
      col < 0 ||
      col >= this.width ||
      channel < 0 ||
      channel >= this.channels
    ) {
      throw new Error(
        `Images.pixel: (${row}, ${col}, ${channel}) is outside ${this.height}x${this.width}x${this.channels}`,
      );
    }
    return this.data[i * this.imageSize + (row * this.width + col) * this.channels + channel];
  }

  /** Images start..end-1 (like `x[start:end]`), sharing memory with this set. */
  slice(start = 0, end = this.count): Images {
    const s = clampIndex(start, this.count);
    const e = Math.max(s, clampIndex(end, this.count));
    const n = this.imageSize;
    return new Images(this.data.subarray(s * n, e * n), [e - s, ...this.shape.slice(1)]);
  }

  /** The images at `indices`, in that order, copied into a new set (like `x[indices]`). */
  gather(indices: ArrayLike<number>): Images {
    const n = this.imageSize;
    const out = new Uint8Array(indices.length * n);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      this.checkIndex(i, 'gather');
      out.set(this.data.subarray(i * n, (i + 1) * n), k * n);
    }
    return new Images(out, [indices.length, ...this.shape.slice(1)]);
  }

  /**
   * A float32 tensor [N, H, W, C] (C is 1 for grayscale). With `scale: true`
   * values are divided by 255 on the native side. The caller disposes it.
   */
  toTensor(options: ToTensorOptions = {}): tf.Tensor4D {
    const shape: [number, number, number, number] = [
      this.count,
      this.height,
      this.width,
      this.channels,
    ];
    // Float32Array's constructor converts bytes in native code; the division is one TF op.
    const values = new Float32Array(this.data);
    if (!options.scale) return tf.tensor4d(values, shape, 'float32');
    return tf.tidy(() => tf.div(tf.tensor4d(values, shape, 'float32'), 255) as tf.Tensor4D);
  }

  toString(): string {
    return `Images uint8 [${this.shape.join(', ')}]`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  private checkIndex(i: number, what: string): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new Error(`Images.${what}: index ${i} is outside 0..${this.count - 1}`);
    }
  }
}

function clampIndex(i: number, n: number): number {
  integerIn(i, 'Images.slice: index', {}, 'must-be');
  return Math.min(n, Math.max(0, i < 0 ? n + i : i));
}
