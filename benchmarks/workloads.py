"""The benchmark workloads, as the peers (torch_workloads.py, jax_workloads.py) build them;
they mirror src/main/gradus/*.net: six MLPs (kind "mlp"), a CNN and a bag-of-embeddings classifier.
Flops per example count what a training step must do: each layer's forward product, weight gradient
and input gradient (2 x multiply-adds each), except the first layer's input gradient (its input is
data); an embedding counts one add per looked-up number forward and one backward."""

WORKLOADS = {
    "xor":        dict(sizes=[2, 8, 1], hidden="tanh", output="sigmoid", loss="bce", optimizer=("adam", 0.01, 0), batch=4),
    "simple_net": dict(sizes=[1, 10, 1], hidden="relu", output="relu", loss="mse", optimizer=("sgd", 0.01, 0), batch=4),
    "mlp784":     dict(sizes=[784, 128, 10], hidden="relu", output=None, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=64),
    "mlp256":     dict(sizes=[256, 512, 512, 10], hidden="relu", output=None, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=64),
    "mlp64":      dict(sizes=[64, 32, 10], hidden="relu", output=None, loss="ce", optimizer=("adam", 0.001, 0), batch=32),
    "wide":       dict(sizes=[784, 1024, 1024, 10], hidden="relu", output=None, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=256),
    # 1x28x28 -> conv 3x3 16 (padding 1), relu, max pool 2 -> conv 3x3 32 (padding 1), relu, max pool 2 -> dense 10
    "cnn":        dict(kind="cnn", image=28, channels=[1, 16, 32], classes=10, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=64),
    # tokens[32] of class(5000) -> embedding 64 -> mean -> dense 64, relu -> dense 4
    "embed":      dict(kind="embed", tokens=32, vocab=5000, dim=64, hidden=64, classes=4, loss="ce", optimizer=("sgd", 0.01, 0.9), batch=64),
}

def kind(name):
    return WORKLOADS[name].get("kind", "mlp")

# How many batches a benchmark cycles through (as Throughput.java does), so every peer reads its data from memory.
def batches(name):
    return 16 if name.startswith("mlp") or kind(name) != "mlp" else 4 if name == "wide" else 1

def flops_per_example(name):
    w = WORKLOADS[name]
    if kind(name) == "cnn":
        c, n = w["channels"], w["image"]
        conv1 = c[1] * c[0] * 9 * n * n
        conv2 = c[2] * c[1] * 9 * (n // 2) ** 2
        dense = w["classes"] * c[2] * (n // 4) ** 2
        return 2 * (2 * conv1 + 3 * conv2 + 3 * dense)
    if kind(name) == "embed":
        return 2 * w["tokens"] * w["dim"] + 6 * (w["hidden"] * w["dim"] + w["classes"] * w["hidden"])
    s = w["sizes"]
    weights = [s[i] * s[i + 1] for i in range(len(s) - 1)]
    return 6 * sum(weights) - 2 * weights[0]
