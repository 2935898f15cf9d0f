// What the live training output looks like: an HTML figure with a progress bar and
// inline-SVG loss/accuracy curves. No scripts, so it renders in untrusted notebooks,
// after a reload and in nbconvert's HTML export.
import { escapeHtml, type Figure } from '../figure';
import type { KerasReference } from '../data/reference';
import {
  MIN_VERDICT_SEEDS,
  parityCheck,
  referenceBands,
  verdictColor,
  type MetricBand,
  type ParityMargin,
} from './parity';

/** Per-epoch logs as Keras names them ('loss', 'val_accuracy', …). */
type Logs = Record<string, number>;
/** The part of a training History the view draws (plot knows nothing of training). */
interface EpochRecord {
  epoch: number[];
  history: Record<string, number[]>;
}

export interface ProgressState {
  epoch: number; // 1-based epoch being trained
  epochs: number;
  step: number; // batches done in this epoch
  steps?: number;
  etaSeconds?: number;
  samplesPerSecond: number;
  logs: Logs; // running logs of this epoch
  history: EpochRecord;
  status: 'training' | 'done' | 'stopped' | 'interrupted';
  /** Which training engine runs the steps ('graph' or 'eager'), shown beside the speed. */
  engine?: string;
  /** Keras's runs of the same training: drawn as a band behind the curves, with the verdict. */
  reference?: KerasReference;
  margin?: Partial<ParityMargin>;
}

export interface Series {
  name: string;
  values: number[];
  color: string;
  dashed?: boolean;
}

/** A shaded band behind the lines: lo[i]..hi[i] at x index `start + i`. */
export interface SvgBand {
  lo: number[];
  hi: number[];
  color: string;
  /** Index of the first value on the x axis (0 = firstEpoch). */
  start: number;
  /** Drawn fainter (the margin around the band). */
  faint?: boolean;
}

const num = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3);

