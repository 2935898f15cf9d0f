// README's picture strip: a few figures taken from the committed notebooks' outputs
// (never copied by hand), saved to docs/img/ and shown near the top of README.md, each
// linking to its notebook. scripts/readme-tables.mjs regenerates it with the tables,
// which `npm run notebooks -- --inplace` runs after saving the notebooks.
//
// A picture is found by the figure call in its cell's source (and, where a cell shows
// several, by words of the output's title), so it follows the notebook when cells move.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './lib/util.mjs';

const PLOTLY = 'application/vnd.plotly.v1+json';
export const imgDir = path.join(root, 'docs', 'img');

export const PICKS = [
  {
    file: 'model-diagram.png',
    notebook: '01-cnn-basics-cifar10.ipynb',
    call: 'modelDiagram(',
    title: /basic model/,
    caption: "the tutorial's basic model, layer by layer",
  },
  {
    file: 'training-keras-band.png',
    notebook: '05-mlp-vs-cnn-mnist-cifar10.ipynb',
    call: 'trainingCurves(',
    title: /MNIST/,
    band: true, // the chart must carry its Keras reference band
    caption: 'training curves inside the band of Keras runs',
  },
  {
    file: 'occlusion.png',
    notebook: '03-looking-inside-a-cnn.ipynb',
    call: 'occlusion(',
    caption: 'occlusion: where a grey square hurts the prediction',
  },
  {
    file: 'grad-cam.png',
    notebook: '03-looking-inside-a-cnn.ipynb',
    call: 'gradCam(',
    caption: 'Grad-CAM of the predicted class',
  },
  {
    file: 'mistakes.png',
    notebook: '03-looking-inside-a-cnn.ipynb',
    call: 'mistakesGrid(',
    caption: 'misclassified test pictures: predicted (true)',
  },
  {
    file: 'confusion.png',
    notebook: '03-looking-inside-a-cnn.ipynb',
    call: 'confusionMatrixChart(',
    title: /^<confusion matrix/,
    caption: 'where the mistakes go: the confusion matrix',
  },
];

const join = (s) => (Array.isArray(s) ? s.join('') : (s ?? ''));

/** The PNG bytes of a pick in a notebook (parsed JSON), or an Error saying why none. */
export function findPicture(nb, pick) {
  const cells = nb.cells.filter(
    (c) => c.cell_type === 'code' && join(c.source).includes(pick.call),
  );
  if (!cells.length) return new Error(`no cell calls ${pick.call}`);
  const outputs = cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['image/png']);
  const o = outputs.find(
    (o) =>
      (!pick.title || pick.title.test(join(o.data['text/plain']))) &&
      (!pick.band || hasBand(o.data[PLOTLY])),
  );
  if (!o) return new Error(`no PNG output of ${pick.call} matches`);
  return Buffer.from(join(o.data['image/png']), 'base64');
}

// trainingCurves draws the Keras reference as filled traces named "Keras (N seed(s))".
const hasBand = (spec) => (spec?.data ?? []).some((t) => /^Keras/.test(t.name ?? '') && t.fill);

/** The pictures found in the notebooks of `dir`: [{pick, png}] and the problems. */
export function pictures(dir = path.join(root, 'notebooks')) {
  const found = [];
  const problems = [];
  const cache = new Map();
  for (const pick of PICKS) {
    const file = path.join(dir, pick.notebook);
    if (!fs.existsSync(file)) {
      problems.push(`${pick.file}: ${pick.notebook} not found`);
      continue;
    }
    if (!cache.has(file)) cache.set(file, JSON.parse(fs.readFileSync(file, 'utf8')));
    const png = findPicture(cache.get(file), pick);
    if (png instanceof Error) problems.push(`${pick.file}: ${pick.notebook}: ${png.message}`);
    else found.push({ pick, png });
  }
  return { found, problems };
}

/** README's strip for the pictures found: an HTML table, three a row, each linking to its notebook. */
export function picturesMarkdown(found) {
  if (!found.length) return '_No pictures: the committed notebooks have no outputs yet._';
  const cell = ({ pick }) =>
    `<td align="center" valign="top" width="33%"><a href="notebooks/${pick.notebook}">` +
    `<img src="docs/img/${pick.file}" alt="${pick.caption}" width="260"></a><br>` +
    `<sub>${pick.caption} (${pick.notebook.slice(0, 2)})</sub></td>`;
  const rows = [];
  for (let i = 0; i < found.length; i += 3)
    rows.push(
      found
        .slice(i, i + 3)
        .map(cell)
        .join(''),
    );
  return ['<table>', ...rows.map((r) => `<tr>${r}</tr>`), '</table>'].join('\n');
}

/** Writes docs/img/ (only files whose bytes changed); returns the names that changed. */
export function writePictures(found) {
  fs.mkdirSync(imgDir, { recursive: true });
  const changed = [];
  for (const { pick, png } of found) {
    const target = path.join(imgDir, pick.file);
    if (fs.existsSync(target) && fs.readFileSync(target).equals(png)) continue;
    fs.writeFileSync(target, png);
    changed.push(pick.file);
  }
  return changed;
}
