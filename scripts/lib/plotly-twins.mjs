// Static image/png twins for a notebook's Plotly outputs, so that a viewer without
// Plotly (GitHub, nbviewer, an editor, an HTML or PDF export) shows the chart.
// One headless Chromium (playwright-core, the system's /usr/bin/chromium) draws every
// chart of a run with the plotly.js the notebooks already use.
//
// Size: the chart's layout width × height at scale 1, width 900 when the layout leaves
// it to the page (autosize), height 360 when unset (as jupyterlab-plotly does). Scale 1
// because jupyterlab-plotly shows a twin as a bare <img> at its natural size until the
// mouse enters it: a scale-2 picture would show at twice the chart's size there.
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { root } from './util.mjs';
import { encodeIndexed } from './png-palette.mjs';
import { launchChromium } from './chromium.mjs';

const { loadImage, createCanvas } = createRequire(import.meta.url)('canvas');

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';
export const DEFAULT_WIDTH = 900;
export const DEFAULT_HEIGHT = 360; // jupyterlab-plotly's own default
export const SCALE = 1;
const PLOTLY_JS = path.join(root, 'node_modules', 'plotly.js-dist', 'plotly.js');

/** The twin's size in pixels for a Plotly spec ({data, layout, config}). */
export function twinSize(spec) {
  const layout = spec.layout ?? {};
  return {
    width: Math.round((layout.width ?? DEFAULT_WIDTH) * SCALE),
    height: Math.round((layout.height ?? DEFAULT_HEIGHT) * SCALE),
  };
}

/** A Chromium page with plotly.js loaded; `render(spec)` gives PNG bytes. Close it when done. */
export async function openRenderer() {
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: PLOTLY_JS });
    return {
      async render(spec) {
        const { width, height } = twinSize(spec);
        const url = await page.evaluate(
          ({ spec, width, height, scale }) =>
            // eslint-disable-next-line no-undef
            Plotly.toImage(
              {
                data: spec.data ?? [],
                layout: { ...spec.layout, width: width / scale, height: height / scale },
                config: spec.config ?? {},
              },
              { format: 'png', width: width / scale, height: height / scale, scale },
            ),
          { spec, width, height, scale: SCALE },
        );
        return indexed(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
      },
      close: browser.close,
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Chromium's truecolour PNG as a palette PNG (scripts/lib/png-palette.mjs). */
async function indexed(png) {
  const img = await loadImage(png);
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.drawImage(img, 0, 0);
  return encodeIndexed(ctx.getImageData(0, 0, img.width, img.height));
}
