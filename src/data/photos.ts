// The photographs shipped in data/photos (a CC0 cat for the filter examples), decoded
// to plain RGB pixels with canvas.
import * as path from 'path';
import { loadImage, createCanvas } from 'canvas';
import { oneOf } from '../validate';

/** A uint8 image with a channels-last shape. */
export interface Uint8Image {
  data: Uint8Array;
  shape: number[];
}

/** The photographs shipped in data/photos (see its README for source and licence). */
export const PHOTOS = { chelsea: 'chelsea.jpg' } as const;
export type PhotoName = keyof typeof PHOTOS;

/** Path of a shipped photo (works from src/ under tsx and from dist/). */
export function photoPath(name: PhotoName = 'chelsea'): string {
  oneOf(name, 'photoPath name', Object.keys(PHOTOS));
  return path.resolve(__dirname, '..', '..', 'data', 'photos', PHOTOS[name]);
}

/** Decodes a shipped photo (or any PNG/JPEG file) to RGB uint8 pixels, shape [h, w, 3]. */
export async function loadPhoto(nameOrFile: PhotoName | string = 'chelsea'): Promise<Uint8Image> {
  const file = nameOrFile in PHOTOS ? photoPath(nameOrFile as PhotoName) : nameOrFile;
  const img = await loadImage(file);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
  const data = new Uint8Array(img.width * img.height * 3);
  for (let p = 0; p < img.width * img.height; p++) {
    data[p * 3] = rgba[p * 4];
    data[p * 3 + 1] = rgba[p * 4 + 1];
    data[p * 3 + 2] = rgba[p * 4 + 2];
  }
  return { data, shape: [img.height, img.width, 3] };
}
