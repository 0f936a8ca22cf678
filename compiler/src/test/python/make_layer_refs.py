"""PyTorch's numbers, in float64, for the layers beyond the MLP that the compiler has so far:
softmax / log_softmax / logsumexp along an axis, layer_norm, flatten and reshape, in a tiny
attention-like model. Writes compiler/src/test/resources/reference/<case>/ (read by
GeneratedTrainerTest.followsPyTorchOnEveryOptimizerAndOp). Run with Debian's python3-torch:
    /usr/bin/python3 compiler/src/test/python/make_layer_refs.py ../shared/tools
"""
import json, os, sys
import torch
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../../../shared/tools"))
from refkit import save_safetensors, write_csv, trajectory

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "reference")
F = torch.nn.functional
O = torch.optim

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

g = torch.Generator().manual_seed(21)
def rand(*shape, scale=1.0): return torch.randn(*shape, generator=g) * scale

# Attention over 3 tokens of 4 features, layer norm per token, a classifier on the flattened result.
X = rand(10, 3, 4); LABEL = torch.randint(0, 3, (10,), generator=g)
INIT = {"Wq": rand(4, 4, scale=0.5), "Wk": rand(4, 4, scale=0.5), "g": 1 + rand(4, scale=0.1), "b": rand(4, scale=0.1),
        "Wo": rand(3, 12, scale=0.3)}
def attention(P, b):
    x = b["X"]                                                  # [N, 3, 4]
    q = x @ P["Wq"]; k = x @ P["Wk"]
    a = F.softmax(q @ k.transpose(1, 2) * 0.5, dim=2)           # each row of each example's [3, 3]
    h = F.layer_norm(a @ x, (4,), P["g"], P["b"], 1e-5)         # [N, 3, 4]
    z = torch.flatten(h, 1) @ P["Wo"].T
    extra = torch.logsumexp(h.reshape(-1, 4, 3), dim=1).sum(dim=1) * 0.01   # reshape(flatten(H), [4, 3]), along axis 0
    cols = F.log_softmax(a, dim=1).sum(dim=(1, 2)) * 0.01                   # log_softmax along axis 0 of [3, 3]
    return F.cross_entropy(z, b["label"], reduction="none") + extra - cols
case("attention_layers", """
model Attention {
    input  X[3, 4]
    target label : class(3)
    param Wq[4, 4]
    param Wk[4, 4]
    param g[4]
    param b[4]
    param Wo[3, 12]
    Q = X @ Wq
    K = X @ Wk
    A = softmax(Q @ transpose(K) * 0.5, 1)
    H = layer_norm(A @ X, g, b)
    z = Wo @ flatten(H)
    output z
    loss = cross_entropy(z, label) + 0.01 * sum(logsumexp(reshape(flatten(H), [4, 3]), 0)) - 0.01 * sum(log_softmax(A, 0))
    train { optimizer = adam(lr = 0.02) batch = 4 epochs = 12 shuffle = false }
}""", attention, INIT, [("X", X), ("label", LABEL)], lambda ps: O.Adam(ps, lr=0.02), 4, 12)

# layer_norm of a vector, and softmax of a vector with axis 0.
XV = rand(9, 5); YV = rand(9, 5)
VINIT = {"W": rand(5, 5, scale=0.4), "g": 1 + rand(5, scale=0.1), "b": rand(5, scale=0.1)}
def vec(P, b):
    h = F.layer_norm(b["x"] @ P["W"].T, (5,), P["g"], P["b"], 1e-3)
    return ((F.softmax(h, dim=1) - F.softmax(b["y"], dim=1)) ** 2).mean(dim=1) + F.mse_loss(h, b["y"], reduction="none").mean(dim=1)
case("layer_norm_vector", """
model LayerNormVector {
    input  x[5]
    target y[5]
    param W[5, 5]
    param g[5]
    param b[5]
    h = layer_norm(W @ x, g, b, eps = 1e-3)
    loss = mse(softmax(h, 0), softmax(y)) + mse(h, y)
    train { optimizer = sgd(lr = 0.1, momentum = 0.9) batch = 4 epochs = 15 shuffle = false }
}""", vec, VINIT, [("x", XV), ("y", YV)], lambda ps: O.SGD(ps, lr=0.1, momentum=0.9), 4, 15)

# An embedding classifier: four tokens of a vocabulary of 6 (indices repeat within an example),
# their embeddings averaged, a linear layer; and a second embedding of one scalar class input.
TOK = torch.randint(0, 6, (11, 4), generator=g); WORD = torch.randint(0, 5, (11,), generator=g)
LAB = torch.randint(0, 2, (11,), generator=g)
EINIT = {"E": rand(6, 3), "F": rand(5, 3), "W": rand(2, 3, scale=0.5), "c": rand(2, scale=0.1)}
def emb(P, b):
    h = F.embedding(b["tokens"], P["E"]).mean(dim=1) + F.embedding(b["word"], P["F"])   # [N, 3]
    return F.cross_entropy(h @ P["W"].T + P["c"], b["label"], reduction="none")
