# Trains a small CNN in Keras for a few steps from weights given by a formula, on the first
# CIFAR-10 training images in file order, and writes every step's loss and the final weights'
# sums: the fixture test/reference/steps.test.ts holds the library's graph engine to.
#   bench/.venv/bin/python test/reference/steps/keras_steps.py <cifar dir> > test/reference/steps/keras-steps.json
import json, sys, os
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
import numpy as np
import keras
from keras import layers

STEPS, BATCH = 20, 32


def formula_weights(model):
    """Every weight array filled by 0.5 * sin(0.37 i + 1.3 k) * sqrt(6 / (fan_in + fan_out))."""
    out = []
    for k, w in enumerate(model.get_weights()):
        i = np.arange(w.size, dtype=np.float64)
        shape = w.shape
        fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else shape[0]
        fan_out = shape[-1] if len(shape) > 1 else shape[0]
        scale = np.sqrt(6.0 / (fan_in + fan_out))
        out.append((0.5 * np.sin(0.37 * i + 1.3 * k) * scale).astype(np.float32).reshape(shape))
    return out


def cifar(dirname, n):
    raw = np.fromfile(os.path.join(dirname, 'data_batch_1.bin'), dtype=np.uint8).reshape(-1, 3073)[:n]
    x = raw[:, 1:].reshape(n, 3, 32, 32).transpose(0, 2, 3, 1).astype(np.float32) / 255.0
    y = np.eye(10, dtype=np.float32)[raw[:, 0]]
    return x, y


def model():
    return keras.Sequential([
        keras.Input((32, 32, 3)),
        layers.Conv2D(8, 3, activation='relu'),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 3, activation='relu'),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(32, activation='relu'),
        layers.Dense(10, activation='softmax'),
    ])


OPTIMIZERS = {
    'sgd': lambda: keras.optimizers.SGD(0.01),
    'rmsprop': lambda: keras.optimizers.RMSprop(0.0001),  # 02's learning rate
    'adam': lambda: keras.optimizers.Adam(0.001),
}

x, y = cifar(sys.argv[1], STEPS * BATCH)
result = {'steps': STEPS, 'batch': BATCH, 'keras': keras.__version__, 'runs': {}}
for name, make in OPTIMIZERS.items():
    m = model()
    m.set_weights(formula_weights(m))
    m.compile(optimizer=make(), loss='categorical_crossentropy')
    losses = [float(m.train_on_batch(x[s * BATCH:(s + 1) * BATCH], y[s * BATCH:(s + 1) * BATCH]))
              for s in range(STEPS)]
    result['runs'][name] = {
        'losses': [round(v, 7) for v in losses],
        'weightSums': [round(float(np.abs(w).sum()), 6) for w in m.get_weights()],
    }
print(json.dumps(result, indent=1))
