// Saving and loading models: whole model (tfjs file:// layout), architecture JSON only
// (Keras's to_json / model_from_json) and weights only (save_weights / load_weights).
// Every write is atomic and flushed to disk (see atomic.ts).
import * as fs from 'fs';
import * as path from 'path';
import { tf } from '../backend';
import { layersModel } from '../validate';
import { resolveSavedDir, saveFailure, writeDirAtomic, writeFileAtomic } from '../atomic';

/**
 * Saves architecture, weights and (if compiled) optimizer state to `dir`
 * (model.json + weights.bin), atomically: a kill mid-save leaves the previous save loadable,
 * and a failed save (a full disk…) says so, with its cause, naming `dir`.
 */
export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  options: { includeOptimizer?: boolean } = {},
): Promise<void> {
  layersModel(model, 'saveModel');
  const includeOptimizer = (options.includeOptimizer ?? true) && model.optimizer != null;
  try {
    await writeDirAtomic(dir, async (tmp) => {
      await model.save(`file://${tmp}`, { includeOptimizer });
    });
  } catch (e) {
    throw saveFailure(`saveModel: could not save to ${dir}`, dir, e, { noun: 'save' });
  }
}

/** Loads a model saved by saveModel (compiled with its optimizer state if it was saved compiled). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const found = resolveSavedDir(dir);
  const file = path.join(found, 'model.json');
  if (!fs.existsSync(file))
    throw new Error(`loadModel: ${file} not found (is ${dir} a model directory from saveModel?)`);
  return tf.loadLayersModel(`file://${file}`);
}

/** Writes the architecture alone as JSON (Keras's `model.to_json()`), atomically. */
export function saveArchitecture(model: tf.LayersModel, file: string): void {
  layersModel(model, 'saveArchitecture');
  saveFile('saveArchitecture', file, model.toJSON(null, true) as string);
}

/** Builds a fresh, untrained model from an architecture JSON file (Keras's `model_from_json`). */
export async function loadArchitecture(file: string): Promise<tf.LayersModel> {
  if (!fs.existsSync(file)) throw new Error(`loadArchitecture: ${file} not found`);
  const modelTopology = JSON.parse(fs.readFileSync(file, 'utf8')) as object;
  return tf.models.modelFromJSON({ modelTopology } as Parameters<
    typeof tf.models.modelFromJSON
  >[0]);
}

const MAGIC = 'TFJSWTS1';
type WeightSpecs = Parameters<typeof tf.io.decodeWeights>[1];

/** Writes the weights alone to one file (Keras's `save_weights`), atomically. */
export async function saveWeights(model: tf.LayersModel, file: string): Promise<void> {
  layersModel(model, 'saveWeights');
  const { data, specs } = await tf.io.encodeWeights(
    model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })),
  );
  const header = Buffer.from(JSON.stringify(specs));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  saveFile(
    'saveWeights',
    file,
    Buffer.concat([Buffer.from(MAGIC), len, header, Buffer.from(data)]),
  );
}

function saveFile(fn: string, file: string, data: string | Uint8Array): void {
  try {
    writeFileAtomic(file, data);
  } catch (e) {
    throw saveFailure(`${fn}: could not save to ${file}`, file, e, { noun: 'file' });
  }
}

/**
 * Loads weights written by saveWeights into `model` (Keras's `load_weights`): matched by
 * position, as Keras does, and checked by shape so a different architecture fails clearly.
 */
export async function loadWeights(model: tf.LayersModel, file: string): Promise<void> {
  layersModel(model, 'loadWeights');
  if (!fs.existsSync(file)) throw new Error(`loadWeights: ${file} not found`);
  const buf = fs.readFileSync(file);
  if (buf.subarray(0, MAGIC.length).toString() !== MAGIC)
    throw new Error(`loadWeights: ${file} is not a weights file from saveWeights (bad header)`);
  const len = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const specs = JSON.parse(buf.subarray(start, start + len).toString()) as WeightSpecs;
  const body = buf.subarray(start + len);
  const arrayBuffer = body.buffer.slice(
    body.byteOffset,
    body.byteOffset + body.byteLength,
  ) as ArrayBuffer;
  if (specs.length !== model.weights.length)
    throw new Error(
      `loadWeights: ${file} holds ${specs.length} weight arrays, the model has ${model.weights.length}`,
    );
  model.weights.forEach((w, i) => {
    if (JSON.stringify(w.shape) !== JSON.stringify(specs[i].shape))
      throw new Error(
        `loadWeights: weight ${i} (${w.originalName}) has shape [${w.shape}], ${file} has [${specs[i].shape}] (${specs[i].name})`,
      );
  });
  const named = tf.io.decodeWeights(arrayBuffer, specs);
  const tensors = specs.map((s) => named[s.name]);
  model.setWeights(tensors);
  tf.dispose(tensors);
}
