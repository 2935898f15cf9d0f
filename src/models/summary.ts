// Keras's model.summary(): a table of layers, output shapes and parameter counts.
import { tf } from '../backend';
import { layersModel } from '../validate';
import { escapeHtml, type Figure } from '../figure';
import { inNotebook, show } from '../display';

export interface SummaryRow {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

export interface ModelSummary {
  name: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

const count = (ws: tf.LayerVariable[]): number =>
  ws.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);

function shapeText(shape: tf.Shape | tf.Shape[]): string {
  const one = (s: tf.Shape) =>
    `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
  return Array.isArray(shape[0])
    ? (shape as tf.Shape[]).map(one).join(', ')
    : one(shape as tf.Shape);
}

/** The numbers behind summary(), for code that wants them rather than a table. */
export function describeModel(model: tf.LayersModel): ModelSummary {
  layersModel(model, 'describeModel');
  const rows = model.layers.map((l) => ({
    name: l.name,
    type: l.getClassName(),
    outputShape: shapeText(l.outputShape),
    params: l.countParams(),
  }));
  const trainable = count(model.trainableWeights);
  const nonTrainable = count(model.nonTrainableWeights);
  return {
    name: model.name,
    rows,
    totalParams: trainable + nonTrainable,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The Keras-style text table. */
export function summaryText(model: tf.LayersModel): string {
  const s = describeModel(model);
  const widths = [33, 26, 12];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('')
      .trimEnd();
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0));
  return [
    `Model: "${s.name}"`,
    rule('_'),
    line([' Layer (type)', 'Output Shape', 'Param #']),
    rule('='),
    ...s.rows.flatMap((r, i) => [
      line([` ${r.name} (${r.type})`, r.outputShape, fmt(r.params)]),
      ...(i < s.rows.length - 1 ? [''] : []),
    ]),
    rule('='),
    `Total params: ${fmt(s.totalParams)}`,
    `Trainable params: ${fmt(s.trainableParams)}`,
    `Non-trainable params: ${fmt(s.nonTrainableParams)}`,
    rule('_'),
  ].join('\n');
}

/** The summary as an HTML table figure (what a notebook shows). */
export function summaryFigure(model: tf.LayersModel): Figure {
  const s = describeModel(model);
  const td = 'style="padding:2px 12px;text-align:left;font-family:monospace"';
  const tdr = 'style="padding:2px 12px;text-align:right;font-family:monospace"';
  const rows = s.rows
    .map(
      (r) =>
        `<tr><td ${td}>${escapeHtml(r.name)} (${escapeHtml(r.type)})</td><td ${td}>${escapeHtml(r.outputShape)}</td><td ${tdr}>${fmt(r.params)}</td></tr>`,
    )
    .join('');
  const html =
    `<div><b>Model: "${escapeHtml(s.name)}"</b><table style="border-collapse:collapse">` +
    `<thead><tr style="border-bottom:2px solid #444"><th ${td}>Layer (type)</th><th ${td}>Output Shape</th><th ${tdr}>Param #</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>` +
    `<div style="font-family:monospace;margin-top:6px">Total params: ${fmt(s.totalParams)}<br>Trainable params: ${fmt(s.trainableParams)}<br>` +
    `Non-trainable params: ${fmt(s.nonTrainableParams)}</div></div>`;
  return { kind: 'html', title: `Summary of ${s.name}`, html, text: summaryText(model) };
}

/**
 * Keras's `model.summary()`: shows the table (HTML in a notebook, text elsewhere) and, like
 * Keras, returns nothing — a cell ending in `summary(model)` then shows it once, not again
 * as the cell's value. For the text itself use `summaryText(model)`.
 */
export function summary(model: tf.LayersModel): void {
  if (inNotebook()) show(summaryFigure(model));
  else console.log(summaryText(model));
}
