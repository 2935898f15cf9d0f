"""One Keras measurement in a fresh process; prints one JSON line.
Usage: keras_bench.py <mnist|cifar|infer|infer-cifar> <trainCount> <testCount>"""
import json, os, resource, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import keras
import tensorflow as tf

case, n_train, n_test = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


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


L = keras.layers
if case in ("cifar", "infer-cifar"):
    xtr, ytr = cifar("train"); xtr, ytr = xtr[5000:], ytr[5000:]
    xte, yte = cifar("test")
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(32, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Dropout(0.3), L.Flatten(), L.Dense(500, activation="relu"), L.Dropout(0.4),
        L.Dense(10, activation="softmax")])
    batch = 32
else:
    xtr, ytr = mnist("train")
    xte, yte = mnist("t10k")
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Conv2D(32, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Flatten(), L.Dense(64, activation="relu"), L.Dense(10, activation="softmax")])
    batch = 64
xtr, ytr, xte, yte = xtr[:n_train], ytr[:n_train], xte[:n_test], yte[:n_test]
prep = lambda x: x.astype("float32") / 255
onehot = lambda y: keras.utils.to_categorical(y, 10)
out = {"engine": "keras", "case": case, "train": len(xtr), "test": len(xte), "batchSize": batch,
       "tensorflow": tf.__version__, "keras": keras.__version__}
if case.startswith("infer"):
    # evaluate (batch 32, Keras's default) then predict over the test set, as tfjs-bench.ts.
    x, y = prep(xte), onehot(yte)
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    model.evaluate(x[:32], y[:32], verbose=0)
    c0, t0 = time.process_time(), time.perf_counter()
    out["testAccuracy"] = model.evaluate(x, y, batch_size=32, verbose=0)[1]
    out["seconds"] = time.perf_counter() - t0
    out["cpuSeconds"] = time.process_time() - c0
    out["samplesPerSec"] = len(x) / out["seconds"]
    model.predict(x[:32], verbose=0)
    c1, t1 = time.process_time(), time.perf_counter()
    model.predict(x, batch_size=32, verbose=0)
    out["predictSeconds"] = time.perf_counter() - t1
    out["predictCpuSeconds"] = time.process_time() - c1
else:
    # KERAS_JIT=0 turns off XLA (Keras 3's default jit_compile="auto" compiles the step with XLA).
    jit = "auto" if os.environ.get("KERAS_JIT", "auto") == "auto" else os.environ["KERAS_JIT"] == "1"
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"], jit_compile=jit)
    out["jitCompile"] = str(jit)
    x, y = prep(xtr), onehot(ytr)
    c0, t0 = time.process_time(), time.perf_counter()
    h = model.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=True)
    out["seconds"] = time.perf_counter() - t0
    out["cpuSeconds"] = time.process_time() - c0
    out["samplesPerSec"] = len(x) / out["seconds"]
    out["loss"] = h.history["loss"][0]
    out["testAccuracy"] = model.evaluate(prep(xte), onehot(yte), batch_size=256, verbose=0)[1]
out["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
