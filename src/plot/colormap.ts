// Colour maps as small tables, interpolated linearly. Viridis is perceptually
// uniform and readable in grey print; the stops are matplotlib's viridis at
// every 16th of its 256 entries (the same 17 stops Plotly's 'Viridis' uses).
import { oneOf } from '../validate';

export type ColormapName = 'viridis' | 'gray';

const VIRIDIS_STOPS = [
  '#440154',
  '#48186a',
  '#472d7b',
  '#424086',
  '#3b528b',
  '#33638d',
  '#2c728e',
  '#26828e',
  '#21918c',
  '#1fa088',
  '#28ae80',
  '#3fbc73',
  '#5ec962',
  '#84d44b',
  '#addc30',
  '#d8e219',
  '#fde725',
].map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));

/** The RGB colour (0..255 each) of `t` in [0, 1] (clipped) under a colour map. */
export function colormapRgb(name: ColormapName, t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  if (name === 'gray') {
    const v = Math.round(x * 255);
    return [v, v, v];
  }
  oneOf(name, 'colour map', ['viridis', 'gray']);
  const pos = x * (VIRIDIS_STOPS.length - 1);
  const i = Math.min(VIRIDIS_STOPS.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = VIRIDIS_STOPS[i];
  const b = VIRIDIS_STOPS[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

/** A 256-entry lookup table (r, g, b interleaved) for fast per-pixel mapping. */
export function colormapTable(name: ColormapName): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) table.set(colormapRgb(name, i / 255), i * 3);
  return table;
}
