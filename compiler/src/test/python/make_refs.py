"""PyTorch's numbers for the optimizers and ops beyond the seed cases, in float64.

Each case is a .net model (written beside its data as model.net) and the same model in torch.
Writes compiler/src/test/resources/reference/<case>/{model.net,data.csv,init.safetensors,
expected.json,final.safetensors}. Run with Debian's python3-torch:
    /usr/bin/python3 compiler/src/test/python/make_refs.py
"""
import json, os, sys
import torch
# refkit.py (safetensors and CSV writers, the torch training loop) lives beside the seed references.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "reference"))
from refkit import save_safetensors, write_csv, trajectory

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "reference")
F = torch.nn.functional

def case(name, net, forward, init, fields, opt, batch, epochs):
    d = os.path.join(OUT, name); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "model.net"), "w") as f: f.write(net.strip() + "\n")
    write_csv(os.path.join(d, "data.csv"), fields)
    save_safetensors(os.path.join(d, "init.safetensors"), init)
    log, final = trajectory(forward, init, dict(fields), opt, batch, epochs)
    save_safetensors(os.path.join(d, "final.safetensors"), final)
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({"epochs": epochs, "batch": batch, "loss_log": log}, f, indent=1)
    print(name, "torch", torch.__version__, "first", log[0], "last", log[-1])

g = torch.Generator().manual_seed(42)
def rand(*shape, scale=1.0): return torch.randn(*shape, generator=g) * scale

# A small regression net, 8 examples in batches of 3 (the last batch is smaller).
X = rand(8, 2); Y = (X[:, :1] * 1.5 - X[:, 1:] * 0.5 + 0.3).tanh()
REG_INIT = {"W1": rand(5, 2, scale=0.5), "b1": rand(5, scale=0.1), "W2": rand(1, 5, scale=0.5), "b2": rand(1, scale=0.1)}
def reg(P, b):
    h = torch.tanh(b["x"] @ P["W1"].T + P["b1"]); y = h @ P["W2"].T + P["b2"]
    return ((y - b["y"]) ** 2).mean(dim=1)
def reg_net(opt):
    return """
model Reg {
    input  x[2]
    target y[1]
    param W1[5, 2]
    param b1[5]
    param W2[1, 5]
    param b2[1]
    h = tanh(W1 @ x + b1)
    y_hat = W2 @ h + b2
    output y_hat
    loss = mse(y_hat, y)
    train { optimizer = %s batch = 3 epochs = 40 shuffle = false }
}""" % opt
O = torch.optim
for name, text, factory in [
    ("sgd_momentum", "sgd(lr = 0.05, momentum = 0.9, dampening = 0.1, weight_decay = 0.01)",
     lambda ps: O.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd_nesterov", "sgd(lr = 0.05, momentum = 0.8, nesterov = true, weight_decay = 0.001)",
     lambda ps: O.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.001)),
    ("adam_decay", "adam(lr = 0.02, beta1 = 0.8, beta2 = 0.99, eps = 1e-6, weight_decay = 0.01)",
     lambda ps: O.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    ("adamw", "adamw(lr = 0.02, weight_decay = 0.05)", lambda ps: O.AdamW(ps, lr=0.02, weight_decay=0.05)),
    ("rmsprop", "rmsprop(lr = 0.01, alpha = 0.9, eps = 1e-6)", lambda ps: O.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-6)),
    ("rmsprop_momentum", "rmsprop(lr = 0.01, momentum = 0.5, weight_decay = 0.01)",
     lambda ps: O.RMSprop(ps, lr=0.01, momentum=0.5, weight_decay=0.01)),
]:
    case(name, reg_net(text), reg, REG_INIT, [("x", X), ("y", Y)], factory, 3, 40)

# A softmax classifier with class targets, cross-entropy and an L2 term on one weight.
XC = rand(20, 4); LC = torch.tensor([i % 3 for i in range(20)])
XC = XC + torch.stack([LC.double() - 1, (LC == 0).double(), -LC.double(), torch.zeros(20)], dim=1)
CE_INIT = {"W1": rand(6, 4, scale=0.4), "b1": torch.zeros(6), "W2": rand(3, 6, scale=0.4), "b2": torch.zeros(3)}
def ce(P, b):
    h = torch.relu(b["x"] @ P["W1"].T + P["b1"]); z = h @ P["W2"].T + P["b2"]
    return F.cross_entropy(z, b["label"], reduction="none") + 1e-3 * (P["W1"] ** 2).sum()
