// A list of records as an HTML table, the way Jupyter shows a pandas DataFrame:
// console.table's text wraps once its columns are wider than the notebook.
import { escapeHtml, type Figure } from '../figure';
import { describe, fail } from '../validate';

export type TableValue = string | number | boolean | null | undefined;

const shown = (v: TableValue) =>
  v === null || v === undefined
    ? ''
    : typeof v === 'number' && Number.isInteger(v)
      ? v.toLocaleString('en-US')
      : String(v);

/** Rows as a table figure: columns in the order they first appear, numbers right-aligned. */
export function dataTable(
  rows: readonly Record<string, TableValue>[],
  options: { title?: string } = {},
): Figure {
  if (!Array.isArray(rows) || rows.length === 0)
    fail('dataTable rows', 'a non-empty array of row objects', describe(rows));
  const bad = rows.findIndex((r) => r === null || typeof r !== 'object' || Array.isArray(r));
  if (bad >= 0) fail(`dataTable rows[${bad}]`, 'an object of column → value', describe(rows[bad]));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const numeric = columns.map((c) =>
    rows.every(
      (r) =>
        r[c] === undefined ||
        r[c] === null ||
        typeof r[c] === 'number' ||
        /^[-+]?[\d.,]+%?$/.test(String(r[c])),
    ),
  );
  const cell = (tag: 'td' | 'th', text: string, k: number) =>
    `<${tag} style="text-align:${numeric[k] ? 'right' : 'left'}">${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${columns.map((c, k) => cell('th', c, k)).join('')}</tr>`;
  const body = rows
    .map((r) => `<tr>${columns.map((c, k) => cell('td', shown(r[c]), k)).join('')}</tr>`)
    .join('');
  const caption = options.title
    ? `<caption style="text-align:left">${escapeHtml(options.title)}</caption>`
    : '';
  const text = [
    columns.join('\t'),
    ...rows.map((r) => columns.map((c) => shown(r[c])).join('\t')),
  ].join('\n');
  return {
    kind: 'html',
    title: options.title ?? 'table',
    html: `<table class="cnn-data-table">${caption}<thead>${head}</thead><tbody>${body}</tbody></table>`,
    text,
  };
}
