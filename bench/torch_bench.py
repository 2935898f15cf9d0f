"""One PyTorch measurement (CPU) in a fresh process; prints one JSON line, as keras_bench.py.
Usage: torch_bench.py <mnist|cifar> <trainCount> <testCount>

The model of 004 layer for layer (channels first, PyTorch's layout: the Dense after Flatten sees
the same numbers in another order), Keras's initialisation (Glorot-uniform kernels, zero biases),
the loss on the logits (CrossEntropyLoss; Keras 3 also takes the softmax's logits), one epoch,
the batch size and seeded shuffle of the other engines, test accuracy over the test set.
Measured as a PyTorch user would train: torch.optim.RMSprop (its default foreach update over
all parameters) with Keras's settings (lr 1e-3, alpha = rho 0.9, eps 1e-7). What differs from
Keras 3's RMSprop is where eps sits:
    Keras: w -= lr * g / sqrt(v + eps)        torch: w -= lr * g / (sqrt(v) + eps)
(v = rho*v + (1-rho)*g^2 in both). The same kernels run either way, so the speed is PyTorch's;
the trajectory differs where v is tiny (Keras floors the denominator at sqrt(1e-7) = 3.2e-4).
Threads: PyTorch's default (torch.get_num_threads(), the cores it sees). run.mjs starts it with
OMP_WAIT_POLICY=PASSIVE: with libgomp's default spin-waiting a step beside other load took 3-9x
longer (bench/README.md, "Fair peers"); `ompWaitPolicy` in the output says what ran."""
import json, os, resource, sys, time
import numpy as np
import torch
from torch import nn
import bench_data

case, n_train, n_test = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.manual_seed(4)


def conv(c_in, c_out):
    return [nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]


if case == "cifar":
    model = nn.Sequential(*conv(3, 16), *conv(16, 32), *conv(32, 64), nn.Dropout(0.3),
                          nn.Flatten(), nn.Linear(4 * 4 * 64, 500), nn.ReLU(), nn.Dropout(0.4),
                          nn.Linear(500, 10))
    batch = 32
elif case == "mnist":
    model = nn.Sequential(*conv(1, 32), *conv(32, 64), nn.Flatten(), nn.Linear(7 * 7 * 64, 64),
                          nn.ReLU(), nn.Linear(64, 10))
    batch = 64
else:
    sys.exit(f"torch_bench.py: case 'mnist' or 'cifar' expected, '{case}' found")
for m in model.modules():
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)

xtr, ytr, xte, yte = bench_data.load(case, n_train, n_test)
prep = lambda x: torch.from_numpy(np.array(x.transpose(0, 3, 1, 2))).float() / 255
labels = lambda y: torch.from_numpy(y.astype(np.int64))
x, y = prep(xtr), labels(ytr)
out = {"engine": "torch", "case": case, "train": len(x), "test": len(xte), "batchSize": batch,
       "torch": torch.__version__, "threads": torch.get_num_threads(), "precision": "float32",
       "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY", "default (spin)"),
       "optimizer": "torch.optim.RMSprop(lr=1e-3, alpha=0.9, eps=1e-7)"}
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()
model.train()
c0, t0 = time.process_time(), time.perf_counter()
order = torch.randperm(len(x), generator=torch.Generator().manual_seed(4))
total, seen = 0.0, 0
for i in range(0, len(x), batch):
    idx = order[i:i + batch]
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model(x[idx]), y[idx])
    loss.backward()
    optimizer.step()
    total += loss.item() * len(idx)
    seen += len(idx)
out["seconds"] = time.perf_counter() - t0
out["cpuSeconds"] = time.process_time() - c0
out["samplesPerSec"] = len(x) / out["seconds"]
out["loss"] = total / seen
model.eval()
with torch.no_grad():
    xt, yt = prep(xte), labels(yte)
    correct = sum(int((model(xt[i:i + 256]).argmax(1) == yt[i:i + 256]).sum())
                  for i in range(0, len(xt), 256))
out["testAccuracy"] = correct / len(xt)
out["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
