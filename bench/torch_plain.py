"""A plain PyTorch training loop, written as a PyTorch user would (DataLoader, torch.optim.RMSprop,
PyTorch's default initialisation and threads), to check that torch_bench.py measures PyTorch
at its own speed (issue 23). Same model and batch size as torch_bench.py; one JSON line.
Usage: torch_plain.py <mnist|cifar> <trainCount>"""
import json, sys, time
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
import bench_data

case, n_train = sys.argv[1], int(sys.argv[2])
xtr, ytr, _, _ = bench_data.load(case, n_train, 0)
x = torch.tensor(xtr.transpose(0, 3, 1, 2), dtype=torch.float32) / 255
y = torch.tensor(ytr, dtype=torch.long)
if case == "mnist":
    model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(3136, 64), nn.ReLU(), nn.Linear(64, 10))
    batch = 64
else:
    model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Dropout(0.3), nn.Flatten(), nn.Linear(1024, 500), nn.ReLU(),
                          nn.Dropout(0.4), nn.Linear(500, 10))
    batch = 32
loader = DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True)
opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()
c0, t0 = time.process_time(), time.perf_counter()
for xb, yb in loader:
    opt.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()
print(json.dumps({"engine": "torch-plain", "case": case, "train": len(x),
                  "seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0,
                  "loss": loss.item(), "threads": torch.get_num_threads()}))
