"""The PyTorch half of compare.sh: the same workloads (workloads.py) as Gradus's benchmarks, on synthetic
data, timed for a fixed time after a warm-up. Runs under any PyTorch: Debian's python3-torch
(1.13) and PyTorch 2 from the .peers virtual environment.
Usage: torch_workloads.py WORKLOAD float|double SECONDS [THREADS].
Prints: steps/s examples/s GFLOP/s (flops as workloads.py counts them)."""
import os, sys, time
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import WORKLOADS, flops_per_example, kind

workload, precision, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else os.cpu_count())
torch.set_default_dtype(torch.float32 if precision == "float" else torch.float64)
torch.manual_seed(0)
nn, F = torch.nn, torch.nn.functional
w = WORKLOADS[workload]
batch = w["batch"]

class Embed(nn.Module):
    """tokens -> embedding -> mean over the tokens -> dense, relu -> dense."""
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(w["vocab"], w["dim"])
        self.hidden = nn.Linear(w["dim"], w["hidden"])
        self.out = nn.Linear(w["hidden"], w["classes"])
    def forward(self, tokens):
        return self.out(F.relu(self.hidden(self.embedding(tokens).mean(1))))

if kind(workload) == "cnn":
    c, n = w["channels"], w["image"]
    model = nn.Sequential(nn.Conv2d(c[0], c[1], 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(c[1], c[2], 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(c[2] * (n // 4) ** 2, w["classes"]))
    x = torch.randn(batch, c[0], n, n)
    classes = w["classes"]
elif kind(workload) == "embed":
    model = Embed()
    x = torch.randint(0, w["vocab"], (batch, w["tokens"]))
    classes = w["classes"]
else:
    sizes = w["sizes"]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append({"tanh": nn.Tanh(), "relu": nn.ReLU()}[w["hidden"]])
    if w["output"] == "sigmoid":
        layers.append(nn.Sigmoid())
    elif w["output"] == "relu":
        layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    x = torch.randn(batch, sizes[0])
    classes = sizes[-1]
opt_name, lr, momentum = w["optimizer"]
opt = (torch.optim.Adam(model.parameters(), lr=lr) if opt_name == "adam"
       else torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum))
if w["loss"] == "ce":
    labels = torch.randint(0, classes, (batch,))
    loss_fn = lambda out: F.cross_entropy(out, labels)
else:
    y = torch.rand(batch, classes)
    loss_fn = (lambda out: F.binary_cross_entropy(out, y)) if w["loss"] == "bce" else (lambda out: F.mse_loss(out, y))

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

run(max(0.5, seconds / 2))
sps = run(seconds)
print("%.1f %.1f %.3f" % (sps, sps * batch, flops_per_example(workload) * sps * batch / 1e9))
