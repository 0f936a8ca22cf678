"""The five benchmark workloads, as the peers (torch_workloads.py, jax_workloads.py) build them;
they mirror src/main/gradus/*.net. Flops per example count what a training step must do: each
layer's forward product, weight gradient and input gradient (2 x weights each), except the first
layer's input gradient (its input is data)."""

WORKLOADS = {
    "xor":        dict(sizes=[2, 8, 1], hidden="tanh", output="sigmoid", loss="bce", optimizer=("adam", 0.01, 0), batch=4),
    "simple_net": dict(sizes=[1, 10, 1], hidden="relu", output="relu", loss="mse", optimizer=("sgd", 0.01, 0), batch=4),
    "mlp784":     dict(sizes=[784, 128, 10], hidden="relu", output=None, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=64),
    "mlp256":     dict(sizes=[256, 512, 512, 10], hidden="relu", output=None, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=64),
    "mlp64":      dict(sizes=[64, 32, 10], hidden="relu", output=None, loss="ce", optimizer=("adam", 0.001, 0), batch=32),
    "wide":       dict(sizes=[784, 1024, 1024, 10], hidden="relu", output=None, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=256),
}

def flops_per_example(name):
    s = WORKLOADS[name]["sizes"]
    weights = [s[i] * s[i + 1] for i in range(len(s) - 1)]
    return 6 * sum(weights) - 2 * weights[0]
