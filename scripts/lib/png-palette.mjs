// Re-encodes a chart's PNG as an indexed (palette) PNG of at most 256 colours: a
// Plotly chart is mostly flat colours plus anti-aliased edges, so this keeps it
// visually the same at about a third of Chromium's truecolour bytes. Colours past the
// 256 most frequent (edge blends) take the nearest palette colour.
import * as zlib from 'node:zlib';

/** Indexed-PNG bytes for RGBA pixels ({width, height, data: Uint8ClampedArray}). */
export function encodeIndexed({ width, height, data }) {
  const palette = paletteOf(data);
  const index = new Map(palette.map((c, i) => [c, i]));
  const nearest = new Map();
  const rows = Buffer.alloc((width + 1) * height); // filter byte 0, then one index a pixel
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const key = ((data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3]) >>> 0;
      let i = index.get(key) ?? nearest.get(key);
      if (i === undefined) nearest.set(key, (i = closest(palette, key)));
      rows[y * (width + 1) + 1 + x] = i;
    }
  }
  const plte = Buffer.alloc(palette.length * 3);
  const trns = Buffer.alloc(palette.length);
  palette.forEach((c, i) => {
    plte[i * 3] = c >>> 24;
    plte[i * 3 + 1] = (c >>> 16) & 255;
    plte[i * 3 + 2] = (c >>> 8) & 255;
    trns[i] = c & 255;
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8-bit indices, colour type 3 (palette)
  const opaque = trns.every((a) => a === 255);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    ...(opaque ? [] : [chunk('tRNS', trns)]),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The 256 most frequent RGBA colours (as 32-bit keys). */
function paletteOf(data) {
  const counts = new Map();
  for (let p = 0; p < data.length; p += 4) {
    const key = ((data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3]) >>> 0;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 256)
    .map(([c]) => c);
}

function closest(palette, key) {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < palette.length; i++) {
    const c = palette[i];
    const d =
      ((c >>> 24) - (key >>> 24)) ** 2 +
      (((c >>> 16) & 255) - ((key >>> 16) & 255)) ** 2 +
      (((c >>> 8) & 255) - ((key >>> 8) & 255)) ** 2 +
      ((c & 255) - (key & 255)) ** 2;
    if (d < bestD) [best, bestD] = [i, d];
  }
  return best;
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body, zlib.crc32(type)) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}
