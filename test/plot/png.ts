// Helpers for checking PNG figures: signature, IHDR size, decoded pixels.
import assert from 'node:assert/strict';
import { loadImage, createCanvas } from 'canvas';
import type { Figure } from '../../src/figure';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Asserts a well-formed PNG figure whose IHDR matches its declared size; returns [width, height]. */
export function assertPng(fig: Figure, size?: [number, number]): [number, number] {
  assert.equal(fig.kind, 'png');
  if (fig.kind !== 'png') throw new Error('unreachable');
  assert.ok(fig.png.subarray(0, 8).equals(SIGNATURE), 'PNG signature');
  assert.equal(fig.png.toString('ascii', 12, 16), 'IHDR');
  const width = fig.png.readUInt32BE(16);
  const height = fig.png.readUInt32BE(20);
  assert.equal(width, fig.width);
  assert.equal(height, fig.height);
  if (size) assert.deepEqual([width, height], size);
  return [width, height];
}

/** Decodes a PNG figure to RGBA pixels. */
export async function pngPixels(
  fig: Figure,
): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  if (fig.kind !== 'png') throw new Error('not a png figure');
  const img = await loadImage(fig.png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return {
    data: ctx.getImageData(0, 0, img.width, img.height).data,
    width: img.width,
    height: img.height,
  };
}
