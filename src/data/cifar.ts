// The CIFAR-10 "binary version" record format: each record is 1 label byte,
// then 1,024 red, 1,024 green and 1,024 blue bytes (each plane row-major 32x32).
// Keras and this library keep images channels-last, so records are re-interleaved.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatCount } from './numbers';

export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE; // one colour plane
export const CIFAR_RECORD_BYTES = 1 + 3 * CIFAR_PIXELS; // 3,073
export const CIFAR_NUM_CLASSES = 10;

/** Number of records in `bytes`; throws if the size is not a whole number of records. */
export function cifarRecordCount(size: number, name: string): number {
  if (size % CIFAR_RECORD_BYTES !== 0) {
    throw new Error(
      `CIFAR-10 file ${name}: size must be a multiple of ${formatCount(CIFAR_RECORD_BYTES)} bytes ` +
        `(1 label + 3,072 pixels a record), ${formatCount(size)} found (truncated download?)`,
    );
  }
  return size / CIFAR_RECORD_BYTES;
}

/**
 * Decodes records into preallocated outputs: images channels-last [32, 32, 3]
 * each, written from image index `at` on (so batches can fill one big array).
 */
export function decodeCifarRecords(
  bytes: Uint8Array,
  name: string,
  images: Uint8Array,
  labels: Uint8Array,
  at = 0,
): number {
  const n = cifarRecordCount(bytes.length, name);
  const imageBytes = 3 * CIFAR_PIXELS;
  if ((at + n) * imageBytes > images.length || at + n > labels.length) {
    throw new Error(
      `CIFAR-10 file ${name}: ${n} records do not fit at image ${at} of ${labels.length}`,
    );
  }
  for (let r = 0; r < n; r++) {
    const src = r * CIFAR_RECORD_BYTES;
    const label = bytes[src];
    if (label >= CIFAR_NUM_CLASSES) {
      throw new Error(
        `CIFAR-10 file ${name}: record ${r} has label ${label}, expected 0-${CIFAR_NUM_CLASSES - 1}`,
      );
    }
    labels[at + r] = label;
    const dst = (at + r) * imageBytes;
    const red = src + 1;
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      const o = dst + 3 * p;
      images[o] = bytes[red + p];
      images[o + 1] = bytes[red + CIFAR_PIXELS + p];
      images[o + 2] = bytes[red + 2 * CIFAR_PIXELS + p];
    }
  }
  return n;
}

/** Checks a CIFAR-10 file's size (against `expectedRecords` when given); returns it. */
export function checkCifarFileSize(file: string, expectedRecords?: number): number {
  const name = path.basename(file);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new Error(`CIFAR-10 file ${file}: cannot read (${(e as Error).message})`);
  }
  if (expectedRecords !== undefined && size !== expectedRecords * CIFAR_RECORD_BYTES) {
    const hint = size < expectedRecords * CIFAR_RECORD_BYTES ? ' (truncated download?)' : '';
    throw new Error(
      `CIFAR-10 file ${name}: ${formatCount(expectedRecords * CIFAR_RECORD_BYTES)} bytes expected, ${formatCount(size)} found${hint}`,
    );
  }
  cifarRecordCount(size, name);
  return size;
}

/** Reads a whole CIFAR-10 binary file after checking its size. */
export function readCifarFile(file: string, expectedRecords?: number): Uint8Array {
  checkCifarFileSize(file, expectedRecords);
  const buf = fs.readFileSync(file);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
