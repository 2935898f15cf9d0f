// The font of every Plotly chart: the family the canvas figures use (DejaVu Sans), with
// the browser's fallbacks for a viewer that lacks it.
export const plotlyFont = (size = 13) => ({ family: 'DejaVu Sans, Arial, sans-serif', size });
