// "Tutorial reported / this notebook measured": the small table that closes each
// section with a result. Its output also carries the rows as JSON (RESULTS_MIME),
// which the notebook runner saves to notebooks/results/ for README's results table.
import { escapeHtml, RESULTS_MIME, type Figure } from '../figure';
import type { Range } from '../data/reference';

export interface ResultRow {
  /** What was measured, e.g. "MNIST test accuracy after 10 epochs". */
  quantity: string;
  /** The tutorial's number as it printed it, e.g. "99.20%" (or "—" if it gave none). */
  reported: string;
  /** The number this run measured. */
  measured: number | string;
  /** How `measured` is shown when it is a number: 'percent' (0.9921 -> 99.21%), 'fixed4', or 'int'. */
  format?: 'percent' | 'fixed4' | 'int';
  /** Context a reader needs: epochs, subset, data copy. */
  note?: string;
  /**
   * What Keras measured for the same training (min–max over its seeds; see `kerasRange`),
   * shown in a "Keras here" column, formatted like `measured`. A table shows the column when
   * any row has this key; `undefined` (no reference made yet) shows as "—".
   */
  keras?: Range | string;
}

function formatNumber(row: ResultRow, m: number, what: string): string {
  if (!Number.isFinite(m))
    throw new Error(`resultsTable: row "${row.quantity}" ${what} ${m}, expected a finite number`);
  switch (row.format ?? 'fixed4') {
    case 'percent':
      return `${(m * 100).toFixed(2)}%`;
    case 'int':
      return Math.round(m).toLocaleString('en-US');
    case 'fixed4':
      return m.toFixed(4);
  }
}

export function formatMeasured(row: ResultRow): string {
  return typeof row.measured === 'string'
    ? row.measured
    : formatNumber(row, row.measured, 'measured');
}

/** A min–max range as "lo–hi", or one number when both ends print the same (one seed, or seeds that agree). */
export function formatRange(
  range: readonly [number, number],
  format: (v: number) => string = (v) => v.toFixed(4),
): string {
  const [lo, hi] = range.map(format);
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** The "Keras here" cell: the reference's range, formatted like `measured`. */
export function formatKeras(row: ResultRow): string {
  const k = row.keras;
  if (k === undefined) return '—';
  if (typeof k === 'string') return k;
  return formatRange(k, (v) => formatNumber(row, v, 'keras'));
}

/** One row as shown, in RESULTS_MIME (and notebooks/results/*.json): `measured` is formatted. */
export interface ShownResultRow {
  quantity: string;
  reported: string;
  measured: string;
  note: string;
  /** Only in tables with a "Keras here" column. */
  keras?: string;
}

/** A results table figure; `source` names the tutorial (e.g. the seed file or notebook). */
export function resultsTable(source: string, rows: ResultRow[]): Figure {
  if (rows.length === 0) throw new Error('resultsTable: expected at least one row, found none');
  const withKeras = rows.some((r) => 'keras' in r);
  const shown: ShownResultRow[] = rows.map((r) => ({
    quantity: r.quantity,
    reported: r.reported,
    measured: formatMeasured(r),
    ...(withKeras ? { keras: formatKeras(r) } : {}),
    note: r.note ?? '',
  }));
  const kerasCell = (r: ShownResultRow) =>
    withKeras ? `<td>${escapeHtml(r.keras ?? '')}</td>` : '';
  const body = shown
    .map(
      (r) =>
        `<tr data-quantity="${escapeHtml(r.quantity)}" data-reported="${escapeHtml(r.reported)}" data-measured="${escapeHtml(r.measured)}" data-note="${escapeHtml(r.note)}">` +
        `<td style="text-align:left">${escapeHtml(r.quantity)}</td><td>${escapeHtml(r.reported)}</td>` +
        `<td><b>${escapeHtml(r.measured)}</b></td>${kerasCell(r)}<td style="text-align:left">${escapeHtml(r.note)}</td></tr>`,
    )
    .join('');
  const kerasHead = withKeras
    ? '<th title="the same training in Keras: min–max over its seeds">Keras here</th>'
    : '';
  const html =
    `<table class="cnn-results" data-source="${escapeHtml(source)}">` +
    `<thead><tr><th style="text-align:left">result</th><th>tutorial reported</th><th>this notebook measured</th>${kerasHead}<th style="text-align:left">notes</th></tr></thead>` +
    `<tbody>${body}</tbody></table>`;
  const text = shown
    .map(
      (r) =>
        `${r.quantity}: tutorial ${r.reported}, measured ${r.measured}` +
        `${r.keras !== undefined ? `, Keras ${r.keras}` : ''}${r.note ? ` (${r.note})` : ''}`,
    )
    .join('\n');
  return {
    kind: 'html',
    title: `results: ${source}`,
    html,
    text,
    data: { [RESULTS_MIME]: { source, rows: shown } },
  };
}
