"""The bench's datasets for its Python engines (keras_bench.py, torch_bench.py), as the
library's loaders give them: uint8 images [N, H, W, C] and uint8 labels.
MNIST from $MNIST_DIR (IDX files), CIFAR-10 from $CIFAR10_DIR (the binary version); CIFAR-10's
first 5,000 training images are held out for validation, as tutorial 004 does."""
import os
import numpy as np


def read_idx(path):
    data = open(path, "rb").read()
    nd = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * nd).reshape(dims)


def mnist(which):
    d = os.environ["MNIST_DIR"]
    x = read_idx(f"{d}/{which}-images-idx3-ubyte").reshape(-1, 28, 28, 1)
    return x, read_idx(f"{d}/{which}-labels-idx1-ubyte")


def cifar(which):
    d = os.environ["CIFAR10_DIR"]
    files = [f"data_batch_{i}.bin" for i in range(1, 6)] if which == "train" else ["test_batch.bin"]
    raw = np.concatenate([np.fromfile(f"{d}/{f}", np.uint8).reshape(-1, 3073) for f in files])
    return raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), raw[:, 0]


def load(case, n_train, n_test):
    """(x_train, y_train, x_test, y_test) of a bench case, cut to the first n_train / n_test."""
    if case in ("cifar", "infer-cifar"):
        xtr, ytr = cifar("train")
        xtr, ytr = xtr[5000:], ytr[5000:]
        xte, yte = cifar("test")
    else:
        xtr, ytr = mnist("train")
        xte, yte = mnist("t10k")
    return xtr[:n_train], ytr[:n_train], xte[:n_test], yte[:n_test]
