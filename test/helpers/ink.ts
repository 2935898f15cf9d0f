// How much of a picture is ink: the share of its pixels that differ from its most
// frequent colour (the background). A blank or failed picture has next to none.
import { createCanvas, loadImage } from 'canvas';

/** Decodes a PNG (throws when it does not decode): its size and ink share. */
export async function inkOf(
  png: Buffer,
): Promise<{ width: number; height: number; share: number }> {
  const img = await loadImage(png);
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  const counts = new Map<number, number>();
  for (let p = 0; p < px.length; p += 4) {
    const rgb = (px[p] << 16) | (px[p + 1] << 8) | px[p + 2];
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const share = 1 - Math.max(...counts.values()) / (img.width * img.height);
  return { width: img.width, height: img.height, share };
}
