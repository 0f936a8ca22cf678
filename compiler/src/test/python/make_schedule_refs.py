"""PyTorch's trajectories under learning-rate schedules and gradient clipping, in float64.

One small regression net (as make_refs.py's Reg) trained by torch.optim with each
torch.optim.lr_scheduler schedule, torch.nn.utils.clip_grad_norm_ and clip_grad_value_. Writes
compiler/src/test/resources/schedules/{model.net,data.csv,init.safetensors} and, per case,
<case>/expected.json (the schedule as gradus writes it, clipping, per-epoch lr and loss) and
<case>/final.safetensors. Run with Debian's python3-torch:
    /usr/bin/python3 compiler/src/test/python/make_schedule_refs.py
"""
import json, os, sys
import torch
# refkit.py (safetensors and CSV writers, the torch training loop) lives beside the seed references.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "reference"))
from refkit import save_safetensors, write_csv

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "schedules")
os.makedirs(OUT, exist_ok=True)
O, S = torch.optim, torch.optim.lr_scheduler

g = torch.Generator().manual_seed(7)
def rand(*shape, scale=1.0): return torch.randn(*shape, generator=g) * scale
X = rand(10, 2); Y = (X[:, :1] * 1.5 - X[:, 1:] * 0.5 + 0.3).tanh() * 2
INIT = {"W1": rand(5, 2, scale=0.8), "b1": rand(5, scale=0.1), "W2": rand(1, 5, scale=0.8), "b2": rand(1, scale=0.1)}
def forward(P, b):
    h = torch.tanh(b["x"] @ P["W1"].T + P["b1"]); y = h @ P["W2"].T + P["b2"]
    return ((y - b["y"]) ** 2).mean(dim=1)
BATCH, EPOCHS = 4, 14
with open(os.path.join(OUT, "model.net"), "w") as f:
    f.write("""model Reg {
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
    train { optimizer = sgd(lr = 0.1, momentum = 0.5) batch = 4 epochs = 14 shuffle = false }
}
""")
write_csv(os.path.join(OUT, "data.csv"), [("x", X), ("y", Y)])
save_safetensors(os.path.join(OUT, "init.safetensors"), INIT)
SGD = ("sgd(lr = 0.1, momentum = 0.5)", lambda ps: O.SGD(ps, lr=0.1, momentum=0.5))
ADAM = ("adam(lr = 0.05)", lambda ps: O.Adam(ps, lr=0.05))

def case(name, optimizer, schedule=None, factory=None, per_batch=False, plateau=False, clip_norm=0.0, clip_value=0.0):
    P = {k: v.clone().requires_grad_(True) for k, v in INIT.items()}
    opt = optimizer[1](list(P.values()))
    sched = factory(opt) if factory else None
    n = X.shape[0]; losses, lrs = [], []
    for _ in range(EPOCHS):
        lrs.append(opt.param_groups[0]["lr"]); total = []
        for i in range(0, n, BATCH):
            opt.zero_grad()
            loss = forward(P, {"x": X[i:i + BATCH], "y": Y[i:i + BATCH]}).mean()
            loss.backward()
            if clip_norm: torch.nn.utils.clip_grad_norm_(list(P.values()), clip_norm)
            if clip_value: torch.nn.utils.clip_grad_value_(list(P.values()), clip_value)
            opt.step(); total.append(loss.item())
            if per_batch: sched.step()
        losses.append(sum(total) / len(total))
        if sched and not per_batch: sched.step(losses[-1]) if plateau else sched.step()
    d = os.path.join(OUT, name); os.makedirs(d, exist_ok=True)
    save_safetensors(os.path.join(d, "final.safetensors"), {k: v.detach() for k, v in P.items()})
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({"optimizer": optimizer[0], "schedule": schedule, "clip_grad_norm": clip_norm, "clip_grad_value": clip_value,
                   "epochs": EPOCHS, "batch": BATCH, "lr_log": lrs, "loss_log": losses}, f, indent=1)
    print(name, "torch", torch.__version__, "lr", lrs[-1], "loss", losses[0], losses[-1])

case("step", SGD, "step(step_size = 3, gamma = 0.5)", lambda o: S.StepLR(o, step_size=3, gamma=0.5))
case("multistep", SGD, "multistep(4, 9, gamma = 0.3)", lambda o: S.MultiStepLR(o, milestones=[4, 9], gamma=0.3))
case("exponential", ADAM, "exponential(gamma = 0.85)", lambda o: S.ExponentialLR(o, gamma=0.85))
case("cosine", SGD, "cosine(T_max = 5, eta_min = 0.01)", lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.01))
case("linear_warmup", ADAM, "linear(start_factor = 0.2, total_iters = 4)",
     lambda o: S.LinearLR(o, start_factor=0.2, total_iters=4))
case("one_cycle", SGD, "one_cycle(max_lr = 0.3)",
     lambda o: S.OneCycleLR(o, max_lr=0.3, total_steps=EPOCHS * 3, cycle_momentum=False), per_batch=True)
case("one_cycle_linear", ADAM, "one_cycle(max_lr = 0.1, pct_start = 0.4, div_factor = 10, final_div_factor = 100, anneal_strategy = \"linear\")",
     lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=EPOCHS * 3, pct_start=0.4, div_factor=10, final_div_factor=100,
                            anneal_strategy="linear", cycle_momentum=False), per_batch=True)
case("plateau", SGD, "plateau(factor = 0.5, patience = 1, threshold = 0.3, cooldown = 1)",
     lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=1, threshold=0.3, cooldown=1), plateau=True)
case("plateau_abs", ADAM, "plateau(factor = 0.2, patience = 0, threshold = 0.01, threshold_mode = \"abs\", min_lr = 0.005)",
     lambda o: S.ReduceLROnPlateau(o, factor=0.2, patience=0, threshold=0.01, threshold_mode="abs", min_lr=0.005), plateau=True)
case("clip_norm", SGD, clip_norm=0.3)
case("clip_value", SGD, clip_value=0.05)
case("clip_both_cosine", ADAM, "cosine(T_max = 3)", lambda o: S.CosineAnnealingLR(o, T_max=3), clip_norm=0.5, clip_value=0.1)
