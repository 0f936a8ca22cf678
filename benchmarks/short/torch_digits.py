"""The same run in PyTorch on one thread: digits.csv, 64-128-10 MLP, Adam(lr=0.001), batch 32 shuffled, 30 epochs.
Prints the wall time of the whole script (import, data and training) in seconds."""
import os
import sys
import time

start = time.perf_counter()
import numpy as np
import torch

torch.set_num_threads(1)
torch.manual_seed(1)
data = np.loadtxt(os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.csv"), delimiter=",", skiprows=1)
x = torch.tensor(data[:, :64], dtype=torch.float32)
y = torch.tensor(data[:, 64], dtype=torch.long)
model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(int(sys.argv[1]) if len(sys.argv) > 1 else 30):
    order = torch.randperm(len(x))
    for i in range(0, len(x), 32):
        b = order[i:i + 32]
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x[b]), y[b])
        loss.backward()
        opt.step()
print(f"{time.perf_counter() - start:.2f}")
