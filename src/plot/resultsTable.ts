// "Tutorial reported / this notebook measured": the small table that closes each
// section with a result. Its output also carries the rows as JSON (RESULTS_MIME),
// which the notebook runner saves to notebooks/results/ for README's results table.
import { escapeHtml, RESULTS_MIME, type Figure } from '../figure';

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
}

export function formatMeasured(row: ResultRow): string {
  const m = row.measured;
  if (typeof m === 'string') return m;
  if (!Number.isFinite(m))
    throw new Error(`resultsTable: row "${row.quantity}" measured ${m}, expected a finite number`);
  switch (row.format ?? 'fixed4') {
    case 'percent':
      return `${(m * 100).toFixed(2)}%`;
    case 'int':
      return Math.round(m).toLocaleString('en-US');
    case 'fixed4':
      return m.toFixed(4);
  }
}

/** One row as shown, in RESULTS_MIME (and notebooks/results/*.json): `measured` is formatted. */
export interface ShownResultRow {
  quantity: string;
  reported: string;
  measured: string;
  note: string;
}

/** A results table figure; `source` names the tutorial (e.g. the seed file or notebook). */
export function resultsTable(source: string, rows: ResultRow[]): Figure {
  if (rows.length === 0) throw new Error('resultsTable: expected at least one row, found none');
  const shown: ShownResultRow[] = rows.map((r) => ({
    quantity: r.quantity,
    reported: r.reported,
    measured: formatMeasured(r),
    note: r.note ?? '',
  }));
  const body = shown
    .map(
      (r) =>
        `<tr data-quantity="${escapeHtml(r.quantity)}" data-reported="${escapeHtml(r.reported)}" data-measured="${escapeHtml(r.measured)}" data-note="${escapeHtml(r.note)}">` +
        `<td style="text-align:left">${escapeHtml(r.quantity)}</td><td>${escapeHtml(r.reported)}</td>` +
        `<td><b>${escapeHtml(r.measured)}</b></td><td style="text-align:left">${escapeHtml(r.note)}</td></tr>`,
    )
    .join('');
  const html =
    `<table class="cnn-results" data-source="${escapeHtml(source)}">` +
    '<thead><tr><th style="text-align:left">result</th><th>tutorial reported</th><th>this notebook measured</th><th style="text-align:left">notes</th></tr></thead>' +
    `<tbody>${body}</tbody></table>`;
  const text = shown
    .map(
      (r) =>
        `${r.quantity}: tutorial ${r.reported}, measured ${r.measured}${r.note ? ` (${r.note})` : ''}`,
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