/** A small line chart as an SVG string, x = epoch 1..n. */
export function lineChartSvg(
  title: string,
  series: Series[],
  firstEpoch = 1,
  width = 320,
  height = 200,
  bands: { legend: string; bands: SvgBand[] } = { legend: '', bands: [] },
): string {
  // Title on the first line, legend on the second, plot below: they never overlap.
  const pad = { l: 46, r: 10, t: 36, b: 30 };
  const all = [
    ...series.flatMap((s) => s.values),
    ...bands.bands.flatMap((b) => [...b.lo, ...b.hi]),
  ].filter(Number.isFinite);
  const n = Math.max(
    1,
    ...series.map((s) => s.values.length),
    ...bands.bands.map((b) => b.start + b.lo.length),
  );
  let lo = all.length ? Math.min(...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const x = (i: number) =>
    pad.l + (n === 1 ? (width - pad.l - pad.r) / 2 : (i / (n - 1)) * (width - pad.l - pad.r));
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (height - pad.t - pad.b);
  const ticks = [lo, (lo + hi) / 2, hi]
    .map(
      (v) =>
        `<line x1="${pad.l}" x2="${width - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/><text x="${pad.l - 4}" y="${y(v) + 4}" font-size="10" text-anchor="end" fill="#555">${num(v)}</text>`,
    )
    .join('');
  const xt = [0, n - 1]
    .filter((v, i, a) => a.indexOf(v) === i)
    .map(
      (i) =>
        `<text x="${x(i)}" y="${height - pad.b + 14}" font-size="10" text-anchor="middle" fill="#555">${firstEpoch + i}</text>`,
    )
    .join('');
  const lines = series
    .map((s) => {
      const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      const dash = s.dashed ? ' stroke-dasharray="5,3"' : '';
      const dots =
        s.values.length === 1
          ? `<circle cx="${x(0)}" cy="${y(s.values[0])}" r="3" fill="${s.color}"/>`
          : '';
      return `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>${dots}`;
    })
    .join('');
  const half = n === 1 ? (width - pad.l - pad.r) / 8 : 0; // a single epoch: a box, not a line
  const corners = (b: SvgBand): number[][] => {
    const xs = b.lo.map((_, i) => x(b.start + i));
    if (half) {
      const [x0, top, bottom] = [xs[0], y(b.hi[0]), y(b.lo[0])];
      return [
        [x0 - half, top],
        [x0 + half, top],
        [x0 + half, bottom],
        [x0 - half, bottom],
      ];
    }
    const top = xs.map((px, i) => [px, y(b.hi[i])]);
    return [...top, ...xs.map((px, i) => [px, y(b.lo[i])]).reverse()];
  };
  const shaded = bands.bands
    .map((b) => {
      const pts = corners(b).map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`);
      return `<polygon class="keras-band" points="${pts.join(' ')}" fill="${b.color}" fill-opacity="${b.faint ? 0.08 : 0.22}" stroke="none"/>`;
    })
    .join('');
  const legendItems = [
    ...series.map((s) => ({ color: s.color, text: `${s.dashed ? '- -' : '—'} ${s.name}` })),
    ...(bands.legend ? [{ color: '#888', text: `▮ ${bands.legend}` }] : []),
  ];
  const legend = legendItems
    .map(
      (s, i) =>
        `<text x="${pad.l + i * 90}" y="27" font-size="10" fill="${s.color}">${escapeHtml(s.text)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="font-family:sans-serif">` +
    `<text x="${(width + pad.l) / 2}" y="12" font-size="12" text-anchor="middle" font-weight="bold">${escapeHtml(title)}</text>${legend}${ticks}${xt}` +
    `<text x="${(width + pad.l) / 2}" y="${height - 3}" font-size="10" text-anchor="middle" fill="#555">epoch</text>${shaded}${lines}</svg>`
  );
}

export function formatSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '?';
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600),
    m = Math.floor((t % 3600) / 60),
    sec = t % 60;
  return h
    ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`
    : `${m}:${String(sec).padStart(2, '0')}`;
}

/** Keras's one-line log format: "loss: 0.1542 - accuracy: 0.9514 - val_loss: …". */
export function logsText(logs: Logs): string {
  return Object.entries(logs)
    .filter(([k]) => k !== 'lr')
    .map(([k, v]) => `${k}: ${v.toFixed(4)}`)
    .join(' - ');
}

/**
 * An SVG as an <img> with a data URI. JupyterLab's sanitizer strips inline <svg>
 * from HTML outputs of untrusted notebooks (any notebook you did not run yourself),
 * but keeps images, so the curves survive a reload, git and the HTML export.
 */
export function svgImage(alt: string, svg: string): string {
  const size = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  const dims = size ? ` width="${size[1]}" height="${size[2]}"` : '';
  return `<img alt="${escapeHtml(alt)}"${dims} src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`;
}

/** The live training output as a figure (HTML for notebooks, text fallback). */
export function progressFigure(s: ProgressState): Figure {
  const frac = s.steps ? Math.min(1, s.step / s.steps) : 0;
  const status = s.status === 'training' ? '' : ` — ${s.status}`;
  const head = `Epoch ${s.epoch}/${s.epochs}${status}`;
  const counts = s.steps ? `${s.step}/${s.steps}` : `${s.step}`;
  const eta = s.status === 'training' && s.steps ? ` · ETA ${formatSeconds(s.etaSeconds)}` : '';
  const engine = s.engine ? ` (${s.engine})` : '';
  const detail = `${counts} batches${eta} · ${Math.round(s.samplesPerSecond).toLocaleString('en-US')} samples/s${engine} · ${logsText(s.logs)}`;
  const h = s.history.history;
  const first = (s.history.epoch[0] ?? 0) + 1;
  const reference = s.reference && s.history.epoch.length ? s.reference : undefined;
  const bands: MetricBand[] = reference
    ? referenceBands(s.history, reference, { margin: s.margin })
    : [];
  const check = reference ? parityCheck(s.history, reference, { margin: s.margin }) : undefined;
  const chart = (title: string, key: string) => {
    if (!h[key]) return '';
    const mine = bands.filter((b) => b.metric === key || b.metric === `val_${key}`);
    const seeds = Math.max(0, ...mine.map((b) => b.seeds));
    // The faint margin is what a verdict allows: drawn only when there are seeds enough for one.
    const judged = seeds >= MIN_VERDICT_SEEDS;
    const svgBands = mine.flatMap((b): SvgBand[] => {
      const color = b.metric.startsWith('val_') ? '#ff7f0e' : '#1f77b4';
      const start = b.epochs[0] - first;
      const range: SvgBand = { lo: b.lo, hi: b.hi, color, start };
      return judged
        ? [{ lo: b.allowedLo, hi: b.allowedHi, color, start, faint: true }, range]
        : [range];
    });
    const legend = mine.length
      ? `Keras (${seeds} seed${seeds === 1 ? '' : 's'}${judged ? '; faint: ± margin' : ''})`
      : '';
    return svgImage(
      title,
      lineChartSvg(
        title,
        [
          { name: 'training', values: h[key], color: '#1f77b4' },
          ...(h[`val_${key}`]
            ? [{ name: 'validation', values: h[`val_${key}`], color: '#ff7f0e', dashed: true }]
            : []),
        ],
        first,
        320,
        200,
        { legend, bands: svgBands },
      ),
    );
  };
  const verdict = check
    ? `<div style="color:${verdictColor(check)}">${escapeHtml(check.line)}</div>`
    : '';
  const charts = s.history.epoch.length
    ? `<div style="display:flex;gap:12px;flex-wrap:wrap">${chart('loss', 'loss')}${chart('accuracy', 'accuracy')}</div>${verdict}`
    : '';
  const barColor = s.status === 'interrupted' ? '#d62728' : '#2ca02c';
  const html =
    `<div style="font-family:sans-serif;font-size:13px">` +
    `<div><b>${escapeHtml(head)}</b></div>` +
    `<div style="width:420px;height:10px;background:#eee;border-radius:3px;margin:4px 0"><div style="width:${(frac * 100).toFixed(1)}%;height:10px;background:${barColor};border-radius:3px"></div></div>` +
    `<div style="font-family:monospace">${escapeHtml(detail)}</div>${charts}</div>`;
  const last = s.history.epoch.length
    ? `\nlast epoch: ${logsText(Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v[v.length - 1]])))}`
    : '';
  const verdictText = check ? `\n${check.line}` : '';
  return {
    kind: 'html',
    title: 'Training progress',
    html,
    text: `${head}: ${detail}${last}${verdictText}`,
  };
}