case("embedding_classifier", """
model EmbeddingClassifier {
    input  tokens[4] : class(6)
    input  word : class(5)
    target label : class(2)
    param E[6, 3]
    param F[5, 3]
    param W[2, 3]
    param c[2]
    h = mean(embedding(E, tokens), 0) + embedding(F, word)
    z = W @ h + c
    output z
    loss = cross_entropy(z, label)
    train { optimizer = sgd(lr = 0.2, momentum = 0.5) batch = 4 epochs = 10 shuffle = false }
}""", emb, EINIT, [("tokens", TOK), ("word", WORD), ("label", LAB)], lambda ps: O.SGD(ps, lr=0.2, momentum=0.5), 4, 10)

# conv1d with a bias, a stride and padding, relu, avg_pool1d; max_pool1d of a second convolution without bias.
XC = rand(9, 2, 9); YC = rand(9, 2)
CINIT = {"K": rand(3, 2, 3, scale=0.5), "b": rand(3, scale=0.1), "K2": rand(2, 2, 2, scale=0.5),
         "W": rand(2, 6, scale=0.4), "V": rand(2, 6, scale=0.4), "c": rand(2, scale=0.1)}
def conv1(P, b):
    h = F.relu(F.conv1d(b["x"], P["K"], P["b"], stride=2, padding=1))       # [N, 3, 5]
    p = F.avg_pool1d(h, 2)                                                 # [N, 3, 2]
    q = F.max_pool1d(F.conv1d(b["x"], P["K2"]), 3, stride=2)               # [N, 2, 3]
    z = torch.flatten(p, 1) @ P["W"].T + torch.flatten(q, 1) @ P["V"].T + P["c"]
    return F.mse_loss(z, b["y"], reduction="none").mean(dim=1)
case("conv1d_layers", """
model Conv1dLayers {
    input  x[2, 9]
    target y[2]
    param K[3, 2, 3]
    param b[3]
    param K2[2, 2, 2]
    param W[2, 6]
    param V[2, 6]
    param c[2]
    h = relu(conv1d(x, K, b, stride = 2, padding = 1))
    p = avg_pool1d(h, 2)
    q = max_pool1d(conv1d(x, K2), 3, stride = 2)
    z = W @ flatten(p) + V @ flatten(q) + c
    output z
    loss = mse(z, y)
    train { optimizer = adam(lr = 0.01) batch = 4 epochs = 8 shuffle = false }
}""", conv1, CINIT, [("x", XC), ("y", YC)], lambda ps: O.Adam(ps, lr=0.01), 4, 8)

# A small CNN: conv2d (padding 1) + relu + max_pool2d, a second conv2d (stride 2, no bias), avg_pool2d, dense.
XI = rand(10, 1, 6, 6); LI = torch.randint(0, 3, (10,), generator=g)
NINIT = {"K1": rand(4, 1, 3, 3, scale=0.4), "b1": rand(4, scale=0.1), "K2": rand(3, 4, 2, 2, scale=0.3),
         "W": rand(3, 12, scale=0.3), "V": rand(3, 16, scale=0.3), "c": rand(3, scale=0.1)}
def cnn(P, b):
    h1 = F.relu(F.conv2d(b["x"], P["K1"], P["b1"], padding=1))            # [N, 4, 6, 6]
    p1 = F.max_pool2d(h1, 2)                                               # [N, 4, 3, 3]
    h2 = torch.tanh(F.conv2d(p1, P["K2"], stride=1))                       # [N, 3, 2, 2]
    a = F.avg_pool2d(h1, 3)                                                # [N, 4, 2, 2]
    z = torch.flatten(h2, 1) @ P["W"].T + torch.flatten(a, 1) @ P["V"].T + P["c"]
    return F.cross_entropy(z, b["label"], reduction="none")
case("cnn_layers", """
model SmallCnn {
    input  x[1, 6, 6]
    target label : class(3)
    param K1[4, 1, 3, 3]
    param b1[4]
    param K2[3, 4, 2, 2]
    param W[3, 12]
    param V[3, 16]
    param c[3]
    h1 = relu(conv2d(x, K1, b1, padding = 1))
    p1 = max_pool2d(h1, 2)
    h2 = tanh(conv2d(p1, K2))
    a = avg_pool2d(h1, 3)
    z = W @ flatten(h2) + V @ flatten(a) + c
    output z
    loss = cross_entropy(z, label)
    train { optimizer = sgd(lr = 0.1, momentum = 0.9) batch = 4 epochs = 8 shuffle = false }
}""", cnn, NINIT, [("x", XI), ("label", LI)], lambda ps: O.SGD(ps, lr=0.1, momentum=0.9), 4, 8)
