"""Writes the seed tutorials' cases with PyTorch's own numbers: data CSV, initial
parameters (safetensors, float64), expected per-epoch loss log and final parameters.
The tests of compiler/, generated-examples/ and cli/ read them from here (../reference from a module).
Run from the repository root: /usr/bin/python3 reference/make_seed_refs.py  (Debian's python3-torch)."""
import json, os, sys
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from refkit import save_safetensors, write_csv, trajectory

torch.set_default_dtype(torch.float64)
here = os.path.dirname(os.path.abspath(__file__))

def case(name, forward, init, data_fields, opt, batch, epochs, extra=None):
    d = os.path.join(here, name); os.makedirs(d, exist_ok=True)
    write_csv(os.path.join(d, "data.csv"), data_fields)
    save_safetensors(os.path.join(d, "init.safetensors"), init)
    data = dict(data_fields)
    log, final = trajectory(forward, init, data, opt, batch, epochs)
    save_safetensors(os.path.join(d, "final.safetensors"), final)
    out = {"epochs": epochs, "batch": batch, "loss_log": log, "final": {k: v.tolist() for k, v in final.items()}}
    if extra: out.update(extra(final))
    with open(os.path.join(d, "expected.json"), "w") as f: json.dump(out, f, indent=1)
    print(name, "first", log[0], "last", log[-1])

def linear_init(out_f, in_f, seed):
    torch.manual_seed(seed); m = torch.nn.Linear(in_f, out_f).double()
    return m.weight.detach().clone(), m.bias.detach().clone()

# 1. SimpleNet 1-10-1, relu, relu, MSE, SGD lr 0.01, full batch of 4, 100 epochs (seed 000)
X = torch.tensor([[1.0], [2.0], [3.0], [4.0]]); Y = 2 * X
torch.manual_seed(1)
net = torch.nn.Sequential(torch.nn.Linear(1, 10), torch.nn.ReLU(), torch.nn.Linear(10, 1), torch.nn.ReLU())
W1, b1, W2, b2 = (p.detach().clone() for p in net.parameters())
def simple_net(P, b):
    h = torch.relu(b["x"] @ P["W1"].T + P["b1"]); yh = torch.relu(h @ P["W2"].T + P["b2"])
    return ((yh - b["y"]) ** 2).mean(dim=1)
def pred5(P):
    h = torch.relu(torch.tensor([5.0]) @ P["W1"].T + P["b1"]); return {"predict_x_5": torch.relu(h @ P["W2"].T + P["b2"]).item()}
case("simple_net", simple_net, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, [("x", X), ("y", Y)],
     lambda ps: torch.optim.SGD(ps, lr=0.01), 4, 100, pred5)

# 2. nn.Linear(1, 1), MSE, one SGD step with lr 0.01 (seed 001)
w, b = linear_init(1, 1, 0)
def linear(P, b_):
    return ((b_["x"] @ P["w"].T + P["b"] - b_["y"]) ** 2).mean(dim=1)
case("linear", linear, {"w": w, "b": b}, [("x", X), ("y", Y)], lambda ps: torch.optim.SGD(ps, lr=0.01), 4, 1)

# 3. XOR, one layer with sigmoid, MSE, SGD lr 0.1, 10000 epochs: cannot learn XOR (seed 004)
XX = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]]); YX = torch.tensor([[0.], [1.], [1.], [0.]])
w, b = linear_init(1, 2, 0)
def xor_sigmoid(P, b_):
    return ((torch.sigmoid(b_["x"] @ P["w"].T + P["b"]) - b_["y"]) ** 2).mean(dim=1)
case("xor_sigmoid", xor_sigmoid, {"w": w, "b": b}, [("x", XX), ("y", YX)], lambda ps: torch.optim.SGD(ps, lr=0.1), 4, 10000)

# 4. Beyond the seeds: XOR with a hidden tanh layer, BCE, Adam lr 0.01, 2000 epochs: learns XOR
W1, b1 = linear_init(8, 2, 1); W2, b2 = linear_init(1, 8, 2)
def xor_mlp(P, b_):
    p = torch.sigmoid(torch.tanh(b_["x"] @ P["W1"].T + P["b1"]) @ P["W2"].T + P["b2"])
    return torch.nn.functional.binary_cross_entropy(p, b_["y"], reduction="none").mean(dim=1)
case("xor_mlp", xor_mlp, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, [("x", XX), ("y", YX)],
     lambda ps: torch.optim.Adam(ps, lr=0.01), 4, 2000)

# 5. The scalar case (seeds 001-003): loss and gradient at one point
x, y, w = torch.tensor(1.0), torch.tensor(2.0), torch.tensor(1.0, requires_grad=True)
loss = (w * x - y) ** 2; loss.backward()
os.makedirs(os.path.join(here, "scalar"), exist_ok=True)
with open(os.path.join(here, "scalar", "expected.json"), "w") as f:
    json.dump({"at": {"x": 1.0, "y": 2.0, "w": 1.0}, "loss": loss.item(), "dloss_dw": w.grad.item(),
               "local": {"dloss_ds": -2.0, "ds_dy_hat": 1.0, "dy_hat_dw": 1.0}}, f, indent=1)
print("scalar", loss.item(), w.grad.item())
