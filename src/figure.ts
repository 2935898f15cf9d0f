// What figure functions return: plain data (PNG bytes, a Plotly spec, HTML with a
// text twin), never a side effect. Showing a figure is display.ts's job.

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';
/** A results table's rows as JSON, beside its HTML: read by the notebook runner, ignored by JupyterLab. */
export const RESULTS_MIME = 'application/vnd.cnn-notebooks.results+json';

/** A Plotly figure as JSON: traces, layout and config. */
export interface PlotlySpec {
  data: object[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** What every figure function returns: data, never a side effect. */
export type Figure =
  | { kind: 'png'; title: string; png: Buffer; width: number; height: number }
  | { kind: 'plotly'; title: string; spec: PlotlySpec }
  | {
      kind: 'html';
      title: string;
      html: string;
      text: string;
      /** More representations for the same output, by MIME type (e.g. RESULTS_MIME). */
      data?: Record<string, object>;
    };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
