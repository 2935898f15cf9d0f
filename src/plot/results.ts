// Result-based figures: test images titled "pred (true)", blue when right and
// red when wrong (004's 4x8 grid), and a grid of the wrong ones only.
import type { Figure } from '../figure';
import { batchImages, toRaster, type ImageBatchInput, type ValueRange } from './raster';
import { renderGrid } from './images';
import { withHeading, pngFigure } from './canvas';
import { labelIndices, type LabelsInput } from './charts';
import { describe, fail, integerIn } from '../validate';

export const RIGHT_COLOR = '#1f3fbf';
export const WRONG_COLOR = '#d62728';

export interface PredictionGridOptions {
  rows?: number;
  cols?: number;
  /** Which images to show (default: the first rows*cols). */
  indices?: number[];
  title?: string;
  range?: ValueRange;
  cellSize?: number;
}

function gridOf(
  images: ImageBatchInput,
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  what: string,
  choose: (t: number[], p: number[]) => number[],
  options: PredictionGridOptions,
  defaultTitle: string,
): Figure {
  if (!Array.isArray(classNames) || classNames.length < 2)
    fail(`${what} classNames`, 'at least 2 names', describe(classNames));
  const list = batchImages(images, `${what} images`);
  const t = labelIndices(yTrue, `${what} yTrue`, classNames.length);
  const p = labelIndices(yPred, `${what} yPred`, classNames.length);
  if (t.length !== list.length || p.length !== list.length) {
    fail(
      what,
      `one true and one predicted label per image (${list.length})`,
      `${t.length} and ${p.length}`,
    );
  }
  const chosen = choose(t, p);
  chosen.forEach((i) => integerIn(i, `${what} indices`, { min: 0, max: list.length - 1 }));
  const title = options.title ?? defaultTitle;
  if (chosen.length === 0)
    throw new Error(`${what}: no images to show (${defaultTitle.toLowerCase()})`);
  const cells = chosen.map((i) => ({
    raster: toRaster(list[i], options.range ?? 'auto', `${what} image ${i}`),
    title: `${classNames[p[i]]} (${classNames[t[i]]})`,
    titleColor: p[i] === t[i] ? RIGHT_COLOR : WRONG_COLOR,
  }));
  const canvas = renderGrid(cells, {
    cols: Math.min(options.cols ?? 8, cells.length),
    cellSize: options.cellSize,
    fontSize: 13,
  });
  return pngFigure(withHeading(canvas, title), title);
}

/** Images titled "pred (true)", blue when right and red when wrong (default 4 rows x 8 cols). */
export function predictionGrid(
  images: ImageBatchInput,
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  options: PredictionGridOptions = {},
): Figure {
  const n = (options.rows ?? 4) * (options.cols ?? 8);
  return gridOf(
    images,
    yTrue,
    yPred,
    classNames,
    'predictionGrid',
    (t) => options.indices ?? Array.from({ length: Math.min(n, t.length) }, (_, i) => i),
    options,
    'Predictions: pred (true)',
  );
}

/** Only the wrongly predicted images (the first rows*cols of them), titled "pred (true)" in red. */
export function mistakesGrid(
  images: ImageBatchInput,
  yTrue: LabelsInput,
  yPred: LabelsInput,
  classNames: string[],
  options: PredictionGridOptions = {},
): Figure {
  const n = (options.rows ?? 4) * (options.cols ?? 8);
  return gridOf(
    images,
    yTrue,
    yPred,
    classNames,
    'mistakesGrid',
    (t, p) =>
      t
        .map((_, i) => i)
        .filter((i) => t[i] !== p[i])
        .slice(0, n),
    options,
    'Wrong predictions: pred (true)',
  );
}
