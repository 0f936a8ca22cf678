"""The PyTorch half of compare.sh: the same four workloads as Gradus's benchmarks, on synthetic
data, timed for a fixed time after a warm-up. Usage: torch_workloads.py WORKLOAD float|double SECONDS [THREADS].
Prints: steps/s examples/s GFLOP/s (6 x weights x examples/s)."""
import os, sys, time
import torch

workload, precision, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else os.cpu_count())
torch.set_default_dtype(torch.float32 if precision == "float" else torch.float64)
torch.manual_seed(0)
nn, F = torch.nn, torch.nn.functional

if workload == "xor":
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid())
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    x = torch.randn(4, 2); y = torch.rand(4, 1); batch = 4
    loss_fn = lambda out: F.binary_cross_entropy(out, y)
elif workload == "simple_net":
    model = nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1), nn.ReLU())
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(4, 1); y = torch.rand(4, 1); batch = 4
    loss_fn = lambda out: F.mse_loss(out, y)
else:
    sizes = [784, 128, 10] if workload == "mlp784" else [256, 512, 512, 10]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    batch = 64
    x = torch.randn(batch, sizes[0]); labels = torch.randint(0, 10, (batch,))
    loss_fn = lambda out: F.cross_entropy(out, labels)

weights = sum(p.numel() for p in model.parameters() if p.dim() == 2)

def run(duration):
    steps, start = 0, time.perf_counter()
    end = start + duration
    while time.perf_counter() < end:
        for _ in range(8):
            opt.zero_grad()
            loss = loss_fn(model(x))
            loss.backward()
            opt.step()
            steps += 1
    return steps / (time.perf_counter() - start)

run(max(1.0, seconds / 2))
sps = run(seconds)
print("%.1f %.1f %.3f" % (sps, sps * batch, 6.0 * weights * sps * batch / 1e9))
