// The IDX format of the MNIST files (http://yann.lecun.com/exdb/mnist/):
// bytes 0-1 zero, byte 2 the element type, byte 3 the number of dimensions,
// then one big-endian uint32 per dimension, then the elements, big-endian.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { formatCount } from './numbers';

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxData =
  Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  /** Elements in row-major order, host byte order. For uint8 a view into the file's bytes. */
  data: IdxData;
}

const DTYPES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

/** Parses IDX bytes; `name` (usually the file name) goes into every error message. */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const unzipped = gunzipSync(bytes);
    bytes = new Uint8Array(unzipped.buffer, unzipped.byteOffset, unzipped.byteLength);
  }
  if (bytes.length < 4) {
    throw new Error(
      `IDX file ${name}: at least 4 header bytes expected, ${formatCount(bytes.length)} found (truncated?)`,
    );
  }
  const magic = hex(bytes.subarray(0, 4));
  const type = DTYPES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type || bytes[3] === 0) {
    throw new Error(
      `IDX file ${name}: magic number 0x0000TTDD expected (TT a type code 08-0e, DD dimensions >= 1), found 0x${magic} (not an IDX file?)`,
    );
  }
  const ndims = bytes[3];
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) {
    throw new Error(
      `IDX file ${name}: ${headerSize} header bytes expected for ${ndims} dimensions, ${formatCount(bytes.length)} found (truncated?)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerSize + count * type.bytes;
  if (bytes.length !== expected) {
    const hint = bytes.length < expected ? 'truncated download?' : 'trailing bytes';
    throw new Error(
      `IDX file ${name}: ${formatCount(expected)} bytes expected for ${type.dtype} [${shape.join(', ')}], ${formatCount(bytes.length)} found (${hint})`,
    );
  }
  return {
    dtype: type.dtype,
    shape,
    data: readElements(view, headerSize, count, type.dtype, bytes),
  };
}

/** Reads and parses one IDX file (plain or gzipped). */
export function readIdxFile(file: string): IdxArray {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`IDX file ${file}: cannot read (${(e as Error).message})`);
  }
  return parseIdx(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    path.basename(file),
  );
}

function readElements(
  view: DataView,
  offset: number,
  count: number,
  dtype: IdxDtype,
  bytes: Uint8Array,
): IdxData {
  switch (dtype) {
    case 'uint8':
      return bytes.subarray(offset, offset + count);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    default: {
      // Multi-byte elements are big-endian in the file: convert one by one.
      const Out = {
        int16: Int16Array,
        int32: Int32Array,
        float32: Float32Array,
        float64: Float64Array,
      }[dtype];
      const out = new Out(count);
      const step = Out.BYTES_PER_ELEMENT;
      const get = {
        int16: (o: number) => view.getInt16(o, false),
        int32: (o: number) => view.getInt32(o, false),
        float32: (o: number) => view.getFloat32(o, false),
        float64: (o: number) => view.getFloat64(o, false),
      }[dtype];
      for (let i = 0; i < count; i++) out[i] = get(offset + i * step);
      return out;
    }
  }
}

function hex(b: Uint8Array): string {
  return Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
}
