"""One PyTorch measurement (CPU) in a fresh process; prints one JSON line, as keras_bench.py.
Usage: torch_bench.py <mnist|cifar> <trainCount> <testCount>

The model of 004 layer for layer (channels first, PyTorch's layout: the Dense after Flatten sees
the same numbers in another order), Keras's initialisation (Glorot-uniform kernels, zero biases),
the loss on the logits (CrossEntropyLoss; Keras 3 also takes the softmax's logits), one epoch,
the batch size and seeded shuffle of the other engines, test accuracy over the test set.
RMSprop is Keras 3's formula, not torch.optim.RMSprop's:
    v = rho*v + (1-rho)*g^2;  w -= lr * g / sqrt(v + eps)       (lr 1e-3, rho 0.9, eps 1e-7)
torch.optim.RMSprop puts eps outside the root (g / (sqrt(v) + eps)), which with eps 1e-7 is a
different optimizer (Keras's floor under the denominator is sqrt(1e-7) = 3.2e-4). The update
runs as torch._foreach_* kernels over all parameters, as torch.optim's foreach path does.
Threads: PyTorch's default (torch.get_num_threads(), the physical cores it sees)."""
import json, resource, sys, time
import numpy as np
import torch
from torch import nn
import bench_data

case, n_train, n_test = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.manual_seed(4)


class KerasRMSprop(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, rho=0.9, eps=1e-7):
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            ps = [p for p in group["params"] if p.grad is not None]
            gs = [p.grad for p in ps]
            vs = [self.state[p].setdefault("v", torch.zeros_like(p)) for p in ps]
            torch._foreach_mul_(vs, group["rho"])
            torch._foreach_addcmul_(vs, gs, gs, value=1 - group["rho"])
            denom = torch._foreach_add(vs, group["eps"])
            torch._foreach_sqrt_(denom)
            torch._foreach_addcdiv_(ps, gs, denom, value=-group["lr"])


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
prep = lambda x: torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))).float() / 255
labels = lambda y: torch.from_numpy(y.astype(np.int64))
x, y = prep(xtr), labels(ytr)
out = {"engine": "torch", "case": case, "train": len(x), "test": len(xte), "batchSize": batch,
       "torch": torch.__version__, "threads": torch.get_num_threads(), "precision": "float32"}
optimizer = KerasRMSprop(model.parameters())
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