case("softmax_ce", """
model Classifier {
    input  x[4]
    target label : class(3)
    param W1[6, 4]
    param b1[6]
    param W2[3, 6]
    param b2[3]
    h = relu(W1 @ x + b1)
    logits = W2 @ h + b2
    output logits
    loss = cross_entropy(logits, label) + 1e-3 * sum(W1 ^ 2)
    train { optimizer = sgd(lr = 0.1, momentum = 0.9) batch = 8 epochs = 15 shuffle = false }
}""", ce, CE_INIT, [("x", XC), ("label", LC)], lambda ps: O.SGD(ps, lr=0.1, momentum=0.9), 8, 15)

# Many ops at once: the forward numerics of each must follow torch's.
XZ = rand(6, 3); YZ = torch.sigmoid(rand(6, 3)); TZ = F.softmax(rand(6, 3), dim=1)
ZOO_INIT = {"A": rand(3, 3, scale=0.5), "c": rand(3, scale=0.3), "s": torch.tensor(0.7)}
def zoo(P, b):
    x = b["x"]; z = x @ P["A"].T + P["c"]
    p = torch.sigmoid(z)
    u = F.softplus(z) + F.leaky_relu(z, 0.1) + F.elu(z, 0.7) + torch.abs(z) * 0.1
    l = (F.mse_loss(u, b["y"], reduction="none").mean(dim=1) + F.l1_loss(p, b["y"], reduction="none").mean(dim=1)
         + F.huber_loss(z, b["y"], reduction="none", delta=0.5).mean(dim=1)
         + F.binary_cross_entropy(p, b["y"], reduction="none").mean(dim=1)
         + F.binary_cross_entropy_with_logits(z, b["y"], reduction="none").mean(dim=1)
         + -(b["t"] * F.log_softmax(z, dim=1)).sum(dim=1)
         + torch.logsumexp(z * P["s"], dim=1) * 0.1
         + (F.softmax(z, dim=1) * x).sum(dim=1)
         + torch.maximum(z, x).sum(dim=1) * 0.1 + torch.minimum(z, x).sum(dim=1) * 0.1
         + (torch.sin(z) * torch.cos(x)).sum(dim=1) * 0.1 + torch.sqrt(z ** 2 + 1).sum(dim=1) * 0.1
         + torch.log(torch.exp(z * 0.5) + 1).sum(dim=1) * 0.1
         + (z / (x ** 2 + 1)).sum(dim=1) * 0.1 + ((z ** 2 + 0.5) ** P["s"]).sum(dim=1) * 0.1)
    return l
case("op_zoo", """
model Zoo {
    input  x[3]
    target y[3]
    target t[3]
    param A[3, 3]
    param c[3]
    param s
    z = A @ x + c
    p = sigmoid(z)
    u = softplus(z) + leaky_relu(z, 0.1) + elu(z, 0.7) + abs(z) * 0.1
    loss = mse(u, y) + l1(p, y) + huber(z, y, 0.5) + bce(p, y) + bce_logits(z, y) + cross_entropy(z, t)
         + logsumexp(z * s) * 0.1 + sum(softmax(z) * x) + sum(max(z, x)) * 0.1 + sum(min(z, x)) * 0.1
         + sum(sin(z) * cos(x)) * 0.1 + sum(sqrt(z ^ 2 + 1)) * 0.1 + sum(log(exp(z * 0.5) + 1)) * 0.1
         + sum(z / (x ^ 2 + 1)) * 0.1 + sum((z ^ 2 + 0.5) ** s) * 0.1
    train { optimizer = adam(lr = 0.01) batch = 4 epochs = 25 shuffle = false }
}""", zoo, ZOO_INIT, [("x", XZ), ("y", YZ), ("t", TZ)], lambda ps: O.Adam(ps, lr=0.01), 4, 25)

# The softmax classifier of examples/, on its own data, for generated-examples' tests.
import csv
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", "..", ".."))
rows = list(csv.DictReader(open(os.path.join(root, "examples", "blobs.csv"))))
XB = torch.tensor([[float(r["x[%d]" % i]) for i in range(4)] for r in rows]); LB = torch.tensor([int(r["label"]) for r in rows])
torch.manual_seed(3)
l1, l2 = torch.nn.Linear(4, 16), torch.nn.Linear(16, 3)
SC_INIT = {"W1": l1.weight.detach().clone(), "b1": l1.bias.detach().clone(), "W2": l2.weight.detach().clone(), "b2": l2.bias.detach().clone()}
def sc(P, b):
    h = torch.relu(b["x"] @ P["W1"].T + P["b1"]); z = h @ P["W2"].T + P["b2"]
    return F.cross_entropy(z, b["label"], reduction="none") + 1e-4 * (P["W1"] ** 2).sum()
OUT = os.path.join(root, "generated-examples", "src", "test", "resources", "reference")
case("softmax_classifier", open(os.path.join(root, "examples", "softmax_classifier.net")).read(), sc, SC_INIT,
     [("x", XB), ("label", LB)], lambda ps: O.SGD(ps, lr=0.05, momentum=0.9), 16, 30)
