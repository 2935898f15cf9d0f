// "Use the saved model if there is one, otherwise train it": a later notebook that looks
// inside an earlier notebook's model loads that model's checkpoint, and trains its own
// only when the earlier notebook has not been run.
import * as fs from 'fs';
import * as path from 'path';
import { tf } from '../backend';
import { resolveSavedDir } from '../atomic';
import { loadCheckpoint } from './checkpoint';

/** What loadCheckpointOrTrain did: the model, and where it came from. */
export interface LoadedOrTrained {
  model: tf.LayersModel;
  /** The checkpoint directory the model was loaded from, or null when it was trained. */
  loadedFrom: string | null;
  /** Epochs of training the loaded checkpoint had (null when trained here). */
  epoch: number | null;
}

function hasCheckpoint(dir: string): boolean {
  try {
    return fs.existsSync(path.join(resolveSavedDir(dir), 'training-state.json'));
  } catch {
    return false;
  }
}

/**
 * Loads the first of `checkpointDirs` that holds a checkpoint (written by ModelCheckpoint or
 * saveCheckpoint) and returns its model; when none does, calls `train()` and returns the
 * model it builds and trains. Prints one line saying which happened.
 */
export async function loadCheckpointOrTrain(
  checkpointDirs: string | string[],
  train: () => Promise<tf.LayersModel>,
): Promise<LoadedOrTrained> {
  const dirs = typeof checkpointDirs === 'string' ? [checkpointDirs] : checkpointDirs;
  if (dirs.length === 0) throw new Error('loadCheckpointOrTrain: no checkpoint directory given');
  for (const dir of dirs) {
    if (!hasCheckpoint(dir)) continue;
    const saved = await loadCheckpoint(dir);
    console.log(`loaded ${dir} (${saved.epoch} epoch(s) of training)`);
    return { model: saved.model, loadedFrom: dir, epoch: saved.epoch };
  }
  console.log(`no checkpoint in ${dirs.join(' or ')}: training here`);
  const model = await train();
  return { model, loadedFrom: null, epoch: null };
}
