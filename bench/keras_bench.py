"""One Keras measurement in a fresh process; prints one JSON line.
Usage: keras_bench.py <mnist|cifar|infer|infer-cifar> <trainCount> <testCount> [float32|mixed_bfloat16]
mixed_bfloat16 (the keras-bf16 engine) sets Keras's global policy before the model is built: bf16
layers, float32 variables; the softmax gets its own float32 Activation, as Keras's mixed-precision
guide advises and as the library's graph does (the Dense(10) before it computes in bf16)."""
import json, os, resource, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras
import tensorflow as tf
import bench_data

case, n_train, n_test = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
policy = sys.argv[4] if len(sys.argv) > 4 else "float32"
keras.mixed_precision.set_global_policy(policy)


L = keras.layers


def softmax_out():
    """Dense(10, softmax) in float32; in mixed precision Dense(10) then a float32 softmax."""
    if policy == "float32":
        return [L.Dense(10, activation="softmax")]
    return [L.Dense(10), L.Activation("softmax", dtype="float32")]


xtr, ytr, xte, yte = bench_data.load(case, n_train, n_test)
if case in ("cifar", "infer-cifar"):
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(32, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Dropout(0.3), L.Flatten(), L.Dense(500, activation="relu"), L.Dropout(0.4),
        *softmax_out()])
    batch = 32
else:
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Conv2D(32, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Flatten(), L.Dense(64, activation="relu"), *softmax_out()])
    batch = 64
prep = lambda x: x.astype("float32") / 255
onehot = lambda y: keras.utils.to_categorical(y, 10)
out = {"engine": "keras" if policy == "float32" else "keras-bf16", "case": case,
       "precision": keras.mixed_precision.global_policy().name,
       "train": len(xtr), "test": len(xte), "batchSize": batch,
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
